"""Which Dockerfile builds which image: configuration `images`, compose, convention; and the
configuration key itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.cli.main import main
from seawall.engine.config import ConfigError, load_config
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.model.built_images import repository_key

Write = Callable[[str, str], Path]

ROOT_IMAGE = 'FROM alpine:3.20\nCMD ["/app"]\n'
NON_ROOT = """
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: {image}
"""


def xa_findings(paths: list[str], cwd: Path, **options: object) -> list[tuple[str, str]]:
    result = scan(paths, ScanOptions(select=("XA",), **options), cwd=cwd)  # type: ignore[arg-type]
    return [(f.rule.code, f.message) for f in result.findings]


# --------------------------------------------------------------------------- matching


def test_repository_key_makes_docker_hub_defaults_explicit() -> None:
    assert repository_key("nginx:1.27") == "docker.io/nginx"
    assert repository_key("docker.io/library/nginx@sha256:abc") == "docker.io/nginx"
    assert repository_key("index.docker.io/team/app") == "docker.io/team/app"
    assert repository_key("registry.example.com:5000/team/app:1") == (
        "registry.example.com:5000/team/app"
    )
    assert repository_key("{{ .Values.image }}") is None
    assert repository_key("$IMAGE:1.0") is None


def test_configured_mapping_matches_the_full_repository(write: Write, tmp_path: Path) -> None:
    dockerfile = write("build/Containerfile.release", ROOT_IMAGE)
    write("pod.yaml", NON_ROOT.format(image="registry.example.com/team/app:1.0"))
    # the name matches no convention: without configuration nothing is compared
    assert xa_findings(["."], tmp_path) == []
    images = {"registry.example.com/team/app": (dockerfile,)}
    found = xa_findings(["."], tmp_path, images=images)
    assert [code for code, _ in found] == ["XA101"]
    assert "built by build/Containerfile.release" in found[0][1]
    # another registry with the same path is another image
    write("pod.yaml", NON_ROOT.format(image="mirror.example.com/team/app:1.0"))
    assert xa_findings(["."], tmp_path, images=images) == []


def test_configuration_takes_the_dockerfile_out_of_the_convention(
    write: Write, tmp_path: Path
) -> None:
    dockerfile = write("app/Dockerfile", ROOT_IMAGE)
    write("pod.yaml", NON_ROOT.format(image="registry.example.com/other/app:1.0"))
    assert [c for c, _ in xa_findings(["."], tmp_path)] == ["XA101"]
    images = {"registry.example.com/team/app": (dockerfile,)}
    assert xa_findings(["."], tmp_path, images=images) == []


def test_compose_build_and_image_match_with_the_build_target(write: Write, tmp_path: Path) -> None:
    write(
        "docker/Dockerfile.multi",
        """
        FROM alpine:3.20 AS production
        USER 10001
        CMD ["/app"]

        FROM production AS debug
        USER root
        """,
    )
    write(
        "compose.yaml",
        """
        services:
          api:
            image: registry.example.com/shop/api:${TAG:-latest}
            build:
              context: docker
              dockerfile: Dockerfile.multi
              target: production
        """,
    )
    write("pod.yaml", NON_ROOT.format(image="registry.example.com/shop/api:2.0"))
    # the target stage runs as 10001; the last stage (debug) would run as root
    assert xa_findings(["."], tmp_path) == []
    write(
        "compose.yaml", (tmp_path / "compose.yaml").read_text().replace("production\n", "debug\n")
    )
    found = xa_findings(["."], tmp_path)
    assert [c for c, _ in found] == ["XA101"]
    assert "`USER root` at docker/Dockerfile.multi:6" in found[0][1]


def test_convention_names(write: Write, tmp_path: Path) -> None:
    write("svc/web.Dockerfile", ROOT_IMAGE)
    write("pod.yaml", NON_ROOT.format(image="ghcr.io/acme/web"))
    assert [c for c, _ in xa_findings(["."], tmp_path)] == ["XA101"]
    # a second Dockerfile claiming `web` makes the convention ambiguous
    write("web/Dockerfile", ROOT_IMAGE)
    assert xa_findings(["."], tmp_path) == []


def test_nothing_to_match_is_quiet(write: Write, tmp_path: Path) -> None:
    write("pod.yaml", NON_ROOT.format(image="[not, an, image]"))
    write("Dockerfile", "")
    assert xa_findings(["."], tmp_path) == []


# --------------------------------------------------------------------------- configuration


def test_images_key_is_read_relative_to_the_config_file(write: Write, tmp_path: Path) -> None:
    write("deploy/docker/Dockerfile.app", ROOT_IMAGE)
    write("deploy/docker/Dockerfile.debug", ROOT_IMAGE)
    config = write(
        "deploy/.seawall.yaml",
        """
        images:
          registry.example.com/team/app: docker/Dockerfile.app
          registry.example.com/team/app-debug: [docker/Dockerfile.debug, docker/Dockerfile.app]
        """,
    )
    loaded = load_config(config, load_registry())
    base = tmp_path / "deploy" / "docker"
    assert loaded.images == {
        "registry.example.com/team/app": (base / "Dockerfile.app",),
        "registry.example.com/team/app-debug": (base / "Dockerfile.debug", base / "Dockerfile.app"),
    }


def test_images_key_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(ROOT_IMAGE, encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.seawall.images]\n"acme/app" = "Dockerfile"\n', encoding="utf-8")
    assert load_config(pyproject, load_registry()).images == {
        "acme/app": (tmp_path / "Dockerfile",)
    }


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("images: [a, b]\n", r":1: `images` must map image repositories to Dockerfile paths"),
        (
            "images:\n  acme/app:1.0: Dockerfile\n",
            r":2: image 'acme/app:1.0' has a tag or digest; write the repository only: acme/app",
        ),
        ("images:\n  acme/app: 3\n", r":2: image 'acme/app' must name a Dockerfile path"),
        ("images:\n  acme/app: []\n", r":2: image 'acme/app' must name a Dockerfile path"),
        (
            "images:\n  acme/app: docker/Missing\n",
            r":2: image 'acme/app': Dockerfile 'docker/Missing' does not exist",
        ),
    ],
)
def test_images_key_errors_name_the_line(write: Write, text: str, error: str) -> None:
    write("Dockerfile", ROOT_IMAGE)
    config = write(".seawall.yaml", text)
    with pytest.raises(ConfigError, match=r"\.seawall\.yaml" + error):
        load_config(config, load_registry())


def test_cli_reads_images_from_the_configuration(
    write: Write,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("images/Dockerfile.release", ROOT_IMAGE)
    write("pod.yaml", NON_ROOT.format(image="registry.example.com/team/app:1.0"))
    write(".seawall.yaml", "images:\n  registry.example.com/team/app: images/Dockerfile.release\n")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--select", "XA", "--no-progress", "."])
    out = capsys.readouterr().out
    assert code == 1
    assert "XA101" in out and "images/Dockerfile.release:1" in out
