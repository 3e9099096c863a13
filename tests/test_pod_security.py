"""Where pods meet namespaces: levels from Namespace objects, configuration and the command line,
and the `seawall pss evaluate` command."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.cli.main import main
from seawall.engine.config import ConfigError, load_config
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.policy.pod_security import LevelSetting, PodSecurityConfig, parse_setting
from seawall.policy.pss import Level
from tests.conftest import EXAMPLE

Write = Callable[[str, str], Path]

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0.0
"""
NAMESPACE = """
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
"""


def ps_codes(paths: list[Path], **options: object) -> list[str]:
    result = scan([str(p) for p in paths], ScanOptions(select=("PS",), **options))  # type: ignore[arg-type]
    return [f.rule.code for f in result.findings]


def test_reference_platform_deployment_is_rejected_by_its_namespace() -> None:
    result = scan([str(EXAMPLE)], ScanOptions(select=("PS101",)))
    [finding] = result.findings
    assert finding.file.endswith("apps/microservice-template.yaml")
    assert finding.resource is not None and finding.resource.name == "user-service"
    assert "seccompProfile" in (finding.path or "")
    assert 'Namespace "production"' in finding.message
    assert "pod-security-policy.yaml:31" in finding.message  # the label that demands it


def test_no_policy_gives_a_suggestion(write: Write) -> None:
    path = write("d.yaml", DEPLOYMENT)
    assert ps_codes([path]) == ["PS104"]


def test_configured_default_applies_to_unlabelled_namespaces(write: Write) -> None:
    path = write("d.yaml", DEPLOYMENT)
    restricted = PodSecurityConfig(default={"enforce": LevelSetting(Level.RESTRICTED)})
    codes = ps_codes([path], pod_security=restricted)
    assert codes and set(codes) == {"PS101"}
    baseline = PodSecurityConfig(default={"enforce": LevelSetting(Level.BASELINE)})
    assert ps_codes([path], pod_security=baseline) == []


def test_namespace_object_beats_configuration_and_command_line_beats_both(
    write: Write, tmp_path: Path
) -> None:
    write("d.yaml", DEPLOYMENT)
    write("ns.yaml", NAMESPACE)
    configured = PodSecurityConfig(namespaces={"shop": {"enforce": LevelSetting(Level.RESTRICTED)}})
    assert ps_codes([tmp_path], pod_security=configured) == []  # the label says baseline
    _, mode, setting = parse_setting("shop:enforce=restricted@v1.30")
    override = PodSecurityConfig(overrides={"shop": {mode: setting}})
    result = scan([str(tmp_path)], ScanOptions(select=("PS",), pod_security=override))
    assert {f.rule.code for f in result.findings} == {"PS101"}
    assert "--pod-security shop:enforce=restricted@v1.30" in result.findings[0].message


def test_config_file_pod_security(write: Write) -> None:
    config = write(
        ".seawall.yaml",
        """
        pod_security:
          default: {enforce: baseline, warn: restricted, warn-version: v1.30}
          namespaces:
            prod: {enforce: restricted}
        """,
    )
    loaded = load_config(config, load_registry())
    assert loaded.pod_security.default["warn"].version == "v1.30"
    assert loaded.pod_security.namespaces["prod"]["enforce"].level is Level.RESTRICTED
    bad = write("b/.seawall.yaml", "pod_security:\n  default: {enforce: strict}\n")
    with pytest.raises(ConfigError, match=r":2: 'strict' is not a Pod Security level"):
        load_config(bad, load_registry())
    bad_key = write("c/.seawall.yaml", "pod_security:\n  default: {enforced: baseline}\n")
    with pytest.raises(ConfigError, match="unknown key `enforced`"):
        load_config(bad_key, load_registry())


def test_pod_security_flag_and_bad_values(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("d.yaml", DEPLOYMENT)
    code = main(["check", str(path), "--select", "PS", "--pod-security", "enforce=restricted"])
    out = capsys.readouterr().out
    assert code == 1 and "PS101" in out and "--pod-security enforce=restricted" in out
    with pytest.raises(SystemExit):
        main(["check", str(path), "--pod-security", "enforce=strict"])
    assert "not a Pod Security level" in capsys.readouterr().err


def test_pss_evaluate_json_lines(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("d.yaml", DEPLOYMENT + "---" + NAMESPACE)
    code = main(["pss", "evaluate", "--level", "restricted", "--format", "json", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    [record] = [json.loads(line) for line in lines]
    assert record["resource"]["name"] == "api" and record["allowed"] is False
    assert record["level"] == "restricted" and record["version"] == "latest"
    checks = {v["check"] for v in record["violations"]}
    assert checks == {
        "allowPrivilegeEscalation",
        "capabilities_restricted",
        "runAsNonRoot",
        "seccompProfile_restricted",
    }
    paths = {v["path"] for v in record["violations"]}
    assert "spec.template.spec.containers[0].securityContext.runAsNonRoot" in paths
    assert main(["pss", "evaluate", "--level", "baseline", str(path)]) == 0
    out = capsys.readouterr().out
    assert "allowed at baseline (latest)" in out and "1 of 1 pod-bearing objects" in out


def test_pss_evaluate_stdin_and_bad_version(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
        "spec:\n  hostPID: true\n  containers: [{name: c, image: x:1}]\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pod.encode())))
    code = main(["pss", "evaluate", "--level", "baseline", "--version", "v1.20", "-"])
    out = capsys.readouterr().out
    assert code == 1 and "DENIED at baseline (v1.20)" in out and "hostNamespaces" in out
    assert main(["pss", "evaluate", "--level", "baseline", "--version", "2.x", "."]) == 2
    assert "--version" in capsys.readouterr().err
