"""A long-running compose service has no healthcheck.

## What it checks
Services without a `healthcheck` (or with `healthcheck.disable: true`), unless they are one-shot
(`restart: "no"`) or built from a scanned Dockerfile whose final image has a `HEALTHCHECK`.
Services started from an image may inherit the image's own `HEALTHCHECK`, which a compose file
cannot show; the message says so.

## Why it matters
Without a healthcheck Docker only knows whether the process runs, not whether it serves:
`depends_on: condition: service_healthy` cannot wait for it, `docker compose up --wait` cannot
tell when the stack is ready, and a hung process stays "Up" forever.

## Example
```yaml
services:
  api:
    image: example/api:3.2.0
```

## Fix
```yaml
    healthcheck:
      test: ["CMD", "/app/healthcheck"]
      interval: 30s
      timeout: 5s
      retries: 3
```

## References
- https://docs.docker.com/reference/compose-file/services/#healthcheck
- https://docs.docker.com/reference/dockerfile/#healthcheck
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.model.dockerfile import final_image
from seawall.rules.compose._shared import truthy

RULE = Rule(
    code="CO601",
    name="compose-no-healthcheck",
    severity=Severity.LOW,
    category="reliability",
    summary="A long-running compose service has no healthcheck",
    targets=("compose-service",),
    equivalents=("698ed579-b239-4f8f-a388-baa4bcb13ef8",),
    references=("https://docs.docker.com/reference/compose-file/services/#healthcheck",),
)


def _one_shot(service: ComposeService) -> bool:
    restart = service.get("restart")
    return restart is False or (isinstance(restart, str) and restart.strip().lower() == "no")


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    healthcheck = service.get("healthcheck")
    disabled = isinstance(healthcheck, dict) and truthy(healthcheck.get("disable"))
    if isinstance(healthcheck, dict) and not disabled:
        return
    if _one_shot(service):
        return
    build = service.build
    if build is not None and build.view is not None and not disabled:
        image = final_image(build.view.doc, target=build.target)
        if image is not None and image.healthcheck is not None:
            return
    if disabled:
        yield service.finding(
            RULE,
            f"service {service.name} disables its healthcheck: Docker cannot tell a hung "
            "service from a healthy one; define a check instead",
            "healthcheck",
            "disable",
        )
        return
    inherited = (
        " (unless its image defines a HEALTHCHECK)" if build is None and service.image else ""
    )
    yield service.finding(
        RULE,
        f"service {service.name} has no healthcheck{inherited}: dependents cannot wait for it "
        "to be ready and a hung process stays `Up`; add `healthcheck:`",
    )
