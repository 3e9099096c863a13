"""A Dockerfile construct the builder accepts but ignores or deprecates.

## What it checks
Parser directives that are invalid or repeated (Docker then treats the line as an ordinary
comment, so the `escape` or `syntax` the author meant is not applied), and empty lines inside a
line continuation, which BuildKit accepts with a deprecation warning.

## Why it matters
A directive that silently turns into a comment changes how the rest of the file is parsed
(`escape`) or which frontend builds it (`syntax`). Empty continuation lines are scheduled to
become errors.

## Example
```dockerfile
FROM alpine:3.20
# escape=`        <- after an instruction: just a comment
RUN apk add --no-cache \

    curl
```

## Fix
Put directives first in the file, once each; remove empty lines inside continuations.

## References
- https://docs.docker.com/reference/dockerfile/#parser-directives
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = (
    "dockerfile-invalid-directive",
    "dockerfile-duplicate-directive",
    "dockerfile-empty-continuation",
)

RULE = Rule(
    code="DF003",
    name="dockerfile-ignored-construct",
    severity=Severity.LOW,
    category="correctness",
    summary="A Dockerfile construct the builder accepts but ignores or deprecates",
    targets=("input",),
    references=("https://docs.docker.com/reference/dockerfile/#parser-directives",),
)
