"""A configuration file is empty.

## What it checks
A YAML file or Dockerfile with no content (or only whitespace).

## Why it matters
An empty manifest is usually a failed generation step or a forgotten placeholder; the
pipeline applies nothing and nobody notices.

## Example
A zero-byte `deploy/service.yaml`.

## Fix
Delete the file or fill it in.

## References
- seawall input handling (docs/rules/index.md)
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = "empty"

RULE = Rule(
    code="IN011",
    name="empty-file",
    severity=Severity.INFO,
    category="input",
    summary="A configuration file is empty",
    targets=("input",),
)
