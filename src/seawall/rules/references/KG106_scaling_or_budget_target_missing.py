"""A HorizontalPodAutoscaler or PodDisruptionBudget targets nothing.

## What it checks
- A `HorizontalPodAutoscaler` (`autoscaling/v1` and `v2`) whose `spec.scaleTargetRef` names an
  object (Deployment, StatefulSet, ...) the scan set does not contain. With the external policy
  of the reference rules: reported at this rule's severity when the scan set holds other
  objects of the namespace, at `low` otherwise, and not at all when the target is declared
  under `external` in the configuration (`external: ["Deployment/shop/web"]`).
- A `PodDisruptionBudget` whose `spec.selector` matches no pod template of its namespace, judged
  only when the scan set holds workloads in that namespace, never for selectors on labels set
  at run time, and not when a custom resource of the namespace (an operator's `Prometheus`,
  `Kafka`, ...) may make the pods (its labels match the selector, or its name is one of the
  selector's values).

How "other objects of the namespace" is judged (folders for objects written without a
namespace, system namespaces, operator-made objects) is described in `KG104`.

## Why it matters
An autoscaler without a target does nothing, and the workload it was meant for runs at a fixed
size. A disruption budget that selects nothing protects nothing: node drains evict every
replica of the workload at once.

## Example
```yaml
kind: HorizontalPodAutoscaler
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web-app}   # it is called web
```

## Fix
Point the autoscaler at the workload's kind and name, and the budget's selector at the labels
of the workload's pod template.

## References
- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
- https://kubernetes.io/docs/tasks/run-application/configure-pdb/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import (
    Presence,
    missing_finding,
    presence,
    unmatched_selector_finding,
)

RULE = Rule(
    code="KG106",
    name="scaling-or-budget-target-missing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A HorizontalPodAutoscaler or PodDisruptionBudget targets nothing",
    targets=("resource",),
    equivalents=(
        "kube-linter:dangling-horizontalpodautoscaler",
        "kube-score:horizontalpodautoscaler-has-target",
    ),
    references=(
        "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
        "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in ("HorizontalPodAutoscaler", "PodDisruptionBudget"):
        return
    for edge in edges_from(ctx.graph, resource):
        if edge.kind == "scaleTarget":
            state = presence(edge, ctx)
            if state in (Presence.EXPECTED, Presence.EXTERNAL):
                yield missing_finding(RULE, edge, state, "scales")
        elif edge.kind == "pdb":
            finding = unmatched_selector_finding(
                RULE,
                edge,
                ctx.graph,
                "it protects nothing; use the labels of the workload's pod template",
            )
            if finding is not None:
                yield finding
