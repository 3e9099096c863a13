"""A HorizontalPodAutoscaler's maxReplicas leaves it no room to scale.

## What it checks
A `HorizontalPodAutoscaler` whose `maxReplicas` is
- below `minReplicas` (1 when absent): the API server rejects it (`high`);
- equal to `minReplicas`: the autoscaler can never change the count (`low`).

## Why it matters
A rejected autoscaler is never created; one with equal bounds pins the workload at a fixed size
while looking like autoscaling, so load peaks are not absorbed.

## Example
```yaml
spec:
  minReplicas: 3
  maxReplicas: 3
```

## Fix
Set `maxReplicas` above `minReplicas`, or drop the autoscaler and set `replicas`.

## References
- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import as_int, full_spec_of

RULE = Rule(
    code="KR313",
    name="autoscaler-cannot-scale",
    severity=Severity.LOW,
    category="reliability",
    summary="A HorizontalPodAutoscaler's maxReplicas leaves it no room to scale",
    targets=("resource",),
    equivalents=("polaris:hpaMaxAvailability",),
    references=("https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    spec = full_spec_of(resource, ctx.graph, "HorizontalPodAutoscaler")
    if spec is None:
        return
    written = spec.get("minReplicas")
    low = 1 if written is None else as_int(written)
    high = as_int(spec.get("maxReplicas"))
    if low is None or high is None or high > low:
        return
    label = resource_label(resource)
    if high < low:
        finding = resource.finding(
            RULE,
            f"{label} sets maxReplicas {high} below minReplicas {low}, which the API server "
            "rejects; raise maxReplicas",
            "spec",
            "maxReplicas",
            at_value=True,
        )
        yield replace(finding, severity=Severity.HIGH)
        return
    yield resource.finding(
        RULE,
        f"{label} sets maxReplicas equal to minReplicas ({low}), so it can never scale; raise "
        "maxReplicas or replace the autoscaler with a fixed replicas count",
        "spec",
        "maxReplicas",
        at_value=True,
    )
