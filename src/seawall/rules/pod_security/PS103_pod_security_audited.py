"""The pods break the Pod Security level their namespace audits.

## What it checks
Pods and pod templates evaluated at the level and version of their namespace's
`pod-security.kubernetes.io/audit` label (or the `pod_security` configuration). Violations
already reported for `enforce` are not repeated.

## Why it matters
`audit` adds an annotation to the API server's audit log for each violating pod; security
teams watch those records. The pods run, but every deployment leaves a trail of violations.

## Example
```yaml
metadata:
  labels:
    pod-security.kubernetes.io/audit: restricted
```

## Fix
As the message says; the same changes as for PS101.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.rules.pod_security._admission import mode_findings

RULE = Rule(
    code="PS103",
    name="pod-security-audited",
    severity=Severity.LOW,
    category="pod-security",
    summary="The pods break the Pod Security level their namespace audits",
    targets=("pod-spec",),
    equivalents=("pod-security-admission:audit",),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-admission/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    yield from mode_findings(
        pod, ctx, RULE, "audit", "each pod leaves a violation in the API server's audit log"
    )
