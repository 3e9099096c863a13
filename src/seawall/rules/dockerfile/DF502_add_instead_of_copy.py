"""`ADD` copies local files that `COPY` would copy the same way.

## What it checks
`ADD` instructions whose sources are all local files or directories (or a heredoc) that are not
tar archives, so `ADD` does exactly what `COPY` does. Not reported: sources that `ADD` unpacks
(`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst` and plain `.gz`, `.bz2`, `.xz`,
`.zst`, which may hold a tar), sources with a glob or an unresolved variable, and URLs and Git
repositories (DF503). A `.zip` is reported: `ADD` does not unpack zip files.

## Why it matters
`ADD` has two extra behaviours that `COPY` does not: it unpacks local tar archives and it
downloads URLs. Readers (and reviewers) have to check which of the three happens, and a source
that later becomes an archive is silently unpacked instead of copied. `COPY` says exactly what
happens.

## Example
```dockerfile
ADD requirements.txt /app/
ADD ./src /app/src
```

## Fix
```dockerfile
COPY requirements.txt /app/
COPY ./src /app/src
```
Keep `ADD` only where unpacking a local archive is the point (`ADD rootfs.tar.gz /`).

## References
- https://docs.docker.com/build/building/best-practices/#add-or-copy
- https://github.com/hadolint/hadolint/wiki/DL3020
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import expand

RULE = Rule(
    code="DF502",
    name="add-instead-of-copy",
    severity=Severity.LOW,
    category="style",
    summary="ADD copies local files that COPY would copy the same way",
    targets=("dockerfile",),
    equivalents=("DL3020", "CKV_DOCKER_4", "DS005"),
    references=("https://docs.docker.com/build/building/best-practices/#add-or-copy",),
)

_REMOTE = re.compile(r"([a-z][a-z0-9+.-]*://|git@)", re.IGNORECASE)
_ARCHIVE = re.compile(
    r"\.(tar|tgz|tbz2?|txz|tzst|tlz|taz|gz|bz2|xz|zst|lz|lzma|z)\Z", re.IGNORECASE
)
_GLOB = re.compile(r"[*?\[]")


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    esc = dockerfile.doc.escape
    for instr in dockerfile.instructions("ADD"):
        if instr.json_args is not None:
            raw = list(instr.json_args)
        else:
            raw = [w.text for w in instr.words()]
        if len(raw) < 2 and not instr.heredocs:
            continue
        sources = [expand(w, None, escape=esc).value for w in raw[:-1]]
        if not sources or not all(_plain_local(s) for s in sources):
            continue
        shown = " ".join(sources)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        what = "inline content" if all(s.startswith("<<") for s in sources) else "local files"
        yield dockerfile.finding(
            RULE,
            f"`ADD {shown}` copies {what}, which `COPY` does the same way; use `COPY`, and keep "
            "`ADD` for the archives it should unpack",
            instr.keyword_span,
        )


def _plain_local(source: str) -> bool:
    if source.startswith("<<"):  # a heredoc: inline content
        return True
    if "$" in source or _GLOB.search(source) or _REMOTE.match(source):
        return False
    return _ARCHIVE.search(source.rstrip("/")) is None
