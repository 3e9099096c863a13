"""A compose service's image has no version tag, or uses `latest`.

## What it checks
The `image` of every service after interpolation: no tag (which means `latest`) or the tag
`latest`, without a digest. When the tag comes from the default of an interpolation such as
`${APP_VERSION:-latest}`, the finding points at that default inside the string: that is what
runs wherever the variable is not set. Images whose tag comes from a variable without a default
are not judged.

## Why it matters
`latest` moves: two hosts, or two runs of `docker compose pull`, get different images, a rollback
cannot return to the previous version, and a breaking upstream release arrives unannounced.

## Example
```yaml
services:
  app:
    image: myapp:${APP_VERSION:-latest}
  cache:
    image: redis
```

## Fix
Pin the version you tested (`redis:7.4.1`, ideally with its `@sha256:` digest); make a
variable's default a real version, or require it with `${APP_VERSION:?set the release}`.

## References
- https://docs.docker.com/reference/compose-file/services/#image
- https://docs.docker.com/reference/compose-file/interpolation/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.model.image import parse_image

RULE = Rule(
    code="CO201",
    name="compose-image-unpinned",
    severity=Severity.MEDIUM,
    category="supply-chain",
    summary="A compose service's image has no version tag, or uses `latest`",
    targets=("compose-service",),
    references=(
        "https://docs.docker.com/reference/compose-file/services/#image",
        "https://docs.docker.com/reference/compose-file/interpolation/",
    ),
)

_ADVICE = "pin the version you tested (a release tag, ideally with its @sha256 digest)"


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    image = service.image
    if not image or not image.strip():
        return
    ref = parse_image(image)
    if not ref.mutable_tag:
        return
    origin = service.origin("image")
    substitutions = origin.substitutions if origin else ()
    if any(not s.used_operand and not s.value for s in substitutions):
        return  # part of the name comes from a variable without a value here: unknown
    what = "uses the `latest` tag" if ref.tag == "latest" else "has no tag, so it means `latest`"
    for sub in substitutions:
        if sub.is_default and sub.used_operand and sub.operand and sub.depth == 0:
            operand = sub.operand
            at = operand.rfind("latest") if ref.tag == "latest" else -1
            start = sub.operand_start + (at if at >= 0 else 0)
            end = start + len("latest") if at >= 0 else sub.operand_end
            assert origin is not None
            yield service.finding(
                RULE,
                f"service {service.name}: image `{image}` {what} through the default of "
                f"`{sub.expression}` ({sub.name} is not set): {_ADVICE}, as the default too",
                "image",
                span=origin.span_in_value(start, end),
            )
            return
    span = None
    raw = origin.raw if origin else None
    if origin is not None and raw is not None and ref.tag == "latest" and raw.endswith(":latest"):
        span = origin.span_in_value(len(raw) - len("latest"), len(raw))
    yield service.finding(
        RULE,
        f"service {service.name}: image `{image}` {what}: every pull may get a different "
        f"image; {_ADVICE}",
        "image",
        at_value=True,
        span=span,
    )
