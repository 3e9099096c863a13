"""A compose service builds from a Dockerfile that does not exist.

## What it checks
Services with `build:` whose Dockerfile, resolved as compose resolves it (the `context`
relative to the compose file that wrote it, `dockerfile` relative to the context), is not on
disk. When the scan holds exactly one Dockerfile with the same distinctive file name elsewhere
(not plain `Dockerfile`), the message names it: it is probably the one meant. Remote contexts
(Git URLs) and `dockerfile_inline` are not judged.

## Why it matters
`docker compose build` and `up --build` fail for the whole project; where images are pulled
instead, the stale image of an older build runs while everyone believes the Dockerfile in the
repository describes it.

## Example
```yaml
services:
  app:
    build:
      context: .
      dockerfile: Dockerfile.prod   # there is only docker/Dockerfile.prod
```

## Fix
Point `context` at the directory the build needs (the one its `COPY` sources are relative to)
and `dockerfile` at the file, relative to that context (`context: ..`,
`dockerfile: docker/Dockerfile.prod`).

## References
- https://docs.docker.com/reference/compose-file/build/#context
- https://docs.docker.com/reference/compose-file/build/#dockerfile
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO701",
    name="compose-build-dockerfile-missing",
    severity=Severity.HIGH,
    category="correctness",
    summary="A compose service builds from a Dockerfile that does not exist",
    targets=("compose-service",),
    references=(
        "https://docs.docker.com/reference/compose-file/build/#context",
        "https://docs.docker.com/reference/compose-file/build/#dockerfile",
    ),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    build = service.build
    if build is None or build.exists is not False:
        return
    hint = ""
    if build.likely is not None:
        hint = (
            f"; the scan has a Dockerfile of that name at {build.likely.source.display}, "
            "probably the one meant"
        )
    field = ("build", "dockerfile") if isinstance(service.get("build"), dict) else ("build",)
    if isinstance(service.get("build"), dict) and "dockerfile" not in service.get("build"):
        field = ("build",)
    yield service.finding(
        RULE,
        f"service {service.name} builds from {build.display} (context `{build.context}`, "
        f"dockerfile `{build.dockerfile}`, relative to the compose file), which does not exist: "
        f"`docker compose build` fails{hint}",
        *field,
    )
