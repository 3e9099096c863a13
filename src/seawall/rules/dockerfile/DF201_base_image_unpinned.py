"""A stage builds on an image without a version tag, or on `latest`.

## What it checks
Every `FROM` that names an external image with no tag (`FROM python`) or with the tag `latest`,
after substituting the build arguments declared before the first `FROM`: a default such as
`ARG TAG=latest` or `FROM node:${TAG:-latest}` counts as `latest`. An image pinned by digest
(`@sha256:…`) is pinned whatever its tag says. `FROM <stage>`, `scratch` and images whose build
arguments have no default (the version then comes from `--build-arg`) are not reported.

## Why it matters
`latest` is whatever the publisher pushed last. The same Dockerfile builds a different image
from one day to the next: a new major version of the runtime or the distribution arrives
unannounced, breaks the build or the application, and nobody can tell which base a running image
was built on. Rollbacks rebuild something else than what was rolled back to.

## Example
```dockerfile
FROM node
ARG NGINX_TAG=latest
FROM nginx:${NGINX_TAG}
```

## Fix
Name the version you tested, and add its digest for a fully reproducible build:
```dockerfile
FROM node:22-bookworm-slim
FROM nginx:1.30-alpine@sha256:<digest>
```

## References
- https://docs.docker.com/reference/dockerfile/#from
- https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView
from seawall.parse.dockerfile import Stage

RULE = Rule(
    code="DF201",
    name="base-image-unpinned",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A stage builds on an image without a version tag, or on `latest`",
    targets=("dockerfile",),
    equivalents=("DL3006", "DL3007", "CKV_DOCKER_7", "DS001"),
    references=(
        "https://docs.docker.com/reference/dockerfile/#from",
        "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
    ),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for stage, ref in dockerfile.external_bases():
        resolved = stage.base_resolved
        if ref.digest is not None or ref.tag not in (None, "latest"):
            continue
        via = "" if stage.base == resolved else f" (`{stage.base}` resolves to `{resolved}`)"
        name = resolved.partition("@")[0]
        if ref.tag is None:
            problem = f"`FROM {name}` has no tag{via}, so it means `{name}:latest`"
        else:
            problem = f"`FROM {name}` uses the `latest` tag{via}"
        yield dockerfile.finding(
            RULE,
            f"{problem}: every build may get a different image; pin the version you tested "
            f"(a release tag, and ideally its @sha256 digest)",
            _span(dockerfile, stage),
        )


def _span(dockerfile: DockerfileView, stage: Stage) -> Span:
    """The `latest` tag when it is written out, else the image word."""
    span = stage.base_span
    written = stage.base
    if (
        written == stage.base_resolved
        and written.endswith(":latest")
        and span.line == span.end_line
        and span.end_offset - span.offset == len(written)
    ):
        return dockerfile.doc.span(span.end_offset - len("latest"), span.end_offset)
    return span
