"""Kubernetes schema validation (KV001-KV003) and the schema lookup behind it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.core.finding import Finding
from seawall.core.severity import Severity
from seawall.engine.run import ScanOptions, scan
from seawall.policy import k8s_schema

Write = Callable[[str, str], Path]

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          %s
"""


def run(tmp_path: Path, version: str | None = None) -> list[Finding]:
    options = ScanOptions(select=("KV",), kubernetes_version=version)
    return list(scan([str(tmp_path)], options).findings)


def test_shipped_versions_and_fallback() -> None:
    versions = k8s_schema.shipped_versions()
    assert (1, 25) in versions and (1, 37) in versions
    assert k8s_schema.schema_version((1, 24)) == (1, 25)
    assert k8s_schema.schema_version((1, 99)) == versions[-1]
    assert k8s_schema.schema_version(None) == versions[-1]


def test_schema_lookup_checks_the_group() -> None:
    assert k8s_schema.kind_schema((1, 28), "networking.k8s.io/v1", "Ingress") is not None
    assert k8s_schema.kind_schema((1, 28), "networking.istio.io/v1", "Ingress") is None
    assert k8s_schema.kind_schema((1, 28), "v1", "Pod") is not None


def test_error_classes_at_their_location(write: Write, tmp_path: Path) -> None:
    write(
        "d.yaml",
        DEPLOYMENT
        % (
            "imagePullPolcy: Always\n"
            "          ports:\n"
            '            - containerPort: "80"\n'
            "          resources:\n"
            "            requests: {memory: 1GB}\n"
            "          livenessProbe:\n"
            '            httpGet: {port: "8080"}'
        ),
    )
    found = {(f.path, f.span.line, f.span.column, f.severity) for f in run(tmp_path)}
    assert (
        "spec.template.spec.containers[0].imagePullPolcy",
        15,
        11,
        Severity.MEDIUM,
    ) in found
    assert (
        "spec.template.spec.containers[0].ports[0].containerPort",
        17,
        30,
        Severity.HIGH,
    ) in found
    assert (
        "spec.template.spec.containers[0].resources.requests.memory",
        19,
        32,
        Severity.HIGH,
    ) in (found)
    assert any(p and p.endswith("livenessProbe.httpGet.port") for p, *_ in found)
    messages = " ".join(f.message for f in run(tmp_path))
    assert "did you mean `imagePullPolicy`" in messages


def test_missing_required_points_at_parent(write: Write, tmp_path: Path) -> None:
    write(
        "s.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - name: x\n",
    )
    findings = run(tmp_path)
    assert [(f.path, f.span.line, f.span.column) for f in findings] == [("spec.ports[0]", 6, 7)]
    assert "required field `port`" in findings[0].message


def test_version_differences(write: Write, tmp_path: Path) -> None:
    # Pod-level `resources` (PodLevelResources) is not in the 1.31 API, but is in 1.34
    write(
        "p.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  resources: {limits: {cpu: '1'}}\n  containers:\n    - {name: a, image: 'x:1'}\n",
    )
    old = run(tmp_path, "1.31")
    assert [f.path for f in old] == ["spec.resources"]
    assert run(tmp_path, "1.34") == []


def test_unshipped_target_is_said_once(write: Write, tmp_path: Path) -> None:
    for name in ("a", "b"):
        write(f"{name}.yaml", f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\n")
    notes = [f for f in run(tmp_path, "1.22") if f.severity == Severity.INFO]
    assert len(notes) == 1
    assert "validated against 1.25" in notes[0].message


def test_placeholders_and_patches_are_not_findings(write: Write, tmp_path: Path) -> None:
    write("d.yaml", DEPLOYMENT % "ports: [{containerPort: '${PORT}'}]")
    write(
        "p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n$patch: delete\n"
    )
    assert run(tmp_path) == []


def test_kustomization_folder_tolerates_missing_required(write: Write, tmp_path: Path) -> None:
    write("base/d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {}\n")
    assert {f.path for f in run(tmp_path)} == {"spec"}
    write(
        "base/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [d.yaml]\n",
    )
    assert run(tmp_path) == []


CRD = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
                free: {type: object, x-kubernetes-preserve-unknown-fields: true}
"""


def test_custom_resources_against_their_crd(write: Write, tmp_path: Path) -> None:
    write("crd.yaml", CRD)
    write(
        "w.yaml",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
        "spec:\n  sise: 3\n  free: {any: thing}\n",
    )
    findings = run(tmp_path)
    assert [(f.rule.code, f.path, f.span.line) for f in findings] == [("KV002", "spec.sise", 5)]
    assert "did you mean `size`" in findings[0].message


def test_unknown_kind_reported_once_per_kind(write: Write, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        write(
            f"{name}.yaml",
            f"apiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: {name}}}\n",
        )
    findings = run(tmp_path)
    assert [f.rule.code for f in findings] == ["KV003"]
    assert "3 objects" in findings[0].message
    write("crd.yaml", CRD)
    assert run(tmp_path) == []


def test_removed_api_left_to_ka101(write: Write, tmp_path: Path) -> None:
    write("psp.yaml", "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n")
    assert run(tmp_path, "1.28") == []


def test_missing_extra_is_one_info_finding(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(k8s_schema, "available", lambda: False)
    for name in ("a", "b"):
        write(f"{name}.yaml", f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec: 1\n")
    findings = run(tmp_path)
    assert [(f.rule.code, f.severity) for f in findings] == [("KV001", Severity.INFO)]
    assert "seawall[schemas]" in findings[0].message


def test_prepared_schema_nodes_follow_the_schema_not_a_reused_id() -> None:
    """Prepared nodes are cached by the schema's id for the whole scan; a node left under an id
    that now belongs to another schema must not be used for it."""
    strict = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    loose = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
    nodes: k8s_schema.SchemaNodes = {}
    assert [p.kind for p in k8s_schema.validate_custom(strict, {"b": 1}, nodes)] == [
        "unknown",
        "required",
    ]
    nodes[id(loose)] = nodes[id(strict)]  # as if ``loose`` had been given ``strict``'s old id
    assert k8s_schema.validate_custom(loose, {"b": 1}, nodes) == []
    assert k8s_schema.validate_custom(strict, {"a": 1}, nodes)[0].kind == "type"
