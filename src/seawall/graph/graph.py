from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource

T = TypeVar("T")


class ResourceGraph:
    """Indexes built once per scan; rules look up, never scan all pairs."""

    def __init__(self, resources: Sequence[Resource], pod_specs: Sequence[PodSpecView]) -> None:
        self.resources = list(resources)
        self.pod_specs = list(pod_specs)
        self._by_kind: dict[str, list[Resource]] = defaultdict(list)
        self._by_name: dict[tuple[str, str | None, str], list[Resource]] = defaultdict(list)
        for resource in self.resources:
            self._by_kind[resource.kind].append(resource)
            self._by_name[(resource.kind, resource.namespace, resource.name)].append(resource)
        self._derived: dict[str, Any] = {}

    def derived(self, key: str, build: Callable[[ResourceGraph], T]) -> T:
        """An index computed from the graph once per scan (``build`` runs on first use), so a rule
        looks up instead of scanning every object for every object it checks."""
        if key not in self._derived:
            self._derived[key] = build(self)
        value: T = self._derived[key]
        return value

    def of_kind(self, kind: str) -> list[Resource]:
        return self._by_kind.get(kind, [])

    def get(self, kind: str, namespace: str | None, name: str) -> Resource | None:
        """The object of ``kind`` named ``name`` in ``namespace``. An object written without a
        namespace is taken to live in ``default``, where ``kubectl apply`` puts it unless the
        context says otherwise, so the two match each other."""
        found = self._by_name.get((kind, namespace, name))
        if not found and namespace in (None, "default"):
            other = "default" if namespace is None else None
            found = self._by_name.get((kind, other, name))
        return found[0] if found else None

    def __len__(self) -> int:
        return len(self.resources)
