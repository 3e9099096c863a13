"""A HorizontalPodAutoscaler may scale its workload down to one pod.

## What it checks
A `HorizontalPodAutoscaler` whose `spec.minReplicas` (1 when absent) is below the
`min-replicas` option (default 2). `minReplicas: 0` (scale to zero, behind a feature gate) is
left alone: it is a deliberate choice.

## Why it matters
At quiet times the autoscaler shrinks the workload to `minReplicas`: with one pod, a node
failure, a drain or a rollout then takes it down, exactly when nobody is watching.

## Example
```yaml
kind: HorizontalPodAutoscaler
spec:
  maxReplicas: 10               # minReplicas unset: 1
```

## Fix
Set `minReplicas: 2` (or more).

## References
- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/

## Options
- `min-replicas` (integer, default `2`): the smallest acceptable `minReplicas`; `3` matches
  kube-linter's `hpa-minimum-three-replicas`.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import as_int, full_spec_of

RULE = Rule(
    code="KR312",
    name="autoscaler-min-replicas",
    severity=Severity.LOW,
    category="reliability",
    summary="A HorizontalPodAutoscaler may scale its workload down to one pod",
    targets=("resource",),
    equivalents=(
        "kube-linter:hpa-minimum-three-replicas",
        "kube-score:horizontalpodautoscaler-replicas",
        "polaris:hpaMinAvailability",
    ),
    references=("https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",),
    options=(Option("min-replicas", 2, "the smallest acceptable minReplicas"),),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    spec = full_spec_of(resource, ctx.graph, "HorizontalPodAutoscaler")
    if spec is None:
        return
    written = spec.get("minReplicas")
    value = 1 if written is None else as_int(written)
    minimum = ctx.option("min-replicas")
    if value is None or value == 0 or value >= minimum:
        return
    how = f"minReplicas {value}" if written is not None else "no minReplicas (1)"
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} sets {how}: at quiet times one pod serves alone and a "
        f"node failure, drain or rollout takes it down; set minReplicas to at least {minimum}",
        "spec",
        "minReplicas",
        at_value=written is not None,
    )
