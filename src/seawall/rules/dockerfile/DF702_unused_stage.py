"""A build stage is never used by the final image.

## What it checks
Stages that the last stage neither builds on (`FROM <stage>`), copies from (`COPY --from`) nor
mounts (`RUN --mount=from=`), directly or through other stages. A plain `docker build` produces
the last stage, so these stages contribute nothing to it. They may still be built on purpose
with `docker build --target <stage>` (test, lint or debug images); suppress the finding for
such a stage.

## Why it matters
BuildKit skips stages the target does not need, so an unused stage is dead code: its steps are
never run or tested in the normal build and rot unnoticed, and readers assume it matters. With
the legacy builder (`DOCKER_BUILDKIT=0`) it is built every time for nothing. Often it is the
sign of a mistake: a stage meant to feed the image whose `COPY --from` points elsewhere, or a
second Dockerfile pasted into the first.

## Example
```dockerfile
FROM golang:1.25 AS builder
RUN go build -o /out/app ./cmd/app

FROM golang:1.25 AS tester
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
```

## Fix
Remove the stage, make the final image depend on it (a `COPY --from` of its result), or keep it
as an explicit `--target` and suppress this finding with `# seawall: ignore[DF702]`.

## References
- https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage
- https://docs.docker.com/build/buildkit/#overview
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF702",
    name="unused-stage",
    severity=Severity.LOW,
    category="correctness",
    summary="A build stage is never used by the final image",
    targets=("dockerfile",),
    references=("https://docs.docker.com/build/building/multi-stage/",),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None:
        return
    final = image.stage
    for stage in image.unused_stages:
        span = stage.name_span or stage.from_instruction.keyword_span
        target = (
            f"built on its own with `--target {stage.name}`"
            if stage.name is not None
            else "named (`AS <name>`) and built on its own with `--target`"
        )
        yield dockerfile.finding(
            RULE,
            f"stage `{stage.label}` is never used by the final stage `{final.label}` (no FROM, "
            f"COPY --from or RUN --mount refers to it), so a plain `docker build` does not need "
            f"it; remove it or make the image use it, unless it is {target}",
            span,
        )
