"""A Service's `targetPort` is not a port of the containers it selects.

## What it checks
For every port of a `v1` `Service` with a selector, the `targetPort` (the `port` when absent) is
compared with the containers of the pod templates the selector matches (regular containers and
sidecar init containers, `restartPolicy: Always`):

- a named `targetPort` must be the `name` of a container port of a selected pod;
- a numeric `targetPort` must be a `containerPort` of a selected pod. Declaring container ports
  is optional (a process may listen on a port it does not declare), so a number is only
  reported when every selected pod template declares its ports, none has that number, no other
  numeric port of the Service is among the declared ones (which would show that the pods
  declare only some of their ports, often leaving out a metrics port), and no serving
  container's `command`, `args` or `env` values mention the number (`--port=18080`).

Ports whose value is a placeholder (`${PORT}`, `PORT`) are not judged.

The message names the selected workloads and the ports they have. Services that select no pod
are `KG101`'s concern.

## Why it matters
Traffic to a Service goes to the pods' `targetPort`. A named port no container declares gives
the Service no endpoints for that port; a number nobody listens on makes every connection fail
although the pods are healthy, a mistake that only shows once traffic flows.

## Example
```yaml
kind: Service
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: http          # the api container names its port "web"
```

## Fix
Point `targetPort` at a port the container declares (by number or by name), or declare the port
in the container.

## References
- https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
- https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
"""

import re
from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from, resource_label
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.model.resource import Resource

RULE = Rule(
    code="KG102",
    name="target-port-not-exposed",
    severity=Severity.HIGH,
    category="correctness",
    summary="A Service targetPort is not a port of the containers it selects",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/services-networking/service/",),
)


_PORT_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$")
Ports = list[tuple[int | None, str | None]]


def _serving(pod: PodSpecView) -> Iterator[ContainerView]:
    for container in pod.containers:
        if container.group == "containers" or (
            container.group == "initContainers" and container.body.get("restartPolicy") == "Always"
        ):
            yield container


def container_ports(pod: PodSpecView) -> Ports | None:
    """(containerPort, name) of every serving container of the pod; None when a port number
    is not a number (a placeholder), so the pod cannot be judged."""
    found: Ports = []
    for container in _serving(pod):
        ports = container.body.get("ports")
        for port in ports if isinstance(ports, list) else ():
            if not isinstance(port, dict):
                continue
            number, name = port.get("containerPort"), port.get("name")
            if not isinstance(number, int) or isinstance(number, bool):
                return None
            found.append((number, name if isinstance(name, str) else None))
    return found


def _mentions(pod: PodSpecView, number: int) -> bool:
    """Whether a serving container's command, args or environment names the port number
    (``--metrics-bind-address=:8443``, ``--port 18080``): it listens on an undeclared port."""
    pattern = re.compile(rf"(?<!\d){number}(?!\d)")
    for container in _serving(pod):
        words: list[object] = []
        for field in ("command", "args"):
            value = container.body.get(field)
            if isinstance(value, list):
                words.extend(value)
        env = container.body.get("env")
        for item in env if isinstance(env, list) else ():
            if isinstance(item, dict):
                words.append(item.get("value"))
        if any(pattern.search(str(w)) for w in words if isinstance(w, str | int)):
            return True
    return False


def describe(pods: tuple[PodSpecView, ...], ports: dict[int, Ports]) -> str:
    parts = []
    for pod in pods[:3]:
        listed = ", ".join(f"{n}" + (f" ({name})" if name else "") for n, name in ports[id(pod)])
        parts.append(f"{resource_label(pod.resource)} has {listed or 'no declared port'}")
    more = f" and {len(pods) - 3} more" if len(pods) > 3 else ""
    return "; ".join(parts) + more


def _target(port: dict[str, Any]) -> tuple[int | str | None, str]:
    """The target port (number or name) and the field it comes from; None for a placeholder."""
    field = "targetPort" if port.get("targetPort") is not None else "port"
    value = port.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        return value, field
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip()), field
    if isinstance(value, str) and _PORT_NAME.match(value.strip()):
        return value.strip(), field
    return None, field


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Service":
        return
    edge = next((e for e in edges_from(ctx.graph, resource) if e.kind == "selects"), None)
    if edge is None or not edge.pods:
        return
    spec = resource.body.get("spec")
    raw_ports = spec.get("ports") if isinstance(spec, dict) else None
    if not isinstance(raw_ports, list):
        return
    ports: dict[int, Ports] = {}
    for pod in edge.pods:
        found = container_ports(pod)
        if found is None:
            return
        ports[id(pod)] = found
    declared = {n for found in ports.values() for n, _ in found}
    targets = [_target(p) if isinstance(p, dict) else (None, "") for p in raw_ports]
    # a Service whose other numeric ports are declared by the pods shows that the pods declare
    # only some of the ports they listen on (metrics ports are often left out)
    aligned = any(isinstance(t, int) and t in declared for t, _ in targets)
    for index, (target, field) in enumerate(targets):
        if target is None:
            continue
        if isinstance(target, str):
            if any(name == target for pod in edge.pods for _, name in ports[id(pod)]):
                continue
            problem = f"targetPort {target!r} is not the name of any port of the selected pods"
        else:
            if not all(ports[id(pod)] for pod in edge.pods):
                continue  # a pod that declares no port may listen on any
            if any(number == target for pod in edge.pods for number, _ in ports[id(pod)]):
                continue
            if aligned or any(_mentions(pod, target) for pod in edge.pods):
                continue
            problem = f"target port {target} is not a containerPort of the selected pods"
        yield resource.finding(
            RULE,
            f"{edge.source_label}: {problem} ({describe(edge.pods, ports)}); point it at a "
            "declared port or declare the port in the container",
            "spec",
            "ports",
            index,
            field,
            at_value=True,
        )
