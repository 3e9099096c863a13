"""A stage builds on an image that is not pinned by digest.

## What it checks
Every `FROM` that names an external image without an `@sha256:` digest, after substituting the
build arguments declared before the first `FROM`. `FROM <stage>`, `scratch` and images whose
build arguments have no default are not reported; an image without any tag is reported by DF201
as well.

## Why it matters
A tag is a pointer the publisher can move: `python:3.13-slim` is rebuilt every few weeks, and a
compromised or mistaken push changes what your next build contains without any change to your
repository. A digest names exactly one image, so builds are reproducible and a supply-chain
change shows up as a reviewable diff. Keep the tag next to the digest for readers and for update
bots (Renovate and Dependabot bump both together).

## Example
```dockerfile
FROM python:3.13-slim
```

## Fix
```dockerfile
FROM python:3.13-slim@sha256:<digest of the image you tested>
```
`docker buildx imagetools inspect python:3.13-slim` prints the digest of the multi-platform
index.

## References
- https://docs.docker.com/reference/dockerfile/#from
- https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF202",
    name="base-image-no-digest",
    severity=Severity.INFO,
    category="supply-chain",
    summary="A stage builds on an image that is not pinned by digest",
    targets=("dockerfile",),
    references=(
        "https://docs.docker.com/reference/dockerfile/#from",
        "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
    ),
)


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    for stage, ref in dockerfile.external_bases():
        if ref.digest is not None:
            continue
        yield dockerfile.finding(
            RULE,
            f"`{ref.text}` is not pinned by digest, so the image behind the tag can change "
            f"between builds; append the @sha256 digest of the image you tested",
            stage.base_span,
        )
