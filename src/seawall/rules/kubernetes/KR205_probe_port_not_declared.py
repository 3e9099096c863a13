"""A probe targets a port the container does not declare.

## What it checks
The `port` of every `httpGet`, `tcpSocket` and `grpc` probe (liveness, readiness, startup) of
a container, against the container's own `ports`:

- a port written as a name must be the `name` of one of the container's ports: the kubelet
  looks it up there and nowhere else (high);
- a port written as a number is reported (low) when the container declares ports and none of
  them has that number. Declaring ports is optional, so containers that declare none are not
  judged.

Probes with an `httpGet.host` (they check another address) and values that are placeholders
(`${PORT}`, `{{ .Values.port }}`) are skipped.

## Why it matters
A named port the container does not declare cannot be resolved: the probe fails every time, so
a liveness or startup probe restarts the container in a loop and a readiness probe keeps it out
of every Service for ever. A numeric port that is not declared is often a typo (the probe then
fails the same way) or a port left out of `ports`, which Services and NetworkPolicies that refer
to ports by name cannot reach.

## Example
```yaml
ports:
  - {name: http, containerPort: 8080}
livenessProbe:
  httpGet: {path: /healthz, port: metrics}   # no port named metrics
readinessProbe:
  tcpSocket: {port: 8081}                    # not a declared port
```

## Fix
Use a declared port name or number, or declare the port the probe checks:
```yaml
ports:
  - {name: http, containerPort: 8080}
  - {name: health, containerPort: 8081}
```

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port
- https://docs.kubelinter.io/#/generated/checks
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.model.probes import container_ports, is_placeholder, probe, probe_ports

RULE = Rule(
    code="KR205",
    name="probe-port-not-declared",
    severity=Severity.HIGH,
    category="reliability",
    summary="A probe targets a port the container does not declare",
    targets=("pod-spec",),
    equivalents=(
        "kube-linter:liveness-port",
        "kube-linter:readiness-port",
        "kube-linter:startup-port",
    ),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    ),
)

_EFFECT = {
    "livenessProbe": "the probe always fails and the kubelet restarts the container in a loop",
    "startupProbe": "the probe always fails and the kubelet restarts the container in a loop",
    "readinessProbe": "the probe always fails and the pod never receives Service traffic",
}


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        ports = container_ports(container)
        names = {p.name for p in ports if p.name}
        numbers = {p.number for p in ports if p.number is not None}
        for target in probe_ports(container):
            action = (probe(container, target.field) or {}).get(target.handler)
            if isinstance(action, dict) and action.get("host") not in (None, ""):
                continue  # the probe checks another address
            value = target.value
            if is_placeholder(value) or (isinstance(value, str) and value.strip().isdigit()):
                continue  # a quoted number is KV001's (the API server rejects it)
            if isinstance(value, str):
                if value in names:
                    continue
                known = ", ".join(sorted(names)) or "none"
                yield container.finding(
                    RULE,
                    f'{container.label}\'s {target.field} checks the port named "{value}", which '
                    f"is not one of its port names ({known}): {_EFFECT[target.field]}; use a "
                    "declared name or declare the port",
                    *target.rel,
                    at_value=True,
                )
                continue
            number = value
            if not numbers or number in numbers:
                continue
            declared = ", ".join(str(n) for n in sorted(numbers))
            finding = container.finding(
                RULE,
                f"{container.label}'s {target.field} checks port {number}, which is not one of "
                f"its declared ports ({declared}): check the number, or add the port to `ports`",
                *target.rel,
                at_value=True,
            )
            yield replace(finding, severity=Severity.LOW)
