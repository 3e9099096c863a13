"""Shared by the workload reliability rules (KR3xx): replica counts, autoscalers, Services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seawall.graph.edges import reference_edges
from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.policy.k8s_schema import is_patch

REPLICATED = ("Deployment", "StatefulSet")


def as_int(value: Any) -> int | None:
    """An integer as written (not a bool, not a templated string), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def spec_of(resource: Resource) -> dict[str, Any]:
    spec = resource.body.get("spec")
    return spec if isinstance(spec, dict) else {}


def replicas_written(resource: Resource) -> tuple[int | None, bool]:
    """``spec.replicas`` (1 when absent or null, as the API defaults it; None when not a
    number) and whether it is written."""
    spec = spec_of(resource)
    value = spec.get("replicas")
    if value is None:
        return 1, False
    return as_int(value), True


def autoscaler_of(resource: Resource, graph: ResourceGraph) -> Resource | None:
    """The HorizontalPodAutoscaler whose ``scaleTargetRef`` names ``resource``."""
    return graph.derived("kr-autoscalers", _autoscalers).get(id(resource))


def _autoscalers(graph: ResourceGraph) -> dict[int, Resource]:
    found: dict[int, Resource] = {}
    for edge in reference_edges(graph):
        target = edge.found
        if edge.kind == "scaleTarget" and target is not None:
            found.setdefault(id(target), edge.source)
    return found


def services_selecting(resource: Resource, graph: ResourceGraph) -> list[Resource]:
    """The Services whose selector matches the pod template of ``resource``."""
    return graph.derived("kr-selecting-services", _selecting).get(id(resource), [])


def _selecting(graph: ResourceGraph) -> dict[int, list[Resource]]:
    found: dict[int, list[Resource]] = {}
    for edge in reference_edges(graph):
        if edge.kind == "selects":
            for pod in edge.pods:
                found.setdefault(id(pod.resource), []).append(edge.source)
    return found


def int_or_percent(value: Any) -> tuple[int, bool] | None:
    """An IntOrString as the API reads it: ``(3, False)`` for ``3``, ``(25, True)`` for
    ``"25%"``; None for anything else (templates, malformed strings)."""
    number = as_int(value)
    if number is not None:
        return number, False
    if isinstance(value, str) and value.strip().endswith("%"):
        digits = value.strip()[:-1]
        if digits.isdigit():
            return int(digits), True
    return None


def update_strategy(resource: Resource) -> tuple[str, dict[str, Any]]:
    """The field holding a workload's update strategy (``strategy`` for a Deployment,
    ``updateStrategy`` otherwise) and its value."""
    field = "strategy" if resource.kind == "Deployment" else "updateStrategy"
    value = spec_of(resource).get(field)
    return field, value if isinstance(value, dict) else {}


def job_spec(resource: Resource) -> tuple[tuple[str, ...], dict[str, Any]] | None:
    """Where a Job's spec is (a Job's ``spec``, a CronJob's ``spec.jobTemplate.spec``) and its
    value; None for other kinds or when it is not a mapping."""
    if resource.kind == "Job":
        return ("spec",), spec_of(resource)
    if resource.kind == "CronJob":
        template = spec_of(resource).get("jobTemplate")
        spec = template.get("spec") if isinstance(template, dict) else None
        return ("spec", "jobTemplate", "spec"), spec if isinstance(spec, dict) else {}
    return None


def is_partial(resource: Resource, graph: ResourceGraph) -> bool:
    """Whether the object is a kustomize patch (a ``$patch`` directive, or a file a
    Kustomization of the scan set lists under ``patches``, ``patchesStrategicMerge`` or
    ``patchesJson6902``): its missing fields come from the object it patches."""
    if is_patch(resource.body):
        return True
    return resource.source.path.resolve() in graph.derived("kr-patch-files", _patch_files)


def full_spec_of(resource: Resource, graph: ResourceGraph, kind: str) -> dict[str, Any] | None:
    """The ``spec`` of a ``kind`` object that is complete (not a kustomize patch, whose missing
    fields come from the object it patches); None for other kinds and for patches."""
    if resource.kind != kind or is_partial(resource, graph):
        return None
    return spec_of(resource)


def _patch_files(graph: ResourceGraph) -> frozenset[Path]:
    found: set[Path] = set()
    for kustomization in graph.of_kind("Kustomization"):
        folder = kustomization.source.path.parent
        body = kustomization.body
        entries: list[Any] = []
        for field in ("patches", "patchesStrategicMerge", "patchesJson6902"):
            value = body.get(field)
            if isinstance(value, list):
                entries += value
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and "\n" not in path and path.strip():
                found.add((folder / path.strip()).resolve())
    return frozenset(found)
