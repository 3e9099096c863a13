"""A symbolic link loops back on itself.

## What it checks
A symbolic link that never reaches a file (it points to itself, directly or through other links),
or a link to a directory that contains it.

## Why it matters
Tools that follow links hang or crash on it; tools that do not follow links skip what the author
meant to include.

## Example
```
$ ln -s loop.yaml loop.yaml
```

## Fix
Remove the link or point it at the real file.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "symlink-loop"

RULE = Rule(
    code="IN008",
    name="symlink-loop",
    severity=Severity.MEDIUM,
    category="input",
    summary="A symbolic link loops back on itself",
    targets=("input",),
)
