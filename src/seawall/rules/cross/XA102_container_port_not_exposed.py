"""A containerPort that the image's Dockerfile does not EXPOSE.

## What it checks
Containers whose image is built by a Dockerfile of the scan set (matched by the configuration's
`images`, a compose service's `build` + `image`, or the Dockerfile's name) and whose image
`EXPOSE`s at least one port: every `ports[].containerPort` (with its protocol, TCP by default)
must be one the image exposes. Medium when none of the container's ports is exposed (the
manifest and the image disagree on the port), low when only some are (often an extra metrics
or admin port the Dockerfile does not mention). Images without `EXPOSE`, or whose `EXPOSE`
depends on a build argument without a default, are not judged.

## Why it matters
`EXPOSE` documents the port the process listens on; Kubernetes does not read it. A
`containerPort` that differs usually means a Service, probe or NetworkPolicy built on it sends
traffic to a port where nothing listens: endpoints stay unready or requests are refused, and
only after deployment.

## Example
```dockerfile
FROM node:22-alpine
EXPOSE 3000
CMD ["node", "server.js"]
```
```yaml
      containers:
        - name: web
          image: registry.example.com/team/web:2.1.0
          ports:
            - containerPort: 80     # the image listens on 3000
```

## Fix
Make the two agree: set `containerPort` (and the Service's `targetPort`, the probes) to the port
the process listens on, or change the `EXPOSE` (and the application) if the manifest is right.

## References
- https://docs.docker.com/reference/dockerfile/#expose
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
"""

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.built_images import BuiltImage
from seawall.model.dockerfile import ExposedPort
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.rules.cross._shared import containers_with_images, where

RULE = Rule(
    code="XA102",
    name="container-port-not-exposed",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A containerPort that the image's Dockerfile does not EXPOSE",
    targets=("pod-spec",),
    references=(
        "https://docs.docker.com/reference/dockerfile/#expose",
        "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container, built in containers_with_images(pod, ctx):
        yield from _compare(container, built)


def _declared(container: ContainerView) -> list[tuple[int, int, str]]:
    """``(index, containerPort, protocol)`` of every port written as a number."""
    ports = container.body.get("ports")
    out: list[tuple[int, int, str]] = []
    if not isinstance(ports, list):
        return out
    for index, item in enumerate(ports):
        if not isinstance(item, dict):
            continue
        number: Any = item.get("containerPort")
        protocol = item.get("protocol")
        if isinstance(number, int) and not isinstance(number, bool):
            out.append((index, number, str(protocol or "TCP").lower()))
    return out


def _exposes(exposed: list[ExposedPort], number: int, protocol: str) -> bool:
    for port in exposed:
        assert port.port is not None
        last = port.end_port if port.end_port is not None else port.port
        if port.protocol == protocol and port.port <= number <= last:
            return True
    return False


def _describe(exposed: list[ExposedPort], built: BuiltImage) -> str:
    """``EXPOSE 8080 at docker/Dockerfile:7``, one entry per EXPOSE instruction."""
    seen: dict[int, str] = {}
    for port in exposed:
        line = port.instruction.span.line
        seen.setdefault(line, f"`EXPOSE {port.instruction.args}` at {built.at(line)}")
    return ", ".join(seen.values())


def _compare(container: ContainerView, built: BuiltImage) -> Iterator[Finding]:
    exposed = built.image.exposed_ports
    if not exposed or any(p.port is None or p.unresolved for p in exposed):
        return
    declared = _declared(container)
    missing = [(i, n, p) for i, n, p in declared if not _exposes(exposed, n, p)]
    if not missing:
        return
    none_match = len(missing) == len(declared)
    image_ports = _describe(exposed, built)
    for index, number, protocol in missing:
        shown = f"{number}" if protocol == "tcp" else f"{number}/{protocol.upper()}"
        consequence = (
            "the manifest and the image disagree on the port, so traffic sent to it likely "
            "reaches nothing; set containerPort (and the Service targetPort and probes) to the "
            "port the process listens on, or fix the EXPOSE"
            if none_match
            else "if the process does listen there, add it to the EXPOSE; else remove the port"
        )
        message = (
            f"{where(container)} declares containerPort {shown}, which its image does not "
            f"expose ({image_ports}): {consequence}"
        )
        finding = container.finding(RULE, message, "ports", index, "containerPort", at_value=True)
        yield finding if none_match else replace(finding, severity=Severity.LOW)
