"""JUnit XML in the Ant/Jenkins shape that GitLab, Jenkins and Azure DevOps test reports read.

One ``<testsuite>`` per scanned file, one ``<testcase>`` per finding. Only findings at or above
the failure threshold are ``<failure>``s, so the test report fails exactly when the exit code
does; the others are passing cases whose details are kept in ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from seawall.core.finding import Finding
from seawall.engine.result import ScanResult

# XML 1.0 cannot carry these characters at all, not even as character references, so they are
# spelled out instead of producing a document no parser accepts.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _spell(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(_spell, text)


def _details(finding: Finding, result: ScanResult) -> str:
    span = finding.span
    lines = [
        f"{finding.file}:{span.line}:{span.column}: {finding.rule.code} {finding.rule.name} "
        f"[{finding.severity.value}]",
        finding.message,
    ]
    if finding.resource is not None:
        lines.append(f"resource: {finding.resource.label()} ({finding.resource.api_version})")
    if finding.path:
        lines.append(f"field: {finding.path}")
    source = result.sources.get(finding.file)
    if source is not None:
        code = source.line_text(span.line)
        if code.strip():
            lines.append(f"source: {span.line} | {code}")
    return _xml_text("\n".join(lines))


def _attrs(**values: str | int) -> dict[str, str]:
    return {key: _xml_text(str(value)) for key, value in values.items()}


def render(result: ScanResult, *, color: bool = False) -> str:
    by_file: dict[str, list[Finding]] = {display: [] for display in result.sources}
    for finding in sorted(result.findings, key=Finding.sort_key):
        by_file.setdefault(finding.file, []).append(finding)

    root = ET.Element("testsuites")
    total = failures = 0
    for file in sorted(by_file):
        findings = by_file[file]
        suite = ET.SubElement(root, "testsuite")
        suite_failures = 0
        if not findings:
            passed = _attrs(classname=file, name=f"no problems in {file}", file=file, time="0")
            ET.SubElement(suite, "testcase", passed)
        for finding in findings:
            span = finding.span
            case = ET.SubElement(
                suite,
                "testcase",
                _attrs(
                    classname=file,
                    name=f"{finding.rule.code} {file}:{span.line}:{span.column}",
                    file=file,
                    line=span.line,
                    time="0",
                ),
            )
            if finding.severity >= result.fail_on:
                suite_failures += 1
                failure = ET.SubElement(
                    case, "failure", _attrs(message=finding.message, type=finding.rule.code)
                )
                failure.text = _details(finding, result)
            else:
                ET.SubElement(case, "system-out").text = _details(finding, result)
        tests = max(len(findings), 1)
        suite.attrib.update(
            _attrs(name=file, tests=tests, failures=suite_failures, errors=0, skipped=0, time="0")
        )
        total += tests
        failures += suite_failures
    root.attrib.update(
        _attrs(
            name="seawall",
            tests=total,
            failures=failures,
            errors=0,
            time=f"{result.duration_seconds:.3f}",
        )
    )
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
