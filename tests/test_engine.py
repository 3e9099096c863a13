"""The pipeline end to end on small files: suppression, annotations, baseline, config, severity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.core.severity import Severity
from seawall.engine.baseline import BaselineError, write_baseline
from seawall.engine.config import ConfigError, find_config, load_config
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.engine.selection import SelectionError

Write = Callable[[str, str], Path]

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop{annotations}
spec:
  automountServiceAccountToken: false
  securityContext: {{seccompProfile: {{type: RuntimeDefault}}}}
  containers:
    - name: app
      image: nginx:1.27.2
      securityContext:
        privileged: true{comment}
        allowPrivilegeEscalation: false
        runAsNonRoot: true
      resources:
        requests: {{cpu: 100m, memory: 64Mi}}
        limits: {{memory: 64Mi}}
      livenessProbe: {{tcpSocket: {{port: 80}}}}
      readinessProbe: {{httpGet: {{path: /, port: 80}}}}
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {{pod-security.kubernetes.io/enforce: privileged}}
"""


def pod(annotations: str = "", comment: str = "") -> str:
    return POD.format(annotations=annotations, comment=comment)


def codes(paths: list[Path], **options: object) -> list[str]:
    result = scan([str(p) for p in paths], ScanOptions(**options))  # type: ignore[arg-type]
    return [f.rule.code for f in result.findings]


def test_privileged_pod_is_found_at_the_field(write: Write) -> None:
    path = write("pod.yaml", pod())
    result = scan([str(path)])
    [finding] = result.findings
    assert finding.rule.code == "KS101"
    assert (finding.span.line, finding.span.column) == (13, 9)
    assert finding.path == "spec.containers[0].securityContext.privileged"
    assert finding.resource is not None and finding.resource.label() == "Pod shop/web"


def test_inline_comment_on_the_line_suppresses(write: Write) -> None:
    path = write("pod.yaml", pod(comment="  # seawall: ignore[KS101] node agent"))
    result = scan([str(path)])
    assert result.findings == []
    assert result.suppressed == 1


def test_comment_alone_on_the_line_above_suppresses(write: Write) -> None:
    text = pod().replace(
        "        privileged: true",
        "        # seawall: ignore[KS1] reviewed\n        privileged: true",
    )
    path = write("pod.yaml", text)
    assert codes([path]) == []


def test_comment_for_another_rule_does_not_suppress(write: Write) -> None:
    path = write("pod.yaml", pod(comment="  # seawall: ignore[KS102]"))
    assert codes([path]) == ["KS101"]


def test_ignore_file_comment(write: Write) -> None:
    path = write("pod.yaml", "# seawall: ignore-file[KS]\n" + pod().lstrip("\n"))
    assert codes([path]) == []


def test_annotation_suppresses_for_object_and_pod_template(write: Write) -> None:
    path = write(
        "pod.yaml",
        pod(annotations='\n  annotations:\n    seawall.dev/ignore: "KS101, KR1"'),
    )
    assert codes([path]) == []
    deploy = write(
        "deploy.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web}
              annotations: {seawall.dev/ignore: KS101}
            spec:
              automountServiceAccountToken: false
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: app
                  image: nginx:1.27.2
                  securityContext: {privileged: true, allowPrivilegeEscalation: false}
                  resources: {requests: {cpu: 1, memory: 1Gi}, limits: {memory: 1Gi}}
        """,
    )
    # the template's annotation silences KS101 only; other rules still judge the Deployment
    found = codes([deploy], ignore=("PS",))
    assert "KS101" not in found and found
    unannotated = write("plain.yaml", deploy.read_text().replace("seawall.dev/ignore", "note"))
    assert "KS101" in codes([unannotated], ignore=("PS",))


def test_unknown_code_in_suppression_is_reported(write: Write) -> None:
    path = write("pod.yaml", pod(comment="  # seawall: ignore[KS1O1] typo"))
    result = scan([str(path)])
    assert sorted(f.rule.code for f in result.findings) == ["KS101", "SW002"]
    sw002 = next(f for f in result.findings if f.rule.code == "SW002")
    assert sw002.span.line == 13 and "KS1O1" in sw002.message


def test_baseline_hides_existing_and_shows_new(write: Write, tmp_path: Path) -> None:
    path = write("pod.yaml", pod())
    first = scan([str(path)])
    baseline = tmp_path / "baseline.json"
    write_baseline(baseline, first.findings, first.sources)
    again = scan([str(path)], ScanOptions(baseline=baseline))
    assert again.findings == [] and again.baselined == 1
    # moving the finding to another line keeps it accepted: fingerprints ignore line numbers
    path.write_text("# a new comment line\n" + path.read_text(), encoding="utf-8")
    assert scan([str(path)], ScanOptions(baseline=baseline)).findings == []
    # a new problem is still reported
    path.write_text(path.read_text().replace("nginx:1.27.2", "nginx"), encoding="utf-8")
    assert [f.rule.code for f in scan([str(path)], ScanOptions(baseline=baseline)).findings] == [
        "KI101"
    ]


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    broken = tmp_path / "b.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(BaselineError, match=r"b.json:1:2"):
        scan([str(tmp_path)], ScanOptions(baseline=broken))
    with pytest.raises(BaselineError, match="does not exist"):
        scan([str(tmp_path)], ScanOptions(baseline=tmp_path / "missing.json"))


def test_severity_override_and_fail_on(write: Write) -> None:
    path = write("pod.yaml", pod())
    result = scan([str(path)], ScanOptions(severity={"KS101": Severity.INFO}))
    assert result.findings[0].severity is Severity.INFO
    assert not result.failed()
    assert scan([str(path)], ScanOptions(fail_on=Severity.CRITICAL)).failed()


def test_selection_by_prefix_and_unknown_selector(write: Write) -> None:
    path = write("pod.yaml", pod().replace("nginx:1.27.2", "nginx"))
    assert codes([path], select=("KI",)) == ["KI101"]
    assert codes([path], ignore=("KI101", "PS")) == ["KS101"]
    with pytest.raises(SelectionError, match="did you mean privileged-container"):
        scan([str(path)], ScanOptions(select=("privileged-containr",)))
    assert codes([path], select=("privileged-container",)) == ["KS101"]


def test_rule_options_from_config(write: Write, tmp_path: Path) -> None:
    path = write("pod.yaml", pod().replace("limits: {memory: 64Mi}", "limits: {}"))
    assert sorted(codes([path], ignore=("PS",))) == ["KR102", "KS101"]
    config = write(".seawall.yaml", "options:\n  KR102: {resources: [cpu, memory]}\n")
    loaded = load_config(config, load_registry())
    result = scan([str(path)], ScanOptions(rule_options=loaded.options))
    kr102 = next(f for f in result.findings if f.rule.code == "KR102")
    assert "cpu and memory limit" in kr102.message


def test_config_errors_name_the_line_and_suggest(write: Write) -> None:
    registry = load_registry()
    bad_key = write("a/.seawall.yaml", "select: [KS]\nfail-on: high\n")
    with pytest.raises(
        ConfigError, match=r"\.seawall\.yaml:2: unknown key `fail-on`; did you mean `fail_on`"
    ):
        load_config(bad_key, registry)
    bad_rule = write("b/.seawall.yaml", "severity:\n  KS10: high\n")
    with pytest.raises(ConfigError, match=r":2: unknown rule 'KS10'"):
        load_config(bad_rule, registry)
    bad_option = write("c/.seawall.yaml", "options:\n  KR102:\n    resource: [cpu]\n")
    with pytest.raises(ConfigError, match=r":3: KR102 has no option `resource`"):
        load_config(bad_option, registry)
    bad_value = write("d/.seawall.yaml", "options:\n  KR102: {resources: [gpu]}\n")
    with pytest.raises(ConfigError, match=r"unknown value 'gpu'"):
        load_config(bad_value, registry)
    bad_version = write("e/.seawall.yaml", "kubernetes_version: latest\n")
    with pytest.raises(ConfigError, match="not a Kubernetes version"):
        load_config(bad_version, registry)


def test_pyproject_table_is_found_and_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seawall]\nignore = ["KR"]\nfail_on = "high"\nmax_file_size = "2MiB"\n',
        encoding="utf-8",
    )
    nested = tmp_path / "deploy"
    nested.mkdir()
    found = find_config(nested)
    assert found == tmp_path / "pyproject.toml"
    config = load_config(found, load_registry())
    assert config.ignore == ("KR",)
    assert config.fail_on is Severity.HIGH
    assert config.max_file_size == 2 * 1024 * 1024


def test_kubernetes_version_comes_from_kubeadm(write: Write, tmp_path: Path) -> None:
    write(
        "kubeadm.yaml",
        """
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        kubernetesVersion: v1.29.4
        """,
    )
    result = scan([str(tmp_path)])
    assert result.kubernetes_version == "1.29"
    assert "kubeadm ClusterConfiguration" in (result.kubernetes_version_source or "")
    explicit = scan([str(tmp_path)], ScanOptions(kubernetes_version="1.31"))
    assert explicit.kubernetes_version == "1.31"


def test_excludes_and_seawallignore(write: Write, tmp_path: Path) -> None:
    write("keep/pod.yaml", pod())
    write("vendor/pod.yaml", pod())
    write("generated/pod.yaml", pod())
    write(".seawallignore", "generated/\n")
    result = scan([str(tmp_path)], ScanOptions(exclude=("vendor/",)))
    assert {Path(f.file).parts[-2] for f in result.findings} == {"keep"}


def test_stdin_is_scanned_with_its_name(write: Write) -> None:
    options = ScanOptions(stdin_name="from-kustomize.yaml", select=("KS",))
    result = scan(["-"], options, stdin=pod().encode())
    assert [(f.file, f.rule.code) for f in result.findings] == [("from-kustomize.yaml", "KS101")]


def test_list_kind_items_are_resources(write: Write) -> None:
    path = write(
        "list.yaml",
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: a}
            spec:
              hostPID: true
              containers: []
        """,
    )
    result = scan([str(path)], ScanOptions(select=("KS102",)))
    [finding] = result.findings
    assert finding.path == "items[0].spec.hostPID"
    assert finding.span.line == 8


def test_a_crashing_rule_becomes_sw001_and_the_scan_goes_on(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seawall.engine import registry as registry_module

    real = registry_module.load_registry()
    broken = dict(real.rules)

    def explode(view: object, ctx: object) -> list[object]:
        raise KeyError("boom")

    from dataclasses import replace

    broken["KS102"] = replace(real.rules["KS102"], check=explode)  # type: ignore[arg-type]
    fake = registry_module.Registry(broken, real.redirects)
    path = write("pod.yaml", pod())
    result = scan([str(path)], registry=fake)
    by_code = {f.rule.code: f for f in result.findings}
    assert "KS101" in by_code
    assert "KS102" in by_code["SW001"].message and "KeyError" in by_code["SW001"].message


def test_dockerfile_comment_covers_every_line_of_the_instruction(write: Write) -> None:
    path = write(
        "Dockerfile",
        """
        FROM debian:bookworm-slim
        # hadolint ignore=DL3008
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends \\
               curl \\
            && rm -rf /var/lib/apt/lists/*
        RUN apt-get update && apt-get install -y --no-install-recommends wget \\
            && rm -rf /var/lib/apt/lists/*
        """,
    )
    result = scan([str(path)], ScanOptions(select=("DF303",)))
    assert [f.span.line for f in result.findings] == [7]  # wget; curl (line 5) is suppressed
    assert result.suppressed == 1


def test_a_scan_leaves_its_documents_to_reference_counting() -> None:
    """Without reference cycles, a library caller frees a scan's documents as soon as it drops
    them; a cycle would leave them to a collection that walks every object (0.9 s on the
    corpus benchmark). ``keep`` holds them whole for a caller about to exit."""
    import gc

    from seawall.engine.run import Workspace
    from seawall.graph.graph import ResourceGraph
    from seawall.model.compose import ComposeProject
    from seawall.model.gitlab import Job, Pipeline
    from seawall.model.podspec import ContainerView, PodSpecView
    from seawall.model.resource import Resource

    # what holds whole documents (jsonschema's own errors may still hold the small values
    # they are about until a collection)
    holders = (Resource, PodSpecView, ContainerView, ResourceGraph, ComposeProject, Pipeline, Job)
    root = Path(__file__).parent.parent / "examples" / "reference-platform"
    scan([str(root)], ScanOptions(jobs=1))  # the first scan also loads lazy modules
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        kept: list[object] = []
        scan([str(root)], ScanOptions(jobs=1), keep=kept)
        assert len(kept) == 1 and isinstance(kept[0], Workspace)
        scan([str(root)], ScanOptions(jobs=1))
        gc.collect()
        held = [type(o).__name__ for o in gc.garbage if isinstance(o, holders)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert held == []
