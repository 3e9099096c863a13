"""YAML nesting is deeper than the limit.

## What it checks
A document nested more than 250 levels deep (mappings and sequences inside each other).

## Why it matters
No real configuration nests that deep. Deep nesting crashes recursive parsers (libyaml's
composer overflows the stack) and is a known denial-of-service pattern.

## Example
`[[[[[[ ... ]]]]]]` ten thousand levels deep.

## Fix
Flatten the structure; if it is generated, fix the generator.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "nesting-too-deep"

RULE = Rule(
    code="IN010",
    name="nesting-too-deep",
    severity=Severity.HIGH,
    category="input",
    summary="YAML nesting is deeper than the limit",
    targets=("input",),
)
