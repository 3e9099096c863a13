"""A compose service's root file system is writable.

## What it checks
Services without `read_only: true`.

## Why it matters
A writable root file system lets an intruder drop tools, change binaries and configuration of
the running service, and persist until the container is recreated. A read-only root with
`tmpfs` mounts for scratch directories and volumes for data makes such changes impossible and
makes the service's real write paths explicit.

## Example
```yaml
services:
  api:
    image: example/api:3.2.0
```

## Fix
```yaml
    read_only: true
    tmpfs:
      - /tmp
```
and a named volume for each directory that must keep data.

## References
- https://docs.docker.com/reference/compose-file/services/#read_only
- https://docs.docker.com/reference/compose-file/services/#tmpfs
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import truthy

RULE = Rule(
    code="CO104",
    name="compose-writable-root-filesystem",
    severity=Severity.LOW,
    category="security",
    summary="A compose service's root file system is writable (no `read_only: true`)",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/services/#read_only",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    value = service.get("read_only")
    if truthy(value):
        return
    yield service.finding(
        RULE,
        f"service {service.name} has a writable root file system: set `read_only: true` and "
        "give the paths it writes a `tmpfs` or a volume",
        *(("read_only",) if value is not None else ()),
        at_value=value is not None,
    )
