"""A compose service depends on a service with a healthcheck but does not wait for it.

## What it checks
`depends_on` entries (list form, or mapping form without `condition: service_healthy`) that
name a service of the project that defines a `healthcheck`.

## Why it matters
Plain `depends_on` only orders container starts: the dependent starts as soon as the
dependency's container exists, while the database is still initialising. The app then fails its
first connections, crash-loops or caches a broken state. The dependency already knows when it is
ready; `condition: service_healthy` makes compose wait for that.

## Example
```yaml
services:
  app:
    image: example/app:1.0.0
    depends_on: [db]
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
```

## Fix
```yaml
    depends_on:
      db:
        condition: service_healthy
```

## References
- https://docs.docker.com/reference/compose-file/services/#depends_on
- https://docs.docker.com/compose/how-tos/startup-order/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import truthy

RULE = Rule(
    code="CO602",
    name="compose-depends-on-not-healthy",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="`depends_on` a service with a healthcheck, without `condition: service_healthy`",
    targets=("compose-service",),
    references=("https://docs.docker.com/compose/how-tos/startup-order/",),
)


def _has_healthcheck(service: ComposeService) -> bool:
    healthcheck = service.get("healthcheck")
    return isinstance(healthcheck, dict) and not truthy(healthcheck.get("disable"))


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    depends = service.get("depends_on")
    others = {s.name: s for s in service.project.services}
    entries: list[tuple[str, tuple[str | int, ...], str | None]] = []
    if isinstance(depends, list):
        entries = [(str(d), ("depends_on", i), None) for i, d in enumerate(depends)]
    elif isinstance(depends, dict):
        for name, spec in depends.items():
            condition = spec.get("condition") if isinstance(spec, dict) else None
            entries.append((str(name), ("depends_on", name), str(condition or "")))
    for name, path, condition in entries:
        other = others.get(name)
        if other is None or not _has_healthcheck(other) or condition == "service_healthy":
            continue
        how = f"`condition: {condition}`" if condition else "a plain `depends_on`"
        yield service.finding(
            RULE,
            f"service {service.name} depends on {name} with {how}, which waits only for the "
            f"container to start; {name} has a healthcheck: use `condition: service_healthy`",
            *path,
        )
