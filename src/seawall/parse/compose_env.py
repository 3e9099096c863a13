"""Compose variable interpolation and ``.env`` files, as the compose specification defines them.

Interpolation forms: ``$VAR``, ``${VAR}``, ``${VAR:-default}`` (unset or empty), ``${VAR-default}``
(unset only), ``${VAR:?error}`` / ``${VAR?error}`` (required), ``${VAR:+alt}`` / ``${VAR+alt}``
(alternative), nested operands (``${A:-${B:-x}}``) and ``$$`` for a literal dollar sign. A ``$``
that starts no valid name is kept as written; a braced expression that is not one of the forms
(``${VAR/a/b}``, an unclosed ``${``) is an error, as Compose rejects it.

Every substitution is recorded with its offsets in the interpolated string, so that a rule can
say "``latest`` comes from the default of ``${TAG:-latest}``" and point inside the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_NAME = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


@dataclass(frozen=True, slots=True)
class Substitution:
    """One ``$VAR`` or ``${VAR...}`` expression.

    ``start``/``end`` are offsets of the whole expression in the raw text; ``operand_start`` and
    ``operand_end`` those of the text after the operator (the default, error or alternative),
    equal to ``end - 1`` when there is none. ``value`` is the variable's value (None: unset);
    ``used_operand`` is true when the result came from the operand (a default or alternative).
    """

    name: str
    start: int
    end: int
    operator: str
    operand: str | None
    operand_start: int
    operand_end: int
    value: str | None
    used_operand: bool
    result: str
    depth: int = 0

    @property
    def expression(self) -> str:
        if (
            self.operator == ""
            and self.operand is None
            and self.end - self.start == len(self.name) + 1
        ):
            return f"${self.name}"
        return "${" + self.name + self.operator + (self.operand or "") + "}"

    @property
    def is_default(self) -> bool:
        return self.operator in (":-", "-")


@dataclass(frozen=True, slots=True)
class InterpolationError:
    """A required variable that is missing (``kind`` "required") or a malformed expression
    (``kind`` "invalid"); offsets are those of the expression in the raw text."""

    kind: str
    name: str
    message: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Interpolated:
    value: str
    substitutions: tuple[Substitution, ...] = ()
    errors: tuple[InterpolationError, ...] = ()

    @property
    def unset(self) -> tuple[str, ...]:
        """Variables substituted without a value or a default (Compose warns and uses '')."""
        return tuple(
            s.name
            for s in self.substitutions
            if s.value is None and s.operator == "" and not s.used_operand
        )


@dataclass(slots=True)
class _State:
    substitutions: list[Substitution] = field(default_factory=list)
    errors: list[InterpolationError] = field(default_factory=list)


def has_interpolation(text: str) -> bool:
    return "$" in text


def interpolate(text: str, env: Mapping[str, str]) -> Interpolated:
    """Interpolate ``text`` with ``env``; never raises: problems are ``errors``."""
    if "$" not in text:
        return Interpolated(text)
    state = _State()
    value = _expand(text, 0, len(text), env, state, 0)
    return Interpolated(value, tuple(state.substitutions), tuple(state.errors))


def _closing_brace(text: str, start: int, end: int) -> int:
    """The offset of the ``}`` that closes a ``${`` whose body starts at ``start``, or -1."""
    depth = 0
    i = start
    while i < end:
        char = text[i]
        if char == "$" and i + 1 < end and text[i + 1] == "$":
            i += 2
            continue
        if char == "$" and i + 1 < end and text[i + 1] == "{":
            depth += 1
            i += 2
            continue
        if char == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def _expand(
    text: str, start: int, end: int, env: Mapping[str, str], state: _State, depth: int
) -> str:
    out: list[str] = []
    i = start
    while i < end:
        dollar = text.find("$", i, end)
        if dollar < 0:
            out.append(text[i:end])
            break
        out.append(text[i:dollar])
        nxt = dollar + 1
        if nxt < end and text[nxt] == "$":
            out.append("$")
            i = nxt + 1
            continue
        if nxt < end and text[nxt] == "{":
            i = _braced(text, dollar, end, env, state, depth, out)
            continue
        match = _NAME.match(text, nxt, end)
        if match is None:
            out.append("$")
            i = nxt
            continue
        name = match.group()
        value = env.get(name)
        result = value or ""
        state.substitutions.append(
            Substitution(
                name,
                dollar,
                match.end(),
                "",
                None,
                match.end(),
                match.end(),
                value,
                False,
                result,
                depth,
            )
        )
        out.append(result)
        i = match.end()
    return "".join(out)


def _braced(
    text: str,
    dollar: int,
    end: int,
    env: Mapping[str, str],
    state: _State,
    depth: int,
    out: list[str],
) -> int:
    body = dollar + 2
    close = _closing_brace(text, body, end)
    if close < 0:
        state.errors.append(
            InterpolationError(
                "invalid",
                "",
                f"invalid interpolation format: `{text[dollar:end]}` is never closed with `}}`",
                dollar,
                end,
            )
        )
        out.append(text[dollar:end])
        return end
    match = _NAME.match(text, body, close)
    name = match.group() if match else ""
    after = match.end() if match else body
    operator = next((op for op in _OPERATORS if text.startswith(op, after)), None)
    if not name or (after != close and operator is None):
        state.errors.append(
            InterpolationError(
                "invalid",
                name,
                f"invalid interpolation format: `{text[dollar : close + 1]}` (Compose supports "
                "${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, "
                "${VAR:+alt} and ${VAR+alt})",
                dollar,
                close + 1,
            )
        )
        out.append(text[dollar : close + 1])
        return close + 1
    value = env.get(name)
    op = operator or ""
    operand_start = after + len(op)
    operand = text[operand_start:close] if operator is not None else None
    set_ = value is not None
    present = set_ and value != ""
    used = False
    result = value or ""
    if op in (":-", "-"):
        missing = not present if op == ":-" else not set_
        if missing:
            used = True
            result = _expand(text, operand_start, close, env, state, depth + 1)
    elif op in (":+", "+"):
        if present if op == ":+" else set_:
            used = True
            result = _expand(text, operand_start, close, env, state, depth + 1)
        else:
            result = ""
    elif op in (":?", "?"):
        missing = not present if op == ":?" else not set_
        if missing:
            scratch = _State()
            message = _expand(text, operand_start, close, env, scratch, depth + 1)
            state.substitutions.extend(scratch.substitutions)
            what = "unset or empty" if op == ":?" else "unset"
            detail = f": {message}" if message else ""
            state.errors.append(
                InterpolationError(
                    "required",
                    name,
                    f"required variable {name} is {what}{detail}",
                    dollar,
                    close + 1,
                )
            )
            result = ""
    state.substitutions.append(
        Substitution(
            name,
            dollar,
            close + 1,
            op,
            operand,
            operand_start,
            close,
            value,
            used,
            result,
            depth,
        )
    )
    out.append(result)
    return close + 1


# --------------------------------------------------------------------------- .env files


@dataclass(frozen=True, slots=True)
class EnvEntry:
    name: str
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class EnvProblem:
    message: str
    line: int


@dataclass(frozen=True, slots=True)
class EnvFile:
    entries: tuple[EnvEntry, ...]
    problems: tuple[EnvProblem, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {e.name: e.value for e in self.entries}


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "$": "$$"}
_KEY = re.compile(r"[ \t]*(?:export[ \t]+)?([^=\s#]+)[ \t]*(=)?[ \t]*")


def _double_quoted(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\" and i + 1 < len(raw) and raw[i + 1] in _ESCAPES:
            out.append(_ESCAPES[raw[i + 1]])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _quoted_end(text: str, start: int, quote: str) -> int:
    """Offset of the closing ``quote`` of a value opened at ``start`` (escapes skipped), or -1."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return -1


def parse_env_file(text: str, env: Mapping[str, str] | None = None) -> EnvFile:
    """Read a ``.env`` file: ``VAR=VAL`` lines, ``#`` comments, blank lines, an ``export``
    prefix, unquoted values (an inline comment needs a space before ``#``), single-quoted values
    taken literally, double-quoted ones with escapes; quoted values may span lines. Unquoted and
    double-quoted values are interpolated with ``env`` and the entries above them."""
    known: dict[str, str] = dict(env or {})
    entries: list[EnvEntry] = []
    problems: list[EnvProblem] = []
    pos = 0
    line = 1
    length = len(text)
    while pos < length:
        eol = text.find("\n", pos)
        eol = length if eol < 0 else eol
        current = text[pos:eol].rstrip("\r")
        stripped = current.strip()
        start_line = line
        if not stripped or stripped.startswith("#"):
            pos, line = eol + 1, line + 1
            continue
        match = _KEY.match(text, pos, eol)
        if match is None or not _NAME.fullmatch(match.group(1)):
            problems.append(EnvProblem(f"`{stripped}` is not a VAR=VALUE line", start_line))
            pos, line = eol + 1, line + 1
            continue
        name = match.group(1)
        if match.group(2) is None and text[match.end() : eol].strip():
            problems.append(EnvProblem(f"`{stripped}` is not a VAR=VALUE line", start_line))
            pos, line = eol + 1, line + 1
            continue
        if match.group(2) is None:
            # `VAR` alone: Compose takes it from the environment when there, else leaves it unset
            if name in known:
                entries.append(EnvEntry(name, known[name], start_line))
            pos, line = eol + 1, line + 1
            continue
        vstart = match.end()
        quote = text[vstart] if vstart < length and text[vstart] in "'\"" else ""
        if quote:
            close = _quoted_end(text, vstart, quote)
            if close < 0:
                problems.append(EnvProblem(f"the {quote} quote of {name} is never closed", line))
                close = length
            raw = text[vstart + 1 : close]
            if quote == "'":
                value = raw.replace("\\'", "'")
            else:
                value = interpolate(_double_quoted(raw), known).value
            line += text.count("\n", pos, close)
            eol = text.find("\n", close)
            eol = length if eol < 0 else eol
        else:
            raw = text[vstart:eol].rstrip("\r")
            comment = re.search(r"[ \t]#", raw)
            if comment:
                raw = raw[: comment.start()]
            value = interpolate(raw.strip(), known).value
        known[name] = value
        entries.append(EnvEntry(name, value, start_line))
        pos, line = eol + 1, line + 1
    return EnvFile(tuple(entries), tuple(problems))
