"""`COPY --from` or `RUN --mount=from=` names a stage that does not exist before it.

## What it checks
The source of `COPY --from=X` and `RUN --mount=…,from=X` in every stage, when `X` is:

- the stage it is written in (a stage cannot read its own result);
- a stage defined later in the file, by name or index (stages can only use earlier ones);
- a stage index past the last stage;
- a bare word that is no stage name and has no `/`, `:` or `.`: not written like an image
  reference, so almost surely a misspelt stage (`--from=buidler`); the nearest stage name is
  suggested.

Image references (`--from=nginx:1.30`, `--from=ghcr.io/acme/tools`) and sources that come from
a build argument without a default are not reported.

## Why it matters
BuildKit resolves a name that is not an earlier stage as an image on Docker Hub: a typo pulls
`docker.io/library/buidler:latest`, which fails the build at best and, if someone registered
that name, copies a stranger's files into your image. Referring to the current or a later stage
fails the build with an unhelpful error, or silently copies from an image of the same name.

## Example
```dockerfile
FROM golang:1.25 AS builder
RUN go build -o /out/app ./cmd/app

FROM alpine:3.22
COPY --from=buidler /out/app /usr/local/bin/app
```

## Fix
Name an earlier stage (`--from=builder`), move the stage being copied from above this one, or
write an image reference with a tag (`--from=busybox:1.37`) when an image is meant.

## References
- https://docs.docker.com/reference/dockerfile/#copy---from
- https://docs.docker.com/build/building/multi-stage/
"""

import difflib
import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import StageRef
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import DockerfileDoc, Stage

RULE = Rule(
    code="DF701",
    name="copy-from-unknown-stage",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="COPY --from or RUN --mount=from= names a stage that does not exist before it",
    targets=("dockerfile",),
    equivalents=("DL3022", "DL3023", "DS006"),
    references=(
        "https://docs.docker.com/reference/dockerfile/#copy---from",
        "https://docs.docker.com/build/building/multi-stage/",
    ),
)

_BARE_WORD = re.compile(r"[A-Za-z0-9_-]+\Z")


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None:
        return
    doc = dockerfile.doc
    for config in image.configs:
        stage = config.stage
        for ref in config.refs:
            if ref.kind == "from" or not ref.ref or "$" in ref.ref:
                continue
            problem = _problem(doc, stage, ref)
            if problem is not None:
                flag = "COPY --from" if ref.kind == "copy" else "RUN --mount from"
                yield dockerfile.finding(
                    RULE, f"{flag}={ref.ref}: {problem}", _ref_span(dockerfile, ref)
                )


def _problem(doc: DockerfileDoc, stage: Stage, ref: StageRef) -> str | None:
    name = ref.ref
    target = doc.resolve_stage(name)
    if name.isdigit() and int(name) >= len(doc.stages):
        last = len(doc.stages) - 1
        return f"there is no stage {name} (stages are numbered 0 to {last}); name an earlier stage"
    if target is not None and target.index == stage.index:
        return (
            f"this is the stage `{stage.label}` itself, which cannot copy from its own result; "
            f"name an earlier stage"
        )
    if target is not None and target.index > stage.index:
        return (
            f"stage `{target.label}` comes later in the file (line {target.from_instruction.line}) "
            f"and cannot be used here; move it above stage `{stage.label}`"
        )
    if target is None and _BARE_WORD.match(name):
        others = [s.name for s in doc.stages if s.name is not None and s.index != stage.index]
        close = difflib.get_close_matches(name, others, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return (
            f"no earlier stage is called `{name}`, so the builder pulls the image "
            f"`docker.io/library/{name.lower()}:latest` instead{hint} (write an image with a tag "
            f"if an image is meant)"
        )
    return None


def _ref_span(dockerfile: DockerfileView, ref: StageRef) -> Span:
    """The stage name itself: the `--from=` value, or the `from=` value inside `--mount=…`."""
    span = ref.span
    if ref.kind != "mount" or span.line != span.end_line:
        return span
    text = dockerfile.doc.text[span.offset : span.end_offset]
    match = re.search(r"(?:^|[=,])from=([^,\s\"']+)", text, re.IGNORECASE)
    if match is None:
        return span
    start = span.offset + match.start(1)
    return dockerfile.doc.span(start, span.offset + match.end(1))
