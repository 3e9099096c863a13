"""`WORKDIR` is a relative path, so where it points depends on earlier instructions.

## What it checks
`WORKDIR` instructions whose path (after substituting `ENV` and `ARG` values) is relative:
neither absolute (`/app`) nor a Windows drive path (`C:\\app`). Paths with variables that have
no known value are skipped.

## Why it matters
A relative `WORKDIR` is joined to the previous one, which may come from the base image: the same
line means `/app` on one base image and `/usr/src/app` on another, and moving or adding a
`WORKDIR` above it silently moves every later `COPY`, `RUN` and the container's start directory.
Commands and paths in `CMD` that rely on it then break at run time, not at build time.

## Example
```dockerfile
FROM node:22-alpine
WORKDIR app
COPY . .
```

## Fix
```dockerfile
WORKDIR /app
```

## References
- https://docs.docker.com/reference/dockerfile/#workdir
- https://github.com/hadolint/hadolint/wiki/DL3000
"""

import posixpath
import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import expand

RULE = Rule(
    code="DF505",
    name="relative-workdir",
    severity=Severity.LOW,
    category="correctness",
    summary="WORKDIR is a relative path",
    targets=("dockerfile",),
    equivalents=("DL3000", "CKV_DOCKER_10", "DS009"),
    references=("https://docs.docker.com/reference/dockerfile/#workdir",),
)

_ABSOLUTE = re.compile(r"[A-Za-z]:[\\/]|[\\/]")  # /app, C:\app, \app


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    doc = dockerfile.doc
    esc = doc.escape
    final: list[str | None] = []  # the WORKDIR each stage ends with (None: unknown)
    for stage in doc.stages:
        workdir = final[stage.base_stage] if stage.base_stage is not None else None
        env: dict[str, str | None] = {}
        for instr in stage.instructions[1:]:
            if instr.keyword in ("ENV", "ARG"):
                for kv in instr.key_values():
                    if kv.raw_value is not None:
                        env[kv.key] = expand(kv.raw_value, env, escape=esc).value
                    elif instr.keyword == "ARG":
                        env.setdefault(kv.key, doc.global_args.get(kv.key))
                continue
            if instr.keyword != "WORKDIR" or not instr.args:
                continue
            expansion = expand(instr.args, env, escape=esc)
            path = expansion.value
            if not expansion.complete or not path:
                workdir = None
                continue
            if _ABSOLUTE.match(path):
                workdir = path if path.startswith("/") else None
                continue
            if workdir is None:
                where = "the base image's WORKDIR, which this Dockerfile does not show"
            else:
                where = f"the previous WORKDIR, so here it means {_join(workdir, path)}"
            yield dockerfile.finding(
                RULE,
                f"WORKDIR `{path}` is relative: it is joined to {where}; write the absolute path",
                instr.args_span,
            )
            workdir = None if workdir is None else _join(workdir, path)
        final.append(workdir)


def _join(base: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(base, path))
