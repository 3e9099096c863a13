"""YAML aliases expand a document beyond the limit.

## What it checks
A document whose anchors and aliases, fully expanded, add more nodes than the configured limit
(100,000 by default): the "billion laughs" pattern.

## Why it matters
Expanded, such a document takes gigabytes of memory and minutes of CPU in every tool that reads it,
including the API server's clients. It is an attack or an accident; either way it must not ship.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
# ... nine levels later: a billion nodes
```

## Fix
Write the values out, or share less: anchors are meant for a few repeated blocks.

## References
- https://en.wikipedia.org/wiki/Billion_laughs_attack
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "alias-expansion"

RULE = Rule(
    code="IN006",
    name="alias-bomb",
    severity=Severity.HIGH,
    category="input",
    summary="YAML aliases expand a document beyond the limit",
    targets=("input",),
    references=("https://en.wikipedia.org/wiki/Billion_laughs_attack",),
)
