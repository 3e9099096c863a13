"""Inline suppressions: ``# seawall: ignore[CODE, ...] reason`` and ``ignore-file[...]``.

A comment alone on its line applies to the next line that holds something other than comments
(in a Dockerfile, to the next instruction); a comment after a YAML value applies to its own line.
Codes are prefixes, as in ``--ignore``: ``KS1`` silences every ``KS1xx`` rule.

Dockerfiles also honour hadolint's own comments, ``# hadolint ignore=DL3008,DL3009`` (next
instruction) and ``# hadolint global ignore=...`` (whole file), translated through the rules'
``equivalents``, so teams can switch without rewriting their files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from seawall.core.span import Span

_COMMENT = re.compile(r"#\s*seawall:\s*(?P<verb>ignore-file|ignore)\[(?P<codes>[^\]]*)\]")
_HADOLINT = re.compile(r"^\s*#\s*hadolint\s+(?P<scope>global\s+)?ignore=(?P<ids>[A-Za-z0-9, ]+)")
MARKER = "seawall:"
HADOLINT_MARKER = "hadolint"


@dataclass(frozen=True, slots=True)
class CodeMention:
    code: str
    span: Span


@dataclass(slots=True)
class FileSuppressions:
    by_line: dict[int, list[str]] = field(default_factory=dict)
    whole_file: list[str] = field(default_factory=list)
    mentions: list[CodeMention] = field(default_factory=list)

    def suppresses(self, code: str, line: int) -> bool:
        return _matches(code, self.whole_file) or _matches(code, self.by_line.get(line, ()))


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def parse_suppressions(
    text: str,
    own_line_only: bool = False,
    foreign: Mapping[str, Sequence[str]] | None = None,
) -> FileSuppressions:
    """``foreign`` maps other tools' rule ids (hadolint's ``DL3008``) to seawall codes; when
    given, hadolint comments are honoured too."""
    result = FileSuppressions()
    hadolint = foreign is not None and HADOLINT_MARKER in text
    if MARKER not in text and not hadolint:
        return result
    pending: list[str] = []  # codes of comment lines, for the next line with content
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        match = _COMMENT.search(line) if MARKER in line else None
        if match is not None and (stripped.startswith("#") or not own_line_only):
            codes = [c.strip().upper() for c in match["codes"].split(",") if c.strip()]
            start = match.start("codes")
            for code in codes:
                column = line.find(code, start, match.end("codes")) + 1 or start + 1
                result.mentions.append(
                    CodeMention(code, Span(number, column, number, column + len(code)))
                )
            if match["verb"] == "ignore-file":
                result.whole_file.extend(codes)
            elif stripped.startswith("#"):
                pending.extend(codes)
            else:
                result.by_line.setdefault(number, []).extend(codes)
        foreign_match = _HADOLINT.match(line) if hadolint and foreign is not None else None
        if foreign_match is not None and foreign is not None:
            ids = [i.strip().upper() for i in foreign_match["ids"].split(",") if i.strip()]
            codes = [code for i in ids for code in foreign.get(i, ())]
            (result.whole_file if foreign_match["scope"] else pending).extend(codes)
        if not stripped or stripped.startswith("#"):
            continue
        if pending:
            result.by_line.setdefault(number, []).extend(pending)
            pending = []
    return result
