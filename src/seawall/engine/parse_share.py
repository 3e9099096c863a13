"""Parse part of a large scan's YAML in a forked child while the parent parses the rest.

Parsing is most of a large scan's time and runs on one core. Once every file is read, the
parent forks; the child parses every other file or so (``_CHILD_SHARE`` of the characters, dealt
out along the list so that each side gets a like mix of projects and file sizes: the child also
pays for encoding) and sends them back through ``parse.yaml_wire`` with ``marshal``. The parent
loads its own files first (``order``), then rebuilds the child's documents instead of parsing
them. A file the child could not carry, or a child that failed, is parsed here: the documents
are the same either way.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from seawall.core.lines import LineIndex
from seawall.engine import forked
from seawall.engine.load import YamlParser
from seawall.parse.yaml import Limits, YamlStream, parse_yaml
from seawall.parse.yaml_wire import WireStream, from_wire, to_wire

# below this many characters of YAML the fork and the encoding cost more than they save
_MIN_CHARS = 2_000_000
# the child's share of the characters: it parses and encodes, the parent decodes its part
_CHILD_SHARE = 0.42
# marshal's newest format shares repeated strings, which makes the parent's loads cheaper
_MARSHAL_VERSION = 4


def _dumps(value: Any) -> bytes:
    return marshal.dumps(value, _MARSHAL_VERSION)


def _nothing_received() -> dict[int, WireStream | None]:
    return {}  # the child failed: the parent parses its files itself


@dataclass(slots=True)
class ParseShare:
    """Which files the child parses, and (once asked for) what it sent back."""

    child: frozenset[int]
    pending: forked.Forked[dict[int, WireStream | None]] | None
    received: dict[int, WireStream | None] | None = field(default=None)

    def order(self, count: int) -> list[int]:
        """The order to load ``count`` files in: the parent's own first, the child's last."""
        return [i for i in range(count) if i not in self.child] + sorted(self.child)

    def parser(self, index: int) -> YamlParser:
        """How to parse the text of file ``index``."""
        if index not in self.child:
            return parse_yaml

        def parse(text: str, limits: Limits, lines: LineIndex | None = None) -> YamlStream:
            wire = self._wire(index)
            if wire is None:
                return parse_yaml(text, limits, lines)
            return from_wire(wire, lines if lines is not None else LineIndex(text))

        return parse

    def _wire(self, index: int) -> WireStream | None:
        if self.received is None:
            self.received = self.pending.result() if self.pending is not None else {}
            self.pending = None
        return self.received.pop(index, None)


def start_parse_share(texts: Sequence[str | None], limits: Limits, jobs: int) -> ParseShare | None:
    """Fork a child for part of ``texts`` (None: a file that is not parsed as YAML), or None
    when one process should parse everything."""
    total = sum(len(t) for t in texts if t is not None)
    parsed = sum(1 for t in texts if t is not None)
    if jobs == 1 or parsed < 2 or (jobs == 0 and total < _MIN_CHARS):
        return None
    child: list[int] = []
    seen = given = 0
    for index, text in enumerate(texts):
        if text is None:
            continue
        seen += len(text)
        # give the child this file when that keeps its share nearer the target than not
        if abs(given + len(text) - seen * _CHILD_SHARE) < abs(given - seen * _CHILD_SHARE):
            child.append(index)
            given += len(text)
    if not child or len(child) == parsed:
        return None

    def work() -> dict[int, WireStream | None]:
        return {
            i: to_wire(parse_yaml(text, limits)) for i in child if (text := texts[i]) is not None
        }

    started = forked.fork(work, dumps=_dumps, loads=marshal.loads, fallback=_nothing_received)
    if started is None:
        return None
    return ParseShare(frozenset(child), started)
