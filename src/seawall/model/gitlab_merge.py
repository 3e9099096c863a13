"""Merged GitLab CI values that remember where each key and item was written.

GitLab builds a job from several places (included files, ``default:``, ``extends:`` parents,
``!reference`` targets). The merged mapping is a ``MergedMap`` (a ``dict``) whose ``origins``
say, for each key, which file and which written container it came from; lists assembled from
several places (a ``script`` with a flattened ``!reference``) are ``MergedList``s. Values that
were copied unchanged stay the parser's ``YMap``/``YList``, whose file ``Owners`` knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.parse.yaml import PathPart, YList, YMap, locate

REFERENCE_TAG = "!reference"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one key or list item was written: its file and the written container holding it."""

    source: SourceFile
    container: YMap | YList
    part: PathPart

    def span(self, *, key: bool = True) -> Span:
        """The key (with a scalar value on its line) or, with ``key=False``, the value."""
        span = locate(self.container, (self.part,), key=key)
        return span if span is not None else Span.point(1)

    @property
    def line(self) -> int:
        return self.span().line


class MergedMap(dict[Any, Any]):
    """A mapping merged from several written ones; ``origins[key]`` says where each key was."""

    __slots__ = ("origins",)

    def __init__(self) -> None:
        super().__init__()
        self.origins: dict[Any, Origin | None] = {}

    def put(self, key: Any, value: Any, origin: Origin | None) -> None:
        self[key] = value
        self.origins[key] = origin


class MergedList(list[Any]):
    """A list assembled from items written in several places."""

    __slots__ = ("origins",)

    def __init__(self) -> None:
        super().__init__()
        self.origins: list[Origin | None] = []

    def put(self, value: Any, origin: Origin | None) -> None:
        self.append(value)
        self.origins.append(origin)


def is_reference(value: Any) -> bool:
    return isinstance(value, YList) and value.tag == REFERENCE_TAG


class Owners:
    """Which file each written container belongs to (containers do not know their file)."""

    def __init__(self) -> None:
        self._by_id: dict[int, SourceFile] = {}
        self._alive: list[Any] = []  # ids stay unique only while the containers live

    def adopt(self, source: SourceFile, node: Any) -> None:
        stack = [node]
        self._alive.append(node)
        while stack:
            item = stack.pop()
            if isinstance(item, YMap):
                self._by_id[id(item)] = source
                stack.extend(item.values())
            elif isinstance(item, YList):
                self._by_id[id(item)] = source
                stack.extend(item)

    def source_of(self, node: Any) -> SourceFile | None:
        return self._by_id.get(id(node))

    def origin(self, container: Any, part: PathPart) -> Origin | None:
        """Where ``container[part]`` was written (None when the part is absent)."""
        if isinstance(container, MergedMap):
            return container.origins.get(part)
        if isinstance(container, MergedList):
            if isinstance(part, int) and 0 <= part < len(container.origins):
                return container.origins[part]
            return None
        source = self._by_id.get(id(container))
        if source is None:
            return None
        if isinstance(container, YMap) and part in container:
            return Origin(source, container, part)
        if isinstance(container, YList) and isinstance(part, int) and 0 <= part < len(container):
            return Origin(source, container, part)
        return None

    def node_span(self, node: YMap | YList) -> tuple[SourceFile | None, Span]:
        """The file and span of a written container itself (a ``!reference`` list)."""
        return self._by_id.get(id(node)), node.span

    def copy_map(self, mapping: dict[Any, Any], skip: frozenset[str] = frozenset()) -> MergedMap:
        """A shallow ``MergedMap`` copy of ``mapping`` keeping each key's origin."""
        out = MergedMap()
        for key, value in mapping.items():
            if key not in skip:
                out.put(key, value, self.origin(mapping, key))
        return out

    def merge(self, base: Any, over: Any) -> Any:
        """GitLab's merge: mappings deep-merged with ``over`` winning, anything else replaced."""
        if not (isinstance(base, dict) and isinstance(over, dict)):
            return over
        out = self.copy_map(base)
        for key, value in over.items():
            old = out.get(key)
            merged = self.merge(old, value) if isinstance(old, dict) else value
            out.put(key, merged, self.origin(over, key))
        return out
