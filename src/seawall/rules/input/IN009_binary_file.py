"""A file with a configuration name holds binary data.

## What it checks
A file with a YAML name whose content holds NUL bytes: an archive, an image, an encrypted blob.

## Why it matters
It cannot be configuration and will fail wherever it is applied; often it is a secret encrypted
with a tool whose plain-text form should be scanned instead.

## Example
`values.yaml` that is actually a gzip archive.

## Fix
Rename or remove it, or exclude it from the scan.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "binary"

RULE = Rule(
    code="IN009",
    name="binary-file",
    severity=Severity.MEDIUM,
    category="input",
    summary="A file with a configuration name holds binary data",
    targets=("input",),
)
