"""The API server authorizes every request, or leaves out the Node or RBAC authorizer.

## What it checks
The `--authorization-mode` of kube-apiserver. In a static pod manifest the flag must be set
(its default is `AlwaysAllow`), must not name `AlwaysAllow` and must include `Node` and
`RBAC`. In a kubeadm `ClusterConfiguration` only a value written in `apiServer.extraArgs` is
checked, since kubeadm itself passes `Node,RBAC`. A server configured through
`--authorization-config` (a structured authorization file) is not judged.

## Why it matters
`AlwaysAllow` lets every authenticated (and, with anonymous access, every anonymous) client do
anything. Without `RBAC`, Roles and RoleBindings are ignored; without `Node`, kubelets are not
limited to the objects of their own pods and can read every Secret of the cluster.

## Example
```yaml
apiServer:
  extraArgs:
    authorization-mode: RBAC          # Node is missing
```

## Fix
Remove the flag from `extraArgs` (kubeadm then passes `Node,RBAC`) or set it to `Node,RBAC`,
adding `Webhook` after them if an external authorizer is needed.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/authorization/
- CIS Kubernetes Benchmark 1.2.6, 1.2.7, 1.2.8
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC105",
    name="apiserver-authorization",
    severity=Severity.HIGH,
    category="security",
    summary="The API server authorizes every request or lacks the Node or RBAC authorizer",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.6",
        "CIS-1.2.7",
        "CIS-1.2.8",
        "kube-bench:1.2.6",
        "kube-bench:1.2.7",
        "kube-bench:1.2.8",
        "CKV_K8S_74",
        "CKV_K8S_75",
        "CKV_K8S_77",
    ),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/authorization/",),
)

_REQUIRED = (("Node", "CIS 1.2.7"), ("RBAC", "CIS 1.2.8"))


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER or args.get("authorization-config") is not None:
            continue
        flag = args.get("authorization-mode")
        if flag is None:
            if args.kubeadm_api is not None:
                continue  # kubeadm passes --authorization-mode=Node,RBAC
            yield args.finding(
                RULE,
                "kube-apiserver has no --authorization-mode: its default AlwaysAllow authorizes "
                f"every request; set it to Node,RBAC in {args.where} (CIS 1.2.6)",
                None,
            )
            continue
        modes = flag.values
        if "AlwaysAllow" in modes:
            yield args.finding(
                RULE,
                f"kube-apiserver --authorization-mode={flag.value} includes AlwaysAllow: every "
                "request is authorized; use Node,RBAC (CIS 1.2.6)",
                flag,
                at_value=True,
            )
        for mode, control in _REQUIRED:
            if mode not in modes:
                yield args.finding(
                    RULE,
                    f"kube-apiserver --authorization-mode={flag.value} does not include {mode}; "
                    f"use Node,RBAC ({control})",
                    flag,
                    at_value=True,
                )
