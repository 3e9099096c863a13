"""A CronJob's schedule is not one the API server accepts.

## What it checks
`spec.schedule` of a `CronJob`, parsed as Kubernetes parses it: five fields (minute, hour,
day of month, month, day of week) of `*`, `?`, numbers in range, month and weekday names,
ranges `a-b`, steps `/n` and comma lists, or a descriptor (`@hourly`, `@daily`, `@midnight`,
`@weekly`, `@monthly`, `@yearly`, `@annually`, `@every <duration>`). A `TZ=` or `CRON_TZ=`
prefix is reported too: since Kubernetes 1.25 new CronJobs must use `spec.timeZone`. Values
that are not plain strings (templates) are skipped.

## Why it matters
The API server rejects the CronJob (`unparseable schedule`), so the job never runs. Six-field
schedules with seconds (Spring, Quartz) and Jenkins' `H` are common copy-paste mistakes.

## Example
```yaml
spec:
  schedule: "0 */5 * * * *"    # six fields: seconds are not supported
```

## Fix
Write a five-field schedule (`*/5 * * * *`) and put the time zone in `spec.timeZone`.

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import name_of, resource_label
from seawall.model.cron import schedule_error
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import spec_of

RULE = Rule(
    code="KR309",
    name="cronjob-schedule-invalid",
    severity=Severity.HIGH,
    category="correctness",
    summary="A CronJob's schedule is not one the API server accepts",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "CronJob":
        return
    schedule = spec_of(resource).get("schedule")
    if not isinstance(schedule, str) or (schedule.strip() and name_of(schedule) is None):
        return  # missing (the schema rule reports it) or templated
    error = schedule_error(schedule)
    if error is None:
        return
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} has schedule {schedule!r}, which the API server rejects: "
        f"{error}",
        "spec",
        "schedule",
        at_value=True,
    )
