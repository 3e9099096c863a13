"""YAML with a source span for every key and value.

Parsing goes through libyaml (PyYAML's ``CSafeLoader`` composer) once per file; the node graph is
turned into ``YMap``/``YList`` containers that behave like ``dict``/``list`` and also remember
where each key and value was written. Rules read plain Python data and ask for spans only when
they report.

Hostile input is bounded here, not in the rules: alias expansion, nesting depth (libyaml's
composer is recursive in C and overflows the stack long before Python would notice), duplicate
keys and recursive aliases all become ``YamlProblem`` records with a location.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from seawall.core.span import Span

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

SpanTuple = tuple[int, int, int, int, int, int]
"""(line, column, end_line, end_column, offset, end_offset), 1-based lines and columns."""

PathPart = str | int
Path = tuple[PathPart, ...]


class YMap(dict[Any, Any]):
    """A mapping that remembers where it, its keys and its values were written."""

    __slots__ = ("key_spans", "span", "tag", "value_spans")

    def __init__(self) -> None:
        super().__init__()
        self.span: SpanTuple = (1, 1, 1, 1, 0, 0)
        self.key_spans: dict[Any, SpanTuple] = {}
        self.value_spans: dict[Any, SpanTuple] = {}
        self.tag: str | None = None


class YList(list[Any]):
    """A sequence that remembers where it and each of its items were written."""

    __slots__ = ("item_spans", "span", "tag")

    def __init__(self) -> None:
        super().__init__()
        self.span: SpanTuple = (1, 1, 1, 1, 0, 0)
        self.item_spans: list[SpanTuple] = []
        self.tag: str | None = None


class YTagged(str):
    """A scalar with an application tag (``!reference``, ``!Ref``); its value is the text."""

    __slots__ = ("tag",)
    tag: str


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep a hostile file from exhausting time, memory or the C stack."""

    max_depth: int = 250
    max_alias_nodes: int = 100_000


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Something wrong with the YAML text itself; ``kind`` selects the input rule to report it."""

    kind: str
    message: str
    span: Span
    document: int | None = None


@dataclass(slots=True)
class YamlDocument:
    """One document of a YAML stream. ``root`` is None for an empty document."""

    index: int
    root: Any
    span: Span
    problems: list[YamlProblem] = field(default_factory=list)


@dataclass(slots=True)
class YamlStream:
    documents: list[YamlDocument]
    problems: list[YamlProblem]


def span_of(t: SpanTuple) -> Span:
    return Span(t[0], t[1], t[2], t[3], t[4], t[5])


def _mark_span(node: Node) -> SpanTuple:
    s, e = node.start_mark, node.end_mark
    return (s.line + 1, s.column + 1, e.line + 1, e.column + 1, s.index, e.index)


class _Abort(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_SCALARS = SafeConstructor()
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_TAG = "tag:yaml.org,2002:"


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    value = node.value
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "int":
        try:
            return int(value)
        except ValueError:
            return _SCALARS.construct_yaml_int(node)
    if tag == _TAG + "bool":
        return _BOOL[value.lower()]
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "float":
        return _SCALARS.construct_yaml_float(node)
    if tag.startswith(_TAG) or tag == "!":
        # timestamps, binary and explicit !!str-like tags stay text: manifests compare them as text
        return value
    tagged = YTagged(value)
    tagged.tag = tag
    return tagged


class _Builder:
    """Turns one composed node graph into YMap/YList/scalars, bounded in depth and expansion."""

    def __init__(self, limits: Limits, doc_index: int) -> None:
        self.limits = limits
        self.doc_index = doc_index
        self.memo: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()
        self.problems: list[YamlProblem] = []
        self.physical = 0

    def problem(self, kind: str, message: str, node: Node) -> YamlProblem:
        return YamlProblem(kind, message, span_of(_mark_span(node)), self.doc_index)

    def build(self, node: Node, depth: int) -> Any:
        key = id(node)
        found = self.memo.get(key)
        if found is not None or key in self.memo:
            if key in self.active:
                raise _Abort(
                    self.problem(
                        "recursive-alias", "an alias refers to the node that contains it", node
                    )
                )
            return found
        if depth > self.limits.max_depth:
            raise _Abort(
                self.problem(
                    "nesting-too-deep",
                    f"nesting is deeper than {self.limits.max_depth} levels",
                    node,
                )
            )
        self.physical += 1
        if isinstance(node, ScalarNode):
            value = _scalar(node)
            self.memo[key] = value
            self.sizes[key] = 1
            return value
        self.active.add(key)
        if isinstance(node, SequenceNode):
            result: Any = self._sequence(node, depth)
        else:
            result = self._mapping(node, depth)  # type: ignore[arg-type]
        self.active.discard(key)
        return result

    def _expanded(self, node: Node) -> int:
        return self.sizes.get(id(node), 1)

    def _sequence(self, node: SequenceNode, depth: int) -> YList:
        out = YList()
        self.memo[id(node)] = out
        out.span = _mark_span(node)
        if node.tag != _TAG + "seq":
            out.tag = node.tag
        size = 1
        append, spans = out.append, out.item_spans.append
        for child in node.value:
            append(self.build(child, depth + 1))
            spans(_mark_span(child))
            size += self._expanded(child)
        self.sizes[id(node)] = size
        return out

    def _mapping(self, node: MappingNode, depth: int) -> YMap:
        out = YMap()
        self.memo[id(node)] = out
        out.span = _mark_span(node)
        if node.tag != _TAG + "map":
            out.tag = node.tag
        size = 1
        merges: list[YMap] = []
        key_spans, value_spans = out.key_spans, out.value_spans
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merges.extend(self._merge_sources(value_node, depth))
                size += self._expanded(value_node)
                continue
            key = self.build(key_node, depth + 1)
            if isinstance(key, YMap | YList):
                # complex keys do not occur in configuration; keep them addressable as text
                key = str(key)
            value = self.build(value_node, depth + 1)
            size += self._expanded(key_node) + self._expanded(value_node)
            if key in out:
                first = key_spans[key]
                self.problems.append(
                    self.problem(
                        "duplicate-key",
                        f"duplicate key {key!r}; it was first defined on line {first[0]}, "
                        "and most tools silently keep only the last value",
                        key_node,
                    )
                )
            out[key] = value
            key_spans[key] = _mark_span(key_node)
            value_spans[key] = _mark_span(value_node)
        for source in merges:
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    key_spans[key] = source.key_spans[key]
                    value_spans[key] = source.value_spans[key]
        self.sizes[id(node)] = size
        if size - self.physical > self.limits.max_alias_nodes:
            raise _Abort(
                self.problem(
                    "alias-expansion",
                    f"aliases expand this document to more than {self.limits.max_alias_nodes:,} "
                    "extra nodes (an alias bomb?); it was not analysed",
                    node,
                )
            )
        return out

    def _merge_sources(self, node: Node, depth: int) -> list[YMap]:
        value = self.build(node, depth + 1)
        sources = value if isinstance(value, YList) else [value]
        maps = [s for s in sources if isinstance(s, YMap)]
        if len(maps) != len(sources):
            self.problems.append(
                self.problem("merge-not-mapping", "a merge key `<<` must name mappings", node)
            )
        # callers apply them in order and never overwrite, so earlier sources win, as the merge
        # key specification says
        return maps


_BLOCK_INDENT = re.compile(r"^ {1000}", re.M)
_COMPACT_RUN = re.compile(r"(?:[-?][ \t]+){500}")


def _may_nest_deeply(text: str) -> bool:
    """Cheap upper-bound gates: False means libyaml's recursive composer is safe on this text."""
    if text.count("[") + text.count("{") >= 1000:
        return True
    return bool(_BLOCK_INDENT.search(text) or _COMPACT_RUN.search(text))


def _deep_nesting(text: str, limits: Limits) -> YamlProblem | None:
    """Measure nesting with libyaml's (non-recursive) event parser, stopping at the limit."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    m = event.start_mark
                    where = Span.point(m.line + 1, m.column + 1, m.index) if m else Span.point(1)
                    return YamlProblem(
                        "nesting-too-deep",
                        f"nesting is deeper than {limits.max_depth} levels; not analysed",
                        where,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                return None
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its own location
    finally:
        loader.dispose()


def _syntax_problem(error: yaml.YAMLError, doc_index: int | None) -> YamlProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    if mark is None:
        return YamlProblem("syntax", f"YAML syntax error: {message}", Span.point(1), doc_index)
    return YamlProblem(
        "syntax",
        f"YAML syntax error: {message}",
        Span.point(mark.line + 1, mark.column + 1, mark.index),
        doc_index,
    )


def parse_yaml(text: str, limits: Limits | None = None) -> YamlStream:
    """Parse every document of ``text``. Never raises for bad input: problems are returned."""
    limits = limits or Limits()
    documents: list[YamlDocument] = []
    problems: list[YamlProblem] = []
    if _may_nest_deeply(text):
        deep = _deep_nesting(text, limits)
        if deep is not None:
            return YamlStream([], [deep])
    loader = _Loader(text)
    index = 0
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:  # pragma: no cover - check_node said there was one
                break
            builder = _Builder(limits, index)
            doc_span = span_of(_mark_span(node))
            try:
                root = builder.build(node, 0)
            except _Abort as abort:
                problems.extend(builder.problems)
                problems.append(abort.problem)
                documents.append(YamlDocument(index, None, doc_span, [abort.problem]))
            else:
                problems.extend(builder.problems)
                documents.append(YamlDocument(index, root, doc_span, builder.problems))
            index += 1
    except yaml.YAMLError as error:
        problems.append(_syntax_problem(error, index))
    except RecursionError:
        problems.append(
            YamlProblem("nesting-too-deep", "nesting is too deep to analyse", Span.point(1), index)
        )
    finally:
        loader.dispose()
    return YamlStream(documents, problems)


def iter_spans(value: Any) -> Iterator[SpanTuple]:
    """Spans of every key and value below ``value`` (used by suppression lookups)."""
    if isinstance(value, YMap):
        for key in value:
            yield value.key_spans[key]
            yield value.value_spans[key]
            yield from iter_spans(value[key])
    elif isinstance(value, YList):
        for item, span in zip(value, value.item_spans, strict=True):
            yield span
            yield from iter_spans(item)


def _head(node: Any, span: SpanTuple) -> SpanTuple:
    """Narrow a collection's span to its first line: the first ``key: value`` of a mapping."""
    if isinstance(node, YMap) and node:
        first = next(iter(node))
        key, value = node.key_spans[first], node.value_spans[first]
        if isinstance(node[first], YMap | YList) or value[2] != key[0]:
            return key
        return (key[0], key[1], value[2], value[3], key[4], value[5])
    if isinstance(node, YList) and node:
        return _head(node[0], node.item_spans[0])
    return span


def locate(root: Any, path: Path, *, key: bool = True) -> Span | None:
    """The span of the field at ``path`` below ``root``.

    With ``key`` true a mapping entry is located at its key, extended over a scalar value on the
    same line (``privileged: true``); otherwise at its value. When the path leaves the written
    document (the field is missing), the deepest written ancestor is returned, narrowed to its
    first line, so a finding about a missing field points at the object that should hold it.
    """
    node = root
    best: SpanTuple | None = _head(node, node.span) if isinstance(node, YMap | YList) else None
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, YMap) and part in node:
            child = node[part]
            key_t, value_t = node.key_spans[part], node.value_spans[part]
            if last and not key:
                best = value_t if not isinstance(child, YMap | YList) else _head(child, value_t)
            elif isinstance(child, YMap | YList) or value_t[2] != key_t[0]:
                best = key_t
            else:
                best = (key_t[0], key_t[1], value_t[2], value_t[3], key_t[4], value_t[5])
            node = child
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            item_span = node.item_spans[part]
            node = node[part]
            best = _head(node, item_span)
        else:
            break
    return span_of(best) if best is not None else None


def node_at(root: Any, path: Path) -> Any:
    """The value at ``path`` below ``root``, or None when the path is not written."""
    node = root
    for part in path:
        if isinstance(node, dict):
            if part not in node:
                return None
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def key_span(parent: Any, key: Any) -> Span | None:
    if isinstance(parent, YMap) and key in parent:
        return span_of(parent.key_spans[key])
    return None


def format_path(path: Path) -> str:
    """``spec.containers[0].image`` style dotted path; keys with dots are quoted."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            text = str(part)
            if "." in text or "[" in text:
                text = f'"{text}"'
            out.append(("." if out else "") + text)
    return "".join(out)
