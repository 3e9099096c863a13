"""A Kubernetes document lacks apiVersion or kind.

## What it checks
A document in a Kubernetes manifest that has one of `apiVersion` and `kind` but not the other, or
neither while other documents in the file have both.

## Why it matters
The API server cannot decode it; `kubectl apply` fails on the whole file.

## Example
```yaml
apiVersion: v1
metadata:
  name: web
```

## Fix
Add the missing field.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "missing-kind"

RULE = Rule(
    code="IN013",
    name="missing-kind",
    severity=Severity.HIGH,
    category="input",
    summary="A Kubernetes document lacks apiVersion or kind",
    targets=("input",),
)
