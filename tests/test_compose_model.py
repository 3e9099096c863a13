"""Compose projects: merging, override files, extends, include, profiles and value origins."""

from __future__ import annotations

from pathlib import Path

from seawall.engine.load import ComposeSettings, InputReporter
from seawall.engine.run import ScanOptions, load_workspace, scan
from seawall.model.compose import ComposeProject, ComposeService


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _projects(folder: Path, **compose: object) -> list[ComposeProject]:
    options = ScanOptions(compose=ComposeSettings(**compose))  # type: ignore[arg-type]
    return load_workspace(["."], options, InputReporter({}), cwd=folder).compose_projects


def _service(project: ComposeProject, name: str) -> ComposeService:
    return next(s for s in project.services if s.name == name)


def _line(service: ComposeService, *field: object) -> tuple[str, int]:
    origin = service.origin(*field)  # type: ignore[arg-type]
    assert origin is not None, field
    return origin.source.display, origin.span().line


BASE = """\
services:
  web:
    image: example/web:1.0
    command: ["serve", "--port", "80"]
    environment:
      - LOG=info
      - MODE=base
    ports:
      - "8080:80"
    volumes:
      - data:/data
    dns:
      - 1.1.1.1
volumes:
  data: {}
"""

OVERRIDE = """\
services:
  web:
    image: example/web:2.0
    command: ["serve"]
    environment:
      MODE: override
      EXTRA: "1"
    ports:
      - "8080:80"
      - "9090:90"
    volumes:
      - other:/data
    dns:
      - 8.8.8.8
  admin:
    image: example/admin:1.0
"""


def test_override_file_beside_the_base_is_merged(tmp_path: Path) -> None:
    _write(tmp_path, {"compose.yaml": BASE, "compose.override.yaml": OVERRIDE})
    (project,) = _projects(tmp_path)
    assert [f.source.display for f in project.files] == [
        "compose.yaml",
        "compose.override.yaml",
    ]
    web = _service(project, "web")
    assert web.image == "example/web:2.0"
    assert _line(web, "image") == ("compose.override.yaml", 3)
    assert web.get("command") == ["serve"]  # shell commands are replaced, not appended
    # environment merged by name, whatever form each file uses
    assert web.get("environment") == {"LOG": "info", "MODE": "override", "EXTRA": "1"}
    assert _line(web, "environment", "LOG") == ("compose.yaml", 6)
    assert _line(web, "environment", "MODE") == ("compose.override.yaml", 6)
    # ports unique by their mapping, volumes by target; other sequences append
    assert web.get("ports") == ["8080:80", "9090:90"]
    assert web.get("volumes") == ["other:/data"]
    assert _line(web, "volumes", 0) == ("compose.override.yaml", 12)
    assert web.get("dns") == ["1.1.1.1", "8.8.8.8"]
    assert _line(web, "dns", 1) == ("compose.override.yaml", 14)
    assert [s.name for s in project.services] == ["web", "admin"]
    assert _line(_service(project, "admin"), "image") == ("compose.override.yaml", 16)
    env = {e.name: (e.value, e.origin.span().line if e.origin else 0) for e in web.environment()}
    assert env == {"LOG": ("info", 6), "MODE": ("override", 6), "EXTRA": ("1", 7)}


def test_explicit_file_order_and_reset_override_tags(tmp_path: Path) -> None:
    extra = """\
services:
  web:
    ports: !reset []
    dns: !override
      - 9.9.9.9
"""
    _write(tmp_path, {"docker-compose.yml": BASE, "docker-compose.prod.yml": extra})
    (project, *_rest) = _projects(
        tmp_path, files=(Path("docker-compose.yml"), Path("docker-compose.prod.yml"))
    )
    web = _service(project, "web")
    assert "ports" not in web.data
    assert web.get("dns") == ["9.9.9.9"]
    assert _line(web, "dns", 0) == ("docker-compose.prod.yml", 5)
    assert _line(web, "image") == ("docker-compose.yml", 3)


def test_interpolation_uses_env_file_beside_and_keeps_origins(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "compose.yaml": "services:\n  app:\n    image: app:${TAG:-latest}\n",
            ".env": "TAG=1.2.3\n",
        },
    )
    (project,) = _projects(tmp_path)
    app = _service(project, "app")
    assert app.image == "app:1.2.3"
    origin = app.origin("image")
    assert origin is not None and origin.raw == "app:${TAG:-latest}"
    (sub,) = origin.substitutions
    assert sub.value == "1.2.3" and not sub.used_operand
    # --env-file replaces the .env beside the file
    other = tmp_path / "other.env"
    other.write_text("TAG=9.9\n", encoding="utf-8")
    (project,) = _projects(tmp_path, env_files=(other,))
    assert _service(project, "app").image == "app:9.9"


def test_process_environment_only_when_asked(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("SEAWALL_TEST_TAG", "from-shell")
    _write(tmp_path, {"compose.yaml": "services:\n  a:\n    image: a:${SEAWALL_TEST_TAG:-x}\n"})
    assert _service(_projects(tmp_path)[0], "a").image == "a:x"
    assert _service(_projects(tmp_path, use_environment=True)[0], "a").image == "a:from-shell"


def test_extends_in_same_and_other_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "common.yaml": (
                "services:\n"
                "  base:\n"
                "    image: example/base:1.0\n"
                "    privileged: true\n"
                "    environment:\n"
                "      A: from-common\n"
            ),
            "compose.yaml": (
                "services:\n"
                "  web:\n"
                "    extends:\n"
                "      file: common.yaml\n"
                "      service: base\n"
                "    environment:\n"
                "      B: local\n"
                "  worker:\n"
                "    extends: web\n"
                "    image: example/worker:2.0\n"
            ),
        },
    )
    projects = _projects(tmp_path)
    project = next(p for p in projects if p.source.display == "compose.yaml")
    web = _service(project, "web")
    assert web.get("privileged") is True
    assert "extends" not in web.data
    assert web.get("environment") == {"A": "from-common", "B": "local"}
    assert _line(web, "privileged") == ("common.yaml", 4)
    assert _line(web, "environment", "B") == ("compose.yaml", 7)
    worker = _service(project, "worker")
    assert worker.image == "example/worker:2.0"
    assert _line(worker, "privileged") == ("common.yaml", 4)


def test_include_adds_services_and_problems_are_reported(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "compose.yaml": (
                "include:\n"
                "  - db/compose.db.yaml\n"
                "  - missing.yaml\n"
                "services:\n"
                "  web:\n"
                "    image: example/web:1.0\n"
                "    extends: nowhere\n"
            ),
            "db/compose.db.yaml": "services:\n  db:\n    image: postgres:${PG:?set PG}\n",
        },
    )
    result = scan(["compose.yaml"], ScanOptions(select=("IN016", "IN018")), cwd=tmp_path)
    found = sorted((f.rule.code, f.file, f.span.line) for f in result.findings)
    assert found == [
        ("IN016", "db/compose.db.yaml", 3),
        ("IN018", "compose.yaml", 3),
        ("IN018", "compose.yaml", 7),
    ]
    (project,) = _projects(tmp_path, files=(Path("compose.yaml"),))[:1]
    db = _service(project, "db")
    assert _line(db, "image") == ("db/compose.db.yaml", 3)


def test_profiles_are_marked_not_skipped(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "compose.yaml": (
                "services:\n"
                "  web:\n    image: a:1\n"
                "  debug:\n    image: b:1\n    profiles: [debug]\n"
            )
        },
    )
    (project,) = _projects(tmp_path)
    assert {s.name: s.active for s in project.services} == {"web": True, "debug": False}
    assert project.profiles == ("debug",)
    (project,) = _projects(tmp_path, profiles=("debug",))
    assert all(s.active for s in project.services)


def test_findings_point_at_the_file_that_wrote_the_value(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    image: example/web:1.0\n",
            "compose.override.yaml": "services:\n  web:\n    privileged: true\n",
        },
    )
    result = scan(["."], ScanOptions(select=("CO101",)), cwd=tmp_path)
    ((finding),) = result.findings
    assert (finding.file, finding.span.line, finding.path) == (
        "compose.override.yaml",
        3,
        "services.web.privileged",
    )
