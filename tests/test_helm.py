"""Helm charts: rendering, findings mapped to templates and values, errors, the fallbacks."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from seawall.core.finding import Finding
from seawall.engine.run import ScanOptions, scan
from seawall.helm import load as helm_load
from seawall.helm.load import HelmSettings
from seawall.helm.render import BinaryRenderer, RenderRequest, find_renderer, split_sources

CHARTS = Path(__file__).parent / "helm"
needs_helm = pytest.mark.skipif(find_renderer() is None, reason="no Helm engine installed")


def _scan(path: Path, select: str, helm: HelmSettings | None = None) -> list[Finding]:
    options = ScanOptions(select=(select,), helm=helm or HelmSettings())
    return scan([path.name], options, cwd=path.parent).findings


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "app"
    shutil.copytree(CHARTS / "app", target)
    return target


def _one(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.rule.code == code]
    assert len(matching) == 1, [(f.rule.code, f.file, f.span.line, f.message) for f in findings]
    return matching[0]


@needs_helm
def test_literal_line_maps_to_template_and_values() -> None:
    finding = _one(
        _scan(CHARTS / "app", "KR301", HelmSettings(set_values=("replicaCount=1",))), "KR301"
    )
    assert (finding.file, finding.span.line) == ("app/templates/deployment.yaml", 8)
    assert finding.message.endswith("(rendered from --set replicaCount)")


@needs_helm
def test_to_yaml_block_maps_to_values_key() -> None:
    finding = _one(_scan(CHARTS / "app", "KS106"), "KS106")
    assert (finding.file, finding.span.line) == ("app/templates/deployment.yaml", 21)
    assert "(rendered from app/values.yaml:6 securityContext.runAsUser)" in finding.message
    assert finding.path == "spec.template.spec.containers[0].securityContext.runAsUser"


@needs_helm
def test_subchart_template_and_parent_values() -> None:
    finding = _one(_scan(CHARTS / "app", "KN202"), "KN202")
    assert (finding.file, finding.span.line) == ("app/charts/cache/templates/service.yaml", 8)


@needs_helm
def test_subchart_value_comes_from_parent_values(tmp_path: Path) -> None:
    chart = _copy(tmp_path)
    template = chart / "charts/cache/templates/service.yaml"
    template.write_text(template.read_text().replace("type: NodePort", "type: ClusterIP"))
    options = ScanOptions(helm=HelmSettings())
    result = scan(["app"], options, cwd=tmp_path)
    origin = next(o for d, o in result_rendered(tmp_path).items() if "cache" in d)
    assert origin.layers[2].prefix == ("cache",)
    assert result.files >= 1


def result_rendered(cwd: Path) -> dict[str, helm_load.RenderedTemplate]:
    from seawall.engine.load import InputReporter
    from seawall.engine.run import load_workspace

    workspace = load_workspace(["app"], ScanOptions(), InputReporter({}), cwd=cwd)
    return workspace.helm.rendered


@needs_helm
def test_loop_lines_map_into_the_range_body(tmp_path: Path) -> None:
    rendered = result_rendered(CHARTS)
    origin = rendered["app/templates/deployment.yaml@rendered"]
    lines = origin.rendered.text.splitlines()
    alignment = origin.alignment()
    numbers = [
        alignment.origins[i].line.number  # type: ignore[union-attr]
        for i, text in enumerate(lines)
        if "containerPort" in text
    ]
    assert numbers == [25, 25]
    helper = [o for o in alignment.origins if o and o.line.source.path.name == "_helpers.tpl"]
    assert {o.line.number for o in helper} == {2, 3}


@needs_helm
def test_required_failure_points_at_the_template(tmp_path: Path) -> None:
    findings = _scan(CHARTS / "app", "HM002", HelmSettings(set_values=("needPassword=true",)))
    finding = _one(findings, "HM002")
    assert (finding.file, finding.span.line) == ("app/templates/secret.yaml", 7)
    assert "password is required" in finding.message


@needs_helm
def test_schema_error_points_at_the_values_file(tmp_path: Path) -> None:
    override = tmp_path / "prod.yaml"
    override.write_text("# production\nreplicaCount: 0\n")
    findings = _scan(CHARTS / "app", "HM003", HelmSettings(value_files=(override,)))
    finding = _one(findings, "HM003")
    assert (finding.file, finding.span.line) == (override.as_posix(), 2)
    assert "replicaCount" in finding.message


@needs_helm
def test_schema_error_from_the_command_line_says_so() -> None:
    finding = _one(
        _scan(CHARTS / "app", "HM003", HelmSettings(set_values=("replicaCount=0",))), "HM003"
    )
    assert finding.file == "app/Chart.yaml"
    assert "replicaCount (given by --set)" in finding.message


@needs_helm
def test_values_file_override_is_named(tmp_path: Path) -> None:
    override = tmp_path / "prod.yaml"
    override.write_text("securityContext:\n  runAsUser: 0\n")
    finding = _one(_scan(CHARTS / "app", "KS106", HelmSettings(value_files=(override,))), "KS106")
    assert f"rendered from {override.as_posix()}:2 securityContext.runAsUser" in finding.message


@needs_helm
def test_suppression_in_values_and_in_template(tmp_path: Path) -> None:
    chart = _copy(tmp_path)
    values = chart / "values.yaml"
    values.write_text(
        values.read_text().replace("runAsUser: 0", "runAsUser: 0  # seawall: ignore[KS106]")
    )
    assert not _scan(chart, "KS106")
    template = chart / "charts/cache/templates/service.yaml"
    template.write_text(
        template.read_text().replace("type: NodePort", "type: NodePort  # seawall: ignore[KN202]")
    )
    assert not _scan(chart, "KN202")


def test_without_a_helm_engine_the_scan_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(helm_load, "find_renderer", lambda: None)
    chart = _copy(tmp_path)
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "    - name: c\n      image: nginx:latest\n"
    )
    options = ScanOptions(select=("HM001", "KI101"))
    findings = scan([chart.name, "pod.yaml"], options, cwd=tmp_path).findings
    codes = sorted(f.rule.code for f in findings)
    assert codes == ["HM001", "KI101"]
    assert "pip install 'seawall[helm]'" in _one(findings, "HM001").message


def test_split_sources_of_helm_template_output() -> None:
    stream = (
        "---\n# Source: app/templates/a.yaml\nkind: A\n---\n# Source: app/templates/b.yaml\n"
        "kind: B\n---\n# Source: app/templates/b.yaml\nkind: C\n"
    )
    assert split_sources(stream) == {
        "app/templates/a.yaml": "kind: A\n",
        "app/templates/b.yaml": "kind: B\n---\nkind: C\n",
    }


def test_binary_fallback_with_a_fake_helm(tmp_path: Path) -> None:
    fake = tmp_path / "helm"
    fake.write_text(
        '#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\n'
        "printf -- '---\\n# Source: app/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\n'\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    request = RenderRequest(set_values=("a=1",), kube_version="1.30", api_versions=("x/v1",))
    output = BinaryRenderer(str(fake)).render(CHARTS / "app", request)
    assert output.manifests == {"app/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"}
    args = (tmp_path / "args").read_text().split()
    assert args[:2] == ["template", "release-name"]
    assert args[args.index("--set") : args.index("--set") + 2] == ["--set", "a=1"]
    assert "--kube-version" in args and "1.30" in args and "x/v1" in args


def test_binary_fallback_reports_template_errors(tmp_path: Path) -> None:
    fake = tmp_path / "helm"
    fake.write_text(
        "#!/bin/sh\necho 'Error: execution error at (app/templates/x.yaml:3:4): boom' >&2\nexit 1\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    output = BinaryRenderer(str(fake)).render(CHARTS / "app", RenderRequest())
    assert output.error_kind == "template"
    assert output.error is not None and "x.yaml:3:4" in output.error


def test_reference_chart_gets_a_reviewers_findings() -> None:
    chart = Path(__file__).parents[1] / "examples/reference-platform/helm/microservice"
    findings = scan([str(chart)], ScanOptions(select=("HM",))).findings
    codes = sorted(f.rule.code for f in findings)
    assert codes == [
        "HM004",
        "HM004",
        "HM101",
        "HM102",
        "HM103",
        "HM103",
        "HM104",
        "HM107",
        "HM108",
    ]


@needs_helm
def test_ci_values_files_render_as_scenarios(tmp_path: Path) -> None:
    chart = _copy(tmp_path)
    (chart / "ci").mkdir()
    (chart / "ci" / "single-values.yaml").write_text("replicaCount: 1\n", encoding="utf-8")
    assert not [f for f in _scan(chart, "KR301") if f.rule.code == "KR301"]  # values.yaml: 2
    finding = _one(_scan(chart, "KR301", HelmSettings(ci_scenarios=True)), "KR301")
    assert (finding.file, finding.span.line) == ("app/templates/deployment.yaml", 8)
    assert "app/ci/single-values.yaml:1 replicaCount" in finding.message
    # the renders are alternatives: the same object in two of them is no duplicate
    assert not _scan(chart, "KG110", HelmSettings(ci_scenarios=True))


@needs_helm
def test_packaged_chart_is_rendered_with_paths_into_the_archive(tmp_path: Path) -> None:
    import tarfile

    with tarfile.open(tmp_path / "app-0.1.0.tgz", "w:gz") as archive:
        archive.add(CHARTS / "app", arcname="app")
    options = ScanOptions(select=("KS106", "KN202"))
    result = scan(["."], options, cwd=tmp_path)
    assert result.files == 1  # the archive counts as a scanned file
    places = {(f.rule.code, f.file, f.span.line) for f in result.findings}
    assert ("KS106", "app-0.1.0.tgz!/app/templates/deployment.yaml", 21) in places
    assert ("KN202", "app-0.1.0.tgz!/app/charts/cache/templates/service.yaml", 8) in places
