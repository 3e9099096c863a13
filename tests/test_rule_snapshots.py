"""Fixture + snapshot tests for every rule (ruff's way).

Each ``tests/rules/<CODE>/`` folder holds:

- ``bad.<ext>``: input that the rule must report; the findings, with only that rule selected, must
  equal ``expected.json`` exactly;
- ``good.<ext>`` (optional): close variants that the rule must not report;
- or, for inputs that cannot be committed (symlink loops, unreadable or huge files, a rule that
  crashes), a ``generated`` marker: the input is made at test time by ``GENERATORS`` below.

``SEAWALL_UPDATE_SNAPSHOTS=1 pytest tests/test_rule_snapshots.py`` rewrites the snapshots. Review
every rewritten finding by hand: its line and column must point at the offending key or value.
The snapshots record the *correct* findings, reviewed by hand, not whatever the rules print today:
when a rule is wrong its snapshot fails until the rule is fixed, so never update blindly.

Every fix is verified too: applied to the text, the result must still be valid YAML (no duplicate
key or other input problem either), keep every comment, and no longer produce the finding.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from seawall.core.finding import Finding
from seawall.core.fix import Edit
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.registry import RegisteredRule, Registry, load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.model.podspec import PodSpecView

RULES_DIR = Path(__file__).parent / "rules"
UPDATE = os.environ.get("SEAWALL_UPDATE_SNAPSHOTS") == "1"
GENERATED_MARKER = "generated"

Snapshot = list[dict[str, Any]]


# --------------------------------------------------------------------------- helpers


def rule_folders() -> list[Path]:
    return sorted(p for p in RULES_DIR.iterdir() if p.is_dir()) if RULES_DIR.is_dir() else []


def fixture_files(folder: Path, stem: str) -> list[Path]:
    """``bad.*`` or ``good.*`` files of a folder (any extension, symlinks included)."""
    return sorted(p for p in folder.iterdir() if p.name.split(".", 1)[0] == stem)


def is_generated(folder: Path) -> bool:
    return (folder / GENERATED_MARKER).exists()


def resource_label(finding: Finding) -> str | None:
    ref = finding.resource
    return f"{ref.kind}/{ref.name}" if ref is not None else None


def snapshot_of(findings: Iterable[Finding]) -> Snapshot:
    return [
        {
            "rule": f.rule.code,
            "line": f.span.line,
            "column": f.span.column,
            "end_line": f.span.end_line,
            "end_column": f.span.end_column,
            "path": f.path,
            "resource": resource_label(f),
            "message": stable_message(f.message),
        }
        for f in findings
    ]


def compare_snapshot(folder: Path, findings: list[Finding]) -> None:
    expected_file = folder / "expected.json"
    actual = snapshot_of(findings)
    if UPDATE:
        expected_file.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    assert expected_file.is_file(), (
        f"{expected_file} is missing; run with SEAWALL_UPDATE_SNAPSHOTS=1 and review it"
    )
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert actual == expected, (
        f"findings of {folder.name} differ from {expected_file.name}; if the change is intended, "
        "rerun with SEAWALL_UPDATE_SNAPSHOTS=1 and review every finding"
    )


# Rules that judge support dates see the day these snapshots were reviewed, so that the
# fixtures do not expire with the calendar.
# KI104 is off until registries are allowed; its fixtures use this list.
FIXED_OPTIONS = {
    "KA102": {"today": "2026-11-27"},
    "KI104": {"allowed_registries": ["registry.example.com", "ghcr.io/example-org"]},
    # off by default: the fixtures turn them on
    "KM102": {"require": ["ResourceQuota", "LimitRange"]},
    "KM103": {"labels": ["app.kubernetes.io/name", "app.kubernetes.io/instance"]},
}


def scan_one(
    path: Path,
    code: str,
    *,
    options: ScanOptions | None = None,
    registry: Registry | None = None,
) -> list[Finding]:
    """Findings of ``path`` (scanned from its own folder) with only ``code`` selected."""
    options = options or ScanOptions()
    options = ScanOptions(
        select=(code,),
        max_file_size=options.max_file_size,
        rule_options={**FIXED_OPTIONS, **options.rule_options},
    )
    result = scan([path.name], options, cwd=path.parent, registry=registry)
    return result.findings


# --------------------------------------------------------------------------- generated inputs


@dataclass(frozen=True, slots=True)
class Case:
    """An input made at test time."""

    path: Path
    options: ScanOptions = field(default_factory=ScanOptions)
    registry: Registry | None = None


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
"""


def _dangling_link(tmp: Path) -> Case:
    """IN001: a link to a file that does not exist cannot be read (works as root, unlike chmod)."""
    link = tmp / "bad.yaml"
    link.symlink_to(tmp / "missing-target.yaml")
    return Case(link)


def _too_large(tmp: Path) -> Case:
    """IN007: a 200-byte file against a 64-byte limit (the default limit is 10 MiB)."""
    path = tmp / "bad.yaml"
    path.write_text("# padding\n" * 20, encoding="utf-8")
    return Case(path, ScanOptions(max_file_size=64))


def _symlink_loop(tmp: Path) -> Case:
    """IN008: a link that points at itself."""
    link = tmp / "bad.yaml"
    link.symlink_to("bad.yaml")
    return Case(link)


def _failing_check(view: Any, ctx: Any) -> Iterator[Finding]:
    if isinstance(view, PodSpecView):
        raise RuntimeError("deliberate failure for the test")
    yield from ()


def _crashing_rule(tmp: Path) -> Case:
    """SW001: a registry with one extra rule whose check raises on every pod spec."""
    path = tmp / "bad.yaml"
    path.write_text(POD, encoding="utf-8")
    broken = Rule(
        code="ZZ999",
        name="always-fails",
        severity=Severity.LOW,
        category="test",
        summary="A rule that always raises",
        targets=("pod-spec",),
    )
    base = load_registry()
    rules = dict(base.rules)
    rules["ZZ999"] = RegisteredRule(broken, _failing_check, (), __name__)
    return Case(path, registry=Registry(rules, dict(base.redirects)))


def _parser_bug(tmp: Path) -> Case:
    """SW003: a Dockerfile the parser fails on (a bug is simulated in _scan_case)."""
    path = tmp / "bad.Dockerfile"
    path.write_text("FROM alpine:3.20\n", encoding="utf-8")
    return Case(path)


def _chart_without_helm(tmp: Path) -> Case:
    """HM001: a chart scanned with no Helm engine (the engine lookup is patched in _scan_case)."""
    chart = tmp / "bad"
    chart.mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    return Case(chart)


GENERATORS: dict[str, Callable[[Path], Case]] = {
    "HM001": _chart_without_helm,
    "IN001": _dangling_link,
    "IN007": _too_large,
    "IN008": _symlink_loop,
    "SW001": _crashing_rule,
    "SW003": _parser_bug,
}


def _scan_case(code: str, case: Case) -> list[Finding]:
    if code == "SW001":
        # the failing rule must run for SW001 to have something to report
        options = ScanOptions(select=("SW001", "ZZ999"))
        result = scan([case.path.name], options, cwd=case.path.parent, registry=case.registry)
        return result.findings
    if code == "HM001":
        from unittest import mock

        with mock.patch("seawall.helm.load.find_renderer", return_value=None):
            return scan_one(case.path, code, options=case.options, registry=case.registry)
    if code == "SW003":
        from unittest import mock

        from seawall.parse import dockerfile

        failure = RuntimeError("simulated parser bug")
        with mock.patch.object(dockerfile._Parser, "run", side_effect=failure):
            return scan_one(case.path, code, options=case.options, registry=case.registry)
    return scan_one(case.path, code, options=case.options, registry=case.registry)


_TRACE_LOCATION = re.compile(r"\(at [^)]*:\d+\)")


def stable_message(message: str) -> str:
    """SW001 names the source line that raised; that line moves whenever this file is edited."""
    return _TRACE_LOCATION.sub("(at <file>:<line>)", message)


def test_internal_error_does_not_stop_the_scan(tmp_path: Path) -> None:
    case = _crashing_rule(tmp_path)
    case.path.write_text(POD.replace("app:1.0.0", "app:latest"), encoding="utf-8")
    options = ScanOptions(select=("SW001", "ZZ999", "KI101"))
    result = scan([case.path.name], options, cwd=tmp_path, registry=case.registry)
    assert sorted(f.rule.code for f in result.findings) == ["KI101", "SW001"]
    # without SW001 selected the failure is dropped silently, and the other rules still run
    options = ScanOptions(select=("ZZ999", "KI101"))
    result = scan([case.path.name], options, cwd=tmp_path, registry=case.registry)
    assert [f.rule.code for f in result.findings] == ["KI101"]


# --------------------------------------------------------------------------- fix checking

_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def comments_of(text: str) -> Counter[str]:
    """Every comment of a YAML text (fixtures keep `#` out of quoted strings)."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        match = _COMMENT.search(line)
        if match:
            found[match.group(1).rstrip()] += 1
    return found


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    ordered = sorted(set(edits), key=lambda e: (e.offset, e.end_offset), reverse=True)
    for earlier, later in zip(ordered[1:], ordered, strict=False):
        assert earlier.end_offset <= later.offset, f"overlapping edits {earlier} and {later}"
    for edit in ordered:
        text = text[: edit.offset] + edit.replacement + text[edit.end_offset :]
    return text


def identity(finding: Finding) -> tuple[str, str | None, str | None]:
    """What survives a fix that shifts lines: the rule, the resource and the field path."""
    return (finding.rule.code, resource_label(finding), finding.path)


def check_fixed_text(original: str, fixed: str, what: str, target: Path) -> None:
    """The fixed text parses, keeps every comment, and has no input problem (a duplicate key,
    which PyYAML accepts silently, included). ``target`` receives the fixed text."""
    try:
        list(yaml.safe_load_all(fixed))
    except yaml.YAMLError as error:
        pytest.fail(f"{what} leaves invalid YAML: {error}\n---\n{fixed}")
    lost = comments_of(original) - comments_of(fixed)
    assert not lost, f"{what} loses comments: {sorted(lost)}"
    target.write_text(fixed, encoding="utf-8")
    problems = scan([target.name], ScanOptions(select=("IN",)), cwd=target.parent).findings
    assert not problems, f"{what} leaves input problems: {[p.message for p in problems]}"


# --------------------------------------------------------------------------- the tests

FOLDERS = rule_folders()
FILE_FOLDERS = [f for f in FOLDERS if not is_generated(f)]
GENERATED_FOLDERS = [f for f in FOLDERS if is_generated(f)]


def test_there_are_fixture_folders() -> None:
    assert FOLDERS, f"no fixture folders under {RULES_DIR}"


@pytest.mark.parametrize("folder", FILE_FOLDERS, ids=lambda p: p.name)
def test_bad_matches_snapshot(folder: Path) -> None:
    bad = fixture_files(folder, "bad")
    assert len(bad) == 1, f"{folder.name} needs exactly one bad.* file, found {bad}"
    findings = scan_one(bad[0], folder.name)
    assert findings, f"{bad[0].name} produces no {folder.name} finding"
    assert {f.rule.code for f in findings} == {folder.name}
    compare_snapshot(folder, findings)


@pytest.mark.parametrize("folder", FILE_FOLDERS, ids=lambda p: p.name)
def test_good_is_clean(folder: Path) -> None:
    goods = fixture_files(folder, "good")
    if not goods:
        pytest.skip(f"{folder.name} has no good.* fixture")
    for good in goods:
        findings = scan_one(good, folder.name)
        assert snapshot_of(findings) == [], f"{good.name} must not be reported"


@pytest.mark.parametrize("folder", GENERATED_FOLDERS, ids=lambda p: p.name)
def test_generated_matches_snapshot(folder: Path, tmp_path: Path) -> None:
    generator = GENERATORS.get(folder.name)
    assert generator is not None, f"{folder.name} is marked generated but has no generator"
    findings = _scan_case(folder.name, generator(tmp_path))
    assert findings, f"the generated input produces no {folder.name} finding"
    assert {f.rule.code for f in findings} == {folder.name}
    compare_snapshot(folder, findings)


def _fixable_cases() -> list[tuple[str, Path]]:
    registry = load_registry()
    cases: list[tuple[str, Path]] = []
    for folder in FILE_FOLDERS:
        registered = registry.get(folder.name)
        if registered is not None and registered.rule.fixable:
            cases.extend((folder.name, bad) for bad in fixture_files(folder, "bad"))
    return cases


@pytest.mark.parametrize(("code", "bad"), _fixable_cases(), ids=lambda v: getattr(v, "name", v))
def test_each_fix_removes_its_finding(code: str, bad: Path, tmp_path: Path) -> None:
    original = bad.read_text(encoding="utf-8")
    findings = scan_one(bad, code)
    fixable = [f for f in findings if f.fix is not None]
    assert fixable, f"{code} is marked fixable but offers no fix on {bad.name}"
    for finding in fixable:
        assert finding.fix is not None
        what = f"the fix of {identity(finding)}"
        fixed = apply_edits(original, finding.fix.edits)
        target = tmp_path / bad.name
        check_fixed_text(original, fixed, what, target)
        after = {identity(f) for f in scan_one(target, code)}
        assert identity(finding) not in after, f"{what} does not remove the finding"


@pytest.mark.parametrize(("code", "bad"), _fixable_cases(), ids=lambda v: getattr(v, "name", v))
def test_all_fixes_together(code: str, bad: Path, tmp_path: Path) -> None:
    """Applying every fix at once leaves only the findings that had none."""
    original = bad.read_text(encoding="utf-8")
    findings = scan_one(bad, code)
    edits = [e for f in findings if f.fix is not None for e in f.fix.edits]
    fixed = apply_edits(original, edits)
    target = tmp_path / bad.name
    check_fixed_text(original, fixed, f"all {code} fixes", target)
    after = {identity(f) for f in scan_one(target, code)}
    unfixable = {identity(f) for f in findings if f.fix is None}
    assert after <= unfixable, f"still reported after every fix: {sorted(after - unfixable)}"


def test_findings_of_unfixable_rules_have_no_fix() -> None:
    registry = load_registry()
    for folder in FILE_FOLDERS:
        registered = registry.get(folder.name)
        if registered is None or registered.rule.fixable:
            continue
        for bad in fixture_files(folder, "bad"):
            with_fix = [f for f in scan_one(bad, folder.name) if f.fix is not None]
            assert not with_fix, f"{folder.name} is not marked fixable but offers fixes"
