"""A compose service adds a dangerous Linux capability, or adds capabilities without dropping
the defaults.

## What it checks
`cap_add` entries that give a container host-level power (`ALL`, `SYS_ADMIN`, `SYS_MODULE`,
`SYS_PTRACE`, `SYS_RAWIO`, `SYS_BOOT`, `NET_ADMIN`, `DAC_READ_SEARCH`, `DAC_OVERRIDE`, `BPF`,
`PERFMON`, `SYS_TIME`, `MAC_ADMIN`, `MAC_OVERRIDE`, `SETFCAP`, `LINUX_IMMUTABLE`,
`NET_RAW` ...), one finding each, and a service with `cap_add` but without `cap_drop: [ALL]`
(low). Names are compared without the `CAP_` prefix and case.

## Why it matters
`SYS_ADMIN` alone allows mounting file systems and most container escapes; `SYS_MODULE` loads
kernel modules; `SYS_PTRACE` reads other processes' memory; `NET_ADMIN` rewrites the host's
firewall in host network mode; `DAC_READ_SEARCH` opens any file by handle (the "shocker"
escape). Adding capabilities on top of Docker's default set keeps the defaults the service
usually does not need either.

## Example
```yaml
services:
  vpn:
    image: example/vpn:2.1.0
    cap_add: [NET_ADMIN, SYS_ADMIN]
```

## Fix
Drop everything and add back only what the process needs:
`cap_drop: [ALL]` and `cap_add: [NET_BIND_SERVICE]`. Replace `SYS_ADMIN` with a narrower
mechanism (a device, a volume, a sysctl).

## References
- https://docs.docker.com/reference/compose-file/services/#cap_add
- https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
- https://man7.org/linux/man-pages/man7/capabilities.7.html
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO102",
    name="compose-dangerous-capability",
    severity=Severity.LOW,
    category="security",
    summary="A compose service adds a dangerous capability, or adds any without `cap_drop: [ALL]`",
    targets=("compose-service",),
    equivalents=("ce76b7d0-9e77-464d-b86f-c5c48e03e22d",),
    references=(
        "https://docs.docker.com/reference/compose-file/services/#cap_add",
        "https://man7.org/linux/man-pages/man7/capabilities.7.html",
    ),
)

_HIGH = {
    "ALL": "every capability, as good as `privileged`",
    "SYS_ADMIN": "mounts, namespaces and most known container escapes",
    "SYS_MODULE": "loading kernel modules into the host kernel",
    "SYS_RAWIO": "raw I/O on host devices and memory",
    "DAC_READ_SEARCH": "opening any host file by handle (the `shocker` escape)",
    "SYS_PTRACE": "reading and changing other processes' memory",
    "BPF": "loading eBPF programs into the kernel",
    "SYS_BOOT": "rebooting the host",
}
_MEDIUM = {
    "NET_ADMIN": "changing interfaces, routes and firewall rules",
    "DAC_OVERRIDE": "bypassing file permission checks",
    "PERFMON": "kernel performance monitoring",
    "SYS_TIME": "setting the host clock",
    "MAC_ADMIN": "changing the AppArmor/SELinux policy",
    "MAC_OVERRIDE": "bypassing AppArmor/SELinux",
    "SETFCAP": "giving files capabilities",
    "LINUX_IMMUTABLE": "changing immutable file flags",
    "NET_RAW": "raw sockets (spoofing)",
    "SYSLOG": "reading the kernel log",
}


def _name(value: object) -> str:
    return str(value).strip().upper().removeprefix("CAP_")


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    added = service.get("cap_add")
    if not isinstance(added, list) or not added:
        return
    dropped = service.get("cap_drop")
    drops_all = isinstance(dropped, list) and any(_name(d) == "ALL" for d in dropped)
    for index, item in enumerate(added):
        cap = _name(item)
        if cap in _HIGH:
            what, severity = _HIGH[cap], Severity.HIGH
        elif cap in _MEDIUM:
            what, severity = _MEDIUM[cap], Severity.MEDIUM
        else:
            continue
        yield service.finding(
            RULE,
            f"service {service.name} adds capability {cap}: {what}; grant a narrower "
            "capability or mechanism, or document why it is needed",
            "cap_add",
            index,
            severity=severity,
        )
    if not drops_all:
        yield service.finding(
            RULE,
            f"service {service.name} adds capabilities but keeps Docker's default set: add "
            "`cap_drop: [ALL]` so it holds only what `cap_add` lists",
            "cap_add",
        )
