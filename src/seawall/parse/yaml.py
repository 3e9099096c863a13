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

import operator
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from seawall.core.lines import LineIndex
from seawall.core.span import Span

Offsets = tuple[int, int]
"""(start, end) character offsets into the document's text."""
EntryOffsets = tuple[int, int, int, int]
"""(key start, key end, value start, value end) character offsets of one mapping entry."""

PathPart = str | int
Path = tuple[PathPart, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "merge"
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX = 1 << 16


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer with a memoised implicit-tag resolver.

    PyYAML resolves every plain scalar through a chain of regular expressions in Python; the same
    few thousand values (keys, ``true``, small numbers) recur across a corpus, so a bounded cache
    keyed by the text saves most of that work. Quoted scalars are always strings.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR if implicit[1] else str(Resolver.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = str(Resolver.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _SEQ if kind is SequenceNode else _MAP

    # path resolvers (a PyYAML feature nobody registers) would be consulted for every node. The
    # composer calls these twice per node: builtins (which do not bind ``self``) that take the
    # same arguments and do nothing cost less than the cheapest Python method
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)


_NO_TEXT = LineIndex("")


class YMap(dict[Any, Any]):
    """A mapping that remembers where it, its keys and its values were written."""

    __slots__ = ("entries", "lines", "offsets", "tag")

    # no super().__init__(): a new dict is already empty, and this runs for every mapping parsed
    def __init__(self, lines: LineIndex = _NO_TEXT) -> None:
        self.lines = lines
        self.offsets: Offsets = (0, 0)
        self.entries: dict[Any, EntryOffsets] = {}
        self.tag: str | None = None

    def key_span(self, key: Any) -> Span:
        entry = self.entries[key]
        return self.lines.span(entry[0], entry[1])

    def value_span(self, key: Any) -> Span:
        entry = self.entries[key]
        return self.lines.span(entry[2], entry[3])

    @property
    def span(self) -> Span:
        return self.lines.span(*self.offsets)


class YList(list[Any]):
    """A sequence that remembers where it and each of its items were written."""

    __slots__ = ("items", "lines", "offsets", "tag")

    # no super().__init__(): a new list is already empty, and this runs for every list parsed
    def __init__(self, lines: LineIndex = _NO_TEXT) -> None:
        self.lines = lines
        self.offsets: Offsets = (0, 0)
        self.items: list[Offsets] = []
        self.tag: str | None = None

    def item_span(self, index: int) -> Span:
        return self.lines.span(*self.items[index])

    @property
    def span(self) -> Span:
        return self.lines.span(*self.offsets)


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
    templated: bool = False
    # an alias made two places hold one collection object (``parse.yaml_wire`` keeps out)
    aliased: bool = False


@dataclass(slots=True)
class YamlStream:
    documents: list[YamlDocument]
    problems: list[YamlProblem]


def _node_span(node: Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1, s.index, e.index)


class _Abort(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _BadScalar(Exception):
    """A scalar whose explicit tag names a type its text cannot be read as."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


_SCALARS = SafeConstructor()
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    value = node.value
    if tag == _STR:
        return value
    # an explicit tag (`!!int abc`) can name a type the text is not: the builder reports it
    if tag == _TAG + "int":
        try:
            return int(value)
        except ValueError:
            try:
                return _SCALARS.construct_yaml_int(node)
            except (ValueError, IndexError):
                raise _BadScalar("an integer") from None
    if tag == _TAG + "bool":
        if value.lower() not in _BOOL:
            raise _BadScalar("a boolean")
        return _BOOL[value.lower()]
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "float":
        try:
            return _SCALARS.construct_yaml_float(node)
        except (ValueError, IndexError):
            raise _BadScalar("a number") from None
    if tag.startswith(_TAG) or tag == "!":
        # timestamps, binary and explicit !!str-like tags stay text: manifests compare them as text
        return value
    tagged = YTagged(value)
    tagged.tag = tag
    return tagged


_ALIAS_END = frozenset(" \t\r\n,]}#")


def _alias_region(text: str, after: int) -> Offsets:
    """Where an alias (``*name``) written after ``after`` is.

    An alias composes to the anchored node itself, whose marks point at the anchor; the alias's
    own position is only in the text, right after its key or the previous item.
    """
    start = text.find("*", after)
    if start < 0:
        return after, after
    end = start + 1
    while end < len(text) and text[end] not in _ALIAS_END:
        end += 1
    return start, end


class _Builder:
    """Turns one composed node graph into YMap/YList/scalars, bounded in depth and expansion.

    Collections are memoised by node identity so that aliases share one converted object, as
    PyYAML does; ``sizes`` holds each collection's fully expanded node count, which bounds alias
    bombs without ever expanding them.
    """

    def __init__(self, limits: Limits, doc_index: int, lines: LineIndex) -> None:
        self.limits = limits
        self.doc_index = doc_index
        self.lines = lines
        self.memo: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()
        self.problems: list[YamlProblem] = []
        self.physical = 0
        # `{{ .Values.x }}` parses as a flow mapping whose key is a mapping: a template source
        self.templated = False

    def problem(self, kind: str, message: str, node: Node) -> YamlProblem:
        return YamlProblem(kind, message, _node_span(node), self.doc_index)

    def build(self, node: Node, depth: int) -> Any:
        if type(node) is ScalarNode:
            self.physical += 1
            return self._scalar(node)
        key = id(node)
        if key in self.memo:
            if key in self.active:
                raise _Abort(
                    self.problem(
                        "recursive-alias", "an alias refers to the node that contains it", node
                    )
                )
            return self.memo[key]
        if depth > self.limits.max_depth:
            raise _Abort(
                self.problem(
                    "nesting-too-deep",
                    f"nesting is deeper than {self.limits.max_depth} levels",
                    node,
                )
            )
        self.physical += 1
        self.active.add(key)
        if isinstance(node, SequenceNode):
            result: Any = self._sequence(node, depth)
        else:
            result = self._mapping(node, depth)  # type: ignore[arg-type]
        self.active.discard(key)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        try:
            return _scalar(node)
        except _BadScalar as bad:
            self.problems.append(
                self.problem(
                    "syntax",
                    f"`{node.tag.replace(_TAG, '!!')} {node.value}`: the value cannot be read as "
                    f"{bad.expected}",
                    node,
                )
            )
            return node.value

    def _sequence(self, node: SequenceNode, depth: int) -> YList:
        out = YList(self.lines)
        self.memo[id(node)] = out
        out.offsets = (node.start_mark.index, node.end_mark.index)
        if node.tag != _SEQ:
            out.tag = node.tag
        size = 1
        sizes = self.sizes
        append, items = out.append, out.items.append
        previous_end = node.start_mark.index
        for child in node.value:
            if type(child) is ScalarNode:
                self.physical += 1
                append(self._scalar(child))
                size += 1
            else:
                append(self.build(child, depth + 1))
                size += sizes.get(id(child), 1)
            region = (child.start_mark.index, child.end_mark.index)
            if region[0] < previous_end:
                region = _alias_region(self.lines.text, previous_end)
            items(region)
            previous_end = region[1]
        sizes[id(node)] = size
        self._bound(size, node)
        return out

    def _mapping(self, node: MappingNode, depth: int) -> YMap:
        out = YMap(self.lines)
        self.memo[id(node)] = out
        out.offsets = (node.start_mark.index, node.end_mark.index)
        if node.tag != _MAP:
            out.tag = node.tag
        size = 1
        sizes = self.sizes
        merges: list[YMap] = []
        entries = out.entries
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode:
                if key_node.tag == _MERGE:
                    merges.extend(self._merge_sources(value_node, depth))
                    size += sizes.get(id(value_node), 1)
                    continue
                self.physical += 1
                key = self._scalar(key_node)
            else:
                # complex keys do not occur in configuration; keep them addressable as text
                key = str(self.build(key_node, depth + 1))
                if self.lines.text.startswith("{{", node.start_mark.index):
                    self.templated = True
            if type(value_node) is ScalarNode:
                self.physical += 1
                value = self._scalar(value_node)
                size += 2
            else:
                value = self.build(value_node, depth + 1)
                size += 1 + sizes.get(id(value_node), 1)
            if key in out:
                self.problems.append(self._duplicate(key, out, key_node))
            out[key] = value
            key_end, value_start = key_node.end_mark.index, value_node.start_mark.index
            if value_start < key_end:
                value_start, value_end = _alias_region(self.lines.text, key_end)
            else:
                value_end = value_node.end_mark.index
            entries[key] = (key_node.start_mark.index, key_end, value_start, value_end)
        for source in merges:
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    entries[key] = source.entries[key]
        sizes[id(node)] = size
        self._bound(size, node)
        return out

    def _duplicate(self, key: Any, out: YMap, key_node: Node) -> YamlProblem:
        first = self.lines.position(out.entries[key][0])[0]
        return self.problem(
            "duplicate-key",
            f"duplicate key {key!r}; it was first defined on line {first}, "
            "and most tools silently keep only the last value",
            key_node,
        )

    def _bound(self, size: int, node: Node) -> None:
        if size - self.physical > self.limits.max_alias_nodes:
            raise _Abort(
                self.problem(
                    "alias-expansion",
                    f"aliases expand this document to more than {self.limits.max_alias_nodes:,} "
                    "extra nodes (an alias bomb?); it was not analysed",
                    node,
                )
            )

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


class _Shared(Exception):
    """The plain builder reached a collection a second time: the document uses aliases."""


class _PlainBuilder(_Builder):
    """``_Builder`` without the alias bookkeeping, for the usual document that has no alias.

    A collection reached twice can only come from an alias; the first time that happens this
    builder gives up (``_Shared``) and the document is built again by ``_Builder``. Until then
    the active set and the expansion bound could not have fired (without shared collections the
    expanded size equals the nodes built), so skipping them changes nothing. The depth limit,
    duplicate keys, merge keys and bad scalars are handled exactly as in ``_Builder``, in the
    same order.
    """

    def build(self, node: Node, depth: int) -> Any:
        if type(node) is ScalarNode:
            return self._scalar(node)
        if id(node) in self.memo:
            raise _Shared
        if depth > self.limits.max_depth:
            raise _Abort(
                self.problem(
                    "nesting-too-deep",
                    f"nesting is deeper than {self.limits.max_depth} levels",
                    node,
                )
            )
        if isinstance(node, SequenceNode):
            return self._sequence(node, depth)
        return self._mapping(node, depth)  # type: ignore[arg-type]

    def _sequence(self, node: SequenceNode, depth: int) -> YList:
        out = YList(self.lines)
        self.memo[id(node)] = out
        out.offsets = (node.start_mark.index, node.end_mark.index)
        if node.tag != _SEQ:
            out.tag = node.tag
        append, items = out.append, out.items.append
        build, scalar = self.build, self._scalar
        previous_end = node.start_mark.index
        for child in node.value:
            if type(child) is ScalarNode:
                append(child.value if child.tag == _STR else scalar(child))
            else:
                append(build(child, depth + 1))
            region = (child.start_mark.index, child.end_mark.index)
            if region[0] < previous_end:
                region = _alias_region(self.lines.text, previous_end)
            items(region)
            previous_end = region[1]
        return out

    def _mapping(self, node: MappingNode, depth: int) -> YMap:
        out = YMap(self.lines)
        self.memo[id(node)] = out
        out.offsets = (node.start_mark.index, node.end_mark.index)
        if node.tag != _MAP:
            out.tag = node.tag
        merges: list[YMap] = []
        entries = out.entries
        build, scalar = self.build, self._scalar
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode:
                tag = key_node.tag
                if tag == _MERGE:
                    merges.extend(self._merge_sources(value_node, depth))
                    continue
                key = key_node.value if tag == _STR else scalar(key_node)
            else:
                # complex keys do not occur in configuration; keep them addressable as text
                key = str(build(key_node, depth + 1))
                if self.lines.text.startswith("{{", node.start_mark.index):
                    self.templated = True
            if type(value_node) is ScalarNode:
                value = value_node.value if value_node.tag == _STR else scalar(value_node)
            else:
                value = build(value_node, depth + 1)
            if key in out:
                self.problems.append(self._duplicate(key, out, key_node))
            out[key] = value
            key_end, value_start = key_node.end_mark.index, value_node.start_mark.index
            if value_start < key_end:
                value_start, value_end = _alias_region(self.lines.text, key_end)
            else:
                value_end = value_node.end_mark.index
            entries[key] = (key_node.start_mark.index, key_end, value_start, value_end)
        for source in merges:
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    entries[key] = source.entries[key]
        return out


_LONG_LINE = 1000
_COMPACT_RUN = re.compile(r"(?:[-?][ \t]+){500}")


def _may_nest_deeply(text: str) -> bool:
    """False when libyaml's recursive composer is certainly safe on this text.

    Flow nesting cannot hurt it: libyaml's scanner stops at 1,000 flow levels by itself. Block
    nesting needs one more column of indentation, or one more ``- `` on the line, per level, so
    without a line of 1,000 characters it stays far below the ~20,000 levels that overflow the
    C stack; on the few long lines, only deep indentation or a run of compact indicators counts.
    """
    if len(text) < _LONG_LINE or max(map(len, text.split("\n"))) < _LONG_LINE:
        return False
    for line in text.split("\n"):
        if len(line) >= _LONG_LINE and (
            len(line) - len(line.lstrip(" ")) >= _LONG_LINE or _COMPACT_RUN.search(line)
        ):
            return True
    return False


def _deep_nesting(text: str, limits: Limits) -> YamlProblem | None:
    """Measure nesting with libyaml's (non-recursive) event parser, stopping at the limit."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
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
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(error):
            # libyaml's scanner gives up at 1,000 flow levels, ahead of the events we count
            return _flow_nesting_problem(text, limits)
        return None  # the composer reports the syntax error with its own location
    finally:
        loader.dispose()


_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_nesting_problem(text: str, limits: Limits) -> YamlProblem:
    """Where flow brackets first nest past the limit (quoted brackets are rare enough here)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limits.max_depth:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return YamlProblem(
                "nesting-too-deep",
                f"nesting is deeper than {limits.max_depth} levels; not analysed",
                Span.point(line, column, match.start()),
            )
    return YamlProblem(
        "nesting-too-deep",
        f"nesting is deeper than {limits.max_depth} levels; not analysed",
        Span.point(1),
    )


def _syntax_problem(error: yaml.YAMLError, doc_index: int | None) -> YamlProblem:
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    mark = problem_mark or context_mark
    if context_mark is not None and "end of stream" in str(problem):
        # an unclosed quote or bracket: where it was opened helps more than the end of the file
        mark = context_mark
        message += " (it starts here and is never closed)"
    if mark is None:
        return YamlProblem("syntax", f"YAML syntax error: {message}", Span.point(1), doc_index)
    return YamlProblem(
        "syntax",
        f"YAML syntax error: {message}",
        Span.point(mark.line + 1, mark.column + 1, mark.index),
        doc_index,
    )


def parse_yaml(
    text: str, limits: Limits | None = None, lines: LineIndex | None = None
) -> YamlStream:
    """Parse every document of ``text``. Never raises for bad input: problems are returned.
    ``lines`` shares the file's line index (a ``SourceFile``'s) instead of building another."""
    limits = limits or Limits()
    documents: list[YamlDocument] = []
    problems: list[YamlProblem] = []
    if _may_nest_deeply(text):
        deep = _deep_nesting(text, limits)
        if deep is not None:
            return YamlStream([], [deep])
    loader = _Loader(text)
    lines = lines if lines is not None and lines.text is text else LineIndex(text)
    index = 0
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:  # pragma: no cover - check_node said there was one
                break
            builder: _Builder = _PlainBuilder(limits, index, lines)
            doc_span = _node_span(node)
            aliased = False
            try:
                try:
                    root = builder.build(node, 1)  # the root collection is level 1
                except _Shared:  # aliases: build it again, bounding their expansion
                    builder = _Builder(limits, index, lines)
                    aliased = True
                    root = builder.build(node, 1)
            except _Abort as abort:
                problems.extend(builder.problems)
                problems.append(abort.problem)
                documents.append(YamlDocument(index, None, doc_span, [abort.problem]))
            else:
                problems.extend(builder.problems)
                documents.append(
                    YamlDocument(
                        index, root, doc_span, builder.problems, builder.templated, aliased
                    )
                )
            index += 1
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(error):
            problems.append(_flow_nesting_problem(text, limits))
        else:
            problems.append(_syntax_problem(error, index))
    except RecursionError:
        problems.append(
            YamlProblem("nesting-too-deep", "nesting is too deep to analyse", Span.point(1), index)
        )
    finally:
        loader.dispose()
    return YamlStream(documents, problems)


def _entry_region(node: YMap, key: Any) -> Offsets:
    """``key: value`` as one region when the value is a scalar on the key's line, else the key."""
    ks, ke, _, ve = node.entries[key]
    if isinstance(node[key], YMap | YList) or "\n" in node.lines.text[ks:ve]:
        return ks, ke
    return ks, ve


def _head(node: Any, region: Offsets) -> Offsets:
    """Narrow a collection's region to its first line: the first ``key: value`` written inside
    it (keys merged in with ``<<`` live elsewhere), else the region's first line."""
    start, end = region
    if isinstance(node, YMap) and not node.lines.text.startswith("<<", start):
        for key, entry in node.entries.items():
            if start <= entry[0] < end:
                return _entry_region(node, key)
    elif isinstance(node, YList) and node and start <= node.items[0][0] < end:
        return _head(node[0], node.items[0])
    if isinstance(node, YMap | YList):
        newline = node.lines.text.find("\n", start, end)
        return start, newline if newline > start else end
    return region


def locate(root: Any, path: Path, *, key: bool = True) -> Span | None:
    """The span of the field at ``path`` below ``root``.

    With ``key`` true a mapping entry is located at its key, extended over a scalar value on the
    same line (``privileged: true``); otherwise at its value. When the path leaves the written
    document (the field is missing), the deepest written ancestor is returned, narrowed to its
    first line, so a finding about a missing field points at the object that should hold it.
    """
    if not isinstance(root, YMap | YList):
        return None
    node: Any = root
    best = _head(node, node.offsets)
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, YMap) and part in node:
            child = node[part]
            if last and not key:
                start, end = node.entries[part][2:]
                best = (
                    _head(child, (start, end)) if isinstance(child, YMap | YList) else (start, end)
                )
            else:
                best = _entry_region(node, part)
            node = child
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            region = node.items[part]
            node = node[part]
            best = _head(node, region)
        else:
            break
    return root.lines.span(*best)


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


def scalar_text(value: Any) -> str:
    """A scalar as YAML writes it (``true``, ``null``, ``3``), for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
