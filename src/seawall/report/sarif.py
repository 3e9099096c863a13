"""SARIF 2.1.0, for GitHub code scanning, GitLab, Azure DevOps and IDE viewers.

Paths are written relative to ``%SRCROOT%`` (the current directory, recorded in
``originalUriBaseIds``) so that an upload from a CI checkout maps onto the repository.
Columns count characters, which SARIF calls ``unicodeCodePoints``; the default would be UTF-16
code units, which differ for characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import seawall
from seawall.core.finding import Finding
from seawall.core.fix import Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.source import SourceFile
from seawall.engine.baseline import fingerprint
from seawall.engine.result import ScanResult

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/seawall-dev/seawall"
RULE_DOCS_URI = INFORMATION_URI + "/blob/main/docs/rules/{code}.md"
FINGERPRINT_KEY = "seawall/v1"
SRCROOT = "%SRCROOT%"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "warning",
    Severity.INFO: "note",
}

# GitHub ranks security alerts by this score (its bands: >9.0 critical, 7.0-8.9 high,
# 4.0-6.9 medium, 0.1-3.9 low); each value sits inside the band of the same name.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}

# Rule categories whose findings are security problems; GitHub shows a security severity only
# for rules tagged "security".
SECURITY_CATEGORIES = frozenset(
    {"security", "secrets", "pod-security", "rbac", "network", "network-policy", "supply-chain"}
)

# Input and internal rules report facts about the files themselves (a parser error, a crash),
# so they have no false positives; other rules judge configuration and may.
_CERTAIN_CATEGORIES = frozenset({"input", "internal"})

# RFC 3986 sub-delimiters and "@" may stay literal in a path; ":" may not, because in the first
# segment of a relative reference it would be read as a URI scheme.
_URI_SAFE = "/!$&'()*+,;=@~"


def artifact_location(file: str) -> dict[str, str]:
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(file.replace("\\", "/"), safe=_URI_SAFE), "uriBaseId": SRCROOT}


def _srcroot_uri() -> str:
    uri = Path.cwd().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    what = " ".join(rule.doc_sections().get("What it checks", "").split())
    tags = [rule.category]
    security = rule.category in SECURITY_CATEGORIES
    if security and "security" not in tags:
        tags.append("security")
    properties: dict[str, Any] = {
        "tags": tags,
        "precision": "very-high" if rule.category in _CERTAIN_CATEGORIES else "high",
    }
    if security:
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    properties["equivalents"] = list(rule.equivalents)
    properties["fixable"] = rule.fixable
    help_text = rule.doc or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what or rule.summary},
        "help": {"text": help_text, "markdown": help_text},
        "helpUri": RULE_DOCS_URI.format(code=rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def _offset(source: SourceFile, line: int, column: int) -> int:
    # Clamp to the line so a column past its end never spills into the next line.
    starts = source.line_starts()
    if line > len(starts):
        return len(source.text)
    return starts[line - 1] + min(column - 1, len(source.line_text(line)))


def _region(finding: Finding, source: SourceFile | None) -> dict[str, Any]:
    span = finding.span
    start_line = max(span.line, 1)
    start_column = max(span.column, 1)
    end_line = max(span.end_line, start_line)
    end_column = max(span.end_column, 1)
    if end_line == start_line:
        end_column = max(end_column, start_column)
    region: dict[str, Any] = {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }
    if source is not None and source.text and start_line <= len(source.line_starts()):
        snippet = source.text[
            _offset(source, start_line, start_column) : _offset(source, end_line, end_column)
        ]
        if snippet:
            region["snippet"] = {"text": snippet}
    return region


def _context_region(finding: Finding, source: SourceFile | None) -> dict[str, Any] | None:
    if source is None or not source.text:
        return None
    starts = source.line_starts()
    first = max(finding.span.line, 1)
    last = min(max(finding.span.end_line, first), len(starts))
    if first > len(starts):
        return None
    text = source.text[starts[first - 1] : _offset(source, last, len(source.line_text(last)) + 1)]
    if not text:
        return None
    return {"startLine": first, "endLine": last, "snippet": {"text": text}}


def _fix(fix: Fix, location: dict[str, str]) -> dict[str, Any]:
    return {
        "description": {"text": fix.description},
        "artifactChanges": [
            {
                "artifactLocation": location,
                "replacements": [
                    {
                        "deletedRegion": {
                            "charOffset": edit.offset,
                            "charLength": edit.end_offset - edit.offset,
                        },
                        "insertedContent": {"text": edit.replacement},
                    }
                    for edit in fix.edits
                ],
            }
        ],
        "properties": {"applicability": fix.applicability.value},
    }


def _result(finding: Finding, rule_index: int, source: SourceFile | None) -> dict[str, Any]:
    location = artifact_location(finding.file)
    physical: dict[str, Any] = {
        "artifactLocation": location,
        "region": _region(finding, source),
    }
    context = _context_region(finding, source)
    if context is not None:
        physical["contextRegion"] = context
    sarif_location: dict[str, Any] = {"physicalLocation": physical}
    if finding.resource is not None:
        ref = finding.resource
        qualified = "/".join(p for p in (ref.kind, ref.namespace, ref.name) if p)
        sarif_location["logicalLocations"] = [
            {
                "name": ref.name,
                "fullyQualifiedName": qualified,
                "kind": "resource",
                "properties": {"apiVersion": ref.api_version},
            }
        ]
    properties: dict[str, Any] = {"severity": finding.severity.value}
    if finding.path is not None:
        properties["path"] = finding.path
    item: dict[str, Any] = {
        "ruleId": finding.rule.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [sarif_location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, source)},
        "properties": properties,
    }
    if finding.fix is not None and finding.fix.edits:
        item["fixes"] = [_fix(finding.fix, location)]
    return item


def render(result: ScanResult, *, color: bool = False) -> str:
    findings = sorted(result.findings, key=Finding.sort_key)
    # A finding's rule is normally among the run's rules, but a hand-built result or a rule
    # outside the selection (an internal error) must still resolve to a descriptor.
    rules: list[Rule] = []
    index: dict[str, int] = {}
    for rule in [*result.rules, *(f.rule for f in findings)]:
        if rule.code not in index:
            index[rule.code] = len(rules)
            rules.append(rule)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "seawall",
                "version": seawall.__version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(r) for r in rules],
            }
        },
        "invocations": [{"executionSuccessful": True}],
        "originalUriBaseIds": {SRCROOT: {"uri": _srcroot_uri()}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule.code], result.sources.get(f.file)) for f in findings],
    }
    if result.kubernetes_version is not None:
        run["properties"] = {
            "kubernetesVersion": result.kubernetes_version,
            "kubernetesVersionSource": result.kubernetes_version_source,
            "kubernetesVersionEndOfLife": result.kubernetes_version_end_of_life,
        }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
