"""Helm `kubeVersion` constraints, read as the Masterminds semver v3 documentation describes."""

from __future__ import annotations

import pytest

from seawall.helm.kube_version import ConstraintError, minor_allowed, parse_constraint

EKS = ("eks-4f4795d",)  # `v1.28.3-eks-4f4795d`: a pre-release in semver terms


@pytest.mark.parametrize(
    ("constraint", "allowed", "refused"),
    [
        (">=1.19.0-0", ["1.19.0", "1.28.3", "2.0.0"], ["1.18.9"]),
        (">= 1.19", ["1.19.0", "1.30.1"], ["1.18.20"]),
        ("> 1.2.3", ["1.2.4"], ["1.2.3"]),
        ("> 1.2", ["1.3.0"], ["1.2.9"]),  # a partial version stands for every patch
        ("< 1.25", ["1.24.9"], ["1.25.0"]),
        ("<= 1.25", ["1.25.9"], ["1.26.0"]),
        ("=< 1.25.3", ["1.25.3"], ["1.25.4"]),
        ("1.27.x", ["1.27.0", "1.27.15"], ["1.26.9", "1.28.0"]),
        ("= 1.27", ["1.27.4"], ["1.28.0"]),
        ("1.27.3", ["1.27.3"], ["1.27.4"]),
        ("!= 1.27.3", ["1.27.2", "1.27.4"], ["1.27.3"]),
        ("!= 1.27.x", ["1.26.9", "1.28.0"], ["1.27.5"]),
        ("~1.27.2", ["1.27.2", "1.27.9"], ["1.27.1", "1.28.0"]),
        ("~> 1.27", ["1.27.0"], ["1.28.0"]),
        ("~1", ["1.30.0"], ["2.0.0"]),
        ("^1.21.0", ["1.21.0", "1.35.2"], ["1.20.9", "2.0.0"]),
        ("^0.2.3", ["0.2.9"], ["0.3.0"]),
        ("^0.0.3", ["0.0.3"], ["0.0.4"]),
        ("1.24 - 1.26", ["1.24.0", "1.26.7"], ["1.23.9", "1.27.0"]),
        (">=1.20, <1.25 || >=1.28", ["1.22.0", "1.29.1"], ["1.26.0"]),
        (">=1.20 <1.25", ["1.24.1"], ["1.25.0"]),
        ("*", ["1.0.0", "1.40.2"], []),
        ("v1.28.x", ["1.28.1"], ["1.29.0"]),
    ],
)
def test_constraints_as_documented(constraint: str, allowed: list[str], refused: list[str]) -> None:
    parsed = parse_constraint(constraint)

    def release(text: str) -> tuple[int, int, int]:
        a, b, c = (int(p) for p in text.split("."))
        return a, b, c

    assert [v for v in allowed if not parsed.allows(release(v))] == []
    assert [v for v in refused if parsed.allows(release(v))] == []


def test_a_suffixed_cluster_version_needs_a_pre_release_in_the_constraint() -> None:
    assert not parse_constraint(">= 1.19.0").allows((1, 28, 3), EKS)
    assert parse_constraint(">= 1.19.0-0").allows((1, 28, 3), EKS)
    # one comparator with a pre-release opens its whole alternative (current Masterminds)
    assert parse_constraint(">=1.19.0-0 <1.30.0").allows((1, 28, 3), EKS)
    assert not parse_constraint(">=1.19.0 || >=1.40.0-0").allows((1, 28, 3), EKS)
    # pre-release identifiers order as semver says: numeric ones first
    assert not parse_constraint(">=1.28.3-1").allows((1, 28, 3), ("0",))
    assert parse_constraint(">=1.28.3-1").allows((1, 28, 3), ("eks",))


def test_whole_minor_releases() -> None:
    assert minor_allowed(parse_constraint(">=1.28.5"), (1, 28))
    assert not minor_allowed(parse_constraint(">=1.29.0-0"), (1, 28))
    assert not minor_allowed(parse_constraint(">=1.19"), (1, 28), EKS)


@pytest.mark.parametrize("text", ["", ">= ", "1.2.3.4", ">=1.2 ||", "latest", "=> a", "~1.2 foo"])
def test_unreadable_constraints(text: str) -> None:
    with pytest.raises(ConstraintError):
        parse_constraint(text)
