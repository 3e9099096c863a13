r"""A Dockerfile that the builder rejects.

## What it checks
Parse errors that make `docker build` (BuildKit) fail before it runs anything: an unknown
instruction, an instruction without its arguments, an instruction other than `ARG` before the
first `FROM`, no `FROM` at all, an invalid `FROM` or stage name, two stages with the same name,
a `SHELL` not written in JSON form, a heredoc that is never terminated, an unknown
`--flag`, an `ONBUILD` wrapping `FROM`, `MAINTAINER` or another `ONBUILD`, and a parser
directive given twice or an `escape` directive with a character other than `\` or `` ` ``.

## Why it matters
The build fails in CI, or worse in a release pipeline, on a mistake a reader could have caught.
Every other Dockerfile check on the file is less reliable until it parses.

## Example
```dockerfile
FROM alpine:3.20 AS build
RUN <<EOF
apk add --no-cache curl
# the EOF line is missing
```

## Fix
Correct the instruction at the reported position.

## References
- https://docs.docker.com/reference/dockerfile/
"""

from seawall.core.rule import Rule
from seawall.core.severity import Severity

INPUT_KIND = tuple(
    f"dockerfile-{kind}"
    for kind in (
        "unknown-instruction",
        "missing-arguments",
        "instruction-before-from",
        "missing-from",
        "invalid-from",
        "invalid-stage-name",
        "duplicate-stage-name",
        "shell-not-json",
        "unterminated-heredoc",
        "unknown-flag",
        "invalid-onbuild",
        "invalid-directive",
        "duplicate-directive",
    )
)

RULE = Rule(
    code="DF001",
    name="dockerfile-syntax-error",
    severity=Severity.HIGH,
    category="input",
    summary="A Dockerfile that the builder rejects",
    targets=("input",),
    equivalents=("DL1000", "DL3061"),
    references=("https://docs.docker.com/reference/dockerfile/",),
)
