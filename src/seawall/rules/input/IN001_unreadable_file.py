"""A file or directory that seawall was asked to scan could not be read.

## What it checks
A file or directory in the scan set that the operating system refused to read: permission
denied, an I/O error, or a path that vanished during the scan.

## Why it matters
A file seawall cannot read is a file nobody checked. If the deploy pipeline can read it but the
scanner cannot, broken or dangerous configuration ships unreviewed.

## Example
```
$ chmod 000 deploy/app.yaml
$ seawall check deploy/
deploy/app.yaml:1:1: IN001 permission denied; the file could not be read
```

## Fix
Give the user running seawall read access, or exclude the path on purpose with `--exclude`
or a `.seawallignore` entry.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "unreadable"

RULE = Rule(
    code="IN001",
    name="unreadable-file",
    severity=Severity.HIGH,
    category="input",
    summary="A file or directory that seawall was asked to scan could not be read",
    targets=("input",),
)
