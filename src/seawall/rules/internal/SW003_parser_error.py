"""A seawall parser failed on part of a file; the scan went on.

## What it checks
Nothing in your files: a seawall parser hit an internal error on a construct it does not
handle. The message names the file and position.

## Why it matters
The part of the file after that position may not have been checked.

## Example
```
docker/Dockerfile:12:1: SW003 internal parser error: ...
```

## Fix
Please report it with the file that triggers it.

## References
- https://github.com/seawall-dev/seawall/issues
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = ("dockerfile-internal-error",)

RULE = Rule(
    code="SW003",
    name="parser-error",
    severity=Severity.HIGH,
    category="internal",
    summary="A seawall parser failed on part of a file",
    targets=("input",),
)
