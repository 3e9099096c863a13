"""The kubelet's client certificate rotation is turned off.

## What it checks
`rotateCertificates: false` in a `KubeletConfiguration`, or `--rotate-certificates=false` in
kubeadm `kubeletExtraArgs`. (kubeadm turns rotation on for the kubelets it configures, so only
an explicit `false` is reported.)

## Why it matters
Without rotation the kubelet's client certificate expires after a year and the node drops out
of the cluster, usually discovered at the worst moment; the usual workaround, long-lived
certificates, is worse.

## Example
```yaml
kind: KubeletConfiguration
rotateCertificates: false
```

## Fix
Remove the setting or set it to `true`.

## References
- https://kubernetes.io/docs/tasks/tls/certificate-rotation/
- CIS Kubernetes Benchmark 4.2.10
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import is_false, kubelet_settings
from seawall.model.located import Located

RULE = Rule(
    code="KC204",
    name="kubelet-certificate-rotation-disabled",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="The kubelet's client certificate rotation is turned off",
    targets=("config",),
    equivalents=("CIS-4.2.10", "kube-bench:4.2.10"),
    references=("https://kubernetes.io/docs/tasks/tls/certificate-rotation/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for setting in kubelet_settings(view, ("rotateCertificates",), "rotate-certificates"):
        if is_false(str(setting.value)):
            yield setting.finding(
                RULE,
                "kubelet certificate rotation is off: its client certificate expires and the "
                "node leaves the cluster; remove the setting or set it to true",
            )
