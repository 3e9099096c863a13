"""A compose service lets its processes gain privileges (no `no-new-privileges`).

## What it checks
Services whose `security_opt` does not contain `no-new-privileges:true` (also written
`no-new-privileges` or `no-new-privileges=true`).

## Why it matters
Without the flag a process can gain privileges through setuid or setgid binaries or file
capabilities in the image (`su`, `sudo`, `ping` ...). With it, `execve` never grants more than
the parent had, which closes a common escalation path at no cost for most services.

## Example
```yaml
services:
  api:
    image: example/api:3.2.0
```

## Fix
```yaml
    security_opt:
      - no-new-privileges:true
```
Or set `"no-new-privileges": true` in the daemon's `daemon.json` for every container.

## References
- https://docs.docker.com/reference/compose-file/services/#security_opt
- https://docs.docker.com/reference/cli/docker/container/run/#security-opt
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO103",
    name="compose-no-new-privileges-unset",
    severity=Severity.LOW,
    category="security",
    summary="A compose service does not set `security_opt: [no-new-privileges:true]`",
    targets=("compose-service",),
    equivalents=("27fcc7d6-c49b-46e0-98f1-6c082a6a2750",),
    references=("https://docs.docker.com/reference/compose-file/services/#security_opt",),
)

_ON = {"no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"}


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    options = service.get("security_opt")
    if isinstance(options, list) and any(
        str(o).strip().lower().replace(" ", "") in _ON for o in options
    ):
        return
    yield service.finding(
        RULE,
        f"service {service.name} does not set `no-new-privileges`: setuid binaries in the "
        "image can raise a process's privileges; add `security_opt: [no-new-privileges:true]`",
        *(("security_opt",) if options is not None else ()),
    )
