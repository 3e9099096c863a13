"""A workload scaled by a HorizontalPodAutoscaler also fixes spec.replicas.

## What it checks
A `Deployment`, `StatefulSet` or `ReplicaSet` that a HorizontalPodAutoscaler of the scan set
targets (`scaleTargetRef`) and that writes `spec.replicas`.

## Why it matters
Every `kubectl apply` (or GitOps sync) resets the count to the written value: a workload the
autoscaler had grown to 20 pods under load drops to 3 for a moment, and the remaining pods
take the whole load until the autoscaler reacts.

## Example
```yaml
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3                  # HorizontalPodAutoscaler web scales it
```

## Fix
Remove `spec.replicas` from the manifest and let the autoscaler own the count (when migrating
a live object, see the server-side apply note in the Kubernetes documentation).

## References
- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import autoscaler_of, spec_of

RULE = Rule(
    code="KR314",
    name="autoscaled-sets-replicas",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A workload scaled by a HorizontalPodAutoscaler also fixes spec.replicas",
    targets=("resource",),
    equivalents=("kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured",),
    references=("https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in ("Deployment", "StatefulSet", "ReplicaSet"):
        return
    if spec_of(resource).get("replicas") is None:
        return
    autoscaler = autoscaler_of(resource, ctx.graph)
    if autoscaler is None:
        return
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} sets replicas although {resource_label(autoscaler)} "
        "scales it: every apply resets the count and can shrink it under load; remove "
        "spec.replicas",
        "spec",
        "replicas",
    )
