"""A pod spec uses the deprecated `serviceAccount` field.

## What it checks
Pod specs (of pods and of every workload's pod template) that set `serviceAccount`, the
deprecated alias of `serviceAccountName`. When both are set to different names the finding is
raised to medium: `serviceAccountName` wins and the other name is silently ignored.

## Why it matters
`serviceAccount` has been deprecated since Kubernetes 1.0's `v1` API and is only copied into
`serviceAccountName` when that is empty. Tools and policies that read `serviceAccountName`
(admission policies, RBAC audits, seawall's own reference checks) may see a different account
from the one the author wrote; with two different names one of them is a leftover that misleads
every reader.

## Example
```yaml
spec:
  serviceAccount: billing
```

## Fix
```yaml
spec:
  serviceAccountName: billing
```
The fix renames the key when `serviceAccountName` is absent (the pod runs exactly as before).

## References
- https://kubernetes.io/docs/concepts/security/service-accounts/
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.fix import Applicability, Edit, Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KR210",
    name="deprecated-service-account-field",
    severity=Severity.LOW,
    category="correctness",
    summary="A pod spec uses the deprecated serviceAccount field",
    targets=("pod-spec",),
    fixable=True,
    equivalents=("kube-linter:deprecated-service-account-field",),
    references=("https://kubernetes.io/docs/concepts/security/service-accounts/",),
)


def _rename_fix(pod: PodSpecView) -> Fix | None:
    """Rename the key in place, when it is written in this document (not merged from an
    anchor)."""
    entry = pod.spec.entries.get("serviceAccount")
    start, end = pod.spec.offsets
    if entry is None or not start <= entry[0] < end:
        return None
    if pod.source.text[entry[0] : entry[1]] != "serviceAccount":
        return None  # quoted or written another way: leave it to the author
    edit = Edit(entry[0], entry[1], "serviceAccountName")
    return Fix("rename serviceAccount to serviceAccountName", (edit,), Applicability.SAFE)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    old = pod.spec.get("serviceAccount")
    if old is None or old == "":
        return
    new = pod.spec.get("serviceAccountName")
    if new is None or new == "":
        yield pod.finding(
            RULE,
            f"the pod spec names its service account ({old}) with the deprecated field "
            "serviceAccount; use serviceAccountName",
            "serviceAccount",
            fix=_rename_fix(pod),
        )
        return
    if str(new) == str(old):
        yield pod.finding(
            RULE,
            "the pod spec sets both serviceAccountName and the deprecated serviceAccount to "
            f"{old}; remove serviceAccount",
            "serviceAccount",
        )
        return
    finding = pod.finding(
        RULE,
        f"the pod spec sets serviceAccountName {new} and the deprecated serviceAccount {old}: "
        f"the pod runs as {new} and {old} is silently ignored; remove serviceAccount",
        "serviceAccount",
    )
    yield replace(finding, severity=Severity.MEDIUM)
