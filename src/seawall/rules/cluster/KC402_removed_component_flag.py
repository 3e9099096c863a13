"""A component flag was removed in the target Kubernetes release.

## What it checks
Flags of kube-apiserver, kube-controller-manager and the kubelet (kubeadm `extraArgs`,
`kubeletExtraArgs`, or static pod commands) that the target version no longer has: the kubelet's
`--container-runtime` (removed in 1.27) and dockershim networking flags (`--network-plugin`,
`--cni-bin-dir`, `--cni-conf-dir`, `--docker-endpoint`, removed in 1.24), the API server's
static password file (`--basic-auth-file`, removed in 1.19), `--kubelet-https` (removed in 1.22;
connections to kubelets are always HTTPS) and insecure serving flags (`--insecure-port`,
`--insecure-bind-address`, `--address`, `--port`, removed in 1.24), and the controller manager's
`--address` and `--port` (removed in 1.24). The table is the reviewed data file
`seawall/policy/data/api_lifecycle.yaml`, with its sources.

## Why it matters
Components exit on an unknown flag (`unknown flag: --container-runtime`): the kubelet does not
start, the node never joins, `kubeadm init` times out waiting for the control plane.

## Example
```yaml
nodeRegistration:
  kubeletExtraArgs:
    container-runtime: remote    # removed in 1.27
```

## Fix
Delete the flag. The container runtime is chosen with `containerRuntimeEndpoint` in the
KubeletConfiguration (or kubeadm's `nodeRegistration.criSocket`); networking belongs to the CNI
plugin's own configuration.

## References
- https://kubernetes.io/blog/2023/03/17/upcoming-changes-in-kubernetes-v1-27/
- https://kubernetes.io/blog/2022/02/17/dockershim-faq/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import component_args
from seawall.model.located import Located
from seawall.policy.lifecycle import label, removed_flag

RULE = Rule(
    code="KC402",
    name="removed-component-flag",
    severity=Severity.CRITICAL,
    category="api-lifecycle",
    summary="A component flag was removed in the target Kubernetes release",
    targets=("config", "pod-spec"),
    equivalents=("CKV_K8S_69", "CKV_K8S_71", "CKV_K8S_86", "CKV_K8S_88"),
    references=("https://kubernetes.io/blog/2023/03/17/upcoming-changes-in-kubernetes-v1-27/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    target = ctx.settings.kubernetes_version
    if target is None:
        return
    for args in component_args(view):
        for flag in args.flags:
            removal = removed_flag(args.component, flag.name)
            if removal is None or target < removal.removed_in:
                continue
            yield args.finding(
                RULE,
                f"{args.component} flag --{flag.name} was removed in Kubernetes "
                f"{label(removal.removed_in)}: the {label(target)} {args.component} exits "
                "with 'unknown flag'; remove it",
                flag,
            )
