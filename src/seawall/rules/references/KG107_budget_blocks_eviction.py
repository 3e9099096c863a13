"""A PodDisruptionBudget can never allow a voluntary eviction.

## What it checks
A `PodDisruptionBudget` is reported when
- it sets neither `minAvailable` nor `maxUnavailable`: the disruption controller then expects
  no pod and allows no disruption;
- `maxUnavailable` is `0` or `"0%"`;
- `minAvailable` is `"100%"`;
- `minAvailable` (a number, or a percentage rounded up as the disruption controller does) is at
  least the number of pods it covers: the sum of the `replicas` (default 1) of every workload
  of the scan set whose pod template it selects. A workload scaled by a HorizontalPodAutoscaler
  counts with the autoscaler's `maxReplicas`. When it selects a DaemonSet, Job or CronJob, or a
  workload whose replica count is not a number, the count is unknown and the budget is not
  judged.

When the budget covers workloads scaled by a HorizontalPodAutoscaler and `minAvailable` only
reaches the count at the autoscalers' `minReplicas` (1 when absent), it is reported at
`medium`: evictions are blocked whenever the workload runs at its minimum, which is when
quiet-hour maintenance happens.

## Why it matters
A budget that allows no disruption blocks every voluntary eviction: `kubectl drain` hangs, node
upgrades and the cluster autoscaler stall until someone deletes the budget by hand, which
removes the protection it was meant to give.

## Example
```yaml
kind: PodDisruptionBudget
spec:
  minAvailable: 3          # the Deployment runs 3 replicas: no pod may ever be evicted
  selector: {matchLabels: {app: web}}
```

## Fix
Allow at least one disruption: `maxUnavailable: 1` (which keeps working when the workload is
scaled), or a `minAvailable` below the replica count.

## References
- https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions
- https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets
"""

import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from, resource_label
from seawall.graph.graph import ResourceGraph
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.rules.references._replicas import min_replicas_of, replicas_of

RULE = Rule(
    code="KG107",
    name="budget-blocks-eviction",
    severity=Severity.HIGH,
    category="reliability",
    summary="A PodDisruptionBudget can never allow a voluntary eviction",
    targets=("resource",),
    equivalents=(
        "kube-linter:pdb-max-unavailable",
        "kube-linter:pdb-min-available",
        "kube-score:poddisruptionbudget-has-policy",
        "polaris:pdbDisruptionsIsZero",
        "polaris:pdbMinAvailableEqualToHPAMinReplicas",
        "polaris:pdbMinAvailableGreaterThanHPAMaxReplicas",
        "polaris:pdbMinAvailableGreaterThanHPAMinReplicas",
    ),
    references=("https://kubernetes.io/docs/tasks/run-application/configure-pdb/",),
)


def _percent(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().endswith("%"):
        number = value.strip()[:-1]
        return int(number) if number.isdigit() else None
    return None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


Counter = Callable[[Resource, ResourceGraph], int | None]


def _total(
    pods: tuple[PodSpecView, ...], graph: ResourceGraph, count_of: Counter = replicas_of
) -> tuple[int, str] | None:
    """How many pods the budget covers and how, or None when a count is unknown."""
    total = 0
    parts = []
    for pod in pods:
        count = count_of(pod.resource, graph)
        if count is None:
            return None
        total += count
        parts.append(f"{resource_label(pod.resource)} runs {count}")
    return total, ", ".join(parts)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "PodDisruptionBudget":
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    label = resource_label(resource)
    if spec.get("minAvailable") is None and spec.get("maxUnavailable") is None:
        yield resource.finding(
            RULE,
            f"{label} sets neither minAvailable nor maxUnavailable: the disruption controller "
            "then allows no disruption, so node drains hang; set maxUnavailable: 1",
            "spec",
            "maxUnavailable",
            point_at=("spec",),
        )
        return
    max_unavailable = spec.get("maxUnavailable")
    if _count(max_unavailable) == 0 or _percent(max_unavailable) == 0:
        yield resource.finding(
            RULE,
            f"{label} sets maxUnavailable to {max_unavailable!r}: no pod it covers can ever be "
            "evicted, so node drains hang; allow at least 1",
            "spec",
            "maxUnavailable",
            at_value=True,
        )
        return
    min_available = spec.get("minAvailable")
    percent = _percent(min_available)
    if percent is not None and percent >= 100:
        yield resource.finding(
            RULE,
            f"{label} sets minAvailable to {min_available!r}: no pod it covers can ever be "
            "evicted, so node drains hang; use maxUnavailable: 1 instead",
            "spec",
            "minAvailable",
            at_value=True,
        )
        return
    number = _count(min_available)
    if number is None and percent is None:
        return
    edge = next((e for e in edges_from(ctx.graph, resource) if e.kind == "pdb"), None)
    if edge is None or not edge.pods:
        return
    counted = _total(edge.pods, ctx.graph)
    if counted is None or counted[0] == 0:
        return
    total, how = counted
    needed = number if number is not None else math.ceil((percent or 0) * total / 100)
    if needed < total:
        yield from _blocks_at_minimum(resource, edge.pods, ctx.graph, number, percent)
        return
    yield resource.finding(
        RULE,
        f"{label} keeps minAvailable {min_available!r} of the {total} pod(s) it covers ({how}): "
        "no pod can ever be evicted, so node drains hang; lower it below the replica count or "
        "use maxUnavailable: 1",
        "spec",
        "minAvailable",
        at_value=True,
    )


def _blocks_at_minimum(
    resource: Resource,
    pods: tuple[PodSpecView, ...],
    graph: ResourceGraph,
    number: int | None,
    percent: int | None,
) -> Iterator[Finding]:
    """The budget blocks evictions while autoscaled workloads run at their ``minReplicas``."""
    counted = _total(pods, graph, min_replicas_of)
    if counted is None or counted[0] == 0:
        return
    total, how = counted
    needed = number if number is not None else math.ceil((percent or 0) * total / 100)
    if needed < total:
        return
    spec = resource.body["spec"]
    finding = resource.finding(
        RULE,
        f"{resource_label(resource)} keeps minAvailable {spec.get('minAvailable')!r}, and at "
        f"its autoscalers' minimum the pods it covers number {total} ({how}): while the "
        "workload runs at its minimum no pod can be evicted, so node drains hang; lower "
        "minAvailable below minReplicas or use maxUnavailable: 1",
        "spec",
        "minAvailable",
        at_value=True,
    )
    yield replace(finding, severity=Severity.MEDIUM)
