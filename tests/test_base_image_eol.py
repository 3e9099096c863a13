"""The base-image end-of-life table, tag matching and DF203's scan date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.model.image import parse_image
from seawall.policy.base_image_eol import FAMILIES, family_for, image_checks, parse_day

# --------------------------------------------------------------------------- the table


def test_every_family_is_consistent() -> None:
    repositories: list[str] = []
    for family in FAMILIES.values():
        assert family.source.startswith("https://"), f"{family.key} names no source"
        assert family.releases, f"{family.key} has no releases"
        keys = [r.key for r in family.releases]
        assert len(keys) == len(set(keys)), f"{family.key} lists a cycle twice"
        for alias, cycle in family.aliases.items():
            assert alias == alias.lower()
            assert family.release(cycle) is not None, f"{family.key}: {alias} -> {cycle}?"
        repositories.extend(family.repositories)
    assert len(repositories) == len(set(repositories)), "a repository is in two families"


def test_support_ends_in_release_order_within_a_line() -> None:
    """LTS lines end in the order they were released (a typo in a date shows up here)."""
    lines = {
        "debian": ["8", "9", "10", "11", "12", "13"],
        "ubuntu": ["16.04", "18.04", "20.04", "22.04", "24.04", "26.04"],
        "node": ["14", "16", "18", "20", "22", "24"],
        "python": ["3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
        "postgres": ["11", "12", "13", "14", "15", "16", "17"],
        "alpine": [f"3.{n}" for n in range(10, 24)],
    }
    for key, cycles in lines.items():
        ends = [FAMILIES[key].release(c) for c in cycles]
        dates = [r.eol for r in ends if r is not None and r.eol is not None]
        assert len(dates) == len(cycles), key
        assert dates == sorted(dates), f"{key}: {dates}"


def test_known_dates() -> None:
    def eol(family: str, cycle: str) -> date | None:
        release = FAMILIES[family].release(cycle)
        assert release is not None
        return release.eol

    assert eol("alpine", "3.18") == date(2025, 5, 9)
    assert eol("debian", "10") == date(2024, 6, 30)  # end of Debian LTS
    assert eol("ubuntu", "20.04") == date(2025, 5, 31)  # end of standard support
    assert eol("golang", "1.21") == date(2024, 8, 13)
    assert eol("node", "18") == date(2025, 4, 30)
    assert eol("python", "3.8") == date(2024, 10, 7)
    assert eol("python", "3.9") == date(2025, 10, 31)  # "2025-10" means the month's last day
    assert eol("postgres", "12") == date(2024, 11, 21)
    assert eol("golang", "1.26") is None


def test_parse_day() -> None:
    assert parse_day("2024-10-07") == date(2024, 10, 7)
    assert parse_day("2028-02") == date(2028, 2, 29)
    assert parse_day("2030-06") == date(2030, 6, 30)


# --------------------------------------------------------------------------- tag matching


def checks(image: str) -> list[tuple[str, str, str]]:
    """(family, cycle, the tag text that names it) for each release the image pins."""
    ref = parse_image(image)
    tag = ref.tag or ""
    return [
        (c.release.family.key, c.release.cycle, tag[c.start : c.end]) for c in image_checks(ref)
    ]


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("alpine:3.18", [("alpine", "3.18", "3.18")]),
        ("alpine:3.18.4", [("alpine", "3.18", "3.18.4")]),
        ("golang:1.21-alpine", [("golang", "1.21", "1.21")]),
        (
            "golang:1.21.5-alpine3.18",
            [("golang", "1.21", "1.21.5"), ("alpine", "3.18", "alpine3.18")],
        ),
        ("golang:1.21rc2-bullseye", [("golang", "1.21", "1.21rc2"), ("debian", "11", "bullseye")]),
        ("node:20-bookworm-slim", [("node", "20", "20"), ("debian", "12", "bookworm")]),
        ("node:iron-alpine3.19", [("node", "20", "iron"), ("alpine", "3.19", "alpine3.19")]),
        ("python:3.12-slim", [("python", "3.12", "3.12")]),
        (
            "python:3.12.4-slim-bookworm",
            [("python", "3.12", "3.12.4"), ("debian", "12", "bookworm")],
        ),
        ("python:bookworm", [("debian", "12", "bookworm")]),
        ("debian:bullseye", [("debian", "11", "bullseye")]),
        ("debian:bookworm-20240110-slim", [("debian", "12", "bookworm")]),
        ("debian:12.5-slim", [("debian", "12", "12.5")]),
        ("ubuntu:jammy-20240111", [("ubuntu", "22.04", "jammy")]),
        ("ubuntu:22.04", [("ubuntu", "22.04", "22.04")]),
        (
            "eclipse-temurin:17.0.9_9-jre-jammy",
            [("eclipse-temurin", "17", "17.0.9_9"), ("ubuntu", "22.04", "jammy")],
        ),
        ("eclipse-temurin:8u392-b08-jdk", [("eclipse-temurin", "8", "8u392")]),
        ("amazoncorretto:21-al2023", [("amazoncorretto", "21", "21")]),
        ("openjdk:17-jdk-slim", [("openjdk", "17", "17")]),
        (
            "nginx:1.25.3-alpine3.18-slim",
            [("nginx", "1.25", "1.25.3"), ("alpine", "3.18", "alpine3.18")],
        ),
        ("nginxinc/nginx-unprivileged:1.25-alpine", [("nginx", "1.25", "1.25")]),
        ("postgres:9.6.24-bullseye", [("postgres", "9.6", "9.6.24"), ("debian", "11", "bullseye")]),
        ("redis:7.2.4-alpine", [("redis", "7.2", "7.2.4")]),
        # registry paths of official images and their mirrors
        ("docker.io/library/python:3.8", [("python", "3.8", "3.8")]),
        ("public.ecr.aws/docker/library/node:18", [("node", "18", "18")]),
        # other official images: the operating system in the tag is still checked
        ("ruby:3.3-slim-buster", [("debian", "10", "buster")]),
    ],
)
def test_tags(image: str, expected: list[tuple[str, str, str]]) -> None:
    assert checks(image) == expected


@pytest.mark.parametrize(
    ("image", "cycle"),
    [
        ("postgres:9", "9.6"),  # a short version means the newest cycle it covers
        ("redis:6", "6.2"),
        ("redis:7", "7.4"),
        ("python:3", "3.14"),
        ("alpine:3", "3.23"),
    ],
)
def test_short_versions_mean_the_newest_cycle(image: str, cycle: str) -> None:
    assert [c for _, c, _ in checks(image)] == [cycle]


@pytest.mark.parametrize(
    "image",
    [
        "python",
        "python:latest",
        "node:lts-alpine",
        "node:current",
        "nginx:stable-alpine",
        "alpine:edge",
        "debian:stable-slim",
        "ubuntu:rolling",
        "python@sha256:" + "a" * 64,
        "golang:1.9",  # older than the table: unknown, not guessed
        "bitnami/python:3.8",  # not the official image
        "registry.example.com/team/python:3.8-alpine3.16",
        "ghcr.io/acme/app:1.2.3-bullseye",
    ],
)
def test_tags_that_pin_nothing_known(image: str) -> None:
    assert checks(image) == []


def test_family_for() -> None:
    def key(image: str) -> str | None:
        family = family_for(parse_image(image))
        return None if family is None else family.key

    assert key("python:3.12") == "python"
    assert key("library/python") == "python"
    assert key("mirror.gcr.io/library/python:3.12") == "python"
    assert key("nginxinc/nginx-unprivileged") == "nginx"
    assert key("example.com/nginxinc/nginx-unprivileged") is None
    assert key("acme/python") is None


# --------------------------------------------------------------------------- date edges


def test_a_release_counts_from_its_eol_date() -> None:
    release = FAMILIES["python"].release("3.8")
    assert release is not None and release.eol == date(2024, 10, 7)
    assert not release.reached_eol(date(2024, 10, 6))
    assert release.reached_eol(date(2024, 10, 7))
    assert release.reached_eol(date(2030, 1, 1))


def test_a_release_without_an_announced_end_never_expires() -> None:
    release = FAMILIES["golang"].release("1.26")
    assert release is not None and not release.reached_eol(date(2100, 1, 1))


def test_successor_is_the_oldest_supported_newer_release() -> None:
    node = FAMILIES["node"]
    sixteen = node.release("16")
    assert sixteen is not None
    successor = node.successor(sixteen, date(2025, 1, 1))
    assert successor is not None and successor.cycle == "18"
    successor = node.successor(sixteen, date(2026, 11, 27))
    assert successor is not None and successor.cycle == "22"


def test_recommended_is_the_newer_release_supported_longest() -> None:
    def recommended(family: str, cycle: str) -> str | None:
        release = FAMILIES[family].release(cycle)
        assert release is not None
        target = FAMILIES[family].recommended(release)
        return None if target is None else target.cycle

    assert recommended("node", "16") == "24"  # not 25: odd releases end sooner
    assert recommended("golang", "1.21") == "1.26"  # no end announced counts as longest
    assert recommended("amazoncorretto", "17") == "21"  # only newer releases, not Corretto 11
    assert recommended("alpine", "3.23") is None


# --------------------------------------------------------------------------- DF203's scan date

DOCKERFILE = "FROM python:3.10-slim\n"


def df203(tmp_path: Path, today: str | None) -> list[str]:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    rule_options = {} if today is None else {"DF203": {"today": today}}
    options = ScanOptions(select=("DF203",), rule_options=rule_options)
    return [f.message for f in scan(["Dockerfile"], options, cwd=tmp_path).findings]


def test_the_scan_date_is_injectable(tmp_path: Path) -> None:
    # Python 3.10 is supported until 2026-10-31
    assert df203(tmp_path, "2026-10-30") == []
    assert df203(tmp_path, "2026-10-31") != []
    [message] = df203(tmp_path, "2027-01-15")
    assert "Python 3.10, which reached end of life on 2026-10-31" in message
    assert "move to Python 3.14" in message


def test_the_default_scan_date_is_today(tmp_path: Path) -> None:
    expected = date.today() >= date(2026, 10, 31)
    assert bool(df203(tmp_path, None)) is expected


def test_the_today_option_is_validated() -> None:
    registered = load_registry().get("DF203")
    assert registered is not None
    [option] = registered.rule.options
    assert option.validate("") is None
    assert option.validate("2027-01-15") is None
    assert option.validate("15/01/2027") is not None
    assert option.validate("2027-02-30") is not None
    assert option.validate(20270115) is not None
