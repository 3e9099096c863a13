"""A compose service shares a host namespace (network, PID, IPC or user).

## What it checks
`network_mode: host`, `pid: host`, `ipc: host` and `userns_mode: host`.

## Why it matters
Host networking removes network isolation: the container binds the host's interfaces and
reaches services listening on the host's loopback. The host PID namespace shows and (with
ptrace or signals) touches every host process; host IPC exposes shared memory of host
processes; `userns_mode: host` turns off user-namespace remapping where the daemon enables it,
so root in the container is root on the host.

## Example
```yaml
services:
  agent:
    image: example/agent:1.4.2
    network_mode: host
    pid: host
```

## Fix
Remove the setting; publish the ports the service needs (`ports:`) and use the compose network
to reach other services.

## References
- https://docs.docker.com/reference/compose-file/services/#network_mode
- https://docs.docker.com/reference/compose-file/services/#pid
- https://docs.docker.com/reference/compose-file/services/#ipc
- https://docs.docker.com/reference/compose-file/services/#userns_mode
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO105",
    name="compose-host-namespace",
    severity=Severity.HIGH,
    category="security",
    summary="A compose service shares the host's network, PID, IPC or user namespace",
    targets=("compose-service",),
    equivalents=(
        "071a71ff-f868-47a4-ac0b-3c59e4ab5443",
        "4f31dd9f-2cc3-4751-9b53-67e4af83dac0",
        "baa3890f-bed7-46f5-ab8f-1da8fc91c729",
        "8af7162d-6c98-482f-868e-0d33fb675ca8",
    ),
    references=(
        "https://docs.docker.com/reference/compose-file/services/#network_mode",
        "https://docs.docker.com/reference/compose-file/services/#pid",
    ),
)

_WHAT = {
    "network_mode": "the host's network stack: no network isolation, host loopback services "
    "reachable",
    "pid": "the host's process namespace: every host process is visible and can be signalled",
    "ipc": "the host's IPC namespace: host shared memory is readable",
    "userns_mode": "the host's user namespace: root in the container is root on the host",
}


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    for key, what in _WHAT.items():
        value = service.get(key)
        if isinstance(value, str) and value.strip().lower() == "host":
            yield service.finding(
                RULE,
                f"service {service.name} sets `{key}: host` and shares {what}; remove it",
                key,
            )
