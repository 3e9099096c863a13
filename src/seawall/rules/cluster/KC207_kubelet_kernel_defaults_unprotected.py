"""The kubelet may change kernel settings instead of failing when they differ from its defaults.

## What it checks
A `KubeletConfiguration` that does not set `protectKernelDefaults: true` (the default is
false), or sets it to false, and `--protect-kernel-defaults=false` in an Init/JoinConfiguration's
`kubeletExtraArgs`.

## Why it matters
With protection off, the kubelet silently rewrites kernel tunables (`vm.overcommit_memory`,
`kernel.panic`, `kernel.panic_on_oops`) that the node's hardening set differently. With it on,
the kubelet refuses to start on a node whose settings do not match what it needs, so a drift in
the node image shows up at once instead of as an unexplained change. CIS Kubernetes Benchmark
v1.8 lists it as control 4.2.6 (later versions dropped it).

## Example
```yaml
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
```

## Fix
Set the kernel parameters the kubelet expects in the node image (sysctl), then:
```yaml
protectKernelDefaults: true
```

## References
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import is_false, kubelet_settings
from seawall.model.located import Located
from seawall.model.resource import Resource

RULE = Rule(
    code="KC207",
    name="kubelet-kernel-defaults-unprotected",
    severity=Severity.LOW,
    category="security",
    summary="The kubelet may change kernel settings instead of failing when they differ",
    targets=("config",),
    equivalents=("kube-bench:cis-1.8:4.2.6",),
    references=("https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    settings = list(kubelet_settings(view, ("protectKernelDefaults",), "protect-kernel-defaults"))
    for setting in settings:
        if setting.value is False or is_false(str(setting.value)):
            yield setting.finding(
                RULE,
                "protectKernelDefaults is false: the kubelet rewrites kernel tunables the node "
                "was hardened with; set it to true (CIS v1.8 4.2.6)",
            )
    if not settings and isinstance(view, Resource) and view.kind == "KubeletConfiguration":
        yield view.finding(
            RULE,
            "protectKernelDefaults is not set, so it is false: the kubelet rewrites kernel "
            "tunables the node was hardened with; set `protectKernelDefaults: true` (CIS v1.8 "
            "4.2.6)",
            "protectKernelDefaults",
        )
