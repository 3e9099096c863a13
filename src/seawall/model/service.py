"""Services, their ports, and the Ingress backends that point at them.

The shared vocabulary of rules that follow traffic through a Service: which pods a Service
selects, what a Service port forwards to on each pod (``targetPort`` as a number or a container
port name), and every backend an ``Ingress`` names (``spec.defaultBackend`` and
``spec.rules[].http.paths[].backend``). Nothing here reports: a Service that does not exist or a
port that does not resolve is returned as None, for the reference rules to judge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.model.selectors import LabelSelector, SelectorError, from_map
from seawall.parse.yaml import Path


@dataclass(frozen=True, slots=True)
class ServicePort:
    """One ``spec.ports`` item. ``target`` is a number or a container port name."""

    name: str | None
    port: int
    target: int | str
    protocol: str
    path: Path


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def service_ports(service: Resource) -> list[ServicePort]:
    spec = service.body.get("spec")
    items = spec.get("ports") if isinstance(spec, Mapping) else None
    found: list[ServicePort] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, Mapping):
            continue
        number = _int(item.get("port"))
        if number is None:
            continue
        raw_target = item.get("targetPort")
        # targetPort defaults to the port's own number
        target_number = _int(raw_target)
        target: int | str = (
            number
            if raw_target is None
            else target_number
            if target_number is not None
            else str(raw_target)
        )
        name = item.get("name")
        found.append(
            ServicePort(
                name=None if name is None else str(name),
                port=number,
                target=target,
                protocol=str(item.get("protocol") or "TCP").upper(),
                path=(*service.path, "spec", "ports", index),
            )
        )
    return found


def find_port(
    ports: list[ServicePort], number: int | None = None, name: str | None = None
) -> ServicePort | None:
    """The Service port a reference names by number or by name."""
    for port in ports:
        if (number is not None and port.port == number) or (name is not None and port.name == name):
            return port
    return None


def service_selector(service: Resource) -> LabelSelector | None:
    """The Service's pod selector; None when it has none (endpoints managed by hand) or an
    invalid one."""
    spec = service.body.get("spec")
    selector = spec.get("selector") if isinstance(spec, Mapping) else None
    if not selector:
        return None
    try:
        return from_map(selector)
    except SelectorError:
        return None


def container_ports(pod: PodSpecView) -> dict[str, tuple[int, str]]:
    """Named container ports of every container: name → (number, protocol)."""
    named: dict[str, tuple[int, str]] = {}
    for container in pod.containers:
        items = container.body.get("ports")
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, Mapping):
                continue
            number, name = _int(item.get("containerPort")), item.get("name")
            if number is not None and name is not None:
                protocol = str(item.get("protocol") or "TCP").upper()
                named.setdefault(str(name), (number, protocol))
    return named


def target_port(pod: PodSpecView, port: ServicePort) -> int | None:
    """The pod port a Service port forwards to; None when a named target is not declared."""
    if isinstance(port.target, int):
        return port.target
    named = container_ports(pod).get(port.target)
    return None if named is None else named[0]


@dataclass(frozen=True, slots=True)
class IngressBackend:
    """A Service an Ingress routes to: by port number or by port name."""

    service: str
    number: int | None
    port_name: str | None
    path: Path  # ``backend.service`` (v1) or the ``backend`` mapping (v1beta1), from the root


def ingress_backends(ingress: Resource) -> Iterator[IngressBackend]:
    """The Service backends of an Ingress (resource backends skipped), whichever API version:
    ``extensions/v1beta1`` and ``networking.k8s.io/v1beta1`` are removed from clusters, but
    their references are worth checking all the same."""
    spec = ingress.body.get("spec")
    if not isinstance(spec, Mapping):
        return
    spec_path = (*ingress.path, "spec")
    for field in ("defaultBackend", "backend"):  # ``backend``: the v1beta1 spelling
        default = spec.get(field)
        if isinstance(default, Mapping):
            yield from _backend(default, (*spec_path, field))
    rules = spec.get("rules")
    for r_index, rule in enumerate(rules if isinstance(rules, list) else []):
        http = rule.get("http") if isinstance(rule, Mapping) else None
        paths = http.get("paths") if isinstance(http, Mapping) else None
        for p_index, item in enumerate(paths if isinstance(paths, list) else []):
            backend = item.get("backend") if isinstance(item, Mapping) else None
            if isinstance(backend, Mapping):
                where = (*spec_path, "rules", r_index, "http", "paths", p_index, "backend")
                yield from _backend(backend, where)


def _backend(backend: Mapping[str, Any], where: Path) -> Iterator[IngressBackend]:
    service = backend.get("service")
    if not isinstance(service, Mapping):
        yield from _beta_backend(backend, where)
        return
    if not service.get("name"):
        return
    port = service.get("port")
    port = port if isinstance(port, Mapping) else {}
    name = port.get("name")
    yield IngressBackend(
        service=str(service["name"]),
        number=_int(port.get("number")),
        port_name=None if name is None else str(name),
        path=(*where, "service"),
    )


def _beta_backend(backend: Mapping[str, Any], where: Path) -> Iterator[IngressBackend]:
    """A ``v1beta1`` backend: ``serviceName`` and ``servicePort``, a number or a port name."""
    name = backend.get("serviceName")
    if not isinstance(name, str) or not name:
        return
    port = backend.get("servicePort")
    number = _int(port)
    port_name = str(port) if number is None and isinstance(port, str) and port else None
    yield IngressBackend(service=name, number=number, port_name=port_name, path=where)
