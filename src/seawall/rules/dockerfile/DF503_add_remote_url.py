"""`ADD` downloads a URL or a Git repository without pinning what it gets.

## What it checks
`ADD` instructions with an `http://`, `https://` or `ftp://` source and no `--checksum`, and
`ADD` of a Git repository (`https://…/repo.git#ref`, `git@host:repo.git`, `ssh://`, `git://`)
whose `#ref` is a branch or tag instead of a full commit hash and that has no `--checksum`.

## Why it matters
`ADD <url>` puts whatever the server returns at build time into the image, unchecked: a
compromised download site, a replaced release asset or a moved branch changes the image with no
change to the Dockerfile. The download is also cached by URL only, so the same Dockerfile can
give different images on different builders. A pinned checksum (or commit) makes the build fail
instead, and documents exactly what went in.

## Example
```dockerfile
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD https://github.com/example/tools.git#main /src/tools
```

## Fix
Pin the digest (Dockerfile syntax 1.6 or later) or the commit:
```dockerfile
# syntax=docker/dockerfile:1
ADD --checksum=sha256:<digest published with the release> \
    --chmod=755 https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD https://github.com/example/tools.git#<full commit hash> /src/tools
```
Or download with `curl` in a `RUN` and verify the file there (see DF306).

## References
- https://docs.docker.com/reference/dockerfile/#add---checksum
- https://docs.docker.com/reference/dockerfile/#adding-files-from-a-url
- https://docs.docker.com/reference/dockerfile/#adding-files-from-a-git-repository
"""

import json
import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Instruction

RULE = Rule(
    code="DF503",
    name="add-remote-url",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="ADD downloads a URL or Git repository without pinning it",
    targets=("dockerfile",),
    equivalents=("CKV_DOCKER_4",),
    references=(
        "https://docs.docker.com/reference/dockerfile/#add---checksum",
        "https://docs.docker.com/reference/dockerfile/#adding-files-from-a-url",
    ),
)

_URL = re.compile(r"(https?|ftp)://", re.IGNORECASE)
_GIT = re.compile(r"(git@|ssh://|git://)|[^#]*\.git(#|/?\Z)", re.IGNORECASE)
_COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z", re.IGNORECASE)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for instr in dockerfile.instructions("ADD"):
        if instr.flag("checksum") is not None:
            continue
        if instr.json_args is not None:
            words = [(w, _json_span(instr, w)) for w in instr.json_args[:-1]]
        else:
            found = instr.words()[:-1]
            words = [(w.value, instr.locate(w.start, w.end)) for w in found]
        for source, span in words:
            if _GIT.match(source):
                ref = source.partition("#")[2].partition(":")[0]
                if _COMMIT.match(ref):
                    continue
                what = f"at `{ref}`, which can move" if ref else "at its default branch"
                message = (
                    f"`ADD {source}` fetches the repository {what}; pin a full commit hash "
                    "(`#<sha>`) so that every build gets the same code"
                )
            elif _URL.match(source):
                message = (
                    f"`ADD {source}` puts whatever the server returns into the image, unchecked; "
                    "add `--checksum=sha256:<digest>` (Dockerfile syntax 1.6+), or download it "
                    "with curl and verify its sha256 in the same RUN"
                )
            else:
                continue
            yield dockerfile.finding(RULE, message, span)


def _json_span(instr: Instruction, word: str) -> Span:
    """The span of ``word`` as written in an exec-form list (quotes included)."""
    at = instr.args.find(json.dumps(word))
    if at < 0:
        return instr.args_span
    return instr.locate(at, at + len(json.dumps(word)))
