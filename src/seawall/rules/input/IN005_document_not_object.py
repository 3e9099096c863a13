"""A document in a Kubernetes manifest is not an object.

## What it checks
A YAML document in a manifest file whose top level is a list or a scalar instead of a mapping
with `apiVersion`, `kind` and `metadata`.

## Why it matters
`kubectl apply` fails on the whole file. It is usually a stray `---`, a mis-indented block or text
pasted into the wrong file.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
---
- just
- a list
```

## Fix
Remove the document or turn it into a proper object.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "document-not-object"

RULE = Rule(
    code="IN005",
    name="document-not-object",
    severity=Severity.MEDIUM,
    category="input",
    summary="A document in a Kubernetes manifest is not an object",
    targets=("input",),
)
