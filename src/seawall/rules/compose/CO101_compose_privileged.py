"""A compose service runs privileged.

## What it checks
Services of a compose project (after merging override files and `extends`) with
`privileged: true`. The finding points at the file and line that set it.

## Why it matters
A privileged container gets every Linux capability and access to all host devices; the kernel no
longer separates it from the host. Anyone who compromises the process owns the machine.

## Example
```yaml
services:
  agent:
    image: example/agent:1.4.2
    privileged: true
```

## Fix
Remove `privileged: true`; add the few capabilities the service needs with `cap_add` and the
devices with `devices`.

## References
- https://docs.docker.com/reference/compose-file/services/#privileged
- https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO101",
    name="compose-privileged",
    severity=Severity.HIGH,
    category="security",
    summary="A compose service runs privileged",
    targets=("compose-service",),
    equivalents=("ae5b6871-7f45-42e0-bb4c-ab300c4d2026",),
    references=("https://docs.docker.com/reference/compose-file/services/#privileged",),
)


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    value = service.get("privileged")
    if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
        yield service.finding(
            RULE,
            f"service {service.name} runs privileged: it gets every capability and all host "
            "devices; remove `privileged` and add only the capabilities it needs (`cap_add`)",
            "privileged",
        )
