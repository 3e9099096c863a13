"""The controller manager shares one identity or lacks its service account and CA files.

## What it checks
kube-controller-manager flags, from a kubeadm `ClusterConfiguration` or a static pod manifest:
`--use-service-account-credentials` must be `true`, `--service-account-private-key-file` and
`--root-ca-file` must name files, and `--feature-gates` must not turn
`RotateKubeletServerCertificate` off. kubeadm passes the first three itself, so a kubeadm
configuration is reported only when its `controllerManager.extraArgs` writes `false` or an
empty value; a static pod manifest must set them.

## Why it matters
Without per-controller service account credentials every controller runs with the controller
manager's own, very broad, permissions. Without the private key no service account token is
signed; without the root CA file pods are not given the CA to verify the API server. With the
feature gate off, the controller manager no longer approves kubelet serving certificates, which
then are not rotated.

## Example
```yaml
controllerManager:
  extraArgs:
    use-service-account-credentials: "false"
```

## Fix
Remove the overriding flags from `extraArgs` (kubeadm's values are the right ones), or set
them in the static pod: `--use-service-account-credentials=true`,
`--service-account-private-key-file=/etc/kubernetes/pki/sa.key`,
`--root-ca-file=/etc/kubernetes/pki/ca.crt`.

## References
- https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
- CIS Kubernetes Benchmark 1.3.3, 1.3.4, 1.3.5, 1.3.6
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import CONTROLLER_MANAGER, component_args, is_false, is_true
from seawall.model.located import Located

RULE = Rule(
    code="KC110",
    name="controller-manager-credentials",
    severity=Severity.MEDIUM,
    category="security",
    summary="The controller manager shares one identity or lacks its service account files",
    targets=("config", "pod-spec"),
    equivalents=(
        "CIS-1.3.3",
        "CIS-1.3.4",
        "CIS-1.3.5",
        "CIS-1.3.6",
        "kube-bench:1.3.3",
        "kube-bench:1.3.4",
        "kube-bench:1.3.5",
        "kube-bench:1.3.6",
        "CKV_K8S_108",
        "CKV_K8S_110",
        "CKV_K8S_111",
        "CKV_K8S_112",
    ),
    references=(
        "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
    ),
)

_FILES = (
    ("service-account-private-key-file", "service account tokens are not signed", "CIS 1.3.4"),
    ("root-ca-file", "pods are not given the CA of the API server", "CIS 1.3.5"),
)
_GATE = "RotateKubeletServerCertificate"


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for args in component_args(view):
        if args.component != CONTROLLER_MANAGER:
            continue
        kubeadm = args.kubeadm_api is not None
        credentials = args.get("use-service-account-credentials")
        if (credentials is None and not kubeadm) or (
            credentials is not None and not is_true(credentials.value)
        ):
            shown = "is not set" if credentials is None else f"is {credentials.value}"
            yield args.finding(
                RULE,
                f"kube-controller-manager --use-service-account-credentials {shown}: every "
                f"controller acts with the controller manager's own credentials; set it to true "
                f"in {args.where} (CIS 1.3.3)",
                credentials,
                at_value=credentials is not None,
            )
        for name, loss, control in _FILES:
            flag = args.get(name)
            if flag is not None and flag.value.strip():
                continue
            if flag is None and kubeadm:
                continue  # kubeadm passes it
            state = "is empty" if flag is not None else "is not set"
            yield args.finding(
                RULE,
                f"kube-controller-manager --{name} {state}: {loss}; set it in {args.where} "
                f"({control})",
                flag,
                at_value=flag is not None,
            )
        gates = args.get("feature-gates")
        if gates is None:
            continue
        for item in gates.values:
            name, _, value = item.partition("=")
            if name.strip() == _GATE and is_false(value):
                yield args.finding(
                    RULE,
                    f"kube-controller-manager --feature-gates turns {_GATE} off: kubelet "
                    "serving certificates are no longer approved and rotated; remove it "
                    "(CIS 1.3.6)",
                    gates,
                    at_value=True,
                )
