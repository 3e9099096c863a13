"""The shipped CI templates: schema-valid, and their commands work on the example platform.

The GitLab job's ``script`` and the GitHub workflow's scan step are run as written, with a
shell, against ``examples/reference-platform``; only the ``pip install`` step is skipped
(seawall is already installed in the test environment, and its directory is put on ``PATH``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.schema_check import load_schema, validate, vendored_schema

ROOT = Path(__file__).parent.parent
GITLAB_TEMPLATE = ROOT / "ci" / "gitlab" / "seawall.gitlab-ci.yml"
GITHUB_WORKFLOW = ROOT / "ci" / "github" / "seawall.yml"
EXAMPLE = ROOT / "examples" / "reference-platform"
BIN = Path(sys.executable).parent

pytest.importorskip("check_jsonschema", reason="the CI schemas come with check-jsonschema")


def _yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the workflow's `on:` key as a boolean; GitHub does not
        data["on"] = data.pop(True)
    return data


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A repository checkout holding the example platform, as the CI job's working directory
    (report paths are relative to it, as GitLab's Code Quality widget requires)."""
    shutil.copytree(EXAMPLE, tmp_path / "platform")
    return tmp_path


def _run(script: str, cwd: Path, variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **variables, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        ["sh", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _gitlab_job() -> dict[str, Any]:
    job: dict[str, Any] = _yaml(GITLAB_TEMPLATE)[".seawall"]
    return job


def _gitlab_script() -> str:
    return "\n".join(_gitlab_job()["script"])


def _run_gitlab_job(cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """The job's script with its declared variables, overridden as an including project would."""
    declared = {k: str(v) for k, v in _gitlab_job()["variables"].items()}
    return _run(_gitlab_script(), cwd, {**declared, **variables})


def _github_scan_step() -> str:
    steps = _yaml(GITHUB_WORKFLOW)["jobs"]["seawall"]["steps"]
    run: str = next(s["run"] for s in steps if s.get("name") == "Scan")
    return run


def _as_resolved(template: dict[str, Any]) -> dict[str, Any]:
    """The schema lets hidden jobs hold anything; check the job `extends` makes of it too."""
    return {**template, "seawall": {**template[".seawall"]}}


def test_gitlab_template_is_valid_against_gitlabs_schema() -> None:
    template = _yaml(GITLAB_TEMPLATE)
    validate(template, vendored_schema("gitlab-ci.json"))
    validate(_as_resolved(template), vendored_schema("gitlab-ci.json"))


def test_gitlab_schema_check_can_fail() -> None:
    broken = _yaml(GITLAB_TEMPLATE)
    broken[".seawall"]["artifacts"]["when"] = "sometimes"
    with pytest.raises(AssertionError, match="sometimes"):
        validate(_as_resolved(broken), vendored_schema("gitlab-ci.json"))


def test_github_workflow_is_valid_against_the_workflow_schema() -> None:
    validate(_yaml(GITHUB_WORKFLOW), vendored_schema("github-workflows.json"))


def test_github_schema_check_can_fail() -> None:
    broken = _yaml(GITHUB_WORKFLOW)
    broken["jobs"]["seawall"]["steps"][0]["uses"] = ["not", "a", "string"]
    with pytest.raises(AssertionError):
        validate(broken, vendored_schema("github-workflows.json"))


def test_gitlab_job_declares_the_reports_its_script_writes() -> None:
    job = _gitlab_job()
    script = _gitlab_script()
    reports = job["artifacts"]["reports"]
    assert f"gitlab:{reports['codequality']}" in script
    assert f"junit:{reports['junit']}" in script
    for path in job["artifacts"]["paths"]:
        assert f":{path}" in script
    assert job["artifacts"]["when"] == "always"  # reports of a failing scan are the useful ones


def test_gitlab_script_fails_on_the_example_and_writes_valid_reports(checkout: Path) -> None:
    tmp_path = checkout
    done = _run_gitlab_job(checkout, SEAWALL_PATHS="platform", SEAWALL_FAIL_ON="high")
    assert done.returncode == 1, done.stderr
    assert "Found " in done.stdout  # the text summary is the job log
    quality = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    validate(quality, load_schema("gitlab-code-quality.schema.json"))
    assert len(quality) > 20
    sarif = json.loads((tmp_path / "seawall.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    junit = ET.parse(tmp_path / "seawall-junit.xml").getroot()
    assert junit.tag == "testsuites" and int(junit.get("failures", "0")) > 0


def test_gitlab_script_passes_when_nothing_reaches_the_threshold(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\n"
        "data:\n  mode: fast\n",
        encoding="utf-8",
    )
    done = _run_gitlab_job(tmp_path, SEAWALL_PATHS=str(clean))
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((tmp_path / "gl-code-quality-report.json").read_text()) == []


def test_gitlab_script_with_a_baseline_reports_only_new_findings(checkout: Path) -> None:
    tmp_path = checkout
    record = _run(
        "seawall check platform --no-progress --quiet --write-baseline --baseline base.json",
        checkout,
        {},
    )
    assert record.returncode == 0, record.stderr
    done = _run_gitlab_job(checkout, SEAWALL_PATHS="platform", SEAWALL_BASELINE="base.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((tmp_path / "gl-code-quality-report.json").read_text()) == []


def test_github_scan_step_annotates_and_writes_sarif(checkout: Path) -> None:
    tmp_path = checkout
    done = _run(
        _github_scan_step(),
        checkout,
        {"SEAWALL_PATHS": "platform", "SEAWALL_FAIL_ON": "critical", "SEAWALL_BASELINE": ""},
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::"), done.stdout[:200]  # workflow commands, not text
    sarif = json.loads((tmp_path / "seawall.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
