"""Dockerfiles with exact source spans.

``parse_dockerfile(text)`` reads a Dockerfile the way BuildKit's frontend does and never raises:
problems in the text become ``DockerfileProblem`` records with a span.

What it follows:

* Parser directives (``# syntax=``, ``# escape=``, ``# check=``) only at the very top, before
  any instruction, comment or blank line; ``escape`` may be ``\\`` or a backtick.
* Line continuations with the escape character (trailing blanks after it allowed). Comment lines
  and blank lines inside a continuation are dropped; the text of continued lines is joined as
  written, keeping their indentation, so ``args`` is exactly what the builder sees.
* Heredocs for ``RUN``, ``COPY`` and ``ADD`` (also under ``ONBUILD``): several per instruction,
  ``<<-`` (leading tabs stripped), quoted delimiters (no expansion).
* JSON (exec) form and shell form; invalid JSON falls back to shell form as BuildKit does, with a
  problem when the text was evidently meant as JSON.
* Flags (``--from=builder``, ``--mount=…``) with a span each; ``ONBUILD`` with the wrapped
  instruction parsed in full; build stages, their names (case-insensitive) and the stage each
  instruction belongs to; ``ARG`` before the first ``FROM`` substituted into ``FROM``
  (``${VAR:-default}``, ``${VAR:+alt}``, ...).

Offsets and spans: an instruction's ``args`` is its logical text (continuations joined). Offsets
into ``args`` — and past its end, into its heredoc bodies at ``Heredoc.offset`` — map back to the
file with ``Instruction.locate(start, end)``, so a rule can point at one word of a long ``RUN``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from seawall.core.lines import LineIndex
from seawall.core.span import Span
from seawall.parse.shell import (
    POSIX_SHELLS,
    ShellScript,
    parse_shell,
    script_from_argv,
    unquote,
)

__all__ = [
    "EXPANDING_INSTRUCTIONS",
    "KNOWN_INSTRUCTIONS",
    "ArgWord",
    "Comment",
    "Directive",
    "DockerfileDoc",
    "DockerfileProblem",
    "Expansion",
    "Flag",
    "Heredoc",
    "Instruction",
    "KeyValue",
    "Stage",
    "expand",
    "parse_dockerfile",
]

KNOWN_INSTRUCTIONS = frozenset(
    {"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
     "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}
)  # fmt: skip
EXPANDING_INSTRUCTIONS = frozenset(
    {"ADD", "ARG", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME",
     "WORKDIR", "ONBUILD"}
)  # fmt: skip
"""Instructions whose arguments the builder expands ``$VAR`` in (``RUN`` leaves it to the shell)."""

_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
_JSON_INSTRUCTIONS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
_KNOWN_FLAGS: dict[str, frozenset[str]] = {
    "FROM": frozenset({"platform"}),
    "COPY": frozenset({"from", "chown", "chmod", "link", "parents", "exclude"}),
    "ADD": frozenset({"chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack"}),
    "RUN": frozenset({"mount", "network", "security", "device"}),
    "HEALTHCHECK": frozenset({"interval", "timeout", "start-period", "start-interval", "retries"}),
}
_NOT_UNDER_ONBUILD = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_DEFAULT_SHELL: tuple[str, ...] = ("/bin/sh", "-c")
_WINDOWS_SHELL: tuple[str, ...] = ("cmd", "/S", "/C")
_WINDOWS_HINTS = ("windows", "nanoserver", "servercore", "dotnet/framework")

_DIRECTIVE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$")
_KEYWORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s*")
_FLAG = re.compile(r"""--(?:[^\s"']|"[^"]*"|'[^']*')*(?=\s|$)""")
_HEREDOC_WORD = re.compile(r"(\d*)<<(-?)(?!<)")
_HEREDOC_NAME = re.compile(r"""(?:[^\s<>|;&()'"\\]|\\.|'[^']*'|"[^"]*")+""")
_STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*\Z")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOKS_JSON = re.compile(r"""\[\s*["'].*["']\s*\]\s*\Z""", re.S)
_LOOKS_JSON_LIST = re.compile(r"""\[\s*["'][^\n]*["']\s*,""")


def _words_regex(escape: str) -> re.Pattern[str]:
    e = re.escape(escape)
    return re.compile(rf"""(?:[^\s"'{e}]|{e}[\s\S]|"(?:[^"{e}]|{e}[\s\S])*"?|'[^']*'?)+""")


_WORDS = {"\\": _words_regex("\\"), "`": _words_regex("`")}
_HEREDOC_WORDS = _WORDS["\\"]  # BuildKit finds heredoc markers with a backslash lexer always


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Directive:
    """A parser directive such as ``# escape=`` (name in lower case)."""

    name: str
    value: str
    span: Span
    value_span: Span


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``#`` comment line (text after the ``#``, stripped), also those inside continuations."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class DockerfileProblem:
    """Something wrong with the Dockerfile text; ``kind`` names it for the rule that reports it.

    Kinds: ``invalid-directive``, ``duplicate-directive``, ``unknown-instruction``,
    ``missing-arguments``, ``instruction-before-from``, ``missing-from``, ``invalid-from``,
    ``invalid-stage-name``, ``duplicate-stage-name``, ``invalid-json``, ``shell-not-json``,
    ``unterminated-heredoc``, ``empty-continuation`` (deprecated by BuildKit, still accepted),
    ``unknown-flag``, ``invalid-onbuild``, ``internal-error``.
    """

    kind: str
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Flag:
    """``--name=value`` (value without surrounding quotes) or ``--name`` (value None)."""

    name: str
    value: str | None
    span: Span
    value_span: Span | None


@dataclass(frozen=True, slots=True)
class Heredoc:
    """One heredoc of an instruction.

    ``body`` is the content as the builder passes it on: every line with its newline, leading
    tabs removed for ``<<-``. ``offset`` is where the body starts in the instruction's ``args``
    coordinates (past the end of ``args``): ``instr.locate(h.offset + i, h.offset + j)`` is the
    file span of ``body[i:j]``. ``span`` covers the body lines, ``marker_span`` the ``<<EOF``
    word and ``marker`` its offsets in ``args``. ``terminated`` is False when the file ended
    before the delimiter line.
    """

    name: str
    body: str
    quoted: bool
    strip_tabs: bool
    span: Span
    marker_span: Span
    offset: int
    marker: tuple[int, int]
    terminated: bool = True


@dataclass(frozen=True, slots=True)
class ArgWord:
    """A whitespace-separated word of ``args`` as written (quotes kept) with its offsets."""

    text: str
    start: int
    end: int

    @property
    def value(self) -> str:
        """The word with quotes and escapes removed (no variable expansion)."""
        return expand(self.text, None).value


@dataclass(frozen=True, slots=True)
class KeyValue:
    """One ``key=value`` of ``ENV``, ``LABEL`` or ``ARG`` (``value`` None for ``ARG name``).

    ``raw_value`` is the text as written (quotes kept); ``value`` has quotes removed but
    variables left as written. Offsets are in ``args`` coordinates.
    """

    key: str
    raw_value: str | None
    value: str | None
    key_start: int
    key_end: int
    value_start: int
    value_end: int


@dataclass(frozen=True, slots=True)
class Expansion:
    """The result of variable substitution: the text and the variables that had no value."""

    value: str
    unresolved: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.unresolved


_Pos = tuple[int, int, int]
"""(file offset, 1-based line, 1-based column)."""


class _OffsetMap:
    """Maps offsets of an instruction's logical text (continuations joined) to file positions.

    Each segment is a run of characters on one physical line, so positions come out of the map
    directly, without searching line starts.
    """

    __slots__ = ("cols", "file_starts", "lengths", "line_numbers", "logical_starts")

    def __init__(self) -> None:
        self.logical_starts: list[int] = []
        self.file_starts: list[int] = []
        self.lengths: list[int] = []
        self.line_numbers: list[int] = []
        self.cols: list[int] = []

    def add(self, logical: int, file_offset: int, length: int, line: int, col: int) -> None:
        self.logical_starts.append(logical)
        self.file_starts.append(file_offset)
        self.lengths.append(length)
        self.line_numbers.append(line)
        self.cols.append(col)

    def point(self, offset: int) -> _Pos:
        starts = self.logical_starts
        if not starts:
            return (0, 1, 1)
        i = bisect_right(starts, offset) - 1 if len(starts) > 1 else 0
        if i < 0:
            i = 0
        d = offset - starts[i]
        d = 0 if d < 0 else min(d, self.lengths[i])
        return (self.file_starts[i] + d, self.line_numbers[i], self.cols[i] + d)

    def to_file(self, offset: int) -> int:
        return self.point(offset)[0]

    def span(self, start: int, end: int) -> Span:
        first = self.point(start)
        if end <= start:
            return Span(first[1], first[2], first[1], first[2], first[0], first[0])
        last = self.point(end - 1)
        if last[0] < first[0]:
            last = first
        return Span(first[1], first[2], last[1], last[2] + 1, first[0], last[0] + 1)


@dataclass(frozen=True, slots=True, eq=False)
class Instruction:
    """One instruction.

    ``keyword`` is upper case. ``args`` is the logical text after the keyword and its flags
    (continuations joined, in-continuation comments dropped, trailing blanks removed); ``raw`` is
    the file text of the whole instruction, heredoc bodies included. ``span`` covers the whole
    instruction, ``keyword_span`` the keyword, ``args_span`` the arguments after the flags.
    ``flags`` maps each flag name to its (last) value; ``flag_list`` keeps every flag with its
    span, repeats included (``--mount`` may be given several times). ``json_args`` is the exec
    form's list, or None for shell form. ``stage`` is the index of the build stage (-1 before the
    first ``FROM``). ``onbuild`` is the wrapped instruction of ``ONBUILD``. ``shell`` is the
    ``SHELL`` in effect (``/bin/sh -c`` unless changed). ``index`` is the position in
    ``DockerfileDoc.instructions`` (-1 for the instruction wrapped by ``ONBUILD``).
    """

    keyword: str
    raw: str
    args: str
    span: Span
    keyword_span: Span
    args_span: Span
    flags: dict[str, str | None]
    flag_list: list[Flag]
    json_args: list[str] | None
    heredocs: list[Heredoc]
    stage: int
    onbuild: Instruction | None
    index: int
    shell: tuple[str, ...]
    escape: str
    _map: _OffsetMap = field(repr=False)
    _args_offset: int = field(repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"<Instruction {self.keyword} {self.span.line}:{self.span.column} {self.args!r}>"

    @property
    def exec_form(self) -> bool:
        return self.json_args is not None

    @property
    def line(self) -> int:
        return self.span.line

    def locate(self, start: int, end: int | None = None) -> Span:
        """The file span of ``args[start:end]`` (``end`` defaults to ``start + 1``).

        Offsets past ``len(args)`` address heredoc bodies (see ``Heredoc.offset``); shell command
        spans from ``script()`` are in these coordinates too.
        """
        if end is None:
            end = start + 1
        return self._map.span(self._args_offset + start, self._args_offset + end)

    def flag(self, name: str) -> Flag | None:
        """The last ``--name`` flag, with its span."""
        found = None
        for f in self.flag_list:
            if f.name == name:
                found = f
        return found

    def words(self) -> list[ArgWord]:
        """The arguments split into words the way the builder splits them (quotes respected)."""
        cached: list[ArgWord] | None = self._cache.get("words")
        if cached is None:
            regex = _WORDS.get(self.escape, _WORDS["\\"])
            cached = [ArgWord(m.group(), m.start(), m.end()) for m in regex.finditer(self.args)]
            self._cache["words"] = cached
        return cached

    def key_values(self) -> list[KeyValue]:
        """``ENV``/``LABEL``/``ARG`` pairs; the legacy ``ENV key value`` form gives one pair."""
        cached: list[KeyValue] | None = self._cache.get("kv")
        if cached is None:
            cached = _key_values(self)
            self._cache["kv"] = cached
        return cached

    def script(self) -> ShellScript | None:
        """The commands run by ``RUN``, ``CMD``, ``ENTRYPOINT`` or ``HEALTHCHECK CMD``.

        Shell form is parsed as shell when the ``SHELL`` in effect is a POSIX shell; exec form
        gives its one command (and ``["sh", "-c", "…"]`` its script too). ``RUN <<EOF`` bodies
        are parsed when they are run as a script (the instruction is only the heredoc, or feeds
        it to a shell). Command spans are in ``args`` coordinates: ``locate(*cmd.span)``. For
        ``ONBUILD`` ask the wrapped instruction (``instr.onbuild.script()``).
        """
        if "script" not in self._cache:
            self._cache["script"] = _script_of(self)
        result: ShellScript | None = self._cache["script"]
        return result


@dataclass(slots=True, eq=False)
class Stage:
    """A build stage, from its ``FROM`` to the next.

    ``base`` is the image text as written, ``base_resolved`` after substituting the ``ARG``s
    declared before the first ``FROM`` (``unresolved`` names those without a value).
    ``base_stage`` is the index of the earlier stage it builds on, when ``base`` names one.
    ``instructions`` starts with the ``FROM``. ``shell`` is the ``SHELL`` in effect at the end of
    the stage (inherited by stages built ``FROM`` it); each instruction has its own ``shell``.
    The stage is filled in while parsing; treat it as read-only.
    """

    index: int
    name: str | None
    name_span: Span | None
    base: str
    base_resolved: str
    unresolved: tuple[str, ...]
    base_span: Span
    base_stage: int | None
    platform: str | None
    platform_span: Span | None
    from_instruction: Instruction
    instructions: list[Instruction] = field(default_factory=list)
    shell: tuple[str, ...] = _DEFAULT_SHELL

    @property
    def key(self) -> str | None:
        """The name in lower case, as stage references compare it."""
        return None if self.name is None else self.name.lower()

    @property
    def is_scratch(self) -> bool:
        return self.base_stage is None and self.base_resolved.lower() == "scratch"

    @property
    def label(self) -> str:
        """The name, or ``FROM <base>`` for an unnamed stage (for messages)."""
        return self.name if self.name is not None else f"FROM {self.base}"


@dataclass(slots=True, eq=False)
class DockerfileDoc:
    """A parsed Dockerfile.

    ``instructions`` are the top-level instructions in order (wrapped ``ONBUILD`` instructions
    hang off their ``ONBUILD``; ``walk()`` yields both). ``global_args`` holds the ``ARG``s
    before the first ``FROM`` with their defaults after substitution (None when declared
    without one).
    """

    text: str
    lines: LineIndex
    directives: dict[str, Directive]
    instructions: list[Instruction]
    stages: list[Stage]
    global_args: dict[str, str | None]
    problems: list[DockerfileProblem]
    comments: list[Comment]
    escape: str = "\\"

    @property
    def syntax(self) -> str | None:
        d = self.directives.get("syntax")
        return None if d is None else d.value

    @property
    def check(self) -> str | None:
        d = self.directives.get("check")
        return None if d is None else d.value

    def span(self, start: int, end: int) -> Span:
        return self.lines.span(start, end)

    def walk(self) -> Iterator[Instruction]:
        """Every instruction, each ``ONBUILD`` followed by the instruction it wraps."""
        for instr in self.instructions:
            yield instr
            if instr.onbuild is not None:
                yield instr.onbuild

    def stage_named(self, name: str) -> Stage | None:
        """The stage called ``name`` (case-insensitive)."""
        key = name.lower()
        for stage in self.stages:
            if stage.key == key:
                return stage
        return None

    def resolve_stage(self, ref: str, *, current: int | None = None) -> Stage | None:
        """The stage a ``COPY --from``/``--mount from=`` value names: a stage name or index.

        Returns None when ``ref`` names an image instead. A stage never refers to itself.
        """
        stage = self.stage_named(ref)
        if stage is None and ref.isdigit():
            index = int(ref)
            stage = self.stages[index] if index < len(self.stages) else None
        if stage is not None and stage.index == current:
            return None
        return stage


# --------------------------------------------------------------------------------------------
# Variable substitution


def expand(
    text: str,
    variables: Mapping[str, str | None] | Callable[[str], str | None] | None,
    *,
    escape: str = "\\",
) -> Expansion:
    """Substitute ``$VAR``/``${VAR}`` and the modifiers ``:-``, ``-``, ``:+``, ``+``, ``:?``,
    ``?``, ``#``, ``##``, ``%``, ``%%`` the way the builder does, removing quotes.

    ``variables`` maps names to values (None: declared without a value); with ``None`` the
    variable references are kept as written and only quotes and escapes are removed. Single
    quotes prevent expansion; the escape character (``\\`` or a backtick) escapes ``$``.
    """
    if variables is None:
        lookup: Callable[[str], str | None] | None = None
    elif callable(variables):
        lookup = variables
    else:
        lookup = variables.get
    unresolved: list[str] = []
    value, _ = _expand(text, 0, lookup, escape, None, unresolved)
    return Expansion(value, tuple(dict.fromkeys(unresolved)))


_PLAIN = {
    (esc, stop): re.compile(rf"[^'\"${re.escape(esc)}{re.escape(stop or '')}]+")
    for esc in ("\\", "`")
    for stop in (None, "}")
}
_PLAIN_DQ = {esc: re.compile(rf"[^\"${re.escape(esc)}]+") for esc in ("\\", "`")}


def _expand(
    s: str,
    i: int,
    lookup: Callable[[str], str | None] | None,
    esc: str,
    stop: str | None,
    unresolved: list[str],
) -> tuple[str, int]:
    out: list[str] = []
    plain = _PLAIN.get((esc, stop)) or re.compile(
        rf"[^'\"${re.escape(esc)}{re.escape(stop or '')}]+"
    )
    n = len(s)
    while i < n:
        c = s[i]
        if stop is not None and c == stop:
            return "".join(out), i
        if c == "'":
            j = s.find("'", i + 1)
            j = n if j < 0 else j
            out.append(s[i + 1 : j])
            i = j + 1
        elif c == '"':
            i += 1
            dq = _PLAIN_DQ.get(esc) or re.compile(rf"[^\"${re.escape(esc)}]+")
            while i < n and s[i] != '"':
                m = dq.match(s, i)
                if m is not None:
                    out.append(m.group())
                    i = m.end()
                elif s[i] == esc:
                    if i + 1 < n and s[i + 1] in ('"', "$", esc):
                        out.append(s[i + 1])
                        i += 2
                    else:
                        out.append(esc)
                        i += 1
                else:  # "$"
                    text, i = _variable(s, i, lookup, esc, unresolved)
                    out.append(text)
            i += 1
        elif c == esc:
            if i + 1 < n:
                out.append(s[i + 1])
                i += 2
            else:
                out.append(c)
                i += 1
        elif c == "$":
            text, i = _variable(s, i, lookup, esc, unresolved)
            out.append(text)
        else:
            m = plain.match(s, i)
            if m is None:  # a stop character that is not ours: keep it
                out.append(c)
                i += 1
            else:
                out.append(m.group())
                i = m.end()
    return "".join(out), i


def _variable(
    s: str, i: int, lookup: Callable[[str], str | None] | None, esc: str, unresolved: list[str]
) -> tuple[str, int]:
    """Expand the reference at ``s[i] == "$"``; return the text and the index after it."""
    n = len(s)
    if i + 1 < n and s[i + 1] == "{":
        m = _VAR_NAME.match(s, i + 2)
        if m is None:
            return "$", i + 1
        name = m.group()
        j = m.end()
        if j < n and s[j] == "}":
            if lookup is None:
                return s[i : j + 1], j + 1
            return _value_of(name, lookup, unresolved), j + 1
        op_match = re.match(r":[-+?]|[-+?]|##|#|%%|%|//|/", s[j:])
        if op_match is None:
            return "$", i + 1
        op = op_match.group()
        word, k = _expand(s, j + len(op), lookup, esc, "}", unresolved if lookup else [])
        end = k + 1 if k < n else k
        if lookup is None:
            return s[i:end], end
        value = lookup(name)
        if op in (":-", "-"):
            missing = value is None or (op == ":-" and value == "")
            return (word if missing else value or ""), end
        if op in (":+", "+"):
            present = value is not None and (op == "+" or value != "")
            return (word if present else ""), end
        if op in (":?", "?"):
            if value is None or (op == ":?" and value == ""):
                unresolved.append(name)
                return "", end
            return value, end
        if value is None:
            unresolved.append(name)
            return "", end
        return _trim(value, op, word), end
    m = _VAR_NAME.match(s, i + 1)
    if m is None:
        return "$", i + 1
    if lookup is None:
        return s[i : m.end()], m.end()
    return _value_of(m.group(), lookup, unresolved), m.end()


def _value_of(name: str, lookup: Callable[[str], str | None], unresolved: list[str]) -> str:
    value = lookup(name)
    if value is None:
        unresolved.append(name)
        return ""
    return value


def _trim(value: str, op: str, pattern: str) -> str:
    if op.startswith("/"):
        return value  # substitution patterns are not evaluated
    sizes = range(len(value) + 1)
    if op in ("#", "##"):
        order = sizes if op == "#" else reversed(sizes)
        for k in order:
            if fnmatchcase(value[:k], pattern):
                return value[k:]
        return value
    order = reversed(sizes) if op == "%" else sizes
    for k in order:
        if fnmatchcase(value[k:], pattern):
            return value[:k]
    return value


# --------------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True, slots=True)
class _Body:
    """A heredoc as read from the file, in logical offsets of its instruction."""

    name: str
    body: str
    quoted: bool
    strip_tabs: bool
    marker_start: int
    marker_end: int
    logical_start: int
    span: Span
    terminated: bool


def _skip_ws(s: str, p: int) -> int:
    m = _SPACES.match(s, p)
    return p if m is None else m.end()


@dataclass(slots=True)
class _Head:
    keyword: str
    kw_start: int
    kw_end: int
    flags: list[tuple[str, str | None, int, int, int]]  # name, value, start, end, value start
    args_offset: int
    args: str


def _head(logical: str, start: int) -> _Head:
    m = _KEYWORD.match(logical, start)
    if m is None:
        return _Head("", start, start, [], start, "")
    p = _skip_ws(logical, m.end())
    flags: list[tuple[str, str | None, int, int, int]] = []
    while logical.startswith("--", p):
        fm = _FLAG.match(logical, p)
        if fm is None:
            break
        word = fm.group()
        if word == "--":
            p = _skip_ws(logical, fm.end())
            break
        name, eq, value = word[2:].partition("=")
        vstart = fm.start() + 3 + len(name)
        flags.append((name, unquote(value) if eq else None, fm.start(), fm.end(), vstart))
        p = _skip_ws(logical, fm.end())
    return _Head(m.group().upper(), m.start(), m.end(), flags, p, logical[p:].rstrip())


def _parse_json(args: str) -> list[str] | None:
    if not args.startswith("["):
        return None
    try:
        value = json.loads(args)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        starts = self.index.starts()
        n = len(text)
        bounds: list[tuple[int, int]] = []
        for k, s in enumerate(starts):
            e = starts[k + 1] - 1 if k + 1 < len(starts) else n
            if e > s and text[e - 1] == "\r":
                e -= 1
            bounds.append((s, e))
        if len(bounds) > 1 and bounds[-1][0] == n:
            bounds.pop()  # the empty "line" after a final newline is not a line
        if text.startswith("\ufeff"):
            bounds[0] = (1, max(bounds[0][1], 1))
        self.bounds = bounds
        self.problems: list[DockerfileProblem] = []
        self.comments: list[Comment] = []
        self.directives: dict[str, Directive] = {}
        self.escape = "\\"
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.global_args: dict[str, str | None] = {}
        self.stage_keys: dict[str, int] = {}

    # -- helpers

    def problem(self, kind: str, message: str, span: Span) -> None:
        self.problems.append(DockerfileProblem(kind, message, span))

    def comment(self, index: int) -> None:
        s, e = self.bounds[index]
        line = self.text[s:e]
        hash_at = s + len(line) - len(line.lstrip())
        span = Span(index + 1, hash_at - s + 1, index + 1, e - s + 1, hash_at, e)
        self.comments.append(Comment(self.text[hash_at + 1 : e].strip(), span))

    # -- the passes

    def run(self) -> DockerfileDoc:
        i = self.read_directives()
        self.read_instructions(i)
        if not self.stages and self.instructions:
            first = self.instructions[0]
            self.problem(
                "missing-from",
                "the Dockerfile has no FROM instruction, so it defines no build stage",
                first.keyword_span,
            )
        return DockerfileDoc(
            text=self.text,
            lines=self.index,
            directives=self.directives,
            instructions=self.instructions,
            stages=self.stages,
            global_args=self.global_args,
            problems=self.problems,
            comments=self.comments,
            escape=self.escape,
        )

    def read_directives(self) -> int:
        text = self.text
        i = 0
        for s, e in self.bounds:
            m = _DIRECTIVE.match(text, s, e)
            if m is None:
                break
            name = m.group(1).lower()
            if name not in _DIRECTIVES:
                break
            value = m.group(2)
            span = self.index.span(s, e)
            value_span = self.index.span(m.start(2), m.end(2))
            if name in self.directives:
                self.problem(
                    "duplicate-directive",
                    f"the {name} parser directive is given more than once; only one is allowed",
                    span,
                )
            elif name == "escape" and value not in ("\\", "`"):
                self.problem(
                    "invalid-directive",
                    f"invalid escape character {value!r}: it must be \\ or `",
                    value_span,
                )
                self.directives[name] = Directive(name, value, span, value_span)
            else:
                self.directives[name] = Directive(name, value, span, value_span)
                if name == "escape":
                    self.escape = value
            i += 1
        return i

    def read_instructions(self, i: int) -> None:
        text = self.text
        bounds = self.bounds
        n = len(bounds)
        esc = self.escape
        while i < n:
            s, e = bounds[i]
            line = text[s:e]
            body = line.lstrip()
            if not body:
                i += 1
                continue
            if body.startswith("#"):
                self.comment(i)
                i += 1
                continue
            start = s + len(line) - len(body)
            lmap = _OffsetMap()
            pieces: list[str] = []
            cont, piece = _continues(text[start:e], esc)
            lmap.add(0, start, len(piece), i + 1, start - s + 1)
            pieces.append(piece)
            logical_len = len(piece)
            last = i
            i += 1
            while cont and i < n:
                s, e = bounds[i]
                line = text[s:e]
                stripped = line.lstrip()
                if stripped.startswith("#"):
                    self.comment(i)
                    i += 1
                    continue
                if not stripped:
                    self.problem(
                        "empty-continuation",
                        "empty line inside a line continuation; BuildKit deprecates this",
                        Span(i + 1, 1, i + 1, e - s + 1, s, e),
                    )
                    i += 1
                    continue
                cont, piece = _continues(line, esc)
                lmap.add(logical_len, s, len(piece), i + 1, 1)
                pieces.append(piece)
                logical_len += len(piece)
                last = i
                i += 1
            logical = "".join(pieces)
            content = len(logical.rstrip())
            if content:
                off, line_no, col = lmap.point(content - 1)
                end: _Pos = (off + 1, line_no, col + 1)
            else:
                s, e = bounds[last]
                end = (e, last + 1, e - s + 1)
            i = self.instruction(logical, lmap, end, i)

    def instruction(self, logical: str, lmap: _OffsetMap, end: _Pos, next_line: int) -> int:
        """Build the instruction of one logical line and read its heredocs; return the next line."""
        head = _head(logical, 0)
        inner_head: _Head | None = None
        if head.keyword == "ONBUILD" and head.args:
            inner_head = _head(logical, head.args_offset)
        target = inner_head or head
        markers: list[tuple[str, bool, bool, int, int]] = []
        if target.keyword in _HEREDOC_INSTRUCTIONS and _parse_json(target.args) is None:
            markers = _heredoc_markers(target.args, target.args_offset)
        heredoc_parts: list[_Body] = []
        if markers:
            next_line, end, heredoc_parts = self.read_heredocs(
                markers, lmap, target.args_offset + len(target.args) + 1, next_line, end
            )
        stage = len(self.stages) - 1
        shell = self.stages[-1].shell if self.stages else _DEFAULT_SHELL
        inner: Instruction | None = None
        if inner_head is not None:
            inner = self.make(
                inner_head, lmap, stage, heredoc_parts, end, shell, -1, outer_keyword="ONBUILD"
            )
        instr = self.make(head, lmap, stage, heredoc_parts, end, shell, len(self.instructions))
        if inner is not None:
            object.__setattr__(instr, "onbuild", inner)
        self.register(instr)
        return next_line

    def read_heredocs(
        self,
        markers: list[tuple[str, bool, bool, int, int]],
        lmap: _OffsetMap,
        logical_pos: int,
        i: int,
        end: _Pos,
    ) -> tuple[int, _Pos, list[_Body]]:
        text = self.text
        bounds = self.bounds
        out: list[_Body] = []
        for name, quoted, strip_tabs, mstart, mend in markers:
            lines: list[str] = []
            if i < len(bounds):
                first: _Pos = (bounds[i][0], i + 1, 1)
            else:
                first = (end[0], end[1], end[2])
            body_end = first
            terminated = False
            near_miss: int | None = None
            while i < len(bounds):
                s, e = bounds[i]
                line = text[s:e]
                i += 1
                check = line.lstrip("\t") if strip_tabs else line
                if check == name:
                    terminated = True
                    end = (e, i, e - s + 1)
                    break
                if near_miss is None and check.strip() == name:
                    near_miss = i
                cut = len(line) - len(check) if strip_tabs else 0
                lmap.add(logical_pos, s + cut, e - s - cut + 1, i, cut + 1)
                lines.append(check + "\n")
                logical_pos += len(check) + 1
                body_end = end = (e, i, e - s + 1)
            if not terminated:
                hint = (
                    ""
                    if near_miss is None
                    else f" (line {near_miss} has blanks around it; the delimiter line must be "
                    "exactly the name)"
                )
                self.problem(
                    "unterminated-heredoc",
                    f"heredoc <<{name} is never closed: no line reads {name!r}{hint}",
                    lmap.span(mstart, mend),
                )
            span = Span(first[1], first[2], body_end[1], body_end[2], first[0], body_end[0])
            out.append(
                _Body(name, "".join(lines), quoted, strip_tabs, mstart, mend,
                      logical_pos - sum(map(len, lines)), span, terminated)
            )  # fmt: skip
            logical_pos += 1
        return i, end, out

    def make(
        self,
        head: _Head,
        lmap: _OffsetMap,
        stage: int,
        heredoc_parts: list[_Body],
        end: _Pos,
        shell: tuple[str, ...],
        index: int,
        outer_keyword: str | None = None,
    ) -> Instruction:
        span_of = lmap.span
        kw_file, kw_line, kw_col = lmap.point(head.kw_start)
        if end[0] < kw_file:
            end = (kw_file, kw_line, kw_col)
        flags: dict[str, str | None] = {}
        flag_list: list[Flag] = []
        for name, value, fstart, fend, vstart in head.flags:
            flags[name] = value
            value_span = None if value is None else span_of(vstart, fend)
            flag_list.append(Flag(name, value, span_of(fstart, fend), value_span))
        args = head.args
        keyword = head.keyword
        json_args = _parse_json(args) if keyword in _JSON_INSTRUCTIONS else None
        if keyword == "HEALTHCHECK":
            cmd = _KEYWORD.match(args)
            if cmd is not None and cmd.group().upper() == "CMD":
                json_args = _parse_json(args[cmd.end() :].lstrip())
        heredocs = [
            Heredoc(
                name=b.name,
                body=b.body,
                quoted=b.quoted,
                strip_tabs=b.strip_tabs,
                span=b.span,
                marker_span=span_of(b.marker_start, b.marker_end),
                offset=b.logical_start - head.args_offset,
                marker=(b.marker_start - head.args_offset, b.marker_end - head.args_offset),
                terminated=b.terminated,
            )
            for b in heredoc_parts
        ]
        if head.args:
            args_span = span_of(head.args_offset, head.args_offset + len(head.args))
        else:
            at = head.args_offset if head.flags else head.kw_end
            args_span = span_of(at, at)
        instr = Instruction(
            keyword=keyword,
            raw=self.text[kw_file : end[0]],
            args=args,
            span=Span(kw_line, kw_col, end[1], end[2], kw_file, end[0]),
            keyword_span=span_of(head.kw_start, head.kw_end),
            args_span=args_span,
            flags=flags,
            flag_list=flag_list,
            json_args=json_args,
            heredocs=heredocs,
            stage=stage,
            onbuild=None,
            index=index,
            shell=shell,
            escape=self.escape,
            _map=lmap,
            _args_offset=head.args_offset,
        )
        self.validate(instr, outer_keyword)
        return instr

    def validate(self, instr: Instruction, outer: str | None) -> None:
        keyword = instr.keyword
        if keyword not in KNOWN_INSTRUCTIONS:
            self.problem(
                "unknown-instruction",
                f"unknown instruction {keyword}",
                instr.keyword_span,
            )
            return
        if outer == "ONBUILD" and keyword in _NOT_UNDER_ONBUILD:
            self.problem(
                "invalid-onbuild",
                f"ONBUILD cannot wrap {keyword}",
                instr.keyword_span,
            )
        if not instr.args and not instr.heredocs:
            self.problem(
                "missing-arguments",
                f"{keyword} needs at least one argument",
                instr.keyword_span,
            )
        known = _KNOWN_FLAGS.get(keyword, frozenset())
        for flag in instr.flag_list:
            if flag.name not in known:
                self.problem(
                    "unknown-flag",
                    f"{keyword} has no --{flag.name} flag",
                    flag.span,
                )
        args = instr.args
        if keyword == "SHELL" and instr.json_args is None and args:
            self.problem(
                "shell-not-json",
                'SHELL requires the JSON form, e.g. SHELL ["/bin/bash", "-c"]',
                instr.args_span,
            )
        elif keyword == "HEALTHCHECK":
            cmd = _KEYWORD.match(args)
            rest = "" if cmd is None else args[cmd.end() :].lstrip()
            if rest and instr.json_args is None and _looks_json(rest, keyword):
                self.problem("invalid-json", _JSON_MESSAGE, instr.args_span)
        elif (
            keyword in _JSON_INSTRUCTIONS and instr.json_args is None and _looks_json(args, keyword)
        ):
            self.problem("invalid-json", _JSON_MESSAGE, instr.args_span)

    def register(self, instr: Instruction) -> None:
        self.instructions.append(instr)
        keyword = instr.keyword
        if keyword == "FROM":
            self.start_stage(instr)
            return
        if not self.stages:
            if keyword == "ARG":
                for kv in instr.key_values():
                    value = kv.raw_value
                    self.global_args[kv.key] = (
                        None
                        if value is None
                        else expand(value, self.global_args, escape=self.escape).value
                    )
            elif keyword in KNOWN_INSTRUCTIONS:
                self.problem(
                    "instruction-before-from",
                    f"{keyword} comes before the first FROM; only ARG may",
                    instr.keyword_span,
                )
            return
        stage = self.stages[-1]
        stage.instructions.append(instr)
        if keyword == "SHELL" and instr.json_args:
            stage.shell = tuple(instr.json_args)

    def start_stage(self, instr: Instruction) -> None:
        index = len(self.stages)
        object.__setattr__(instr, "stage", index)
        words = instr.words()
        name: str | None = None
        name_span: Span | None = None
        if len(words) == 3 and words[1].text.lower() == "as":
            name = words[2].value
            name_span = instr.locate(words[2].start, words[2].end)
        elif len(words) != 1 and words:
            self.problem(
                "invalid-from",
                "FROM takes an image and optionally AS <name>: FROM <image> [AS <name>]",
                instr.args_span,
            )
        base_word = words[0] if words else ArgWord("", 0, 0)
        expansion = expand(base_word.text, self.global_args, escape=self.escape)
        base_resolved = expansion.value
        base_stage = self.stage_keys.get(base_resolved.lower()) if base_resolved else None
        platform_flag = instr.flag("platform")
        if name is not None:
            key = name.lower()
            if _STAGE_NAME.match(key) is None:
                self.problem(
                    "invalid-stage-name",
                    f"invalid stage name {name!r}: use letters, digits, '-', '_' and '.', "
                    "starting with a letter",
                    name_span or instr.args_span,
                )
            if key in self.stage_keys:
                self.problem(
                    "duplicate-stage-name",
                    f"stage name {name!r} is already used by stage {self.stage_keys[key]}",
                    name_span or instr.args_span,
                )
            else:
                self.stage_keys[key] = index
        if base_stage is not None:
            shell = self.stages[base_stage].shell
        elif any(hint in base_resolved.lower() for hint in _WINDOWS_HINTS):
            shell = _WINDOWS_SHELL
        else:
            shell = _DEFAULT_SHELL
        object.__setattr__(instr, "shell", shell)
        stage = Stage(
            index=index,
            name=name,
            name_span=name_span,
            base=base_word.text,
            base_resolved=base_resolved,
            unresolved=expansion.unresolved,
            base_span=instr.locate(base_word.start, base_word.end) if words else instr.args_span,
            base_stage=base_stage,
            platform=None if platform_flag is None else platform_flag.value,
            platform_span=None if platform_flag is None else platform_flag.span,
            from_instruction=instr,
            instructions=[instr],
            shell=shell,
        )
        self.stages.append(stage)


_JSON_MESSAGE = (
    "this looks like the JSON (exec) form but is not valid JSON (use double quotes, no trailing "
    "comma), so it runs as a shell command instead"
)


def _looks_json(args: str, keyword: str) -> bool:
    if keyword == "RUN":  # `RUN [ -f x ] && …` is a test command, not JSON
        return _LOOKS_JSON_LIST.match(args) is not None
    return args.startswith("[") and (args.endswith("]") or args[1:2] in ('"', "'"))


def _continues(line: str, esc: str) -> tuple[bool, str]:
    trimmed = line.rstrip(" \t")
    if trimmed.endswith(esc):
        return True, trimmed[: -len(esc)]
    return False, line


def _heredoc_markers(args: str, base: int) -> list[tuple[str, bool, bool, int, int]]:
    """``(name, quoted, strip_tabs, start, end)`` of each ``<<NAME`` word, in logical offsets."""
    if "<<" not in args:
        return []
    found: list[tuple[str, bool, bool, int, int]] = []
    for m in _HEREDOC_WORDS.finditer(args):
        word = m.group()
        hm = _HEREDOC_WORD.match(word)
        if hm is None:
            continue
        nm = _HEREDOC_NAME.match(word, hm.end())
        if nm is None:
            continue
        raw_name = nm.group()
        name = unquote(raw_name)
        if not name:
            continue
        quoted = any(q in raw_name for q in "'\"\\")
        start = base + m.start()
        found.append((name, quoted, hm.group(2) == "-", start, start + nm.end()))
    return found


def _key_values(instr: Instruction) -> list[KeyValue]:
    words = instr.words()
    if not words:
        return []
    esc = instr.escape
    out: list[KeyValue] = []
    if instr.keyword == "ENV" and "=" not in words[0].text:
        # legacy form: ENV KEY the rest of the line
        first = words[0]
        if len(words) == 1:
            return [KeyValue(first.value, None, None, first.start, first.end, first.end, first.end)]
        vstart = words[1].start
        raw = instr.args[vstart:]
        return [
            KeyValue(
                first.value,
                raw,
                expand(raw, None, escape=esc).value,
                first.start,
                first.end,
                vstart,
                len(instr.args),
            )
        ]
    for word in words:
        key, eq, raw_value = word.text.partition("=")
        if not eq:
            value_at = word.end
            out.append(KeyValue(expand(key, None, escape=esc).value, None, None,
                                word.start, word.end, value_at, value_at))  # fmt: skip
            continue
        key_end = word.start + len(key)
        out.append(
            KeyValue(
                expand(key, None, escape=esc).value,
                raw_value,
                expand(raw_value, None, escape=esc).value,
                word.start,
                key_end,
                key_end + 1,
                word.end,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Shell scripts of instructions


def _posix(shell: tuple[str, ...]) -> bool:
    if not shell:
        return False
    name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name == "busybox":
        return len(shell) > 1 and shell[1] in POSIX_SHELLS
    return name in POSIX_SHELLS


def _argv_spans(args: str, argv: list[str], base: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in argv:
        encoded = json.dumps(word)
        at = args.find(encoded, pos)
        if at < 0:
            at = args.find(json.dumps(word, ensure_ascii=False), pos)
        if at < 0:
            spans.append((base + pos, base + pos))
            continue
        spans.append((base + at, base + at + len(encoded)))
        pos = at + len(encoded)
    return spans


def _script_of(instr: Instruction) -> ShellScript | None:
    keyword = instr.keyword
    args = instr.args
    base = 0
    if keyword == "HEALTHCHECK":
        cmd = _KEYWORD.match(args)
        if cmd is None or cmd.group().upper() != "CMD":
            return None
        base = _skip_ws(args, cmd.end())
        args = args[base:]
    elif keyword not in ("RUN", "CMD", "ENTRYPOINT"):
        return None
    if instr.json_args is not None:
        argv = instr.json_args
        if not argv:
            return None
        return script_from_argv(argv, _argv_spans(args, argv, base), text=args, base_offset=base)
    if not _posix(instr.shell) or not args.strip():
        return None
    if not instr.heredocs:
        return parse_shell(args, base_offset=base)
    # mask the <<EOF markers so the line parses as the command that reads the heredocs
    line_text = args
    for h in instr.heredocs:
        start, stop = h.marker
        line_text = line_text[:start] + " " * (stop - start) + line_text[stop:]
    parts: list[ShellScript] = []
    line_script = parse_shell(line_text) if line_text.strip() else None
    if line_script is not None:
        parts.append(line_script)
    for k, h in enumerate(instr.heredocs):
        if _heredoc_is_script(h, line_script, first=k == 0):
            parts.append(parse_shell(h.body, base_offset=h.offset))
    return ShellScript.combine(args, parts)


def _heredoc_is_script(h: Heredoc, line: ShellScript | None, *, first: bool) -> bool:
    body = h.body
    marker = h.marker[0]
    if body.startswith("#!"):
        interpreter = body[2 : body.find("\n")].split()
        prog = interpreter[0].rsplit("/", 1)[-1] if interpreter else ""
        if prog == "env" and len(interpreter) > 1:
            prog = interpreter[1]
        if prog not in POSIX_SHELLS:
            return False
    if line is None:
        return first
    reader = None
    for cmd in line.commands:
        if cmd.depth == 0 and cmd.span[0] <= marker:
            reader = cmd
    return reader is not None and reader.name in POSIX_SHELLS and not reader.has_flag("-c")


def parse_dockerfile(text: str) -> DockerfileDoc:
    """Parse a Dockerfile; never raises (problems are reported in ``DockerfileDoc.problems``)."""
    try:
        return _Parser(text).run()
    except Exception as exc:  # a parser bug must not stop a scan
        lines = LineIndex(text)
        return DockerfileDoc(
            text=text,
            lines=lines,
            directives={},
            instructions=[],
            stages=[],
            global_args={},
            problems=[
                DockerfileProblem(
                    "internal-error",
                    f"the Dockerfile parser failed: {type(exc).__name__}: {exc}",
                    Span(1, 1, 1, 1, 0, 0),
                )
            ],
            comments=[],
        )
