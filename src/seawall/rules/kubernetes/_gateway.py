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


# route kinds that attach to HTTP listeners
_HTTP_ROUTE_KINDS = ("HTTPRoute", "GRPCRoute")
# (namespace, name) of a Gateway -> (route, its parentRef naming that Gateway)
ParentRefs = dict[tuple[str, str], list[tuple[Resource, dict[str, Any]]]]


def _parent_refs(graph: ResourceGraph) -> ParentRefs:
    """Every Gateway parentRef of the scan's HTTP and gRPC routes, built once per scan."""
    index: ParentRefs = {}
    for kind in _HTTP_ROUTE_KINDS:
        for route in graph.of_kind(kind):
            if route.group != GATEWAY_GROUP or route.is_config:
                continue
            spec = route.body.get("spec")
            refs = spec.get("parentRefs") if isinstance(spec, dict) else None
            route_namespace = namespace_of(route)
            for ref in refs if isinstance(refs, list) else []:
                if (
                    isinstance(ref, dict)
                    and isinstance(ref.get("name"), str)
                    and ref.get("group", GATEWAY_GROUP) == GATEWAY_GROUP
                    and ref.get("kind", "Gateway") == "Gateway"
                ):
                    key = (str(ref.get("namespace", route_namespace)), ref["name"])
                    index.setdefault(key, []).append((route, ref))
    return index


def attached_routes(
    graph: ResourceGraph, gateway: Resource, listener: dict[str, Any]
) -> list[Resource]:
    """The scan's HTTP and gRPC routes whose ``parentRefs`` name this Gateway and do not narrow
    the reference (``sectionName``, ``port``) to another listener. A route's ``allowedRoutes``
    admission is not judged: a route counted here may in fact be refused, never the reverse.
    A route defined in several files counts once, as its definition nearest the Gateway (the
    others are alternatives: only one survives in a cluster)."""
    name, port = listener.get("name"), listener.get("port")
    refs = graph.derived("gateway-parent-refs", _parent_refs)
    found: list[Resource] = []
    for route, ref in refs.get((namespace_of(gateway), str(gateway.name)), ()):
        if ref.get("sectionName", name) != name or ref.get("port", port) != port:
            continue
        if (
            route.name
            and graph.get(route.kind, route.namespace, route.name, near=gateway) is not route
        ):
            continue
        if route not in found:
            found.append(route)
    return found


def redirects_to_https(route: Resource) -> bool:
    """Whether every rule of the route answers with a redirect to ``https``: such a route sends
    nothing but the redirect over plain HTTP."""
    spec = route.body.get("spec")
    rules = spec.get("rules") if isinstance(spec, dict) else None
    if not isinstance(rules, list) or not rules:
        return False
    for rule in rules:
        filters = rule.get("filters") if isinstance(rule, dict) else None
        if not any(
            isinstance(f, dict)
            and f.get("type") == "RequestRedirect"
            and isinstance(f.get("requestRedirect"), dict)
            and f["requestRedirect"].get("scheme") == "https"
            for f in (filters if isinstance(filters, list) else [])
        ):
            return False
    return True
