"""A compose service is given host devices.

## What it checks
Every entry of `devices` (`HOST[:CONTAINER[:PERMISSIONS]]` or the long form). Raw disks and
memory (`/dev/sd*`, `/dev/nvme*`, `/dev/mem`, `/dev/kmem`, `/dev/port`) are high; other
devices (GPUs, `/dev/net/tun`, serial ports) low, as a reminder to confirm them.

## Why it matters
A device node gives the container direct access to host hardware outside the kernel's
namespacing: a raw disk allows reading and rewriting the host's file systems, `/dev/mem`
the host's memory. Even benign devices widen the kernel attack surface.

## Example
```yaml
services:
  backup:
    image: example/backup:1.0.3
    devices:
      - /dev/sda:/dev/sda
```

## Fix
Remove devices the service does not need; give data through volumes instead of raw disks;
restrict permissions (`:r`) where a device must stay.

## References
- https://docs.docker.com/reference/compose-file/services/#devices
- https://docs.docker.com/reference/cli/docker/container/run/#device
"""

import re
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService

RULE = Rule(
    code="CO107",
    name="compose-host-device",
    severity=Severity.LOW,
    category="security",
    summary="A compose service is given host devices",
    targets=("compose-service",),
    references=("https://docs.docker.com/reference/compose-file/services/#devices",),
)

_RAW = re.compile(r"^/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|mem$|kmem$|port$)")


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    devices = service.get("devices")
    for index, item in enumerate(devices if isinstance(devices, list) else []):
        source = item.get("source") if isinstance(item, dict) else str(item).split(":")[0]
        if not isinstance(source, str) or not source:
            continue
        raw = bool(_RAW.match(source))
        yield service.finding(
            RULE,
            f"service {service.name} is given host device {source}: "
            + (
                "direct access to host disks or memory; remove it"
                if raw
                else "confirm it is needed and restrict its permissions"
            ),
            "devices",
            index,
            severity=Severity.HIGH if raw else None,
        )
