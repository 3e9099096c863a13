"""The JSON report: the stable machine-readable contract described in the design guide.

Keys are only ever added, never renamed or removed; scripts and other tools parse this.
"""

from __future__ import annotations

import json
from typing import Any

import seawall
from seawall.core.finding import Finding
from seawall.engine.baseline import fingerprint
from seawall.engine.result import ScanResult

FORMAT_VERSION = "1"


def finding_as_json(finding: Finding, result: ScanResult) -> dict[str, Any]:
    span = finding.span
    return {
        "rule": finding.rule.code,
        "name": finding.rule.name,
        "severity": finding.severity.value,
        "category": finding.rule.category,
        "message": finding.message,
        "file": finding.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "resource": finding.resource.as_json() if finding.resource is not None else None,
        "path": finding.path,
        "equivalents": list(finding.rule.equivalents),
        # A finding is fixable when it carries an edit: a rule marked fixable may still be unable
        # to fix one particular occurrence safely.
        "fixable": finding.fix is not None,
        "fingerprint": fingerprint(finding, result.sources.get(finding.file)),
    }


# indent=None keeps json on its C encoder: with indent=2 a 10,000-finding report took longer to
# print than the scan took to find it. One encoder for every line: json.dumps would build one
# per call.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def render(result: ScanResult, *, color: bool = False) -> str:
    """One finding per line inside a two-space-indented document: readable, diff-friendly, and
    fast to write."""
    findings = sorted(result.findings, key=Finding.sort_key)
    rows = ",\n".join(f"    {_compact(finding_as_json(f, result))}" for f in findings)
    listed = f"\n{rows}\n  " if rows else ""
    tool = {"name": "seawall", "version": seawall.__version__}
    return (
        "{\n"
        f'  "version": {_compact(FORMAT_VERSION)},\n'
        f'  "tool": {_compact(tool)},\n'
        f'  "findings": [{listed}],\n'
        f'  "summary": {_compact(result.summary())}\n'
        "}\n"
    )
