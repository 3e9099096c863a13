"""A suppression comment or annotation names a rule that does not exist.

## What it checks
`# seawall: ignore[CODE]` comments and `seawall.dev/ignore` annotations whose codes match no rule
(not even as a prefix or an old, redirected code).

## Why it matters
A typo in a suppression silently suppresses nothing, or, after a rename, the author believes a
finding is accepted when it is not.

## Example
```yaml
securityContext:
  privileged: true  # seawall: ignore[KS1O1] typo: letter O
```

## Fix
Correct the code (`seawall rules` lists them all) or remove the suppression.

## References
- docs/suppression.md
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

RULE = Rule(
    code="SW002",
    name="invalid-suppression",
    severity=Severity.LOW,
    category="internal",
    summary="A suppression names a rule that does not exist",
    targets=("engine",),
)
