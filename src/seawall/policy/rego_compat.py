"""Rego v0 modules made readable by a v1 engine.

rego-cpp 1.5 parses every module as Rego v1 and has no v0 switch. Most v0 syntax is accepted
(a body without ``if``), but one construct changes meaning: the v0 partial-set head
``violation[{"msg": msg}] { ... }`` becomes a v1 partial *object* (``key -> true``), so libs that
iterate such a set would read ``true`` instead of the members. ``to_v1`` rewrites those heads to
``violation contains {"msg": msg} if { ... }``, the v1 spelling of the same rule, and keeps a map
from the new text's offsets back to the original, so compiler errors point at what the user
wrote. Strings, raw strings and comments are skipped; only heads at the top level are touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_V1_IMPORT = re.compile(r"^\s*import\s+rego\.v1\b", re.MULTILINE)
_OPEN = "([{"
_CLOSE = ")]}"
_KEYWORDS = frozenset({"package", "import", "default", "else", "not", "some", "every"})


@dataclass(frozen=True, slots=True)
class Rewritten:
    text: str
    # (offset in the new text, offset in the original) at each edit, in order
    anchors: tuple[tuple[int, int], ...] = ()

    def original_offset(self, offset: int) -> int:
        new_at, old_at = 0, 0
        for new, old in self.anchors:
            if new > offset:
                break
            new_at, old_at = new, old
        return old_at + (offset - new_at)


def is_v1(text: str) -> bool:
    return bool(_V1_IMPORT.search(text))


def _skip(text: str, i: int) -> int:
    """The index after the string, raw string or comment starting at ``i`` (``i`` if none)."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if c == "`":
        end = text.find("`", i + 1)
        return len(text) if end < 0 else end + 1
    if c == '"':
        j = i + 1
        while j < len(text) and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        return j + 1
    return i


def blank(text: str, *, strings: bool = True) -> str:
    """``text`` with its comments (and its strings, when ``strings``) turned into spaces, so a
    pattern run over it sees only code, at the same offsets."""
    out: list[str] = []
    i = last = 0
    while i < len(text):
        c = text[i]
        if c == "#" or (strings and c in '"`'):
            end = _skip(text, i)
            out.append(text[last:i])
            out.append(" " * (min(end, len(text)) - i))
            i = last = end
        elif c in '"`':  # a string kept as is, skipped so a `#` inside it stays
            i = _skip(text, i)
        else:
            i += 1
    out.append(text[last:])
    return "".join(out)


def _closing(text: str, i: int) -> int:
    """The index of the bracket closing the one at ``i``, or -1."""
    depth = 0
    j = i
    while j < len(text):
        skipped = _skip(text, j)
        if skipped != j:
            j = skipped
            continue
        if text[j] in _OPEN:
            depth += 1
        elif text[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _next_code(text: str, i: int) -> int:
    """The index of the next character that is neither blank nor in a comment."""
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text[i] == "#":
            i = _skip(text, i)
        else:
            return i
    return i


# after these, a ``{`` at the top level opens a value (``p := {...}``), not a rule body
_VALUE_BEFORE = frozenset("=,([|:")


def _previous_word(text: str, end: int) -> str:
    j = end
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return text[j:end]


def _lone(text: str, i: int) -> bool:
    """Whether the ``_`` at ``i`` is the wildcard, not part of a name."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_")


def to_v1(text: str, *, v0: bool = True) -> Rewritten:
    """``text`` with its v0 rule heads spelled the v1 way (see the module doc): partial-set
    heads ``name[term] {`` become ``name contains term if {`` and every other rule body gets the
    ``if`` that v1 requires (``allow {`` → ``allow if {``, ``f(x) {`` → ``f(x) if {``)."""
    v0 = v0 and not is_v1(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original
    stack: list[str] = []  # open brackets
    fresh = 0
    depth = 0
    i = 0
    line_start = True
    last_code = -1  # index of the last significant character at the top level
    while i < len(text):
        skipped = _skip(text, i)
        if skipped != i:
            if text[i] != "#":
                last_code = skipped - 1
            i, line_start = skipped, line_start and text[i] == "#"
            continue
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c.isspace():
            i += 1
            continue
        if c == "_" and stack and stack[-1] == "[" and "(" in stack and _lone(text, i):
            # rego-cpp 1.5 rejects the wildcard in a call's argument (`startswith(x, a[_])`);
            # a fresh variable per `_` means the same
            edits.append((i, i + 1, f"__sw{fresh}"))
            fresh += 1
        if v0 and depth == 0 and line_start and (m := _IDENT.match(text, i)):
            name_end = m.end()
            if m.group() not in _KEYWORDS and name_end < len(text) and text[name_end] == "[":
                close = _closing(text, name_end)
                after = _next_code(text, close + 1) if close > 0 else -1
                if close > 0 and after < len(text) and text[after] == "{":
                    # name[term] {  ->  name contains term if {
                    edits.append((name_end, name_end + 1, " contains "))
                    edits.append((close, after, " if "))
                    i, line_start, last_code = after + 1, False, after
                    depth += 1
                    stack.append("{")
                    continue
        if v0 and c == "{" and depth == 0 and last_code >= 0:
            before = text[last_code]
            word = _previous_word(text, last_code + 1)
            if before not in _VALUE_BEFORE and word not in ("if", "else", "in", "contains"):
                edits.append((i, i, "if "))
        if c in _OPEN:
            depth += 1
            stack.append(c)
        elif c in _CLOSE:
            depth = max(0, depth - 1)
            if stack:
                stack.pop()
        line_start = False
        if depth == 0 or (c in _OPEN and depth == 1):
            last_code = i
        i += 1
    if not edits:
        return Rewritten(text)
    out: list[str] = []
    anchors: list[tuple[int, int]] = []
    last = new_len = 0
    for start, end, replacement in edits:
        out.append(text[last:start])
        out.append(replacement)
        new_len += (start - last) + len(replacement)
        anchors.append((new_len, end))
        last = end
    out.append(text[last:])
    return Rewritten("".join(out), tuple(anchors))
