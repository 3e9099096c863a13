"""A rolling update may take every replica down at once.

## What it checks
The `rollingUpdate.maxUnavailable` of a `Deployment` (`spec.strategy`), `StatefulSet` or
`DaemonSet` (`spec.updateStrategy`) that allows every pod to be unavailable at the same time:
- `"100%"` (or more), for any of them;
- for a Deployment or StatefulSet with 2 or more `replicas` and no HorizontalPodAutoscaler, a
  number at least `replicas`, or a percentage that rounds down (as the controller does) to at
  least `replicas`.

Single-replica workloads are left to `KR301`.

## Why it matters
The controller may stop every old pod before a new one is ready: each rollout is a full
outage, and a new version that fails to start leaves nothing running.

## Example
```yaml
spec:
  replicas: 3
  strategy:
    rollingUpdate: {maxUnavailable: 3}
```

## Fix
Keep `maxUnavailable` below the replica count (the default `25%`, or `1`), and use `maxSurge`
to speed up rollouts instead.

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import (
    REPLICATED,
    autoscaler_of,
    int_or_percent,
    replicas_written,
    update_strategy,
)

RULE = Rule(
    code="KR303",
    name="rollout-takes-all-down",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A rolling update may take every replica down at once",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in (*REPLICATED, "DaemonSet"):
        return
    field, strategy = update_strategy(resource)
    rolling = strategy.get("rollingUpdate")
    if not isinstance(rolling, dict):
        return
    written = rolling.get("maxUnavailable")
    value = int_or_percent(written)
    if value is None:
        return
    number, percent = value
    label = resource_label(resource)
    if percent and number >= 100:
        why = "every pod"
    elif resource.kind == "DaemonSet" or autoscaler_of(resource, ctx.graph) is not None:
        return
    else:
        replicas, _ = replicas_written(resource)
        if replicas is None or replicas < 2:
            return
        unavailable = number * replicas // 100 if percent else number
        if unavailable < replicas:
            return
        why = f"all {replicas} replicas"
    yield resource.finding(
        RULE,
        f"{label} allows maxUnavailable {written!r}: a rollout may stop {why} before a new "
        "one is ready, an outage on every update; keep it below the replica count (e.g. 1 or "
        "25%)",
        "spec",
        field,
        "rollingUpdate",
        "maxUnavailable",
        at_value=True,
    )
