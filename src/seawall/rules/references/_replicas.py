"""How many pods a workload runs, as far as its manifest and its autoscaler tell."""

from __future__ import annotations

from seawall.graph.edges import reference_edges
from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource

REPLICATED_KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"})


def replicas_of(workload: Resource, graph: ResourceGraph) -> int | None:
    """The most pods the workload runs: its autoscaler's ``maxReplicas`` when one scales it,
    else ``spec.replicas`` (1 when absent); 1 for a Pod; None when unknown (DaemonSet, Job,
    a templated count)."""
    if workload.kind == "Pod":
        return 1
    if workload.kind not in REPLICATED_KINDS:
        return None
    autoscaled = graph.derived("autoscaler-max-replicas", _autoscaled)
    if id(workload) in autoscaled:
        return autoscaled[id(workload)]
    spec = workload.body.get("spec")
    value = spec.get("replicas", 1) if isinstance(spec, dict) else 1
    if value is None:
        return 1
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def min_replicas_of(workload: Resource, graph: ResourceGraph) -> int | None:
    """The fewest pods the workload runs: its autoscaler's ``minReplicas`` (1 when absent)
    when one scales it, else what ``replicas_of`` says."""
    lowest = graph.derived("autoscaler-min-replicas", _autoscaled_min)
    if id(workload) in lowest:
        return lowest[id(workload)]
    return replicas_of(workload, graph)


def _autoscaled_min(graph: ResourceGraph) -> dict[int, int | None]:
    return _autoscaled(graph, "minReplicas", 1)


def _autoscaled(
    graph: ResourceGraph, field: str = "maxReplicas", default: int | None = None
) -> dict[int, int | None]:
    """Workloads an autoscaler targets, by identity, with its ``field`` (None if unknown)."""
    scaled: dict[int, int | None] = {}
    for edge in reference_edges(graph):
        target = edge.found
        if edge.kind != "scaleTarget" or target is None:
            continue
        spec = edge.source.body.get("spec")
        value = spec.get(field, default) if isinstance(spec, dict) else default
        if value is None:
            value = default
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        scaled[id(target)] = number
    return scaled
