"""A compose service mounts the Docker socket or a sensitive host path.

## What it checks
Bind mounts (short `SOURCE:TARGET[:MODE]` or long `type: bind`) whose host source is the Docker
socket (`/var/run/docker.sock`, `/run/docker.sock`, critical) or one of the host's system
directories: `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`, `/usr`, `/lib`,
`/var/run`, `/run`, `/var/lib/docker`, `/var/lib/kubelet`, `/etc/kubernetes` and a few key
files (`/etc/shadow`, `/etc/sudoers`, `/root/.ssh`). Writable mounts are high, `:ro` ones
medium. Files below these directories (`/etc/localtime`) are not reported, nor the socket in a
filtering socket proxy (an image named `*socket-proxy*`), which is the recommended mitigation.

## Why it matters
The Docker socket is the Docker API: whoever reaches it starts a privileged container and owns
the host, and `:ro` does not help (a read-only bind of a socket still lets clients connect and
send requests). Writable system directories let the container change the host's configuration,
users or binaries; read-only ones still disclose secrets and host details.

## Example
```yaml
services:
  portal:
    image: example/portal:2.19.4
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - /etc:/host/etc
```

## Fix
Mount only the files the service needs, read-only. For Docker API access use a filtering proxy
that allows only the calls the service makes, or a rootless daemon.

## References
- https://docs.docker.com/reference/compose-file/services/#volumes
- https://docs.docker.com/engine/security/#docker-daemon-attack-surface
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeService
from seawall.rules.compose._shared import image_name, truthy

RULE = Rule(
    code="CO106",
    name="compose-sensitive-host-mount",
    severity=Severity.HIGH,
    category="security",
    summary="A compose service mounts the Docker socket or a sensitive host path",
    targets=("compose-service",),
    equivalents=(
        "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",
        "1c1325ff-831d-43a1-973e-839ae57dfcc0",
    ),
    references=(
        "https://docs.docker.com/reference/compose-file/services/#volumes",
        "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
    ),
)

_SOCKETS = {"/var/run/docker.sock", "/run/docker.sock"}
_SENSITIVE = {
    "/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/home", "/usr", "/lib",
    "/var/run", "/run", "/var/lib/docker", "/var/lib/kubelet", "/etc/kubernetes",
    "/etc/shadow", "/etc/sudoers", "/root/.ssh", "/var/lib", "/var",
}  # fmt: skip


def _mounts(service: ComposeService) -> Iterator[tuple[int, str, bool]]:
    """(index, host source, read-only) of every bind mount."""
    volumes = service.get("volumes")
    for index, item in enumerate(volumes if isinstance(volumes, list) else []):
        if isinstance(item, dict):
            if item.get("type") != "bind" or not isinstance(item.get("source"), str):
                continue
            yield index, item["source"], truthy(item.get("read_only"))
        elif isinstance(item, str):
            parts = item.split(":")
            if len(parts) < 2:
                continue
            modes = parts[2].split(",") if len(parts) > 2 else []
            yield index, parts[0], "ro" in modes


def check(service: ComposeService, ctx: RuleContext) -> Iterator[Finding]:
    for index, source, read_only in _mounts(service):
        path = source.rstrip("/") or "/"
        if path in _SOCKETS and "socket-proxy" in image_name(service):
            continue  # the filtering proxy is the mitigation: it holds the socket by design
        if path in _SOCKETS:
            yield service.finding(
                RULE,
                f"service {service.name} mounts the Docker socket {path}: it can start a "
                "privileged container and take over the host"
                + (" (`:ro` does not stop API calls through a socket)" if read_only else "")
                + "; use a filtering socket proxy or remove the mount",
                "volumes",
                index,
                severity=Severity.CRITICAL,
            )
        elif path in _SENSITIVE:
            how = "read-only" if read_only else "writable"
            yield service.finding(
                RULE,
                f"service {service.name} mounts the host's {path} ({how}): "
                + (
                    "it discloses host configuration and secrets"
                    if read_only
                    else "it can change the host's configuration, users or binaries"
                )
                + "; mount only the files it needs, read-only",
                "volumes",
                index,
                severity=Severity.MEDIUM if read_only else Severity.HIGH,
            )
