"""The API server rejects a workload's update strategy.

## What it checks
- A `Deployment` or `DaemonSet` whose `rollingUpdate` has both `maxSurge` and `maxUnavailable`
  at `0` (or `"0%"`). A Deployment defaults an unset one to `25%`, so both must be written; a
  DaemonSet defaults `maxSurge` to `0`, so `maxUnavailable: 0` alone is rejected.
- A `Deployment` with `strategy.type: Recreate` that also sets `rollingUpdate`.

## Why it matters
The API server refuses the object (`may not be 0 when maxSurge is 0`, `may not be specified
when strategy type is 'Recreate'`): the apply fails and the new version never rolls out.

## Example
```yaml
strategy:
  rollingUpdate: {maxSurge: 0, maxUnavailable: 0}
```

## Fix
Allow progress: `maxSurge: 1` with `maxUnavailable: 0` replaces pods one at a time without
losing capacity. With `Recreate`, delete the `rollingUpdate` block.

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
- https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import int_or_percent, update_strategy

RULE = Rule(
    code="KR304",
    name="update-strategy-rejected",
    severity=Severity.HIGH,
    category="correctness",
    summary="The API server rejects a workload's update strategy",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy",),
)

# what the API defaults an unset maxSurge to, per kind
_SURGE_DEFAULT = {"Deployment": None, "DaemonSet": 0}


def _is_zero(value: object) -> bool:
    parsed = int_or_percent(value)
    return parsed is not None and parsed[0] == 0


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in _SURGE_DEFAULT:
        return
    field, strategy = update_strategy(resource)
    rolling = strategy.get("rollingUpdate")
    label = resource_label(resource)
    if resource.kind == "Deployment" and strategy.get("type") == "Recreate" and rolling:
        yield resource.finding(
            RULE,
            f"{label} uses strategy Recreate but also sets rollingUpdate, which the API server "
            "rejects; remove rollingUpdate or use type RollingUpdate",
            "spec",
            field,
            "rollingUpdate",
        )
        return
    if not isinstance(rolling, dict) or not _is_zero(rolling.get("maxUnavailable")):
        return
    surge = rolling.get("maxSurge", _SURGE_DEFAULT[resource.kind])
    if not _is_zero(surge):
        return
    written = "maxSurge is 0" if "maxSurge" in rolling else "maxSurge defaults to 0"
    yield resource.finding(
        RULE,
        f"{label} sets maxUnavailable 0 and {written}: the API server rejects it because no "
        "pod could ever be replaced; allow maxSurge: 1 (or maxUnavailable: 1)",
        "spec",
        field,
        "rollingUpdate",
        "maxUnavailable",
        at_value=True,
    )
