"""The kubelet creates events without any rate limit.

## What it checks
`eventRecordQPS: 0` in a `KubeletConfiguration` (or `--event-qps=0` in `kubeletExtraArgs`),
which the kubelet reads as "no limit", and negative values, which it rejects.

## Why it matters
With no limit, a crash-looping pod or a flapping volume on one node can flood the API server
and etcd with events, slowing the control plane for every node. CIS 4.2.8 asks for a level that
captures events appropriately; the default (50 per second, bursts of 100) does.

## Example
```yaml
kind: KubeletConfiguration
eventRecordQPS: 0
```

## Fix
Remove the setting (default 50) or set a positive rate that matches your event volume.

## References
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
- CIS Kubernetes Benchmark 4.2.8
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.cluster import kubelet_settings
from seawall.model.located import Located

RULE = Rule(
    code="KC203",
    name="kubelet-event-qps-unlimited",
    severity=Severity.LOW,
    category="reliability",
    summary="The kubelet creates events without any rate limit",
    targets=("config",),
    equivalents=("CIS-4.2.8", "kube-bench:4.2.8"),
    references=("https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",),
)


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    for setting in kubelet_settings(view, ("eventRecordQPS",), "event-qps"):
        try:
            qps = float(str(setting.value))
        except ValueError:
            continue
        if qps == 0:
            yield setting.finding(
                RULE,
                "eventRecordQPS 0 removes the kubelet's event rate limit: one misbehaving node "
                "can flood the API server and etcd; remove it (default 50) or set a positive rate",
            )
        elif qps < 0:
            yield setting.finding(
                RULE, f"eventRecordQPS {setting.value} is negative; the kubelet rejects it"
            )
