"""A compose service sets both `restart` and `deploy.restart_policy`.

## What it checks
Services with a `restart` attribute and a `deploy.restart_policy`.

## Why it matters
The two describe the same thing in different vocabularies. Compose applies
`deploy.restart_policy` when it is present and treats `restart` as the fallback; Swarm reads
only `deploy.restart_policy`. A reader who sees `restart: unless-stopped` expects the service to
come back forever, while `restart_policy` may stop after a few attempts.

## Example
```yaml
services:
  app:
    image: example/app:1.0.0
    restart: unless-stopped
    deploy:
      restart_policy:
        condition: on-failure
        max_attempts: 3
```

## Fix
Keep one: `restart` for plain `docker compose`, `deploy.restart_policy` for Swarm or when
`max_attempts` / `window` are wanted.

## References
- https://docs.docker.com/reference/compose-file/services/#restart
- https://docs.docker.com/reference/compose-file/deploy/#restart_policy
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO604",
    name="compose-conflicting-restart",
    severity=Severity.LOW,
    category="correctness",
    summary="A compose service sets both `restart` and `deploy.restart_policy`",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/deploy/#restart_policy",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    restart = service.get("restart")
    deploy = service.get("deploy")
    if restart is None or not isinstance(deploy, dict):
        return
    policy = deploy.get("restart_policy")
    if not isinstance(policy, dict):
        return
    condition = policy.get("condition", "any")
    attempts = policy.get("max_attempts")
    limit = f" up to {attempts} attempts" if attempts is not None else ""
    restart_text = "no" if restart is False else str(restart)
    yield service.finding(
        RULE,
        f"service {service.name} sets `restart: {restart_text}` and `deploy.restart_policy` "
        f"(condition {condition}{limit}); the restart policy wins where it is read, so "
        "`restart` is misleading: keep one",
        "restart",
    )
