"""Two container ports of a pod clash: the same name, number or host port.

## What it checks
The `ports` of the pod's containers, for:

- a port `name` used twice in one container (of any kind): the API server rejects the pod
  (high);
- a `hostPort` used twice with the same protocol and host address in one pod: rejected too
  (high);
- a port name used by two containers of the pod (medium): a Service `targetPort` or probe that
  names it is ambiguous;
- the same `containerPort` and protocol declared twice in the pod, in one container or two
  (medium): containers of a pod share one network namespace, so only one process can listen
  on it; the API server accepts it with a warning.

Across containers only the regular containers and sidecars (`restartPolicy: Always`) are
compared: other init containers run alone, before them.

## Why it matters
A rejected pod never starts: for a workload, the rollout stalls. Ports declared twice mean two
processes expect the same socket: the second fails to bind at runtime, or the declaration is a
copy-and-paste mistake and the real port is missing; a name declared by two containers sends
Service traffic to whichever the endpoints controller finds first.

## Example
```yaml
containers:
  - name: app
    ports:
      - {name: http, containerPort: 8080}
      - {name: http, containerPort: 8443}
```

## Fix
Give every port of the pod its own name and number:
```yaml
    ports:
      - {name: http, containerPort: 8080}
      - {name: https, containerPort: 8443}
```

## References
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
- https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.model.probes import ContainerPort, container_ports, is_placeholder, is_sidecar

RULE = Rule(
    code="KR208",
    name="duplicate-container-port",
    severity=Severity.HIGH,
    category="correctness",
    summary="Two container ports of a pod share a name, a number or a host port",
    targets=("pod-spec",),
    equivalents=("kube-score:container-ports-check",),
    references=(
        "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
    ),
)

Seen = tuple[ContainerView, ContainerPort]


def _where(first: Seen, container: ContainerView) -> str:
    owner = first[0]
    return "" if owner is container else f" of {owner.label}"


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    names: dict[str, Seen] = {}
    numbers: dict[tuple[int, str], Seen] = {}
    host_ports: dict[tuple[int, str, str], Seen] = {}
    for container in pod.containers:
        # plain init containers run before the others, one at a time: they clash with nobody
        shared = container.group == "containers" or is_sidecar(container)
        own_names: set[str] = set()
        for port in container_ports(container):
            rel = ("ports", port.index)
            name = port.name
            if name and not is_placeholder(name, bare_words=False):
                if name in own_names:
                    yield container.finding(
                        RULE,
                        f'{container.label} declares the port name "{name}" twice: port names '
                        "must be unique within a container and the API server rejects the pod; "
                        "rename one",
                        *rel,
                        "name",
                        at_value=True,
                    )
                elif shared and name in names:
                    finding = container.finding(
                        RULE,
                        f'{container.label} declares the port name "{name}", which '
                        f"{names[name][0].label} also uses: a Service targetPort naming it "
                        "reaches either; give each port its own name",
                        *rel,
                        "name",
                        at_value=True,
                    )
                    yield replace(finding, severity=Severity.MEDIUM)
                own_names.add(name)
                if shared:
                    names.setdefault(name, (container, port))
            if not shared:
                continue
            if port.host_port:
                key = (port.host_port, port.protocol, port.host_ip)
                if key in host_ports:
                    first = host_ports[key]
                    yield container.finding(
                        RULE,
                        f"{container.label} declares hostPort {port.host_port}/{port.protocol}, "
                        f"already declared by port {first[1].index}{_where(first, container)}: "
                        "the API server rejects the pod; remove one",
                        *rel,
                        "hostPort",
                        at_value=True,
                    )
                    continue
                host_ports[key] = (container, port)
            if port.number is not None:
                number_key = (port.number, port.protocol)
                if number_key in numbers:
                    first = numbers[number_key]
                    finding = container.finding(
                        RULE,
                        f"{container.label} declares containerPort {port.number}/{port.protocol}, "
                        f"already declared by port {first[1].index}{_where(first, container)}: "
                        "the containers of a pod share one network, so this is one listener "
                        "declared twice (the API server warns: keep one entry) or two processes "
                        "that cannot both bind it (fix the number)",
                        *rel,
                        "containerPort",
                        at_value=True,
                    )
                    yield replace(finding, severity=Severity.MEDIUM)
                else:
                    numbers[number_key] = (container, port)
