"""`EXPOSE` names a port that is not a valid port.

## What it checks
Each port of an `EXPOSE` instruction, after substituting `ENV` and `ARG` values: the number must
be between 1 and 65535, a range (`8000-8010`) must not run backwards, the protocol must be
`tcp`, `udp` or `sctp`, and the word must be a port at all. A host mapping such as `8080:80` is
reported: `EXPOSE` only declares the container's ports. Ports with variables that have no known
value are skipped.

## Why it matters
The builder rejects ports that do not fit in 16 bits and unknown protocols, so the build fails;
port 0 and mappings do not declare a port anyone can use. `EXPOSE` is documentation that tools
read (`docker run -P`, Compose, generated manifests), so a wrong value misleads them.

## Example
```dockerfile
EXPOSE 80800
EXPOSE 8080:80
EXPOSE 53/dns
```

## Fix
```dockerfile
EXPOSE 8080
EXPOSE 80
EXPOSE 53/udp
```
Publish ports on the host with `docker run -p 8080:80` or Compose's `ports:`, not in the image.

## References
- https://docs.docker.com/reference/dockerfile/#expose
- https://github.com/hadolint/hadolint/wiki/DL3011
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.dockerfile import ExposedPort
from seawall.model.dockerfile_view import DockerfileView

RULE = Rule(
    code="DF603",
    name="invalid-exposed-port",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="EXPOSE names a port that is not a valid port",
    targets=("dockerfile",),
    equivalents=("DL3011", "DS008"),
    references=("https://docs.docker.com/reference/dockerfile/#expose",),
)

_PROTOCOLS = frozenset({"tcp", "udp", "sctp"})
_MAX = 65535


def check(dockerfile: DockerfileView, ctx: RuleContext) -> Iterator[Finding]:
    image = dockerfile.image
    if image is None:
        return
    seen: set[tuple[int, int, str]] = set()
    for config in image.configs:  # every stage; inherited ports repeat, hence `seen`
        for port in config.exposed_ports:
            key = (port.instruction.span.offset, port.span.offset, port.value)
            if key in seen:
                continue
            seen.add(key)
            problem = _problem(port)
            if problem is not None:
                yield dockerfile.finding(RULE, problem, port.span)


def _problem(port: ExposedPort) -> str | None:
    value = port.value
    if port.port is None:
        if port.unresolved or not value:
            return None
        if ":" in value:
            container = value.rsplit(":", 1)[-1]
            return (
                f"EXPOSE `{value}` looks like a host mapping, but EXPOSE only declares the "
                f"container's port: write `EXPOSE {container}` and publish it with "
                "`docker run -p` or Compose `ports:`"
            )
        return f"EXPOSE `{value}` is not a port: write a number, a range or `port/protocol`"
    if not 1 <= port.port <= _MAX:
        return (
            f"EXPOSE `{value}`: port {port.port} is outside 1-65535; write the port the service "
            "listens on"
        )
    if port.end_port is not None:
        if port.end_port > _MAX:
            return (
                f"EXPOSE `{value}`: port {port.end_port} is outside 1-65535; end the range at "
                "65535 or below"
            )
        if port.end_port < port.port:
            return f"EXPOSE `{value}`: the range runs backwards; write {port.end_port}-{port.port}"
    if port.protocol not in _PROTOCOLS:
        return f"EXPOSE `{value}`: `{port.protocol}` is not a protocol; use tcp, udp or sctp"
    return None
