"""A file is larger than the scan limit.

## What it checks
A file larger than `max_file_size` (10 MiB by default). It is not read.

## Why it matters
Configuration files are small; a huge one is usually generated output, a data dump or an
attack on the tools that read it. It is still a file nobody reviewed.

## Example
A 50 MB `dump.yaml` in the manifests folder.

## Fix
Exclude generated files, or raise `max_file_size` in `.seawall.yaml` if the file is real
configuration.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "too-large"

RULE = Rule(
    code="IN007",
    name="file-too-large",
    severity=Severity.MEDIUM,
    category="input",
    summary="A file is larger than the scan limit",
    targets=("input",),
)
