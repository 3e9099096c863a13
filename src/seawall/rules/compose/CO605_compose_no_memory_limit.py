"""A compose service has no memory limit.

## What it checks
Services with neither `deploy.resources.limits.memory` nor `mem_limit`.

## Why it matters
Without a limit a leaking or overloaded container takes memory from every other container and
from the host, until the kernel's OOM killer picks a victim, which may be the database next to
it or the Docker daemon. A limit confines the damage to the service that misbehaves.

## Example
```yaml
services:
  worker:
    image: example/worker:2.0.1
```

## Fix
```yaml
    deploy:
      resources:
        limits:
          memory: 512M
```
(`mem_limit: 512m` in the older syntax).

## References
- https://docs.docker.com/reference/compose-file/deploy/#resources
- https://docs.docker.com/engine/containers/resource_constraints/#memory
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import memory_limit

RULE = Rule(
    code="CO605",
    name="compose-no-memory-limit",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A compose service has no memory limit",
    targets=("compose-service",),
    equivalents=("bb9ac4f7-e13b-423d-a010-c74a1bfbe492",),
    references=("https://docs.docker.com/reference/compose-file/deploy/#resources",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    if memory_limit(service) is not None:
        return
    if service.get("mem_limit") is not None:
        return  # written, but not a size we understand (a variable): not judged
    yield service.finding(
        RULE,
        f"service {service.name} has no memory limit: a leak can exhaust the host and get other "
        "services OOM-killed; set `deploy.resources.limits.memory`",
        *(("deploy",) if service.get("deploy") is not None else ()),
    )
