"""Options and per-finding severities of the container reliability rules (KR102, KR203, KR205)."""

from __future__ import annotations

from pathlib import Path

from seawall.core.finding import Finding
from seawall.core.severity import Severity
from seawall.engine.run import ScanOptions, scan
from seawall.model.probes import iana_name_problem
from seawall.rules.kubernetes._resources import parse_quantity

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: web
      image: registry.example.com/web:1.0.0
      ports: [{name: http, containerPort: 8080}]
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: 500m, memory: 128Mi}
      livenessProbe:
        httpGet: {path: /, port: 8081}
"""
SERVICE = """\
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"""


def _findings(tmp_path: Path, text: str, code: str, **options: object) -> list[Finding]:
    path = tmp_path / "pod.yaml"
    path.write_text(text)
    rule_options = {code: options} if options else {}
    result = scan([str(path)], ScanOptions(select=(code,), rule_options=rule_options))
    return result.findings


def test_cpu_limits_forbidden_reports_the_limit(tmp_path: Path) -> None:
    assert _findings(tmp_path, POD, "KR102") == []
    found = _findings(tmp_path, POD, "KR102", cpu_limits="forbidden")
    assert [f.path for f in found] == ["spec.containers[0].resources.limits.cpu"]
    assert "forbids" in found[0].message


def test_cpu_limits_forbidden_wins_over_resources(tmp_path: Path) -> None:
    text = POD.replace("limits: {cpu: 500m, memory: 128Mi}", "limits: {memory: 128Mi}")
    assert _findings(tmp_path, text, "KR102", resources=["cpu", "memory"]) != []
    assert _findings(tmp_path, text, "KR102", resources=["cpu"], cpu_limits="forbidden") == []


def test_cpu_limits_required(tmp_path: Path) -> None:
    text = POD.replace("limits: {cpu: 500m, memory: 128Mi}", "limits: {memory: 128Mi}")
    found = _findings(tmp_path, text, "KR102", cpu_limits="required")
    assert len(found) == 1 and "cpu limit" in found[0].message


def test_readiness_severity_follows_the_service(tmp_path: Path) -> None:
    alone = _findings(tmp_path, POD, "KR203")
    assert [f.severity for f in alone] == [Severity.LOW]
    routed = _findings(tmp_path, POD + SERVICE, "KR203")
    assert [f.severity for f in routed] == [Severity.MEDIUM]
    assert "Service web" in routed[0].message


def test_undeclared_numeric_probe_port_is_low(tmp_path: Path) -> None:
    found = _findings(tmp_path, POD, "KR205")
    assert [f.severity for f in found] == [Severity.LOW]
    named = _findings(tmp_path, POD.replace("port: 8081", "port: health"), "KR205")
    assert [f.severity for f in named] == [Severity.HIGH]


def test_quantities() -> None:
    assert parse_quantity("1Gi") == 2**30
    assert parse_quantity("500m") == parse_quantity(0.5) == parse_quantity("5e-1")
    assert parse_quantity("1G") == 10**9
    assert parse_quantity("512MB") is None
    assert parse_quantity(True) is None
    assert parse_quantity("{{ .Values.memory }}") is None


def test_iana_names() -> None:
    assert iana_name_problem("http") is None
    assert iana_name_problem("a" * 15) is None
    assert iana_name_problem("a" * 16) is not None
    assert iana_name_problem("8080") is not None
    assert iana_name_problem("a--b") is not None
    assert iana_name_problem("Http") is not None
