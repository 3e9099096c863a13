"""A YAML file does not parse.

## What it checks
YAML that the parser rejects: bad indentation, an unclosed quote or bracket, a tab used for
indentation, a stray character. Reported at the line and column where parsing stopped.

## Why it matters
The API server, Helm and every CI tool reject the file. Every other check on the file is skipped,
so nothing else in it was reviewed either.

## Example
```yaml
metadata:
  name: web
   labels: {app: web}   # indented under nothing
```

## Fix
Fix the syntax at the reported position; an editor with YAML support shows the structure.

## References
- https://yaml.org/spec/1.2.2/
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "syntax"

RULE = Rule(
    code="IN003",
    name="yaml-syntax-error",
    severity=Severity.HIGH,
    category="input",
    summary="A YAML file does not parse",
    targets=("input",),
    references=("https://yaml.org/spec/1.2.2/",),
)
