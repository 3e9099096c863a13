"""GitLab Code Quality report (``artifacts: reports: codequality``).

GitLab requires ``description``, ``check_name``, ``fingerprint``, ``severity``, ``location.path``
and ``location.lines.begin`` on every entry. It compares reports of the source and target
branches by fingerprint, so the fingerprint is the line-independent baseline fingerprint; GitLab
drops every entry after the first with the same fingerprint, so repeats get a derived one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from seawall.core.finding import Finding
from seawall.core.severity import Severity
from seawall.engine.baseline import fingerprint
from seawall.engine.result import ScanResult

SEVERITIES = {
    Severity.INFO: "info",
    Severity.LOW: "minor",
    Severity.MEDIUM: "major",
    Severity.HIGH: "critical",
    Severity.CRITICAL: "blocker",
}

# Code Quality categories come from the Code Climate spec's fixed list; seawall's own category
# names are not in it, so only the ones with a clear counterpart are mapped.
_CATEGORIES = {
    "security": "Security",
    "secrets": "Security",
    "pod-security": "Security",
    "rbac": "Security",
    "network": "Security",
    "network-policy": "Security",
    "supply-chain": "Security",
    "deprecation": "Compatibility",
    "compatibility": "Compatibility",
    "performance": "Performance",
    "style": "Style",
}
_DEFAULT_CATEGORY = "Bug Risk"


def unique_fingerprints(findings: list[Finding], result: ScanResult) -> list[str]:
    """The baseline fingerprint of each finding, made unique within the list.

    The first finding with a fingerprint keeps it unchanged, so a report and a baseline agree
    in the common case; the n-th repeat hashes the fingerprint with n. Depends only on the order
    of ``findings``, which the caller sorts.
    """
    used: set[str] = set()
    # Last occurrence number tried per base, so many repeats stay linear.
    occurrences: dict[str, int] = {}
    out: list[str] = []
    for finding in findings:
        base = fingerprint(finding, result.sources.get(finding.file))
        candidate = base
        occurrence = occurrences.get(base, 1)
        while candidate in used:
            occurrence += 1
            candidate = hashlib.sha256(f"{base}#{occurrence}".encode()).hexdigest()[:32]
        occurrences[base] = occurrence
        used.add(candidate)
        out.append(candidate)
    return out


def _issue(finding: Finding, fingerprint_: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": f"{finding.message} [{finding.rule.code}]",
        "check_name": finding.rule.code,
        "fingerprint": fingerprint_,
        "severity": SEVERITIES[finding.severity],
        "categories": [_CATEGORIES.get(finding.rule.category, _DEFAULT_CATEGORY)],
        "location": {
            "path": finding.file.replace("\\", "/"),
            "lines": {
                "begin": max(finding.span.line, 1),
                "end": max(finding.span.end_line, finding.span.line, 1),
            },
        },
    }


def render(result: ScanResult, *, color: bool = False) -> str:
    findings = sorted(result.findings, key=Finding.sort_key)
    issues = [
        _issue(f, fp) for f, fp in zip(findings, unique_fingerprints(findings, result), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
