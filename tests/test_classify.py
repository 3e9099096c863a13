"""Each file is classified by its name first and its content second."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.core.source import FileKind
from seawall.engine.run import scan
from tests.conftest import EXAMPLE

Write = Callable[[str, str], Path]


def test_reference_platform_files_are_classified() -> None:
    result = scan([str(EXAMPLE)])
    kinds = {Path(k).name: s.kind for k, s in result.sources.items()}
    assert kinds == {
        "ingress-nginx.yaml": FileKind.KUBERNETES,
        "microservice-template.yaml": FileKind.KUBERNETES,
        ".gitlab-ci.yml": FileKind.GITLAB_CI,
        "calico-config.yaml": FileKind.KUBERNETES,
        "kubeadm-config.yaml": FileKind.KUBEADM,
        "storage-classes.yaml": FileKind.KUBERNETES,
        "docker-compose.prod.yml": FileKind.COMPOSE,
        "Dockerfile.multi-stage": FileKind.DOCKERFILE,
        "Dockerfile.secure": FileKind.DOCKERFILE,
        "Chart.yaml": FileKind.HELM_CHART,
        "values.yaml": FileKind.HELM_VALUES,
        "gatekeeper-policies.yaml": FileKind.KUBERNETES,
        "pod-security-policy.yaml": FileKind.KUBERNETES,
    }
    assert result.files == 13 and result.resources == 30


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("stack.yml", "services:\n  web: {image: nginx}\n", FileKind.COMPOSE),
        ("pipeline.yml", "stages: [build]\nbuild:\n  script: [make]\n", FileKind.GITLAB_CI),
        (
            "kubelet.yaml",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
            FileKind.KUBEADM,
        ),
        ("app.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n", FileKind.KUBERNETES),
        ("settings.yaml", "log_level: debug\n", FileKind.YAML),
        ("Containerfile", "FROM alpine:3.20\n", FileKind.DOCKERFILE),
        ("api.dockerfile", "FROM alpine:3.20\n", FileKind.DOCKERFILE),
        (
            "deploy.json",
            '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}',
            FileKind.KUBERNETES,
        ),
    ],
)
def test_classification_by_name_and_content(
    write: Write, tmp_path: Path, name: str, text: str, kind: FileKind
) -> None:
    write(name, text)
    result = scan([str(tmp_path)])
    [source] = result.sources.values()
    assert source.kind is kind


def test_unrelated_json_is_skipped_silently(write: Write, tmp_path: Path) -> None:
    write("package.json", '{"name": "web", "version": "1.0.0"}')
    write("notes.txt", "not configuration")
    result = scan([str(tmp_path)])
    assert result.files == 0 and result.findings == []


def test_helm_templates_are_not_read_as_plain_yaml(write: Write, tmp_path: Path) -> None:
    write("chart/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n")
    write("chart/values.yaml", "replicas: 2\n")
    write("chart/templates/deploy.yaml", "replicas: {{ .Values.replicas }}\n  bad: [\n")
    result = scan([str(tmp_path)])
    kinds = {Path(k).name: s.kind for k, s in result.sources.items()}
    assert kinds["deploy.yaml"] is FileKind.HELM_TEMPLATE
    # rendering is the Helm front end's job (HM findings), never a YAML syntax error
    assert [f for f in result.findings if not f.rule.code.startswith("HM")] == []


def test_templates_outside_a_chart_are_reported_once(write: Write, tmp_path: Path) -> None:
    write("deploy.yaml", "spec:\n  replicas: {{ .Values.replicas }}\n")
    [finding] = scan([str(tmp_path)]).findings
    assert finding.rule.code == "IN014"
    assert finding.span.line == 2
