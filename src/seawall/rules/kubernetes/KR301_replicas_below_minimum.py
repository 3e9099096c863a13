"""A Deployment or StatefulSet runs fewer replicas than the minimum.

## What it checks
Every `Deployment` and `StatefulSet` whose `spec.replicas` (1 when absent) is below the
`min-replicas` option (default 2). Not reported: workloads a HorizontalPodAutoscaler of the
scan set scales (the autoscaler owns the count; `KR312` judges its `minReplicas`), workloads
scaled to `0` on purpose, and counts that are not numbers (templates).

## Why it matters
A single pod is a single point of failure: a node failure, a node drain, an eviction or every
rollout of a new version takes the workload down until a replacement is scheduled and ready.

## Example
```yaml
kind: Deployment
spec:
  replicas: 1
```

## Fix
Run at least two replicas (and spread them over nodes, see `KR302`), or let a
HorizontalPodAutoscaler with `minReplicas: 2` manage the count. Workloads that must run once
(leader-elected controllers, singletons) can suppress the rule.

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
- https://kubernetes.io/docs/concepts/workloads/pods/disruptions/

## Options
- `min-replicas` (integer, default `2`): the smallest acceptable count; `3` matches
  kube-linter's `minimum-three-replicas`.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import (
    REPLICATED,
    autoscaler_of,
    is_partial,
    replicas_written,
)

RULE = Rule(
    code="KR301",
    name="replicas-below-minimum",
    severity=Severity.LOW,
    category="reliability",
    summary="A Deployment or StatefulSet runs fewer replicas than the minimum",
    targets=("resource",),
    equivalents=(
        "kube-linter:minimum-three-replicas",
        "kube-score:deployment-replicas",
        "polaris:deploymentMissingReplicas",
    ),
    references=("https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",),
    options=(Option("min-replicas", 2, "the smallest acceptable replica count"),),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in REPLICATED:
        return
    if is_partial(resource, ctx.graph):
        return  # a kustomize patch: the patched object has the rest
    replicas, written = replicas_written(resource)
    minimum = ctx.option("min-replicas")
    if replicas is None or replicas == 0 or replicas >= minimum:
        return
    if autoscaler_of(resource, ctx.graph) is not None:
        return
    how = f"runs {replicas} replica" if written else "sets no replicas, so it runs 1"
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} {how}: a node failure, drain or rollout takes it down; "
        f"run at least {minimum} or let a HorizontalPodAutoscaler scale it",
        "spec",
        "replicas",
        at_value=written,
    )
