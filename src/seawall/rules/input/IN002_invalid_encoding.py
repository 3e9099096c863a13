"""A file is not valid UTF-8 text.

## What it checks
Bytes that are not valid UTF-8 (or UTF-16/32 with a byte-order mark). The finding points at the
line and column of the first invalid byte.

## Why it matters
`kubectl`, Helm, Docker and GitLab all read configuration as UTF-8. A file saved in another
encoding (often Latin-1 or GBK) is rejected or, worse, silently mangled into different values.

## Example
A `ConfigMap` saved as Latin-1 with `greeting: "caf\xe9"` is reported at the `\xe9` byte.

## Fix
Re-save the file as UTF-8 (`iconv -f latin1 -t utf-8 in.yaml > out.yaml`).

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "invalid-encoding"

RULE = Rule(
    code="IN002",
    name="invalid-encoding",
    severity=Severity.HIGH,
    category="input",
    summary="A file is not valid UTF-8 text",
    targets=("input",),
)
