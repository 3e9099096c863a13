"""A CronJob has no usable startingDeadlineSeconds.

## What it checks
A `CronJob` without `spec.startingDeadlineSeconds`, or with a value below 10 seconds (the
controller looks at CronJobs about every 10 seconds, so such a deadline can make it skip
runs).

## Why it matters
Without a deadline, a run missed while the controller was down, the CronJob suspended or the
cluster busy starts whenever the controller gets to it, however late: a nightly job can run in
the middle of the working day. Too short a deadline skips runs silently.

## Example
```yaml
kind: CronJob
spec:
  schedule: "0 2 * * *"        # no startingDeadlineSeconds
```

## Fix
```yaml
  startingDeadlineSeconds: 600   # start within 10 minutes of the schedule, or skip
```

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import as_int, full_spec_of

RULE = Rule(
    code="KR307",
    name="cronjob-starting-deadline",
    severity=Severity.LOW,
    category="reliability",
    summary="A CronJob has no usable startingDeadlineSeconds",
    targets=("resource",),
    equivalents=("kube-score:cronjob-has-deadline",),
    references=("https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    spec = full_spec_of(resource, ctx.graph, "CronJob")
    if spec is None:
        return
    written = spec.get("startingDeadlineSeconds")
    label = resource_label(resource)
    if written is None:
        yield resource.finding(
            RULE,
            f"{label} sets no startingDeadlineSeconds, so a missed run starts however late "
            "the controller gets to it; set one (e.g. 600) to skip runs that are too late",
            "spec",
            "startingDeadlineSeconds",
        )
        return
    seconds = as_int(written)
    if seconds is not None and seconds < 10:
        yield resource.finding(
            RULE,
            f"{label} sets startingDeadlineSeconds {seconds}, below the controller's ~10 s "
            "check interval, so runs may be skipped; use at least 10 (e.g. 600)",
            "spec",
            "startingDeadlineSeconds",
            at_value=True,
        )
