"""A namespace's Pod Security label has a value the admission controller does not accept.

## What it checks
`pod-security.kubernetes.io/<enforce|warn|audit>` labels on `Namespace` objects whose value is
not `privileged`, `baseline` or `restricted`, and `...-version` labels that are not `latest` or
`v1.<minor>`.

## Why it matters
The admission controller does not reject the namespace for a misspelt label: it falls back to
a default, so the level the author meant is silently not the one applied. A typo such as
`restriced` leaves a production namespace unprotected.

## Example
```yaml
metadata:
  labels:
    pod-security.kubernetes.io/enforce: restriced
    pod-security.kubernetes.io/enforce-version: "1.30"   # must be v1.30
```

## Fix
Use one of the valid values.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy.pod_security import LABEL_PREFIX, MODES, parse_level
from seawall.policy.pss import parse_policy_version

RULE = Rule(
    code="PS105",
    name="invalid-pod-security-label",
    severity=Severity.HIGH,
    category="pod-security",
    summary="A namespace's Pod Security label has a value the admission controller rejects",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-admission/",),
)


def _valid_version(text: str) -> bool:
    if text == "latest":
        return True
    if not text.startswith("v"):
        return False
    try:
        parse_policy_version(text)
    except ValueError:
        return False
    return True


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Namespace":
        return
    for mode in MODES:
        key = LABEL_PREFIX + mode
        if key in resource.labels:
            try:
                parse_level(resource.labels[key])
            except ValueError as error:
                yield resource.finding(
                    RULE, f"{key}: {error}", "metadata", "labels", key, at_value=True
                )
        version_key = f"{key}-version"
        if version_key in resource.labels and not _valid_version(resource.labels[version_key]):
            yield resource.finding(
                RULE,
                f"{version_key}: {resource.labels[version_key]!r} is not a policy version; "
                "use `latest` or `v1.<minor>` such as v1.30",
                "metadata",
                "labels",
                version_key,
                at_value=True,
            )
