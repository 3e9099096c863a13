"""Prometheus Operator scrape configuration: ``ServiceMonitor`` and ``PodMonitor`` objects.

Field semantics (``monitoring.coreos.com/v1``, Prometheus Operator API reference):

- ``spec.selector``: a label selector over **Services** (ServiceMonitor; the Service objects'
  own labels, not their pod selectors) or over **pods** (PodMonitor). An empty selector
  selects every Service or pod of the selected namespaces.
- ``spec.namespaceSelector``: ``{any: true}`` selects every namespace, ``{matchNames: [...]}``
  the listed ones; absent (or neither set), only the monitor's own namespace.
- ServiceMonitor ``spec.endpoints[]``: ``port`` is the *name* of a Service port (it takes
  precedence over ``targetPort``); ``targetPort`` is the number or container port name of the
  pod behind the Service. The scrape goes to the pod addresses of the Service's endpoints.
- PodMonitor ``spec.podMetricsEndpoints[]``: ``port`` is a container port *name* (precedence),
  ``portNumber`` a number, ``targetPort`` (deprecated) a number or a name.

An endpoint naming no port scrapes every port the operator's relabelling keeps: not resolved
here. Nothing here reports; the rules (``KG112``, ``NP101``) and the graph use this model.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.model.selectors import LabelSelector, SelectorError, from_label_selector
from seawall.model.service import (
    ServicePort,
    container_ports,
    service_ports,
    service_selector,
    target_port,
)
from seawall.parse.yaml import Path

GROUP = "monitoring.coreos.com"
MONITOR_KINDS = ("ServiceMonitor", "PodMonitor")


@dataclass(frozen=True, slots=True)
class ScrapeEndpoint:
    """One ``endpoints[]`` / ``podMetricsEndpoints[]`` item and the port it names."""

    path: Path  # the item, from the document root
    port_name: str | None  # ``port``: a Service port name (ServiceMonitor) or a container port's
    target: int | str | None  # ``targetPort`` (or PodMonitor ``portNumber``)
    field: str | None  # the field that names the port, None when none does

    @property
    def port_path(self) -> Path:
        return (*self.path, self.field) if self.field is not None else self.path

    def describe(self) -> str:
        if self.port_name is not None:
            return f"port {self.port_name}"
        if self.target is not None:
            return f"{self.field} {self.target}"
        return "every port"


@dataclass(frozen=True, slots=True)
class Monitor:
    resource: Resource
    selector: LabelSelector | None  # None: absent or invalid (nothing is judged)
    namespaces: tuple[str, ...] | None  # None: every namespace (``any: true``)
    endpoints: tuple[ScrapeEndpoint, ...]

    @property
    def kind(self) -> str:
        return self.resource.kind

    @property
    def selects_services(self) -> bool:
        return self.resource.kind == "ServiceMonitor"

    @property
    def selector_path(self) -> Path:
        return (*self.resource.path, "spec", "selector")

    def namespaces_in(self, graph: ResourceGraph) -> list[str]:
        """The namespaces the monitor looks in, among those the scan knows for ``any``."""
        if self.namespaces is not None:
            return list(self.namespaces)
        return sorted(graph.namespace_labels())

    def describe_namespaces(self) -> str:
        if self.namespaces is None:
            return "any namespace"
        return "namespace " + ", ".join(self.namespaces)


@dataclass(frozen=True, slots=True)
class ScrapeTarget:
    """A pod a monitor endpoint scrapes, on a resolved pod port (via ``service`` if any)."""

    endpoint: ScrapeEndpoint
    pod: PodSpecView
    port: int
    protocol: str
    service: Resource | None


def is_monitor(resource: Resource) -> bool:
    return resource.kind in MONITOR_KINDS and resource.group == GROUP


def monitors(graph: ResourceGraph) -> list[Monitor]:
    """Every ServiceMonitor and PodMonitor of the scan, parsed once."""
    return graph.derived("prometheus-monitors", _build)


def monitor_of(graph: ResourceGraph, resource: Resource) -> Monitor | None:
    for monitor in monitors(graph):
        if monitor.resource is resource:
            return monitor
    return None


def _build(graph: ResourceGraph) -> list[Monitor]:
    found: list[Monitor] = []
    for kind in MONITOR_KINDS:
        found.extend(parse(r) for r in graph.of_kind(kind) if is_monitor(r) and not r.is_config)
    return found


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _port_value(value: Any) -> int | str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def parse(resource: Resource) -> Monitor:
    spec = _map(resource.body.get("spec"))
    selector: LabelSelector | None = None
    if isinstance(spec.get("selector"), Mapping):
        try:
            selector = from_label_selector(spec["selector"])
        except SelectorError:
            selector = None
    return Monitor(
        resource, selector, _namespaces(resource, spec), tuple(_endpoints(resource, spec))
    )


def _namespaces(resource: Resource, spec: Mapping[str, Any]) -> tuple[str, ...] | None:
    chosen = _map(spec.get("namespaceSelector"))
    if chosen.get("any") is True:
        return None
    names = chosen.get("matchNames")
    if isinstance(names, list) and names:
        return tuple(str(n) for n in names if isinstance(n, str | int) and not isinstance(n, bool))
    return (namespace_of(resource),)


def _endpoints(resource: Resource, spec: Mapping[str, Any]) -> Iterator[ScrapeEndpoint]:
    service_monitor = resource.kind == "ServiceMonitor"
    field = "endpoints" if service_monitor else "podMetricsEndpoints"
    items = spec.get(field)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, Mapping):
            continue
        path = (*resource.path, "spec", field, index)
        name = item.get("port")
        if isinstance(name, str) and name.strip():
            yield ScrapeEndpoint(path, name.strip(), None, "port")
            continue
        for number_field in ("targetPort",) if service_monitor else ("portNumber", "targetPort"):
            target = _port_value(item.get(number_field))
            if target is not None:
                yield ScrapeEndpoint(path, None, target, number_field)
                break
        else:
            yield ScrapeEndpoint(path, None, None, None)


def selected_services(monitor: Monitor, graph: ResourceGraph) -> list[Resource]:
    """The scan's ``v1`` Services a ServiceMonitor selects, by their own labels."""
    if monitor.selector is None or not monitor.selects_services:
        return []
    selector = monitor.selector
    if monitor.namespaces is None:  # `any: true`: through one label, not every namespace
        by_label = graph.derived("v1-services-by-label", _services_by_label)
        candidates: list[Resource] | None = None
        for key, value in selector.equality_labels().items():
            bucket = by_label.get((key, value), [])
            if candidates is None or len(bucket) < len(candidates):
                candidates = bucket
        if candidates is None:
            candidates = [s for s in graph.of_kind("Service") if s.api_version == "v1"]
        chosen = [s for s in candidates if selector.matches(s.labels)]
        return sorted(chosen, key=namespace_of)
    by_namespace = graph.derived("v1-services-by-namespace", _services_by_namespace)
    return [
        service
        for namespace in dict.fromkeys(monitor.namespaces_in(graph))
        for service in by_namespace.get(namespace, ())
        if selector.matches(service.labels)
    ]


def _services_by_label(graph: ResourceGraph) -> dict[tuple[str, str], list[Resource]]:
    found: dict[tuple[str, str], list[Resource]] = {}
    for service in graph.of_kind("Service"):
        if service.api_version == "v1":
            for label in service.labels.items():
                found.setdefault(label, []).append(service)
    return found


def _services_by_namespace(graph: ResourceGraph) -> dict[str, list[Resource]]:
    found: dict[str, list[Resource]] = {}
    for service in graph.of_kind("Service"):
        if service.api_version == "v1":
            found.setdefault(namespace_of(service), []).append(service)
    return found


def selected_pods(monitor: Monitor, graph: ResourceGraph) -> list[PodSpecView]:
    """The scan's pod templates a PodMonitor selects."""
    if monitor.selector is None or monitor.selects_services:
        return []
    selector = monitor.selector
    if monitor.namespaces is None:  # `any: true`: one lookup, not one per namespace
        found = graph.pods_matching_anywhere(selector)
        return sorted(found, key=lambda pod: namespace_of(pod.resource))
    return [
        pod
        for namespace in monitor.namespaces_in(graph)
        for pod in graph.pods_matching(namespace, selector)
    ]


def service_port_named(service: Resource, name: str) -> ServicePort | None:
    return next((p for p in service_ports(service) if p.name == name), None)


def scrape_targets(monitor: Monitor, graph: ResourceGraph) -> Iterator[ScrapeTarget]:
    """Every (endpoint, pod, pod port) the monitor makes Prometheus scrape, as far as the scan
    tells: endpoints naming no port, and ports that do not resolve, are left out."""
    if monitor.selects_services:
        for service in selected_services(monitor, graph):
            yield from _service_targets(monitor, service, graph)
        return
    for pod in selected_pods(monitor, graph):
        named = container_ports(pod)
        for endpoint in monitor.endpoints:
            wanted = endpoint.port_name if endpoint.port_name is not None else endpoint.target
            if isinstance(wanted, int):
                yield ScrapeTarget(endpoint, pod, wanted, _protocol_of(named, wanted), None)
            elif isinstance(wanted, str) and wanted in named:
                number, protocol = named[wanted]
                yield ScrapeTarget(endpoint, pod, number, protocol, None)


def _service_targets(
    monitor: Monitor, service: Resource, graph: ResourceGraph
) -> Iterator[ScrapeTarget]:
    selector = service_selector(service)
    if selector is None:
        return  # endpoints managed by hand: the pods are not known
    pods = graph.pods_matching(namespace_of(service), selector)
    for endpoint in monitor.endpoints:
        if endpoint.port_name is not None:
            port = service_port_named(service, endpoint.port_name)
            if port is None:
                continue
            for pod in pods:
                number = target_port(pod, port)
                if number is not None:
                    yield ScrapeTarget(endpoint, pod, number, port.protocol, service)
        elif endpoint.target is not None:
            for pod in pods:
                named = container_ports(pod)
                if isinstance(endpoint.target, int):
                    protocol = _protocol_of(named, endpoint.target)
                    yield ScrapeTarget(endpoint, pod, endpoint.target, protocol, service)
                elif endpoint.target in named:
                    number, protocol = named[endpoint.target]
                    yield ScrapeTarget(endpoint, pod, number, protocol, service)


def _protocol_of(named: Mapping[str, tuple[int, str]], number: int) -> str:
    return next((proto for n, proto in named.values() if n == number), "TCP")


def missing_port(monitor: Monitor, endpoint: ScrapeEndpoint, graph: ResourceGraph) -> list[str]:
    """For an endpoint naming a port, the selected Services (or pods) that all lack it, by
    label; empty when one has it or nothing is selected. A ServiceMonitor ``port`` must be a
    Service port name, a PodMonitor ``port`` a container port name."""
    if endpoint.port_name is None:
        return []
    name = endpoint.port_name
    if monitor.selects_services:
        services = selected_services(monitor, graph)
        if any(service_port_named(s, name) is not None for s in services):
            return []
        return [f"Service {namespace_of(s)}/{s.name}" for s in services]
    pods = selected_pods(monitor, graph)
    if any(name in container_ports(p) for p in pods):
        return []
    return [f"{p.resource.kind} {namespace_of(p.resource)}/{p.resource.name}" for p in pods]
