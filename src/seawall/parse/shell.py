"""Shell scripts (``RUN`` bodies, shell-form ``CMD``) as a flat list of simple commands.

``parse_shell`` turns a POSIX shell script into ``Command`` records: the program's basename
(``apt-get``), its words, its flags, where it was written, and which command it pipes into. Rules
ask small questions of the result (``has_command("apt-get", "install")``, ``flags``, ``args``,
``pipes_into("curl", "sh")``) instead of walking a syntax tree.

Three parsers stand behind it, chosen per script:

``simple``
    A regex tokenizer for the common case: plain words, quotes, ``$VAR``, redirections and the
    operators ``&&``, ``||``, ``;``, ``|``, ``&`` and newlines. It gives the same words as bash
    for the scripts it accepts and declines anything else (subshells, substitutions, keywords,
    heredocs), so that the cost of a full parser is paid only where it is needed.
``bashlex``
    The bashlex package for everything the simple path declines: subshells, ``$( )``,
    backticks, ``if``/``for``/``while``, functions, groups, heredocs.
``fallback``
    When bashlex rejects a script (``[[ ]]``, ``$(( ))``, ``case``, ``time``, quoted heredoc
    delimiters, ...), a tolerant version of the simple tokenizer still splits it on ``&&``,
    ``||``, ``;``, ``|`` and newlines outside quotes, skips shell keywords, and records
    ``fallback=True`` with bashlex's message.

Commands started through ``sudo``, ``env VAR=x``, ``exec``, ``xargs`` (and a few more wrappers)
are seen through: ``name`` is the wrapped program and ``prefixes`` records the wrappers. Scripts
given to ``sh -c``/``bash -c``/``su -c`` are parsed too and their commands follow the shell
command in ``commands`` with ``context == "sh -c"``.

Offsets: every span is a ``(start, end)`` pair of character offsets into the script plus
``base_offset``, so a caller that parsed a slice of a larger text can map them back. Inside
``sh -c "..."`` strings the offsets are exact for single-quoted strings and for double-quoted
strings without backslashes, and approximate (clamped to the string) otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

__all__ = [
    "POSIX_SHELLS",
    "Command",
    "Redirect",
    "ShellScript",
    "parse_shell",
    "script_from_argv",
    "unquote",
]

POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
"""Program basenames that read POSIX shell; ``busybox`` counts because ``busybox sh`` is common."""

_MAX_DEPTH = 8
_CACHE: dict[tuple[str, int], ShellScript] = {}
_CACHE_MAX = 4096

Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Redirect:
    """A redirection such as ``> /dev/null`` (op ``>``, target ``/dev/null``) or ``2>&1``."""

    op: str
    target: str
    span: Offsets


@dataclass(frozen=True, slots=True, eq=False)
class Command:
    """One simple command, after seeing through wrapper prefixes.

    ``args`` are all words after the program, flags included (as hadolint's ``args``);
    ``positionals`` are the words that do not start with ``-``. ``flags`` holds every flag
    name: ``--no-install-recommends``, ``--opt`` for ``--opt=value``, and for a single-dash word
    both the word and each of its letters (``-qy`` gives ``-qy``, ``-q`` and ``-y``), because
    programs differ on whether ``-abc`` is one option or three. Words after ``--`` are not flags.
    """

    name: str
    program: str
    args: list[str]
    flags: frozenset[str]
    span: Offsets
    program_span: Offsets
    arg_spans: list[Offsets]
    prefixes: list[str] = field(default_factory=list)
    assignments: dict[str, str] = field(default_factory=dict)
    redirects: list[Redirect] = field(default_factory=list)
    context: str = ""
    depth: int = 0
    next_op: str | None = None
    parent: Command | None = None
    pipes_into: Command | None = None
    piped_from: Command | None = None

    @property
    def argv(self) -> list[str]:
        """The program followed by its arguments, as the process would see them."""
        return [self.program, *self.args]

    @property
    def positionals(self) -> list[str]:
        out: list[str] = []
        after_dashes = False
        for word in self.args:
            if after_dashes:
                out.append(word)
            elif word == "--":
                after_dashes = True
            elif not _is_flag(word):
                out.append(word)
        return out

    @property
    def subcommand(self) -> str | None:
        """The first positional word (``install`` in ``apt-get -y install curl``)."""
        pos = self.positionals
        return pos[0] if pos else None

    def has_flag(self, *names: str) -> bool:
        """True when any of ``names`` (``-y``, ``--yes``) was given."""
        return any(name in self.flags for name in names)

    def has_args(self, *words: str) -> bool:
        """True when ``words`` occur, in this order, among the positional words."""
        return _subsequence(words, self.positionals)

    def operands(self, takes_value: frozenset[str] = frozenset()) -> list[int]:
        """Indexes into ``args`` of the operand words (the subcommand first): flags are skipped,
        and so is the word after a flag in ``takes_value`` written without ``=``; everything after
        ``--`` is an operand."""
        out: list[int] = []
        skip = dashes = False
        for index, word in enumerate(self.args):
            if skip:
                skip = False
            elif dashes:
                out.append(index)
            elif word == "--":
                dashes = True
            elif word.startswith("-") and len(word) > 1:
                skip = "=" not in word and word in takes_value
            else:
                out.append(index)
        return out

    def option(self, name: str) -> str | None:
        """The value of an option: ``--name=value``, ``--name value`` or ``-o value``/``-ovalue``.

        A heuristic: the shell does not know which options take values, so the word after a bare
        option counts as its value when it does not look like a flag itself.
        """
        args = self.args
        long = name.startswith("--")
        for i, word in enumerate(args):
            if word == "--":
                return None
            if word == name:
                if i + 1 < len(args) and not _is_flag(args[i + 1]):
                    return args[i + 1]
                return ""
            if long and word.startswith(name + "="):
                return word[len(name) + 1 :]
            if not long and len(name) == 2 and word.startswith(name) and not word.startswith("--"):
                return word[2:]
        return None

    def arg_span(self, index: int) -> Offsets:
        """Offsets of ``args[index]``."""
        return self.arg_spans[index]

    def __repr__(self) -> str:
        return f"Command({self.name!r}, {self.args!r}, span={self.span})"


@dataclass(frozen=True, slots=True, eq=False)
class ShellScript:
    """The commands of a script, in source order, nested ones (``sh -c``, ``$( )``) included.

    ``parser`` is ``"simple"``, ``"bashlex"`` or ``"fallback"``; ``fallback`` is true when bashlex
    rejected the script (``error`` holds its message) and the tolerant tokenizer was used.
    ``pipelines`` lists each pipeline as its stages, each stage as the commands inside it.
    """

    text: str
    commands: list[Command]
    parser: str
    base_offset: int = 0
    error: str | None = None
    pipelines: list[list[list[Command]]] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        return self.parser == "fallback"

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)

    def __len__(self) -> int:
        return len(self.commands)

    def find(self, name: str, *subcommand: str) -> list[Command]:
        """Commands named ``name`` whose positional words contain ``subcommand`` in order."""
        return [c for c in self.commands if c.name == name and c.has_args(*subcommand)]

    def has_command(self, name: str, *subcommand: str) -> bool:
        """``has_command("apt-get", "install")``: is that command anywhere in the script?"""
        return any(c.name == name and c.has_args(*subcommand) for c in self.commands)

    def pipes_into(self, left: str, right: str) -> list[tuple[Command, Command]]:
        """Pairs where a ``left`` command's output flows into a later ``right`` command.

        Any later stage of the same pipeline counts (``curl … | tee log | sh``), and commands
        inside a stage count (``curl … | (cd /tmp && sh)``).
        """
        found: list[tuple[Command, Command]] = []
        for pipeline in self.pipelines:
            for i, stage in enumerate(pipeline):
                for lcmd in stage:
                    if lcmd.name != left:
                        continue
                    for later in pipeline[i + 1 :]:
                        found.extend((lcmd, rcmd) for rcmd in later if rcmd.name == right)
        return found

    @staticmethod
    def combine(text: str, scripts: Iterable[ShellScript], base_offset: int = 0) -> ShellScript:
        """One script made of several parsed parts (a ``RUN`` line and its heredoc bodies)."""
        parts = list(scripts)
        commands = [c for s in parts for c in s.commands]
        pipelines = [p for s in parts for p in s.pipelines]
        rank = {"simple": 0, "bashlex": 1, "fallback": 2}
        parser = max((s.parser for s in parts), key=lambda p: rank.get(p, 0), default="simple")
        error = next((s.error for s in parts if s.error), None)
        return ShellScript(text, commands, parser, base_offset, error, pipelines)


# --------------------------------------------------------------------------------------------
# Intermediate form shared by the tokenizer and the bashlex adapter


@dataclass(slots=True)
class _Simple:
    words: list[tuple[str, int, int]] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    assigns: list[tuple[str, int, int]] = field(default_factory=list)
    redirects: list[tuple[str, str, int, int]] = field(default_factory=list)
    start: int = -1
    end: int = -1
    context: str = ""
    depth: int = 0
    next_op: str | None = None

    def extend(self, start: int, end: int) -> None:
        if self.start < 0 or start < self.start:
            self.start = start
        self.end = max(self.end, end)


@dataclass(slots=True)
class _Parsed:
    simples: list[_Simple] = field(default_factory=list)
    pipelines: list[list[list[int]]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Words


def _is_flag(word: str) -> bool:
    return len(word) > 1 and word[0] == "-" and not word[1:2].isdigit()


def _subsequence(needles: Iterable[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(w == n for w in it) for n in needles)


_NEEDS_UNQUOTE = re.compile(r"[\\'\"]")
_UNQUOTE = re.compile(r"'([^']*)'?|\"((?:[^\"\\]|\\[\s\S])*)\"?|\\(\n)|\\([\s\S])|\\$")
_DQ_ESCAPE = re.compile(r"\\([$`\"\\])|\\\n")


def _dq(m: re.Match[str]) -> str:
    return m.group(1) or ""


def _unquote_part(m: re.Match[str]) -> str:
    single, double, _newline, escaped = m.groups()
    if single is not None:
        return single
    if double is not None:
        return _DQ_ESCAPE.sub(_dq, double) if "\\" in double else double
    return escaped or ""


def unquote(raw: str) -> str:
    """Shell quote removal: ``'a b'`` → ``a b``, ``"x\\"y"`` → ``x"y``, ``a\\ b`` → ``a b``."""
    if _NEEDS_UNQUOTE.search(raw) is None:
        return raw
    return _UNQUOTE.sub(_unquote_part, raw)


def _flags_of(args: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for word in args:
        if word == "--":
            break
        if not _is_flag(word):
            continue
        head, eq, _ = word.partition("=")
        out.add(head)
        if not eq and len(head) > 2 and head[1] != "-":
            out.update("-" + ch for ch in head[1:] if ch.isalnum())
    return frozenset(out)


# --------------------------------------------------------------------------------------------
# The regex tokenizer (the "simple" path and the fallback)

_WORD_STRICT = r"""(?:\$\{[^}\s]*\}|[^\s;&|<>()'"\\`]|\\[\s\S]|'[^']*'|"(?:[^"\\`]|\\[\s\S])*")+"""
_WORD_LOOSE = (
    r"""(?:\$\(\([^)]*\)\)|\$\{[^}\n]*\}?|[^\s;&|<>()'"\\`]|\\[\s\S]?"""
    r"""|'[^']*'?|"(?:[^"\\]|\\[\s\S])*"?)+"""
)
_TOKEN_TAIL = r"""
| (?P<nl>\n)
| (?P<comment>\#[^\n]*)
| (?P<redir>\d*(?:&>>|&>|>>|>&|<&|<>|>\||<<<|<<-?|>|<))
| (?P<op>&&|\|\||;;|;&|\|&|[;&|])
"""
_TOKEN_STRICT = re.compile(
    r"(?P<ws>[ \t\r]+|\\\r?\n)"
    + _TOKEN_TAIL
    + r"| (?P<word>"
    + _WORD_STRICT
    + r") | (?P<other>[\s\S])",
    re.X,
)
_TOKEN_LOOSE = re.compile(
    r"(?P<ws>[ \t\r]+|\\\r?\n)"
    + _TOKEN_TAIL
    + r"| (?P<word>"
    + _WORD_LOOSE
    + r") | (?P<other>[\s\S])",
    re.X,
)
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=")
_RESERVED = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac",
     "select", "function", "in", "{", "}", "!", "[[", "]]", "time", "coproc"}
)  # fmt: skip
_SKIP_HEADER = frozenset({"for", "select", "case", "function"})
_KEEP_IN_FALLBACK = frozenset({"[[", "]]"})  # `[[ … ]]` stays a command for the fallback
_UNSAFE_TEXT = re.compile(r"\$\(|`|\$'|\$\"|<<|\$\{[^}]*\s")


class _Declined(Exception):
    """The simple tokenizer cannot promise bash's reading of this script."""


def _tokenize(script: str, tolerant: bool) -> _Parsed:
    if not tolerant and _UNSAFE_TEXT.search(script) is not None:
        raise _Declined
    regex = _TOKEN_LOOSE if tolerant else _TOKEN_STRICT
    parsed = _Parsed()
    simples = parsed.simples
    current = _Simple()
    pipeline: list[list[int]] = []
    pending_redir: tuple[str, int] | None = None
    heredocs: list[tuple[str, bool]] = []
    skip_to_separator = False

    def finish(op: str | None) -> None:
        nonlocal current, pipeline, skip_to_separator
        skip_to_separator = False
        if op in ("|", "|&") and not current.words and simples and simples[-1].next_op is None:
            # `( … ) | next`: the fallback dropped the parentheses; pipe from the last command
            simples[-1].next_op = op
            if not pipeline:
                pipeline.append([len(simples) - 1])
            current = _Simple()
            return
        if current.words or current.assigns or current.redirects:
            current.next_op = op
            simples.append(current)
            if op in ("|", "|&"):
                pipeline.append([len(simples) - 1])
            elif pipeline:
                pipeline.append([len(simples) - 1])
                parsed.pipelines.append(pipeline)
                pipeline = []
        elif pipeline and op not in ("|", "|&"):
            parsed.pipelines.append(pipeline)
            pipeline = []
        current = _Simple()

    pos = 0
    length = len(script)
    while pos < length:
        m = regex.match(script, pos)
        if m is None:  # pragma: no cover - the last alternative matches any character
            break
        kind = m.lastgroup
        start, end = m.span()
        pos = end
        if kind == "ws" or kind == "comment":
            continue
        if kind == "nl":
            if heredocs:
                pos = _skip_heredoc_bodies(script, pos, heredocs)
                heredocs = []
            if pending_redir is None:
                finish(None)
            continue
        text = m.group()
        if kind == "redir":
            if text.lstrip("0123456789") in ("<<", "<<-"):
                if not tolerant:
                    raise _Declined
                # the delimiter word follows; remember it to skip the body at the next newline
                pending_redir = (text, start)
                heredocs.append(("", text.endswith("-")))
                continue
            pending_redir = (text, start)
            continue
        if kind == "op":
            if not tolerant and text in (";;", ";&"):
                raise _Declined
            pending_redir = None
            finish(text)
            continue
        if kind == "other":
            if not tolerant:
                raise _Declined
            pending_redir = None
            finish(None)
            continue
        # a word
        if pending_redir is not None:
            op, rstart = pending_redir
            pending_redir = None
            if heredocs and not heredocs[-1][0] and op.lstrip("0123456789") in ("<<", "<<-"):
                heredocs[-1] = (unquote(text), heredocs[-1][1])
            current.redirects.append((op, unquote(text), rstart, end))
            current.extend(rstart, end)
            continue
        if skip_to_separator:
            continue
        if not current.words:
            if text in _RESERVED and not (tolerant and text in _KEEP_IN_FALLBACK):
                if not tolerant:
                    raise _Declined
                if text in _SKIP_HEADER:
                    skip_to_separator = True
                continue
            if _ASSIGNMENT.match(text):
                current.assigns.append((unquote(text), start, end))
                current.extend(start, end)
                continue
        current.words.append((unquote(text), start, end))
        current.raws.append(text)
        current.extend(start, end)
    if pending_redir is not None and not tolerant:
        raise _Declined
    finish(None)
    return parsed


def _skip_heredoc_bodies(script: str, pos: int, heredocs: list[tuple[str, bool]]) -> int:
    for delimiter, strip_tabs in heredocs:
        if not delimiter:
            continue
        while pos < len(script):
            nl = script.find("\n", pos)
            line_end = len(script) if nl < 0 else nl
            line = script[pos:line_end]
            pos = line_end + 1
            if (line.lstrip("\t") if strip_tabs else line).rstrip("\r") == delimiter:
                break
    return min(pos, len(script))


# --------------------------------------------------------------------------------------------
# The bashlex adapter: the only code that touches bashlex's untyped nodes


def _bashlex_parse(script: str) -> _Parsed:
    """Parse with bashlex into the typed intermediate form; raises when bashlex fails."""
    import bashlex  # type: ignore[import-untyped]

    nodes: list[Any] = bashlex.parse(script)
    parsed = _Parsed()
    for node in nodes:
        _walk(node, script, parsed, "", 0)
    return parsed


def _walk(node: Any, script: str, parsed: _Parsed, context: str, depth: int) -> list[int]:
    """Collect the simple commands below ``node``; return their indices in order."""
    kind: str = node.kind
    created: list[int] = []
    if kind == "command":
        simple = _Simple(context=context, depth=depth)
        nested: list[tuple[Any, str]] = []
        for part in node.parts:
            pk: str = part.kind
            start, end = part.pos
            # words are unquoted from the source text: bashlex's own quote removal mangles
            # double quotes inside single quotes and backslashes inside double quotes
            if pk == "word":
                raw = script[start:end]
                simple.words.append((unquote(raw), start, end))
                simple.raws.append(raw)
                nested.extend(_substitutions(part, script))
            elif pk == "assignment":
                simple.assigns.append((unquote(script[start:end]), start, end))
                nested.extend(_substitutions(part, script))
            elif pk == "redirect":
                out = part.output
                pos = getattr(out, "pos", None)
                target = str(out) if pos is None else unquote(script[pos[0] : pos[1]])
                op = ("" if part.input is None else str(part.input)) + str(part.type)
                simple.redirects.append((op, target, start, end))
                if hasattr(out, "parts"):
                    nested.extend(_substitutions(out, script))
            simple.extend(start, end)
        if simple.words or simple.redirects:
            parsed.simples.append(simple)
            created.append(len(parsed.simples) - 1)
        for inner, ctx in nested:
            created.extend(_walk(inner, script, parsed, ctx, depth + 1))
        return created
    if kind == "pipeline":
        stages: list[list[int]] = []
        for part in node.parts:
            if part.kind in ("pipe", "reservedword"):
                continue
            stages.append(_walk(part, script, parsed, context, depth))
            created.extend(stages[-1])
        if len(stages) > 1:
            for stage in stages[:-1]:
                if stage:
                    parsed.simples[stage[-1]].next_op = "|"
            parsed.pipelines.append(stages)
        return created
    if kind == "list":
        last: list[int] = []
        for part in node.parts:
            if part.kind == "operator":
                own = [i for i in last if parsed.simples[i].depth == depth]
                if own:
                    parsed.simples[own[-1]].next_op = str(part.op)
                continue
            last = _walk(part, script, parsed, context, depth)
            created.extend(last)
        return created
    if kind == "compound":
        items = list(node.list)
        inner_ctx, inner_depth = context, depth
        if items and items[0].kind == "reservedword" and items[0].word == "(":
            inner_ctx, inner_depth = "subshell", depth + 1
        for item in items:
            if item.kind != "reservedword":
                created.extend(_walk(item, script, parsed, inner_ctx, inner_depth))
        return created
    if kind in ("if", "while", "until"):
        for part in node.parts:
            if part.kind not in ("reservedword", "word"):
                created.extend(_walk(part, script, parsed, context, depth))
        return created
    if kind == "for":
        for part in node.parts:
            if part.kind not in ("reservedword", "word", "operator"):
                created.extend(_walk(part, script, parsed, context, depth))
        return created
    if kind == "function":
        return _walk(node.body, script, parsed, context, depth)
    return created


def _substitutions(word: Any, script: str) -> list[tuple[Any, str]]:
    found: list[tuple[Any, str]] = []
    for part in getattr(word, "parts", None) or []:
        pk = part.kind
        if pk == "commandsubstitution":
            start = part.pos[0]
            found.append((part.command, "``" if script[start : start + 1] == "`" else "$()"))
        elif pk == "processsubstitution":
            found.append((part.command, "<()"))
        else:
            found.extend(_substitutions(part, script))
    return found


# --------------------------------------------------------------------------------------------
# From intermediate form to commands

_WRAPPER_VALUE_OPTIONS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "-R"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "xargs": frozenset({"-a", "-d", "-E", "-e", "-I", "-L", "-l", "-n", "-P", "-s", "-R", "-S"}),
    "nice": frozenset({"-n"}),
    "timeout": frozenset({"-s", "-k"}),
    "exec": frozenset({"-a"}),
    "nohup": frozenset(),
    "time": frozenset({"-f", "-o"}),
    "command": frozenset(),
    "builtin": frozenset(),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
}
_WRAPPER_POSITIONALS = {"timeout": 1, "gosu": 1, "su-exec": 1, "chroot": 1}
_SHELL_VALUE_OPTIONS = frozenset({"-o", "+o", "-O", "+O"})


def _build(
    script: str, parsed: _Parsed, base: int, parser: str, depth: int, error: str | None
) -> ShellScript:
    commands: list[Command] = []
    by_simple: dict[int, Command] = {}
    extra: dict[int, list[Command]] = {}
    inner_pipelines: list[list[list[Command]]] = []
    for index, simple in enumerate(parsed.simples):
        cmd, nested = _command(simple, base, depth + simple.depth)
        if cmd is None:
            continue
        by_simple[index] = cmd
        commands.append(cmd)
        if nested is not None:
            extra[index] = nested.commands
            commands.extend(nested.commands)
            inner_pipelines.extend(nested.pipelines)
    pipelines: list[list[list[Command]]] = []
    for stages in parsed.pipelines:
        resolved: list[list[Command]] = []
        for stage in stages:
            cmds: list[Command] = []
            for i in stage:
                if i in by_simple:
                    cmds.append(by_simple[i])
                    cmds.extend(extra.get(i, ()))
            resolved.append(cmds)
        heads = [s[0] if s else None for s in resolved]
        for left, right in pairwise(heads):
            if left is not None and right is not None:
                object.__setattr__(left, "pipes_into", right)
                object.__setattr__(right, "piped_from", left)
        pipelines.append(resolved)
    pipelines.extend(inner_pipelines)
    return ShellScript(script, commands, parser, base, error, pipelines)


def _command(simple: _Simple, base: int, depth: int) -> tuple[Command | None, ShellScript | None]:
    words = simple.words
    assignments = {w.split("=", 1)[0]: w.split("=", 1)[1] for w, _, _ in simple.assigns if "=" in w}
    prefixes: list[str] = []
    i = 0
    while i < len(words):
        name = words[i][0].rsplit("/", 1)[-1]
        if name == "command" and i + 1 < len(words) and words[i + 1][0] in ("-v", "-V"):
            break
        if name in _WRAPPER_VALUE_OPTIONS or name in _WRAPPER_POSITIONALS:
            j = _skip_wrapper(name, words, i + 1, assignments)
            if j >= len(words):
                break
            prefixes.append(name)
            i = j
            continue
        break
    redirects = [
        Redirect(op, target, (s + base, e + base)) for op, target, s, e in simple.redirects
    ]
    span = (simple.start + base, simple.end + base)
    if i >= len(words):
        if not words:
            return None, None
        i = len(words) - 1 if prefixes else 0
        prefixes = prefixes[:-1] if prefixes else prefixes
    program, pstart, pend = words[i]
    rest = words[i + 1 :]
    args = [w for w, _, _ in rest]
    name = program.rsplit("/", 1)[-1]
    cmd = Command(
        name=name,
        program=program,
        args=args,
        flags=_flags_of(args),
        span=span,
        program_span=(pstart + base, pend + base),
        arg_spans=[(s + base, e + base) for _, s, e in rest],
        prefixes=prefixes,
        assignments=assignments,
        redirects=redirects,
        context=simple.context,
        depth=depth,
        next_op=simple.next_op,
    )
    nested = None
    if depth < _MAX_DEPTH:
        inner = _inline_script(cmd, simple.raws[i + 1 :] if len(simple.raws) == len(words) else [])
        if inner is not None:
            text, offset = inner
            nested = _parse(text, offset, depth + 1, "sh -c", cmd)
    return cmd, nested


def _skip_wrapper(
    name: str, words: list[tuple[str, int, int]], j: int, assigns: dict[str, str]
) -> int:
    value_options = _WRAPPER_VALUE_OPTIONS.get(name, frozenset())
    while j < len(words):
        word = words[j][0]
        if word == "--":
            j += 1
            break
        if name == "env" and _ASSIGNMENT.match(word):
            key, _, value = word.partition("=")
            assigns[key] = value
            j += 1
            continue
        if not word.startswith("-") or word == "-":
            break
        j += 2 if word in value_options else 1
    if name == "env":
        while j < len(words) and _ASSIGNMENT.match(words[j][0]):
            key, _, value = words[j][0].partition("=")
            assigns[key] = value
            j += 1
    return j + _WRAPPER_POSITIONALS.get(name, 0)


def _inline_script(cmd: Command, raws: list[str]) -> tuple[str, int] | None:
    """The script of ``sh -c '…'`` / ``su -c '…'`` and the offset of its first character."""
    args = cmd.args
    index: int | None = None
    if cmd.name in POSIX_SHELLS:
        k = 0
        if cmd.name == "busybox":
            if not args or args[0] not in POSIX_SHELLS:
                return None
            k = 1
        has_c = False
        while k < len(args):
            word = args[k]
            if word in _SHELL_VALUE_OPTIONS:
                k += 2
                continue
            if word == "--" or not (word.startswith("-") or word.startswith("+")) or len(word) < 2:
                break
            if word.startswith("-") and not word.startswith("--") and "c" in word[1:]:
                has_c = True
            k += 1
        if has_c and k < len(args) and args[k] != "--":
            index = k
    elif cmd.name == "su":
        for k, word in enumerate(args[:-1]):
            if word in ("-c", "--command"):
                index = k + 1
                break
    if index is None:
        return None
    start, end = cmd.arg_spans[index]
    raw = raws[index] if index < len(raws) else ""
    offset = start
    if raw[:1] in ("'", '"') and (raw[0] == "'" or "\\" not in raw):
        offset = start + 1
    return args[index], min(offset, end)


def _parse(text: str, base: int, depth: int, context: str, parent: Command | None) -> ShellScript:
    parser, error = "simple", None
    try:
        parsed = _tokenize(text, tolerant=False)
    except _Declined:
        try:
            parsed = _bashlex_parse(text)
            parser = "bashlex"
        except ImportError:
            error = "bashlex is not installed"
            parsed = _tokenize(text, tolerant=True)
            parser = "fallback"
        except Exception as exc:  # bashlex raises many types on input it cannot handle
            error = f"{type(exc).__name__}: {exc}".strip()
            parsed = _tokenize(text, tolerant=True)
            parser = "fallback"
    script = _build(text, parsed, base, parser, depth, error)
    if parent is not None:
        for cmd in script.commands:
            if cmd.parent is None:
                object.__setattr__(cmd, "parent", parent)
            if not cmd.context:
                object.__setattr__(cmd, "context", context)
    return script


def script_from_argv(
    argv: list[str], spans: list[Offsets], *, text: str = "", base_offset: int = 0
) -> ShellScript:
    """The one command of an exec-form argument list (``["apt-get", "install", "x"]``).

    ``spans`` gives the offsets of each element as written (JSON-quoted); a ``sh -c`` script
    among them is parsed too. ``parser`` is ``"exec"``.
    """
    if not argv:
        return ShellScript(text, [], "exec", base_offset)
    if len(spans) != len(argv):
        spans = [(base_offset, base_offset + len(text))] * len(argv)
    simple = _Simple(
        words=[(word, s, e) for word, (s, e) in zip(argv, spans, strict=True)],
        raws=['"' + word + '"' if "\\" not in word and '"' not in word else "" for word in argv],
        start=spans[0][0],
        end=max(e for _, e in spans),
    )
    script = _build(text, _Parsed([simple]), 0, "exec", 0, None)
    return ShellScript(text, script.commands, "exec", base_offset, None, script.pipelines)


def parse_shell(script: str, *, base_offset: int = 0) -> ShellScript:
    """Parse a POSIX shell script into commands; never raises.

    Offsets in the result are offsets into ``script`` plus ``base_offset``.
    """
    key = (script, base_offset)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        result = _parse(script, base_offset, 0, "", None)
    except RecursionError:
        result = ShellScript(script, [], "fallback", base_offset, "RecursionError")
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = result
    return result
