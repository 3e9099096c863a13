"""The API server admits everything, or runs without a security admission plugin it needs.

## What it checks
The `--enable-admission-plugins` and `--disable-admission-plugins` of kube-apiserver, from a
kubeadm `ClusterConfiguration` or a static pod manifest:

- `AlwaysAdmit` must not be enabled;
- `ServiceAccount` and `NamespaceLifecycle` (on by default) must not be disabled;
- `NodeRestriction` must be enabled and not disabled. kubeadm enables it itself, so a kubeadm
  configuration is reported only when its own `enable-admission-plugins` replaces kubeadm's
  list without it; a static pod manifest must name it.

## Why it matters
`AlwaysAdmit` disables admission control altogether. Without `ServiceAccount`, pods are not
tied to service accounts and their tokens; without `NamespaceLifecycle`, objects can be created
in a namespace being deleted or in a nonexistent one. Without `NodeRestriction`, a kubelet's
credentials can modify any Node and Pod object, so one compromised node reaches the others.

## Example
```yaml
apiServer:
  extraArgs:
    enable-admission-plugins: ResourceQuota   # replaces kubeadm's NodeRestriction
```

## Fix
Keep `NodeRestriction` in `enable-admission-plugins` next to any plugin you add, and remove
`AlwaysAdmit`, `ServiceAccount` and `NamespaceLifecycle` from the flags that enable or disable
them.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
- CIS Kubernetes Benchmark 1.2.10, 1.2.12, 1.2.13, 1.2.14
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import APISERVER, component_args
from seawall.model.located import Located

RULE = Rule(
    code="KC106",
    name="apiserver-admission-plugins",
    severity=Severity.HIGH,
    category="security",
    summary="The API server admits everything or runs without a security admission plugin",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.2.10",
        "CIS-1.2.12",
        "CIS-1.2.13",
        "CIS-1.2.14",
        "kube-bench:1.2.10",
        "kube-bench:1.2.12",
        "kube-bench:1.2.13",
        "kube-bench:1.2.14",
        "CKV_K8S_79",
        "CKV_K8S_82",
        "CKV_K8S_83",
        "CKV_K8S_85",
    ),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/",),
)

_KEEP_ENABLED = (
    ("ServiceAccount", "pods are no longer tied to service accounts", "CIS 1.2.12"),
    (
        "NamespaceLifecycle",
        "objects can be created in namespaces being deleted or never created",
        "CIS 1.2.13",
    ),
    (
        "NodeRestriction",
        "kubelet credentials can modify every Node and Pod object",
        "CIS 1.2.14",
    ),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != APISERVER:
            continue
        enable = args.get("enable-admission-plugins")
        if enable is not None and "AlwaysAdmit" in enable.values:
            yield args.finding(
                RULE,
                "kube-apiserver enables the AlwaysAdmit admission plugin: every request is "
                "admitted unchecked; remove it (CIS 1.2.10)",
                enable,
                at_value=True,
            )
        disable = args.get("disable-admission-plugins")
        if disable is not None:
            for plugin, consequence, control in _KEEP_ENABLED:
                if plugin in disable.values:
                    yield args.finding(
                        RULE,
                        f"kube-apiserver disables the {plugin} admission plugin: {consequence}; "
                        f"remove it from --disable-admission-plugins ({control})",
                        disable,
                        at_value=True,
                    )
        if disable is not None and "NodeRestriction" in disable.values:
            continue
        if enable is None and args.kubeadm_api is not None:
            continue  # kubeadm passes --enable-admission-plugins=NodeRestriction
        if enable is None or "NodeRestriction" not in enable.values:
            shown = " is not set" if enable is None else f"={enable.value} leaves it out"
            yield args.finding(
                RULE,
                f"kube-apiserver does not enable NodeRestriction (--enable-admission-plugins"
                f"{shown}): kubelet credentials can modify every Node and Pod object; add it "
                f"in {args.where} (CIS 1.2.14)",
                enable,
                at_value=enable is not None,
            )
