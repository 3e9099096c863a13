"""A YAML alias refers to the node that contains it.

## What it checks
An anchor whose alias appears inside the anchored node itself, making an infinitely deep
structure.

## Why it matters
Any tool that expands it loops forever or crashes.

## Example
```yaml
a: &loop
  child: *loop
```

## Fix
Remove the alias or point it at a node outside the anchored one.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "recursive-alias"

RULE = Rule(
    code="IN012",
    name="recursive-alias",
    severity=Severity.HIGH,
    category="input",
    summary="A YAML alias refers to the node that contains it",
    targets=("input",),
)
