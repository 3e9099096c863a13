"""A compose service logs to `json-file` without rotation.

## What it checks
Services whose `logging` uses the `json-file` driver (named, or left to the default while
`options` are given) without a `max-size` option. The `local` driver rotates by default
(20 MB files, 5 kept) and is not reported. Services without `logging` are not reported: the
daemon's `log-opts` may rotate for them.

## Why it matters
`json-file` keeps every line the container ever wrote in one file under `/var/lib/docker`
unless `max-size` is set. A chatty service fills the host's disk, and then every container on
the host fails.

## Example
```yaml
services:
  api:
    image: example/api:3.2.0
    logging:
      driver: json-file
```

## Fix
```yaml
    logging:
      driver: json-file
      options:
        max-size: "10m"
        max-file: "3"
```
or `driver: local`.

## References
- https://docs.docker.com/reference/compose-file/services/#logging
- https://docs.docker.com/engine/logging/drivers/json-file/
- https://docs.docker.com/engine/logging/drivers/local/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO606",
    name="compose-log-rotation",
    severity=Severity.LOW,
    category="reliability",
    summary="A compose service logs to `json-file` without `max-size`",
    targets=("compose-service",),
    references=("https://docs.docker.com/engine/logging/drivers/json-file/",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    logging = service.get("logging")
    if not isinstance(logging, dict):
        return
    driver = logging.get("driver")
    options = logging.get("options")
    if driver is None and options is None:
        return
    if driver is not None and str(driver).strip().lower() != "json-file":
        return
    if isinstance(options, dict) and options.get("max-size") not in (None, "", "-1"):
        return
    yield service.finding(
        RULE,
        f"service {service.name} logs to json-file without `max-size`: its log grows until the "
        'host\'s disk is full; add `options: {max-size: "10m", max-file: "3"}` or use the '
        "`local` driver",
        "logging",
        *(("driver",) if driver is not None else ()),
    )
