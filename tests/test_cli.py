"""The command line as a user runs it: exit statuses, outputs, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.cli.main import main
from tests.conftest import EXAMPLE

Write = Callable[[str, str], Path]

CLEAN = """
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: production}
"""
PRIVILEGED = """
apiVersion: v1
kind: Pod
metadata: {name: agent}
spec:
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: agent
      image: registry.example.com/agent:2.1.0
      securityContext: {privileged: true, allowPrivilegeEscalation: false}
      resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 32Mi}}
      livenessProbe: {tcpSocket: {port: 80}}
      readinessProbe: {httpGet: {path: /, port: 80}}
---
apiVersion: v1
kind: Namespace
metadata:
  name: default
  labels: {pod-security.kubernetes.io/enforce: privileged}
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "seawall", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("seawall ")


def test_clean_scan_exits_zero(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("cm.yaml", CLEAN)
    code, out, err = run(["check", str(path)], capsys)
    assert code == 0
    assert "No problems found" in out
    assert err == ""  # no progress bar when not on a terminal


def test_findings_exit_one_and_fail_on_raises_the_bar(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("pod.yaml", PRIVILEGED)
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 1
    assert "KS101" in out and "privileged: true" in out
    # the only finding is critical: failing only on critical still fails
    assert run(["check", str(path), "--fail-on", "critical"], capsys)[0] == 1
    # ignoring it leaves nothing
    assert run(["check", str(path), "--ignore", "KS101"], capsys)[0] == 0


def test_usage_errors_exit_two_with_a_message(
    write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["check", str(tmp_path / "nope")], capsys)
    assert code == 2 and "no such file or directory" in err
    code, _, err = run(["check", str(tmp_path), "--select", "XX9"], capsys)
    assert code == 2 and "matches no rule" in err
    bad = write(".seawall.yaml", "selct: [KS]\n")
    code, _, err = run(["check", str(tmp_path), "--config", str(bad)], capsys)
    assert code == 2 and "did you mean `select`" in err and ".seawall.yaml:1" in err
    code, _, err = run(["check", str(tmp_path), "--kubernetes-version", "one.two"], capsys)
    assert code == 2 and "not a Kubernetes version" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--fail-on", "severe"])
    assert exit_info.value.code == 2
    assert "unknown severity 'severe'" in capsys.readouterr().err


def test_json_to_file_and_text_to_terminal(
    write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("pod.yaml", PRIVILEGED)
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    code, out, _ = run(["check", str(path), "--format", "json", "--output", str(report)], capsys)
    assert code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["version"] == "1" and data["tool"]["name"] == "seawall"
    [finding] = data["findings"]
    assert finding["rule"] == "KS101" and finding["line"] == 10
    assert finding["path"] == "spec.containers[0].securityContext.privileged"
    assert finding["resource"] == {
        "apiVersion": "v1",
        "kind": "Pod",
        "namespace": None,
        "name": "agent",
    }
    assert "KS101" in out and "Found 1 problem" in out  # the text report went to the terminal


def test_an_unsupported_target_version_is_named_in_the_summary(
    write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("cm.yaml", CLEAN)
    code, out, _ = run(["check", str(tmp_path), "--kubernetes-version", "1.27"], capsys)
    assert code == 0
    assert (
        "Kubernetes 1.27 (from --kubernetes-version; past its end of life since 2024-06-28)" in out
    )
    code, out, _ = run(
        ["check", str(tmp_path), "--kubernetes-version", "1.27", "-f", "json"], capsys
    )
    assert json.loads(out)["summary"]["kubernetes_version_end_of_life"] == "2024-06-28"
    code, out, _ = run(
        ["check", str(tmp_path), "--kubernetes-version", "1.37", "-f", "json"], capsys
    )
    assert json.loads(out)["summary"]["kubernetes_version_end_of_life"] is None


def test_extra_reports_from_one_scan(
    write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("pod.yaml", PRIVILEGED)
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    reports = ["--report", f"sarif:{sarif}", "--report", f"junit:{junit}"]
    code, out, _ = run(["check", str(path), "--format", "json", *reports], capsys)
    assert code == 1
    assert json.loads(out)["findings"][0]["rule"] == "KS101"  # the main format is unchanged
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "KS101"
    assert "KS101" in junit.read_text()
    code, _, err = run(["check", str(path), "--report", f"json:{tmp_path}/no/dir.json"], capsys)
    assert code == 2 and "cannot write the report" in err and "no/dir.json" in err
    for bad, message in (("sarif", "expected FORMAT:FILE"), ("yaml:x", "unknown format 'yaml'")):
        with pytest.raises(SystemExit):
            main(["check", str(path), "--report", bad])
        assert message in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "gitlab", "github"])
def test_every_format_renders_the_example_platform(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(EXAMPLE), "--format", fmt], capsys)
    assert code == 1, err
    assert "KA101" in out  # policy/v1beta1 PodSecurityPolicy, removed before the 1.28 target
    assert err == ""


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    fake = io.TextIOWrapper(io.BytesIO(PRIVILEGED.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run(["check", "-", "--stdin-filename", "agent.yaml"], capsys)
    assert code == 1
    assert out.startswith("agent.yaml:11:")


def test_write_baseline_then_only_new_findings_fail(
    write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("pod.yaml", PRIVILEGED)
    baseline = tmp_path / "baseline.json"
    code, _, err = run(
        ["check", str(path), "--baseline", str(baseline), "--write-baseline"], capsys
    )
    assert code == 0 and "recorded 1 findings" in err
    assert run(["check", str(path), "--baseline", str(baseline)], capsys)[0] == 0
    path.write_text(path.read_text().replace("spec:\n", "spec:\n  hostPID: true\n", 1), "utf-8")
    code, out, _ = run(["check", str(path), "--baseline", str(baseline)], capsys)
    assert code == 1 and "KS102" in out and "KS101" not in out


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--format", "json"], capsys)
    rules = {r["code"]: r for r in json.loads(out)}
    assert code == 0
    assert {"code", "name", "severity", "category", "equivalents", "docs"} <= set(rules["KS101"])
    assert "CKV_K8S_16" in rules["KS101"]["equivalents"]
    code, out, _ = run(["rules", "--select", "KS1"], capsys)
    assert code == 0 and "KS101" in out and "KR101" not in out
    code, out, _ = run(["explain", "privileged-container"], capsys)
    assert code == 0 and out.startswith("# KS101: privileged-container")
    assert "### Why it matters" in out
    code, _, err = run(["explain", "KS999"], capsys)
    assert code == 2 and "no rule" in err


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    for expected in ("examples:", "seawall: ignore[KS101]", "exit status:", "--baseline"):
        assert expected in out
