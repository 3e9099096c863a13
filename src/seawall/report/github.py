"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

The runner reads ``::error file=...,line=...::message`` lines from a step's output. Property
values and the message are percent-escaped as the Actions toolkit does it, so a newline, comma
or colon in a message or path can neither end the command early nor start a forged one.
"""

from __future__ import annotations

from seawall.core.finding import Finding
from seawall.core.severity import Severity
from seawall.engine.result import ScanResult

COMMANDS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "warning",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(finding: Finding) -> str:
    span = finding.span
    line = max(span.line, 1)
    end_line = max(span.end_line, line)
    props: list[tuple[str, str]] = [
        ("file", finding.file.replace("\\", "/")),
        ("line", str(line)),
    ]
    # GitHub accepts columns only on single-line annotations, and its end column is inclusive
    # where seawall's (like SARIF's) is exclusive.
    if end_line == line:
        column = max(span.column, 1)
        props += [
            ("col", str(column)),
            ("endLine", str(end_line)),
            ("endColumn", str(max(span.end_column - 1, column))),
        ]
    else:
        props.append(("endLine", str(end_line)))
    props.append(("title", f"{finding.rule.code} {finding.rule.name}"))
    message = finding.message
    if finding.resource is not None:
        message += f"\nresource: {finding.resource.label()}"
        if finding.path:
            message += f", field: {finding.path}"
    elif finding.path:
        message += f"\nfield: {finding.path}"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def render(result: ScanResult, *, color: bool = False) -> str:
    lines = [_command(f) for f in sorted(result.findings, key=Finding.sort_key)]
    return "".join(line + "\n" for line in lines)
