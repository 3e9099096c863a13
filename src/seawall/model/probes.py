"""Container probes and ports as the API server and the kubelet read them.

Shared by the container reliability rules (KR2xx): which containers serve (and so should have
probes), a probe's handlers and the port it targets, the ports a container declares, and the
IANA service-name syntax that every port name must follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seawall.graph.edges import reference_edges, resource_label
from seawall.graph.graph import ResourceGraph
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.model.resource import Resource
from seawall.parse.yaml import Path

PROBE_FIELDS = ("livenessProbe", "readinessProbe", "startupProbe")
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
# probe fields whose value the API server fills in when absent (the probe's timing defaults)
PROBE_DEFAULTS: dict[str, int] = {
    "initialDelaySeconds": 0,
    "timeoutSeconds": 1,
    "periodSeconds": 10,
    "successThreshold": 1,
    "failureThreshold": 3,
}
# kinds whose pods run to completion: nothing routes traffic to them and nobody waits for them
# to be ready
RUN_TO_COMPLETION_KINDS = frozenset({"Job", "CronJob"})
# an unrendered value (`${PORT}`, `{{ .Values.port }}`, `$(PORT)`): never judged
_TEMPLATE = re.compile(r"\$\{|\{\{|\$\(")
# a bare capitalised word (`PORT`), which envsubst-style templates use as a placeholder
_BARE_WORD = re.compile(r"^[A-Z][A-Z0-9_]*$")
_IANA_CHARS = re.compile(r"^[a-z0-9-]+$")


def is_placeholder(value: Any, *, bare_words: bool = True) -> bool:
    """Whether ``value`` is an unrendered template value; ``bare_words`` also counts ``PORT``."""
    if not isinstance(value, str):
        return False
    return _TEMPLATE.search(value) is not None or (bare_words and bool(_BARE_WORD.match(value)))


def port_number(value: Any) -> int | None:
    """A port written as a number (YAML int), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def iana_name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid IANA service name (a port name), or None when it is."""
    if not name:
        return "is empty"
    if len(name) > 15:
        return f"is {len(name)} characters long (at most 15)"
    if not _IANA_CHARS.match(name):
        return "may only contain lower-case letters, digits and '-'"
    if not re.search(r"[a-z]", name):
        return "must contain at least one letter"
    if name.startswith("-") or name.endswith("-"):
        return "may not begin or end with '-'"
    if "--" in name:
        return "may not contain '--'"
    return None


def is_sidecar(container: ContainerView) -> bool:
    """An init container that keeps running beside the app (``restartPolicy: Always``)."""
    return container.group == "initContainers" and container.body.get("restartPolicy") == "Always"


def runs_to_completion(pod: PodSpecView) -> bool:
    """Pods of Jobs and CronJobs, and bare pods that are not restarted: batch work."""
    if pod.resource.kind in RUN_TO_COMPLETION_KINDS:
        return True
    return pod.resource.kind == "Pod" and pod.spec.get("restartPolicy") in ("Never", "OnFailure")


def long_running_containers(pod: PodSpecView) -> Iterator[ContainerView]:
    """The containers that run for the pod's whole life and may carry liveness and readiness
    probes: regular containers and sidecars, unless the pod runs to completion."""
    if runs_to_completion(pod):
        return
    for container in pod.containers:
        if container.group == "containers" or is_sidecar(container):
            yield container


def probe(container: ContainerView, field: str) -> dict[str, Any] | None:
    """The probe written under ``field``; None when absent or null."""
    value = container.body.get(field)
    return value if isinstance(value, dict) else None


def handlers(probe_body: dict[str, Any]) -> list[str]:
    """The handler kinds a probe sets, in the order written (the API allows exactly one)."""
    return [key for key, value in probe_body.items() if key in HANDLERS and value is not None]


@dataclass(frozen=True, slots=True)
class ProbePort:
    """The port a network probe targets, and where it is written (relative to the container)."""

    field: str
    handler: str
    value: int | str
    rel: Path


def probe_ports(container: ContainerView) -> Iterator[ProbePort]:
    """The ``port`` of every ``httpGet``, ``tcpSocket`` and ``grpc`` probe handler."""
    for field in PROBE_FIELDS:
        body = probe(container, field)
        if body is None:
            continue
        for handler in ("httpGet", "tcpSocket", "grpc"):
            action = body.get(handler)
            if not isinstance(action, dict):
                continue
            value = action.get("port")
            if isinstance(value, bool) or not isinstance(value, int | str):
                continue
            yield ProbePort(field, handler, value, (field, handler, "port"))


@dataclass(frozen=True, slots=True)
class ContainerPort:
    """One ``ports`` item of a container."""

    index: int
    number: int | None
    name: str | None
    protocol: str
    host_port: int | None
    host_ip: str


def container_ports(container: ContainerView) -> list[ContainerPort]:
    items = container.body.get("ports")
    found: list[ContainerPort] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        found.append(
            ContainerPort(
                index=index,
                number=port_number(item.get("containerPort")),
                name=str(name)
                if isinstance(name, str | int) and not isinstance(name, bool)
                else None,
                protocol=str(item.get("protocol") or "TCP").upper(),
                host_port=port_number(item.get("hostPort")) or None,
                host_ip=str(item.get("hostIP") or ""),
            )
        )
    return found


def services_routing_to(graph: ResourceGraph, pod: PodSpecView) -> list[str]:
    """The Services (``Service shop/web``) whose selector picks ``pod``'s template, each named
    once, those of the pod's own file first (objects written without a namespace share
    ``default`` with every other such file of the scan)."""
    found = graph.derived("services-by-pod", _services_by_pod).get(id(pod), [])
    own = pod.resource.source
    ordered = sorted(found, key=lambda service: service.source is not own)
    return list(dict.fromkeys(resource_label(service) for service in ordered))


def _services_by_pod(graph: ResourceGraph) -> dict[int, list[Resource]]:
    routed: dict[int, list[Resource]] = {}
    for edge in reference_edges(graph):
        if edge.kind == "selects":
            for selected in edge.pods:
                routed.setdefault(id(selected), []).append(edge.source)
    return routed
