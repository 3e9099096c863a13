"""A Job or CronJob pod template has a restartPolicy the API server rejects.

## What it checks
The pod template of a `Job` or `CronJob` whose `restartPolicy` is not `OnFailure` or `Never`
(exactly, the values are case-sensitive), including a template that sets none: a pod's
restartPolicy defaults to `Always`, which the Job API refuses.

## Why it matters
The API server rejects the object (`spec.template.spec.restartPolicy: Unsupported value:
"Always"`): the Job is never created, and for a CronJob no run ever happens.

## Example
```yaml
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [...]        # no restartPolicy
```

## Fix
Set `restartPolicy: OnFailure` (retry in the same pod) or `Never` (a new pod per retry, which
keeps the failed pod's logs).

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.podspec import PodSpecView
from seawall.rules.kubernetes._workloads import is_partial

RULE = Rule(
    code="KR308",
    name="job-restart-policy-rejected",
    severity=Severity.HIGH,
    category="correctness",
    summary="A Job or CronJob pod template has a restartPolicy the API server rejects",
    targets=("pod-spec",),
    equivalents=("kube-score:cronjob-restartpolicy",),
    references=("https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template",),
)

ALLOWED = ("OnFailure", "Never")


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.resource.kind not in ("Job", "CronJob"):
        return
    if is_partial(pod.resource, ctx.graph):
        return  # a kustomize patch: the patched object has the rest
    policy = pod.spec.get("restartPolicy")
    if policy in ALLOWED:
        return
    label = resource_label(pod.resource)
    if policy is None:
        message = (
            f"{label} sets no restartPolicy in its pod template; it defaults to Always, which "
            "the API server rejects for Jobs; set restartPolicy: OnFailure or Never"
        )
    else:
        message = (
            f"{label} sets restartPolicy {policy!r}, which the API server rejects for Jobs; "
            "use OnFailure or Never"
        )
    yield pod.finding(RULE, message, "restartPolicy", at_value=policy is not None)
