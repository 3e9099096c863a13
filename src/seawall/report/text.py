"""The human report: one block per finding with the offending source line, then a summary.

Each finding starts with ``file:line:col:`` at the beginning of a line so that editors, terminals
and ``grep`` pick the location up. Text taken from scanned files is defanged before printing:
a manifest must not be able to send escape sequences or bidirectional overrides to a terminal.
"""

from __future__ import annotations

import unicodedata

from seawall.core.finding import Finding
from seawall.core.fix import Applicability
from seawall.core.severity import Severity
from seawall.core.source import SourceFile
from seawall.engine.result import ScanResult
from seawall.report.terminal import BOLD, DIM, GREEN, SEVERITY_STYLE, Paint, defang, escape

# Beyond this many characters a source line (minified JSON, a long RUN) is cut to a window
# around the finding, so the caret line stays on screen.
_MAX_SNIPPET = 160
_CONTEXT_BEFORE = 40


def _width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    if len(line) <= _MAX_SNIPPET:
        return line, start, end
    left = max(0, min(start - _CONTEXT_BEFORE, len(line) - _MAX_SNIPPET))
    right = min(len(line), left + _MAX_SNIPPET)
    prefix = "..." if left > 0 else ""
    suffix = "..." if right < len(line) else ""
    shift = len(prefix) - left
    return prefix + line[left:right] + suffix, start + shift, min(end, right) + shift


def _snippet(finding: Finding, source: SourceFile | None, paint: Paint, gutter: int) -> list[str]:
    span = finding.span
    if source is None or not 1 <= span.line <= len(source.line_starts()):
        return []
    raw = source.line_text(span.line)
    if not raw.strip():
        return []
    start = min(max(span.column - 1, 0), len(raw))
    end = span.end_column - 1 if span.end_line == span.line else len(raw)
    end = max(end, start + 1)
    shown, start, end = _window(raw, start, end)
    shown = defang(shown)
    # Tabs are copied into the padding so the caret lands where the terminal drew the character.
    pad = "".join("\t" if ch == "\t" else " " * _width(ch) for ch in shown[:start])
    marks = "^" * max(1, sum(_width(ch) for ch in shown[start:end]))
    bar = paint("|", DIM)
    number = paint(f"{span.line:>{gutter}}", DIM)
    return [
        f"{number} {bar} {shown}",
        f"{' ' * gutter} {bar} {pad}{paint(marks, SEVERITY_STYLE[finding.severity])}",
    ]


def _notes(finding: Finding) -> list[str]:
    notes: list[str] = []
    if finding.resource is not None:
        where = f"resource: {finding.resource.label()}"
        if finding.path:
            where += f", field: {finding.path}"
        notes.append(where)
    elif finding.path:
        notes.append(f"field: {finding.path}")
    if finding.fix is not None:
        unsafe = finding.fix.applicability is not Applicability.SAFE
        notes.append(f"fix: {finding.fix.description}" + (" (unsafe)" if unsafe else ""))
    return [escape(n) for n in notes]


def _finding_block(finding: Finding, source: SourceFile | None, paint: Paint) -> list[str]:
    span = finding.span
    first, *rest = finding.message.splitlines() or [""]
    location = paint(escape(f"{finding.file}:{span.line}:{span.column}:"), BOLD)
    severity = paint(f"[{finding.severity.value}]", SEVERITY_STYLE[finding.severity])
    lines = [f"{location} {paint(finding.rule.code, BOLD)} {severity} {escape(first)}"]
    lines.extend(f"    {escape(more)}" for more in rest)
    gutter = max(4, len(str(span.line)))
    lines.extend(_snippet(finding, source, paint, gutter))
    lines.extend(f"{' ' * gutter} {paint('=', DIM)} {note}" for note in _notes(finding))
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _scanned_line(result: ScanResult) -> str:
    parts = [
        f"Scanned {_plural(result.files, 'file')} ({_plural(result.documents, 'document')}, "
        f"{_plural(result.resources, 'resource')}) in {result.duration_seconds:.2f}s"
    ]
    if result.kubernetes_version:
        version = f"against Kubernetes {result.kubernetes_version}"
        notes = []
        if result.kubernetes_version_source:
            notes.append(f"from {result.kubernetes_version_source}")
        if result.kubernetes_version_end_of_life:
            notes.append(f"past its end of life since {result.kubernetes_version_end_of_life}")
        if notes:
            version += f" ({'; '.join(notes)})"
        parts.append(version)
    line = " ".join(parts)
    return escape(f"{line}; {result.suppressed} suppressed, {result.baselined} baselined.")


def _found_line(result: ScanResult, paint: Paint) -> str:
    findings = result.findings
    counts = result.by_severity()
    by_severity = ", ".join(
        paint(f"{counts[s.value]} {s.value}", SEVERITY_STYLE[s])
        for s in Severity
        if counts[s.value]
    )
    files = len({f.file for f in findings})
    line = f"Found {_plural(len(findings), 'problem')} in {_plural(files, 'file')}: {by_severity}."
    fixable = sum(1 for f in findings if f.fix is not None)
    if fixable:
        line += f" {fixable} with a suggested fix (shown as `= fix:`)."
    below = sum(1 for f in findings if f.severity < result.fail_on)
    if below:
        line += (
            f" {below} below the failure threshold ({result.fail_on.value}) "
            "and not failing the run."
        )
    return line


def render(result: ScanResult, *, color: bool = False) -> str:
    paint = Paint(color)
    lines: list[str] = []
    # Sorting keeps each file's blocks together even for results not built by the scanner.
    for finding in sorted(result.findings, key=Finding.sort_key):
        if lines:
            lines.append("")
        lines.extend(_finding_block(finding, result.sources.get(finding.file), paint))
    if result.findings:
        lines.append("")
        lines.append(_found_line(result, paint))
    else:
        lines.append(paint("No problems found.", GREEN))
    lines.append(_scanned_line(result))
    return "\n".join(lines) + "\n"
