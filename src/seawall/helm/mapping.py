"""Map a line of rendered output back to the template line (and values key) that produced it.

Helm does not record where output text comes from, so the mapping is reconstructed:

1. Each template line's literal text, with every ``{{ ... }}`` action replaced by a wildcard,
   is a pattern for the rendered line it produces (``runAsUser: {{ .Values.x }}`` matches
   ``runAsUser: 0``). Literal lines of the template itself keep their indentation, so the
   rendered line's indentation must match too; lines of ``define`` blocks (helpers reached
   through ``include``) are matched without it, since ``nindent`` moves them.
2. Rendered lines are matched in order against the template, resuming after the previous match;
   a line that matches nothing ahead restarts at the innermost ``range`` around the previous
   match (the next loop iteration), then at the top of the file, then in the helpers.
3. A rendered line that matches no literal line was written by an action (``toYaml
   .Values.securityContext | nindent 12``): it maps to that action's line, after the last
   matched line.
4. The values key: for a literal line, the ``.Values.a.b`` reference on it whose value equals
   the rendered value; for a ``toYaml`` block, the block's reference followed by the rendered
   field's path below the block's anchor line (``securityContext`` + ``runAsUser``). The key is
   then looked up in the values files in Helm's precedence (``--set``, ``--values`` files, then
   the chart's and its parents' ``values.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from seawall.core.source import SourceFile
from seawall.parse.yaml import Path, YList, YMap, node_at

_ACTION = re.compile(r"\{\{.*?\}\}")
_VALUES_REF = re.compile(r"(?<![\w$])\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)")
_BLOCKS = re.compile(r"\{\{-?\s*(range|if|with|define|block|end)\b")
_WORD = re.compile(r"[A-Za-z0-9]")
_WRITES_BLOCK = re.compile(r"\b(toYaml|include|tpl|toJson)\b")


@dataclass(frozen=True, slots=True)
class TemplateLine:
    source: SourceFile
    number: int
    pattern: re.Pattern[str] | None  # None: nothing literal on the line
    indent: int | None  # the literal indentation; None when the line starts with an action
    refs: tuple[tuple[str, ...], ...]  # `.Values.a.b` references, as key paths
    writes_block: bool  # toYaml / include: may write several lines
    loop_start: int  # index of the first line of the innermost `range` around it, else 0


def _pattern(stripped: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    literal_seen = False
    position = 0
    for match in _ACTION.finditer(stripped):
        literal = stripped[position : match.start()]
        literal_seen = literal_seen or bool(_WORD.search(literal))
        parts.append(_literal(literal))
        parts.append(".*?")
        position = match.end()
    tail = stripped[position:]
    literal_seen = literal_seen or bool(_WORD.search(tail))
    parts.append(_literal(tail))
    return re.compile("".join(parts)) if literal_seen else None


def _literal(text: str) -> str:
    return r"\s*".join(re.escape(piece) for piece in text.split())


def analyse(source: SourceFile) -> tuple[list[TemplateLine], list[TemplateLine]]:
    """The template's own output lines, and the lines of its ``define`` blocks (helpers)."""
    own: list[TemplateLine] = []
    helpers: list[TemplateLine] = []
    stack: list[tuple[str, int]] = []  # open blocks: (keyword, index in `own` at opening)
    in_action = False
    for number, text in enumerate(source.text.splitlines(), start=1):
        stripped = text.strip()
        if in_action:  # inside a `{{ ... }}` that spans lines
            in_action = "}}" not in text
            continue
        opened = stripped.count("{{") > stripped.count("}}")
        refs = tuple(tuple(m[1].strip(".").split(".")) for m in _VALUES_REF.finditer(text))
        define = any(keyword == "define" for keyword, _ in stack)
        loops = [start for keyword, start in stack if keyword == "range"]
        pattern = _pattern(stripped) if not opened else None
        starts_with_action = stripped.startswith("{{")
        line = TemplateLine(
            source,
            number,
            pattern,
            None if starts_with_action or define else len(text) - len(text.lstrip()),
            refs,
            bool(_WRITES_BLOCK.search(text)),
            loops[-1] if loops else 0,
        )
        (helpers if define else own).append(line)
        for match in _BLOCKS.finditer(text):
            if match[1] == "end":
                if stack:
                    stack.pop()
            else:
                stack.append((match[1], len(own)))
        in_action = opened
    return own, helpers


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Where one rendered line came from; ``anchor`` is the rendered line (0-based) of the last
    matched literal line when the line was written by an action."""

    line: TemplateLine
    generated: bool
    anchor: int | None


@dataclass(slots=True)
class Alignment:
    """Rendered lines (0-based) to their template lines, computed once per rendered template."""

    origins: list[LineOrigin | None] = field(default_factory=list)


def align(rendered: str, own: Sequence[TemplateLine], helpers: Sequence[TemplateLine]) -> Alignment:
    literal = [i for i, line in enumerate(own) if line.pattern is not None]
    cursor = 0  # index into `own`
    last: int | None = None  # index into `own` of the last literal match
    last_rendered: int | None = None
    helper_cursor = 0
    origins: list[LineOrigin | None] = []
    for index, text in enumerate(rendered.splitlines()):
        stripped = text.strip()
        if not stripped or stripped == "---" or stripped.startswith("# Source:"):
            origins.append(None)
            continue
        indent = len(text) - len(text.lstrip())
        found = _find_own(own, literal, stripped, indent, cursor, last)
        if found is not None:
            cursor, last, last_rendered = found + 1, found, index
            origins.append(LineOrigin(own[found], False, None))
            continue
        helper = _find_helper(helpers, stripped, helper_cursor)
        if helper is not None:
            helper_cursor = helper + 1
            origins.append(LineOrigin(helpers[helper], False, None))
            continue
        producer = _producer(own, cursor, last)
        origins.append(LineOrigin(producer, True, last_rendered) if producer is not None else None)
    return Alignment(origins)


def _matches(line: TemplateLine, stripped: str, indent: int) -> bool:
    assert line.pattern is not None
    return (line.indent is None or line.indent == indent) and bool(line.pattern.fullmatch(stripped))


def _find_own(
    own: Sequence[TemplateLine],
    literal: Sequence[int],
    stripped: str,
    indent: int,
    cursor: int,
    last: int | None,
) -> int | None:
    ahead = [i for i in literal if i >= cursor]
    for i in ahead:
        if _matches(own[i], stripped, indent):
            return i
    loop = own[last].loop_start if last is not None else 0
    for start in (loop, 0):
        for i in literal:
            if start <= i < cursor and _matches(own[i], stripped, indent):
                return i
    return None


def _find_helper(helpers: Sequence[TemplateLine], stripped: str, cursor: int) -> int | None:
    order: list[int] = [*range(cursor, len(helpers)), *range(0, min(cursor, len(helpers)))]
    for i in order:
        pattern = helpers[i].pattern
        if pattern is not None and pattern.fullmatch(stripped):
            return i
    return None


def _producer(own: Sequence[TemplateLine], cursor: int, last: int | None) -> TemplateLine | None:
    """The action line that wrote an unmatched rendered line: the first action line after the
    last match that writes a block or reads values, else the last matched line itself."""
    for line in own[cursor:]:
        if line.pattern is not None:
            break
        if line.writes_block or line.refs:
            return line
    return own[last] if last is not None else None


# --------------------------------------------------------------------------- rendered paths


def path_of_line(root: Any, start: int, end: int) -> Path | None:
    """The path of the field written on the rendered line spanning offsets [start, end)."""
    if isinstance(root, YMap):
        for key, (ks, _ke, vs, ve) in root.entries.items():
            child = root.get(key)
            if start <= ks < end:
                return (key,)
            if isinstance(child, YMap | YList) and vs < end and start <= ve:
                below = path_of_line(child, start, end)
                if below is not None:
                    return (key, *below)
    elif isinstance(root, YList):
        for index, (s, e) in enumerate(root.items):
            child = root[index]
            if isinstance(child, YMap | YList) and s < end and start <= e:
                below = path_of_line(child, start, end)
                if below is not None:
                    return (index, *below)
            if start <= s < end:
                return (index,)
    return None


def values_lookup(values: Any, key: Sequence[str | int]) -> Any:
    return node_at(values, tuple(key))
