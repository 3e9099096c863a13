"""The kubelet serves its unauthenticated read-only port.

## What it checks
A non-zero `readOnlyPort` in a `KubeletConfiguration`, or `--read-only-port` other than 0 in
kubeadm `kubeletExtraArgs`.

## Why it matters
The read-only port (traditionally 10255) serves pod specs, including environment variables,
and node metrics with no authentication at all.

## Example
```yaml
kind: KubeletConfiguration
readOnlyPort: 10255
```

## Fix
Remove the setting (0, disabled, is the default of the configuration file) or set it to 0.

## References
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- CIS Kubernetes Benchmark 4.2.4
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import kubelet_settings
from seawall.model.located import Located

RULE = Rule(
    code="KC202",
    name="kubelet-read-only-port",
    severity=Severity.HIGH,
    category="security",
    summary="The kubelet serves its unauthenticated read-only port",
    targets=("config",),
    equivalents=("CIS-4.2.4", "kube-bench:4.2.4"),
    references=("https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for setting in kubelet_settings(view, ("readOnlyPort",), "read-only-port"):
        if str(setting.value).strip() not in ("0", ""):
            yield setting.finding(
                RULE,
                f"the kubelet read-only port {setting.value} serves pod specs and metrics "
                "without authentication; set it to 0",
            )
