from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.model.scope import is_cluster_scoped
from seawall.model.selectors import LabelSelector

if TYPE_CHECKING:
    from seawall.model.compose import ComposeProject
    from seawall.model.dockerfile_view import DockerfileView

DEFAULT_NAMESPACE = "default"
NAME_LABEL = "kubernetes.io/metadata.name"

T = TypeVar("T")


class ResourceGraph:
    """Indexes built once per scan; rules look up, never scan all pairs."""

    def __init__(self, resources: Sequence[Resource], pod_specs: Sequence[PodSpecView]) -> None:
        self.resources = list(resources)
        self.pod_specs = list(pod_specs)
        # the scan's Dockerfiles and compose projects for cross-artifact rules (set by the loader)
        self.dockerfiles: list[DockerfileView] = []
        self.compose_projects: list[ComposeProject] = []
        self._by_kind: dict[str, list[Resource]] = defaultdict(list)
        self._by_name: dict[tuple[str, str | None, str], list[Resource]] = defaultdict(list)
        for resource in self.resources:
            self._by_kind[resource.kind].append(resource)
            self._by_name[(resource.kind, resource.namespace, resource.name)].append(resource)
        self._derived: dict[str, Any] = {}
        # pods by namespace, and by (namespace, label, value) so an equality requirement narrows
        # the candidates before the rest of a selector is checked
        self._pods_in: dict[str, list[PodSpecView]] = defaultdict(list)
        self._pods_by_label: dict[tuple[str, str, str], list[PodSpecView]] = defaultdict(list)
        self._pods_anywhere: dict[tuple[str, str], list[PodSpecView]] = defaultdict(list)
        for pod in self.pod_specs:
            namespace = namespace_of(pod.resource)
            self._pods_in[namespace].append(pod)
            for key, value in pod.template_labels.items():
                self._pods_by_label[(namespace, key, value)].append(pod)
                self._pods_anywhere[(key, value)].append(pod)

    def release(self) -> None:
        """Drop the per-scan indexes: several hold the graph itself (see ``Workspace.release``)."""
        self._derived.clear()

    def derived(self, key: str, build: Callable[[ResourceGraph], T]) -> T:
        """An index computed from the graph once per scan (``build`` runs on first use), so a rule
        looks up instead of scanning every object for every object it checks."""
        if key not in self._derived:
            self._derived[key] = build(self)
        value: T = self._derived[key]
        return value

    def of_kind(self, kind: str) -> list[Resource]:
        return self._by_kind.get(kind, [])

    def get(
        self, kind: str, namespace: str | None, name: str, near: Resource | None = None
    ) -> Resource | None:
        """The object of ``kind`` named ``name`` in ``namespace``. An object written without a
        namespace is taken to live in ``default``, where ``kubectl apply`` puts it unless the
        context says otherwise, so the two match each other. When several files define it
        (unrelated projects scanned together), the one nearest to ``near`` wins: its own file,
        then its folder, then the closest enclosing one."""
        found = self._by_name.get((kind, namespace, name), [])
        if namespace in (None, "default"):
            other = "default" if namespace is None else None
            found = found + self._by_name.get((kind, other, name), [])
        if not found:
            return None
        if near is None or len(found) == 1:
            return found[0]
        return min(found, key=lambda candidate: _distance(near, candidate))

    def pods_in(self, namespace: str) -> list[PodSpecView]:
        """Pod specs (Pods and workload templates) whose objects live in ``namespace``."""
        return self._pods_in.get(namespace, [])

    def pods_matching(self, namespace: str, selector: LabelSelector) -> list[PodSpecView]:
        """Pod specs in ``namespace`` whose template labels ``selector`` matches."""
        candidates: list[PodSpecView] | None = None
        for key, value in selector.equality_labels().items():
            found = self._pods_by_label.get((namespace, key, value), [])
            if candidates is None or len(found) < len(candidates):
                candidates = found
            if not candidates:
                return []
        if candidates is None:
            candidates = self.pods_in(namespace)
        return [p for p in candidates if selector.matches(p.template_labels)]

    def pods_matching_anywhere(self, selector: LabelSelector) -> list[PodSpecView]:
        """Pod specs of every namespace whose template labels ``selector`` matches, found
        through one label of the selector rather than namespace by namespace."""
        candidates: list[PodSpecView] | None = None
        for key, value in selector.equality_labels().items():
            found = self._pods_anywhere.get((key, value), [])
            if candidates is None or len(found) < len(candidates):
                candidates = found
        if candidates is None:
            candidates = self.pod_specs
        return [p for p in candidates if selector.matches(p.template_labels)]

    def namespace_labels(self) -> dict[str, dict[str, str]]:
        """Labels of every namespace the scan set declares or uses, with the
        ``kubernetes.io/metadata.name`` label the API server sets on every namespace."""
        return self.derived("namespace-labels", _namespace_labels)

    def __len__(self) -> int:
        return len(self.resources)


def namespace_of(resource: Resource) -> str:
    """The namespace a namespaced object lands in: written, else ``default``."""
    return resource.namespace or DEFAULT_NAMESPACE


def _namespace_labels(graph: ResourceGraph) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for resource in graph.resources:
        if resource.kind == "Namespace" and resource.api_version == "v1" and resource.name:
            labels[resource.name] = {**resource.labels, NAME_LABEL: resource.name}
    for resource in graph.resources:
        if resource.is_config or is_cluster_scoped(resource):
            continue
        namespace = namespace_of(resource)
        labels.setdefault(namespace, {NAME_LABEL: namespace})
    return labels


@cache
def _folder_parts(path: PurePath) -> tuple[str, ...]:
    return path.parent.parts


def _distance(one: Resource, other: Resource) -> int:
    """How far apart two objects' files are: 0 for one file, else the folder steps between."""
    if one.source is other.source:
        return 0
    a, b = _folder_parts(one.source.path), _folder_parts(other.source.path)
    common = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        common += 1
    return 1 + (len(a) - common) + (len(b) - common)
