"""A replicated Deployment or StatefulSet has no PodDisruptionBudget.

## What it checks
Every `Deployment` and `StatefulSet` with `spec.replicas` of 2 or more whose pod template no
`PodDisruptionBudget` of its namespace in the scan set selects. Budgets in other repositories
cannot be seen, so the finding is `low`; suppress it on workloads whose budget lives elsewhere.

## Why it matters
Replicas protect against a node failing, not against a node being drained: without a budget,
`kubectl drain`, a node upgrade or the cluster autoscaler may evict every replica at the same
time, and the workload goes down although it runs several copies.

## Example
```yaml
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3          # no PodDisruptionBudget selects app: web
```

## Fix
Add a `PodDisruptionBudget` that selects the pod template's labels, usually with
`maxUnavailable: 1`.

## References
- https://kubernetes.io/docs/tasks/run-application/configure-pdb/
- https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import reference_edges, resource_label
from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource

RULE = Rule(
    code="KG108",
    name="replicated-without-budget",
    severity=Severity.LOW,
    category="reliability",
    summary="A replicated Deployment or StatefulSet has no PodDisruptionBudget",
    targets=("resource",),
    equivalents=(
        "kube-score:deployment-has-poddisruptionbudget",
        "kube-score:statefulset-has-poddisruptionbudget",
        "polaris:missingPodDisruptionBudget",
    ),
    references=("https://kubernetes.io/docs/tasks/run-application/configure-pdb/",),
)


def _budgeted(graph: ResourceGraph) -> frozenset[int]:
    """Workloads (by identity) whose pod template some PodDisruptionBudget selects."""
    return frozenset(
        id(pod.resource) for e in reference_edges(graph) if e.kind == "pdb" for pod in e.pods
    )


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in ("Deployment", "StatefulSet"):
        return
    spec = resource.body.get("spec")
    replicas = spec.get("replicas") if isinstance(spec, dict) else None
    if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 2:
        return
    if id(resource) in ctx.graph.derived("budgeted-workloads", _budgeted):
        return
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} runs {replicas} replicas but no PodDisruptionBudget "
        "selects its pods, so a node drain may evict them all at once; add one with "
        "maxUnavailable: 1",
        "spec",
        "replicas",
        at_value=True,
    )
