"""The pods break the Pod Security level their namespace warns about.

## What it checks
Pods and pod templates evaluated at the level and version of their namespace's
`pod-security.kubernetes.io/warn` label (or the `pod_security` configuration), like PS101 does
for `enforce`. Violations that PS101 already reports for the same field are not repeated.

## Why it matters
`warn` is how teams announce the next enforcement step: `kubectl` prints a warning on every
apply, and the pods still run, until someone switches the label to `enforce`. Each finding is a
workload that will break on that day.

## Example
```yaml
metadata:
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
```
A pod without `runAsNonRoot: true` in this namespace runs, with a warning.

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
    code="PS102",
    name="pod-security-warned",
    severity=Severity.MEDIUM,
    category="pod-security",
    summary="The pods break the Pod Security level their namespace warns about",
    targets=("pod-spec",),
    equivalents=("pod-security-admission:warn",),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-admission/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    yield from mode_findings(
        pod, ctx, RULE, "warn", "kubectl warns on every apply and a later enforce will reject them"
    )
