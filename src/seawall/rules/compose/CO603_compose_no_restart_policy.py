"""A compose service has no restart policy.

## What it checks
Services with neither `restart` nor `deploy.restart_policy`.

## Why it matters
Docker's default is `no`: after a crash, an out-of-memory kill or a host reboot the service stays
down until someone starts it by hand.

## Example
```yaml
services:
  api:
    image: example/api:3.2.0
```

## Fix
`restart: unless-stopped` for long-running services (or `on-failure` to stop retrying
deliberate exits); `restart: "no"` states that a one-shot job is meant to run once.

## References
- https://docs.docker.com/reference/compose-file/services/#restart
- https://docs.docker.com/engine/containers/start-containers-automatically/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO603",
    name="compose-no-restart-policy",
    severity=Severity.LOW,
    category="reliability",
    summary="A compose service has no restart policy",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/services/#restart",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    if service.get("restart") is not None:
        return
    deploy = service.get("deploy")
    if isinstance(deploy, dict) and deploy.get("restart_policy") is not None:
        return
    yield service.finding(
        RULE,
        f"service {service.name} has no restart policy: after a crash or a reboot it stays "
        'down; set `restart: unless-stopped` (or `restart: "no"` for a one-shot job)',
    )
