"""Parsed YAML as plain builtins that ``marshal`` can carry between processes.

A forked child parses part of a large scan (``engine.parse_share``); pickling the ``YMap``/
``YList`` containers it built would cost more than parsing them again, while ``marshal`` moves
plain dicts, lists and tuples several times faster. So each container travels as a tuple of its
plain contents and its offsets, and is rebuilt here around the receiving file's ``LineIndex``.

A document whose aliases made two places share one collection is not carried: marshal would
copy the collection and the sharing (which the alias expansion bound counts on) would be lost.
Such a file is parsed again by the receiver.
"""

from __future__ import annotations

from typing import Any

from seawall.core.lines import LineIndex
from seawall.core.span import Span
from seawall.parse.yaml import YamlDocument, YamlProblem, YamlStream, YList, YMap, YTagged

WireStream = tuple[Any, ...]
"""``(documents, problems)``: everything in it is a builtin that ``marshal`` accepts."""

_MAP, _LIST, _TAGGED = 0, 1, 2
_CONTAINERS = frozenset({YMap, YList, YTagged})


class _Unportable(Exception):
    """A value marshal cannot carry (an application-tagged mapping key)."""


def to_wire(stream: YamlStream) -> WireStream | None:
    """``stream`` as plain data, or None when it cannot travel (aliased collections)."""
    if any(d.aliased for d in stream.documents):
        return None
    try:
        documents = tuple(
            (
                d.index,
                _encode(d.root) if type(d.root) in _CONTAINERS else d.root,
                _span(d.span),
                tuple(_problem(p) for p in d.problems),
                d.templated,
            )
            for d in stream.documents
        )
    except _Unportable:
        return None
    return documents, tuple(_problem(p) for p in stream.problems)


def from_wire(wire: WireStream, lines: LineIndex) -> YamlStream:
    """The stream ``to_wire`` described, its containers pointing at ``lines``."""
    documents, problems = wire
    return YamlStream(
        [
            YamlDocument(
                index,
                _decode(root, lines) if type(root) is tuple else root,
                Span(*span),
                [_unproblem(p) for p in doc_problems],
                templated,
            )
            for index, root, span, doc_problems, templated in documents
        ],
        [_unproblem(p) for p in problems],
    )


def _encode(value: Any) -> tuple[Any, ...]:
    kind = type(value)
    if kind is YMap:
        plain: dict[Any, Any] = {}
        for key, item in value.items():
            if type(key) is YTagged:
                raise _Unportable
            plain[key] = _encode(item) if type(item) in _CONTAINERS else item
        return _MAP, plain, value.entries, value.offsets, value.tag
    if kind is YList:
        items = [_encode(item) if type(item) in _CONTAINERS else item for item in value]
        return _LIST, items, value.items, value.offsets, value.tag
    return _TAGGED, str(value), value.tag


def _decode(wire: tuple[Any, ...], lines: LineIndex) -> Any:
    # scalars are never tuples, so a tuple among a container's items is a nested container
    kind = wire[0]
    if kind == _MAP:
        plain = wire[1]
        mapping = YMap(lines)
        mapping.update(plain)
        for key, item in plain.items():
            if type(item) is tuple:
                mapping[key] = _decode(item, lines)
        mapping.entries, mapping.offsets, mapping.tag = wire[2], wire[3], wire[4]
        return mapping
    if kind == _LIST:
        items = wire[1]
        sequence = YList(lines)
        sequence.extend(items)
        for index, item in enumerate(items):
            if type(item) is tuple:
                sequence[index] = _decode(item, lines)
        sequence.items, sequence.offsets, sequence.tag = wire[2], wire[3], wire[4]
        return sequence
    tagged = YTagged(wire[1])
    tagged.tag = wire[2]
    return tagged


def _span(span: Span) -> tuple[int, int, int, int, int, int]:
    return span.line, span.column, span.end_line, span.end_column, span.offset, span.end_offset


def _problem(problem: YamlProblem) -> tuple[Any, ...]:
    return problem.kind, problem.message, _span(problem.span), problem.document


def _unproblem(wire: tuple[Any, ...]) -> YamlProblem:
    kind, message, span, document = wire
    return YamlProblem(kind, message, Span(*span), document)
