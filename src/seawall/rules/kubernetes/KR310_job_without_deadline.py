"""A Job or CronJob run has no time limit.

## What it checks
A `Job`, or the job template of a `CronJob`, without `activeDeadlineSeconds`. Reported at
`info`, and at `low` for a CronJob with `concurrencyPolicy: Forbid`, where one hung run blocks
every later run.

## Why it matters
`backoffLimit` only counts failures: a run that hangs (a stuck connection, a lock that is never
released) never fails and runs forever, holding its resources. Under `Forbid`, the CronJob
then never starts again.

## Example
```yaml
kind: CronJob
spec:
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:                       # no activeDeadlineSeconds
      template: {...}
```

## Fix
Set `activeDeadlineSeconds` on the Job spec to a generous bound of a normal run (for a
CronJob, shorter than its interval).

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import is_partial, job_spec, spec_of

RULE = Rule(
    code="KR310",
    name="job-without-deadline",
    severity=Severity.INFO,
    category="reliability",
    summary="A Job or CronJob run has no time limit",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    found = job_spec(resource)
    if found is None:
        return
    if is_partial(resource, ctx.graph):
        return  # a kustomize patch: the patched object has the rest
    path, spec = found
    if spec.get("activeDeadlineSeconds") is not None:
        return
    label = resource_label(resource)
    forbid = resource.kind == "CronJob" and spec_of(resource).get("concurrencyPolicy") == "Forbid"
    if forbid:
        message = (
            f"{label} forbids concurrent runs but sets no activeDeadlineSeconds: one hung run "
            "blocks every later run; bound each run with activeDeadlineSeconds"
        )
    else:
        message = (
            f"{label} sets no activeDeadlineSeconds, so a hung run never ends; bound it with "
            "activeDeadlineSeconds"
        )
    finding = resource.finding(RULE, message, *path, "activeDeadlineSeconds")
    yield replace(finding, severity=Severity.LOW) if forbid else finding
