"""An empty line inside a line continuation, which BuildKit deprecates.

## What it checks
A line continuation (a line ending in the escape character) followed by an empty line before
the instruction goes on. Comment lines inside a continuation are fine; empty ones are not.

## Why it matters
BuildKit still accepts the empty line but warns that it is deprecated and will become an error.
It also usually means a line of the instruction was deleted by mistake: the instruction silently
continues with whatever follows.

## Example
```dockerfile
RUN apk add --no-cache \\

    curl
```

## Fix
Remove the empty line, or end the instruction before it.

## References
- https://docs.docker.com/reference/build-checks/
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = ("dockerfile-empty-continuation",)

RULE = Rule(
    code="DF003",
    name="empty-continuation-line",
    severity=Severity.LOW,
    category="correctness",
    summary="An empty line inside a line continuation, which BuildKit deprecates",
    targets=("input",),
    references=("https://docs.docker.com/reference/build-checks/",),
)
