"""The final-image model: final stage, base chain, user, ports, healthcheck, shell, stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from seawall.core.span import Span
from seawall.model.dockerfile import (
    FinalImage,
    base_has_shell,
    final_image,
    stage_configs,
)
from seawall.parse.dockerfile import parse_dockerfile

FIXTURES = Path(__file__).resolve().parent / "dockerfiles"


def image_of(text: str, target: str | None = None) -> FinalImage:
    image = final_image(parse_dockerfile(text), target=target)
    assert image is not None
    return image


def fixture(name: str) -> FinalImage:
    return image_of((FIXTURES / name).read_text(encoding="utf-8"))


def at(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def test_reference_multi_stage_final_image() -> None:
    image = fixture("reference/Dockerfile.multi-stage")
    assert image.stage.index == 1 and image.stage.name is None
    assert [s.index for s in image.base_chain] == [1]
    assert image.base_image == "scratch" and image.base_is_scratch
    assert image.base_ref is None
    assert image.has_shell is False
    user = image.user
    assert user is not None
    assert (user.value, user.user, user.group, user.is_root) == (
        "65534:65534",
        "65534",
        "65534",
        False,
    )
    assert at(user.span) == (27, 6, 27, 17)
    assert image.runs_as_root is False
    (port,) = image.exposed_ports
    assert (port.port, port.end_port, port.protocol) == (8080, None, "tcp")
    assert at(port.span) == (29, 8, 29, 12)
    health = image.healthcheck
    assert health is not None and not health.disabled
    assert health.command is not None and health.command.argv == ["/main", "healthcheck"]
    assert health.options["interval"] == "30s" and health.options["retries"] == "3"
    assert image.entrypoint is not None and image.entrypoint.argv == ["/main"]
    assert image.cmd is None
    assert [s.name for s in image.feeding_stages] == ["builder"]
    assert image.unused_stages == []
    assert image.env == {"TZ": "Asia/Shanghai"}
    refs = [(r.kind, r.ref, r.stage) for r in image.config.refs]
    assert refs == [("from", "scratch", None)] + [("copy", "builder", 0)] * 3


def test_reference_secure_final_image() -> None:
    image = fixture("reference/Dockerfile.secure")
    assert image.base_image == "alpine:3.18" and image.has_shell
    ref = image.base_ref
    assert ref is not None and (ref.repository, ref.tag) == ("alpine", "3.18")
    user = image.user
    assert user is not None and (user.value, user.group, user.is_root) == ("appuser", None, False)
    assert at(user.instruction.span) == (19, 1, 19, 13)
    assert image.runs_as_root is False
    assert image.exposed_ports == [] and image.healthcheck is None
    assert image.entrypoint is not None and image.entrypoint.argv == ["dumb-init", "--"]
    assert image.cmd is not None and image.cmd.argv == ["./main"]
    assert image.config.workdir == "/app"
    assert image.config.labels["security.policy"] == "restricted"
    assert image.feeding_stages == [] and image.unused_stages == []


def test_multistage_chain_feeding_and_unused() -> None:
    image = fixture("multistage.Dockerfile")
    doc = image.doc
    assert doc.problems == []
    assert image.stage.name == "final"
    assert [s.name for s in image.base_chain] == ["final", "base"]
    assert image.base_image == "golang:1.22" and image.root_stage.name == "base"
    # base (FROM), build (COPY --from=build), assets (COPY --from=1 and build's --mount from=)
    assert [s.name for s in image.feeding_stages] == ["base", "assets", "build"]
    assert [s.name for s in image.unused_stages] == ["test", "docs"]
    kinds = [(r.kind, r.ref, r.stage) for r in image.config.refs]
    assert kinds == [
        ("from", "base", 0),
        ("copy", "build", 2),
        ("copy", "nginx:1.27", None),
        ("copy", "1", 1),
    ]
    build = image.configs[2]
    assert [(r.kind, r.ref, r.stage) for r in build.refs][1:] == [("mount", "assets", 1)]
    assert at(build.refs[1].span) == (13, 43, 13, 96)


def test_multistage_settings() -> None:
    image = fixture("multistage.Dockerfile")
    user = image.user
    assert user is not None
    assert (user.text, user.value, user.user, user.group) == (
        "${APP_UID}:${APP_GID:-10001}",
        "10001:10001",
        "10001",
        "10001",
    )
    assert user.unresolved == () and user.is_root is False and user.stage == 5
    ports = [(p.text, p.port, p.end_port, p.protocol) for p in image.exposed_ports]
    assert ports == [
        ("9000", 9000, None, "tcp"),  # inherited from the base stage
        ("8080/tcp", 8080, None, "tcp"),
        ("8443", 8443, None, "tcp"),
        ("9090-9091/UDP", 9090, 9091, "udp"),
    ]
    assert at(image.exposed_ports[3].span) == (29, 22, 29, 35)
    health = image.healthcheck
    assert health is not None and health.command is not None
    assert health.command.shell == "wget -qO- http://localhost:8080/healthz || exit 1"
    assert not health.command.exec_form
    assert image.entrypoint is not None and image.entrypoint.argv == ["/usr/local/bin/app"]
    assert image.cmd is None  # ENTRYPOINT clears the CMD inherited from the base stage
    assert image.env == {"CGO_ENABLED": "0", "HOME": "/home/app"}
    assert image.has_shell


def test_target_selects_the_final_stage() -> None:
    text = (FIXTURES / "multistage.Dockerfile").read_text(encoding="utf-8")
    image = image_of(text, target="TEST")
    assert image.stage.name == "test"
    assert [s.name for s in image.feeding_stages] == ["base"]
    user = image.user
    assert user is not None and (user.value, user.stage) == ("1000", 0)  # inherited
    assert image.cmd is not None and image.cmd.argv == ["sleep", "infinity"]
    assert final_image(parse_dockerfile(text), target="nope") is None
    assert final_image(parse_dockerfile("# nothing\n")) is None


def test_user_inheritance_and_scoping() -> None:
    image = image_of("FROM alpine AS base\nUSER app\nFROM base\nRUN id\n")
    assert image.user is not None and image.user.value == "app" and image.user.stage == 0
    # a global ARG is visible in a stage only when declared again there
    image = image_of("ARG U=svc\nFROM alpine\nUSER $U\n")
    assert image.user is not None and (image.user.value, image.user.unresolved) == ("", ("U",))
    assert image.user.is_root is None and image.runs_as_root is None
    image = image_of("ARG U=svc\nFROM alpine\nARG U\nUSER $U:${G:-grp}\n")
    assert image.user is not None and image.user.value == "svc:grp"
    image = image_of("FROM alpine\nENV abc=hello\nENV abc=bye def=$abc\nUSER $def\n")
    assert image.user is not None and image.user.value == "hello"
    assert image.env == {"abc": "bye", "def": "hello"}
    # ENV overrides an ARG of the same name
    image = image_of("FROM alpine\nARG N=fromarg\nENV N=fromenv\nUSER $N\n")
    assert image.user is not None and image.user.value == "fromenv"


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("FROM alpine\n", True),
        ("FROM alpine\nUSER root\n", True),
        ("FROM alpine\nUSER 0:0\n", True),
        ("FROM alpine\nUSER 1000\n", False),
        ("FROM gcr.io/distroless/static-debian12:nonroot\n", False),
        ("FROM gcr.io/distroless/static-debian12\n", True),
        ("FROM cgr.dev/chainguard/static\n", False),
        ("ARG BASE\nFROM $BASE\n", None),
    ],
)
def test_runs_as_root(text: str, root: bool | None) -> None:
    assert image_of(text).runs_as_root is root


@pytest.mark.parametrize(
    ("image", "shell"),
    [
        ("scratch", False),
        ("SCRATCH", False),
        ("gcr.io/distroless/static-debian12", False),
        ("gcr.io/distroless/base-debian12:nonroot", False),
        ("gcr.io/distroless/python3-debian12:debug", True),
        ("gcr.io/distroless/static:debug-nonroot", True),
        ("cgr.dev/chainguard/static:latest", False),
        ("cgr.dev/chainguard/python:latest", False),
        ("cgr.dev/chainguard/python:latest-dev", True),
        ("cgr.dev/chainguard/wolfi-base", True),
        ("alpine:3.20", True),
        ("registry.example.com/team/app@sha256:abc", True),
        ("", True),
    ],
)
def test_base_has_shell(image: str, shell: bool) -> None:
    assert base_has_shell(image) is shell


def test_has_shell_follows_stage_references_and_arguments() -> None:
    image = image_of("FROM gcr.io/distroless/static AS run\nFROM run\nCOPY a /a\n")
    assert image.has_shell is False and [s.index for s in image.base_chain] == [1, 0]
    image = image_of("ARG BASE=scratch\nFROM ${BASE}\n")
    assert image.has_shell is False
    image = image_of("ARG BASE\nFROM ${BASE}\n")
    assert image.has_shell is True  # unknown: assume a shell
    assert image.base_unresolved == ("BASE",) and image.base_ref is None


def test_healthcheck_none_and_inheritance() -> None:
    image = image_of("FROM a AS base\nHEALTHCHECK CMD true\nFROM base\nHEALTHCHECK NONE\n")
    assert image.healthcheck is not None and image.healthcheck.disabled
    assert image.healthcheck.command is None
    image = image_of('FROM a AS base\nHEALTHCHECK --retries=2 CMD ["/bin/check"]\nFROM base\n')
    health = image.healthcheck
    assert health is not None and health.command is not None
    assert health.command.argv == ["/bin/check"] and health.options == {"retries": "2"}


def test_entrypoint_and_cmd_last_one_wins() -> None:
    image = image_of('FROM a\nCMD ["x"]\nENTRYPOINT ["e"]\nCMD y z\n')
    assert image.entrypoint is not None and image.entrypoint.argv == ["e"]
    assert image.cmd is not None and image.cmd.shell == "y z" and image.cmd.argv is None
    # a CMD set in the same stage before ENTRYPOINT stays
    image = image_of('FROM a\nCMD ["x"]\nENTRYPOINT ["e"]\n')
    assert image.cmd is not None and image.cmd.argv == ["x"]


def test_workdir_and_shell() -> None:
    image = image_of('FROM a\nWORKDIR /srv\nWORKDIR app/../web\nSHELL ["/bin/bash", "-c"]\n')
    assert image.config.workdir == "/srv/web"
    assert image.config.shell == ("/bin/bash", "-c")
    windows = fixture("windows.Dockerfile")
    assert windows.config.workdir == "c:\\app"
    assert windows.config.shell[0] == "powershell"
    assert windows.user is not None and windows.user.value == "ContainerUser"


def test_exposed_ports_with_variables() -> None:
    image = image_of('FROM a\nENV P=80 Q="443/udp 53"\nEXPOSE $P ${Q} $MISSING bad\n')
    ports = [(p.text, p.value, p.port, p.protocol, p.unresolved) for p in image.exposed_ports]
    assert ports == [
        ("$P", "80", 80, "tcp", ()),
        ("${Q}", "443/udp", 443, "udp", ()),
        ("${Q}", "53", 53, "tcp", ()),
        ("$MISSING", "", None, "tcp", ("MISSING",)),
        ("bad", "bad", None, "tcp", ()),
    ]


def test_stage_configs_cover_every_stage() -> None:
    doc = parse_dockerfile((FIXTURES / "arg-from.Dockerfile").read_text(encoding="utf-8"))
    configs = stage_configs(doc)
    assert [c.stage.name for c in configs] == ["deps", "runtime", "unknown", "quoted"]
    deps = configs[0]
    assert deps.env == {"NODE_ENV": "production", "APP_HOME": "/home/node/app"}
    assert deps.workdir == "/home/node/app"
