"""A YAML merge key names something that is not a mapping.

## What it checks
A `<<:` merge key whose value is not a mapping or a list of mappings.

## Why it matters
Parsers disagree on what such a merge means; most drop it silently, so the values the author
meant to inherit are missing.

## Example
```yaml
base: &base [a, b]
job:
  <<: *base
```

## Fix
Anchor a mapping, or write the keys out.

## References
- https://yaml.org/type/merge.html
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "merge-not-mapping"

RULE = Rule(
    code="IN015",
    name="invalid-merge-key",
    severity=Severity.MEDIUM,
    category="input",
    summary="A YAML merge key names something that is not a mapping",
    targets=("input",),
    references=("https://yaml.org/type/merge.html",),
)
