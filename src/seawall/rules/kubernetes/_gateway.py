"""Gateway API helpers shared by the KN31x rules: listeners of a Gateway and ReferenceGrants."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.resource import Resource

GATEWAY_GROUP = "gateway.networking.k8s.io"


def is_gateway_kind(resource: Resource, *kinds: str) -> bool:
    return resource.kind in kinds and resource.group == GATEWAY_GROUP and not resource.is_config


def listeners(resource: Resource) -> Iterator[tuple[int, dict[str, Any]]]:
    spec = resource.body.get("spec")
    items = spec.get("listeners") if isinstance(spec, dict) else None
    for index, listener in enumerate(items if isinstance(items, list) else []):
        if isinstance(listener, dict):
            yield index, listener


def listener_label(index: int, listener: dict[str, Any]) -> str:
    name = listener.get("name")
    return f'listener "{name}"' if isinstance(name, str) else f"listener #{index}"


def _matches(entry: Any, **wanted: str) -> bool:
    if not isinstance(entry, dict):
        return False
    for key, value in wanted.items():
        written = entry.get(key)
        if key == "name" and written in (None, ""):
            continue  # a grant without a name covers every object of the kind
        if str(written if written is not None else "") != value:
            return False
    return True


def granted(
    graph: ResourceGraph,
    source: Resource,
    target_namespace: str,
    target_group: str,
    target_kind: str,
    target_name: str,
) -> bool:
    """Whether a ReferenceGrant of the scan set in ``target_namespace`` lets ``source`` refer
    to the target (``from``: group, kind, namespace; ``to``: group, kind, optional name)."""
    source_namespace = namespace_of(source)
    for grant in graph.of_kind("ReferenceGrant"):
        if grant.group != GATEWAY_GROUP or namespace_of(grant) != target_namespace:
            continue
        spec = grant.body.get("spec")
        if not isinstance(spec, dict):
            continue
        froms = spec.get("from")
        tos = spec.get("to")
        if not isinstance(froms, list) or not isinstance(tos, list):
            continue
        if any(
            _matches(f, group=source.group, kind=source.kind, namespace=source_namespace)
            for f in froms
        ) and any(_matches(t, group=target_group, kind=target_kind, name=target_name) for t in tos):
            return True
    return False
