"""A finished Job is never deleted.

## What it checks
A `Job` (not one a CronJob makes: its history limits clean those up) without
`spec.ttlSecondsAfterFinished`.

## Why it matters
A finished Job and its pods stay in the cluster until someone deletes them: they pile up in
etcd and in `kubectl get pods`, and a Job with a fixed name cannot be applied again (its pod
template is immutable) until the old one is removed, which breaks re-running pipelines.

## Example
```yaml
kind: Job
metadata: {name: migrate}
spec:
  template: {...}              # no ttlSecondsAfterFinished
```

## Fix
```yaml
spec:
  ttlSecondsAfterFinished: 86400   # delete a day after it finishes
```

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import is_partial, spec_of

RULE = Rule(
    code="KR311",
    name="job-never-cleaned-up",
    severity=Severity.INFO,
    category="reliability",
    summary="A finished Job is never deleted",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Job" or spec_of(resource).get("ttlSecondsAfterFinished") is not None:
        return
    if is_partial(resource, ctx.graph):
        return  # a kustomize patch: the patched object has the rest
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} sets no ttlSecondsAfterFinished, so it and its pods stay "
        "after it finishes and it cannot be re-applied until deleted; set one (e.g. 86400)",
        "spec",
        "ttlSecondsAfterFinished",
    )
