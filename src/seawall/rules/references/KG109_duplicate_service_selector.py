"""Two Services of the same type select the same pods and serve the same port.

## What it checks
Services of a namespace whose selectors match exactly the same, non-empty set of pod templates,
that have the same `type`, are not headless (`clusterIP: None`) and share a target port. The
second Service (in scan order) is reported, naming the first and where it is written.

Services over the same pods are often intended and are not reported: a headless Service beside a
regular one (StatefulSets), Services of different types (an internal `ClusterIP` and a
`LoadBalancer`), or Services exposing different ports (the application and its metrics). Two
copies of the same Service (same name) are `KG110`'s finding.

## Why it matters
A second Service that serves the same pods on the same port is usually a leftover of a rename or
a copy: clients split between the two names, and the one nobody maintains keeps old settings
(session affinity, annotations of a load balancer) that surprise later.

## Example
```yaml
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
kind: Service
metadata: {name: web-svc}             # same pods, same port
spec: {selector: {app: web}, ports: [{port: 8080}]}
```

## Fix
Delete the duplicate and point its clients at the remaining Service, or give it a distinct role
(another port, another type, headless).

## References
- https://kubernetes.io/docs/concepts/services-networking/service/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import reference_edges, resource_label
from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.resource import Resource

RULE = Rule(
    code="KG109",
    name="duplicate-service-selector",
    severity=Severity.LOW,
    category="correctness",
    summary="Two Services of the same type select the same pods on the same port",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/services-networking/service/",),
)

Group = list[tuple[Resource, frozenset[str]]]


def target_ports(service: Resource) -> frozenset[str]:
    spec = service.body.get("spec")
    ports = spec.get("ports") if isinstance(spec, dict) else None
    found = set()
    for port in ports if isinstance(ports, list) else ():
        if isinstance(port, dict):
            value = port.get("targetPort", port.get("port"))
            if value is not None:
                found.add(str(value))
    return frozenset(found)


def _groups(graph: ResourceGraph) -> dict[int, tuple[Group, int]]:
    """Each judged Service (by identity) to its group of Services over the same pods and its
    place in it: the ones before it are its possible duplicates."""
    by_key: dict[tuple[str, str, frozenset[int]], Group] = {}
    before: dict[int, tuple[Group, int]] = {}
    for edge in reference_edges(graph):
        if edge.kind != "selects" or not edge.pods:
            continue
        service = edge.source
        spec = service.body.get("spec")
        if not isinstance(spec, dict) or spec.get("clusterIP") == "None":
            continue
        kind = str(spec.get("type", "ClusterIP"))
        pods = frozenset(id(p) for p in edge.pods)
        group = by_key.setdefault((namespace_of(service), kind, pods), [])
        before[id(service)] = (group, len(group))
        group.append((service, target_ports(service)))
    return before


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Service":
        return
    found = ctx.graph.derived("services-over-same-pods", _groups).get(id(resource))
    if found is None:
        return
    group, place = found
    ports = target_ports(resource)
    for first, first_ports in group[:place]:
        if first.name == resource.name:
            continue  # the same Service written twice: KG110 reports it
        shared = sorted(ports & first_ports)
        if not shared:
            continue
        where = f"{first.source.display}:{first.span_at().line}"
        yield resource.finding(
            RULE,
            f"{resource_label(resource)} selects the same pods as {resource_label(first)} "
            f"({where}) and serves the same target port {', '.join(shared)}; remove the "
            "duplicate or give it another role",
            "spec",
            "selector",
        )
        return
