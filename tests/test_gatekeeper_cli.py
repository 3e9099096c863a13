"""``seawall policy verify``: the gator suite runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from seawall.cli.main import main
from seawall.policy import rego_engine

SUITES = Path(__file__).parent / "gatekeeper"
needs_engine = pytest.mark.skipif(
    not rego_engine.engine_available(), reason="needs the Rego engine (seawall[rego])"
)


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["policy", "verify", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@needs_engine
def test_own_suites_pass(capsys: pytest.CaptureFixture[str]) -> None:
    suites = sorted(str(p) for p in SUITES.glob("*/suite.yaml"))
    assert len(suites) >= 2
    code, out, _ = run(*suites, capsys=capsys)
    assert code == 0, out
    assert "7 passed, 0 failed" in out
    assert "PASS" in out and "FAIL" not in out


@needs_engine
def test_failures_say_why_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "suite"
    shutil.copytree(SUITES / "required-labels", folder)
    (folder / "suite.yaml").write_text(
        "kind: Suite\ntests:\n  - name: t\n    template: template.yaml\n"
        "    constraint: constraint.yaml\n    cases:\n"
        "      - name: wrong-count\n        object: unlabelled.yaml\n"
        "        assertions: [{violations: 1}]\n"
        "      - name: wrong-no\n        object: owner-only.yaml\n"
        "        assertions: [{violations: no}]\n"
        "      - name: wrong-message\n        object: owner-only.yaml\n"
        "        assertions: [{violations: yes, message: owner}]\n"
        "      - name: right\n        object: labelled.yaml\n"
        "        assertions: [{violations: 0}]\n"
    )
    code, out, _ = run(str(folder / "suite.yaml"), capsys=capsys)
    assert code == 1
    assert "expected 1 violation(s), got 2" in out
    assert "expected no violation, got 1: missing required label team" in out
    assert "expected at least one violation matching /owner/, got none" in out
    assert "PASS" in out and "1 passed, 3 failed" in out


@pytest.mark.parametrize(
    "suite",
    [
        "kind: NotASuite\n",
        "kind: Suite\ntests: 3\n",
        "kind: Suite\ntests:\n  - name: t\n    template: missing.yaml\n    constraint: c.yaml\n",
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, suite: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "suite.yaml"
    path.write_text(suite)
    code, _, err = run(str(path), capsys=capsys)
    assert code == 2 and "seawall: error:" in err


def test_missing_suite_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _err = run(str(tmp_path / "nope.yaml"), capsys=capsys)
    assert code == 2


def test_without_the_engine(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rego_engine, "find_spec", lambda name: None)
    code, _, err = run(str(SUITES / "required-labels" / "suite.yaml"), capsys=capsys)
    assert code == 2 and "pip install 'seawall[rego]'" in err


def test_help_teaches_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["policy", "verify", "--help"])
    out = capsys.readouterr().out
    assert "kind: Suite" in out and "violations: yes" in out and "exit status" in out


@needs_engine
def test_check_takes_policies_from_policy_paths_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    for name in ("template.yaml", "constraint.yaml"):
        shutil.copy(SUITES / "required-labels" / name, policies / name)
    # a manifest in the policy repository is not scanned: only its policies are taken
    (policies / "privileged.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n"
        "  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]\n",
        encoding="utf-8",
    )
    app = tmp_path / "app"
    app.mkdir()
    shutil.copy(SUITES / "required-labels" / "unlabelled.yaml", app / "deploy.yaml")
    code = main(["check", str(app), "--policy", str(policies), "--select", "GK,KS", "-f", "json"])
    out = capsys.readouterr().out
    findings = json.loads(out)["findings"]
    violations = [f for f in findings if f["rule"] == "GK001"]
    assert code == 1 and len(violations) == 2  # the labels owner and team are both missing
    assert all(f["file"].endswith("app/deploy.yaml") for f in violations)
    assert all("owner-and-team" in f["message"] for f in violations)
    assert not any(f["file"].endswith("privileged.yaml") for f in findings)
    assert main(["check", str(app), "--select", "GK001", "-q"]) == 0  # no policy, no violation
