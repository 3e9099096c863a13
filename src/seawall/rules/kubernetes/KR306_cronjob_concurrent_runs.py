"""A CronJob lets runs pile up.

## What it checks
A `CronJob` whose `concurrencyPolicy` is `Allow` (or unset, which means `Allow`) while its job
template sets no `activeDeadlineSeconds`, so nothing bounds how long a run lasts.

## Why it matters
When a run takes longer than the interval (a slow database, a hung connection), the next run
starts beside it, and the next: the runs pile up, compete for the same data and resources, and
can exhaust the namespace's quota or the nodes.

## Example
```yaml
kind: CronJob
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template: {...}           # no activeDeadlineSeconds, concurrencyPolicy unset
```

## Fix
Set `concurrencyPolicy: Forbid` (skip a run while one is active) or `Replace`, or bound each
run with `jobTemplate.spec.activeDeadlineSeconds` shorter than the interval.

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import full_spec_of, job_spec

RULE = Rule(
    code="KR306",
    name="cronjob-concurrent-runs",
    severity=Severity.LOW,
    category="reliability",
    summary="A CronJob lets runs pile up",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    spec = full_spec_of(resource, ctx.graph, "CronJob")
    if spec is None:
        return
    policy = spec.get("concurrencyPolicy")
    if policy not in (None, "Allow"):
        return
    found = job_spec(resource)
    if found is not None and found[1].get("activeDeadlineSeconds") is not None:
        return
    how = "allows concurrent runs" if policy else "sets no concurrencyPolicy (Allow)"
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} {how} and no activeDeadlineSeconds bounds a run, so slow "
        "runs pile up beside each other; set concurrencyPolicy: Forbid (or Replace)",
        "spec",
        "concurrencyPolicy",
        at_value=policy is not None,
    )
