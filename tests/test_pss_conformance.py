"""The Pod Security evaluator against the upstream admission controller's own fixtures.

The fixtures (copied from kubernetes/pod-security-admission) live beside the repository in
../shared/conformance/pss; every INDEX.jsonl row says whether a pod is allowed or denied at a
level and policy version. All of them must agree.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from seawall.policy.pss import LATEST, Level, evaluate, parse_policy_version
from seawall.policy.pss.registry import CHECKS_BY_ID, active_checks
from tests.conftest import SUMMARY

PSS = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "pss"
INDEX = PSS / "INDEX.jsonl"

pytestmark = pytest.mark.skipif(
    not INDEX.is_file(),
    reason=f"PSS conformance fixtures not found at {PSS} (the shared/ folder beside the repo)",
)

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    lines = INDEX.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@cache
def _pod(relative: str) -> Any:
    return yaml.load((PSS / relative).read_text(encoding="utf-8"), Loader=_Loader)


def test_every_fixture_agrees() -> None:
    rows = _rows()
    disagreements: list[str] = []
    for row in rows:
        violations = evaluate(
            _pod(row["path"]), Level(row["level"]), parse_policy_version(row["version"])
        )
        got = "denied" if violations else "allowed"
        if got != row["expected"]:
            found = ", ".join(f"{v.check} at {v.dotted_path}" for v in violations) or "nothing"
            disagreements.append(f"{row['path']}: expected {row['expected']}, found {found}")
    agreed = len(rows) - len(disagreements)
    SUMMARY.append(f"Pod Security Standards conformance: {agreed}/{len(rows)} fixtures agree")
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:50]
    )


def test_denials_name_the_check_the_fixture_exercises() -> None:
    """A failing fixture for check X is denied by X, or by the restricted check that replaces X
    at that level and version (restrictedVolumes replaces hostPathVolumes, and so on)."""
    wrong: list[str] = []
    for row in _rows():
        expected_check = row["check_id"]
        if row["expected"] != "denied" or expected_check is None:
            continue
        level, version = Level(row["level"]), parse_policy_version(row["version"])
        accepted = {expected_check}
        for check, revision in active_checks(level, version):
            if expected_check in revision.overrides:
                accepted.add(check.id)
        found = {v.check for v in evaluate(_pod(row["path"]), level, version)}
        if not found & accepted:
            wrong.append(f"{row['path']}: expected {sorted(accepted)}, found {sorted(found)}")
    assert not wrong, "\n".join(wrong[:50])


def test_fixture_index_covers_every_check_and_version() -> None:
    rows = _rows()
    assert len(rows) == 4537
    versions = {parse_policy_version(row["version"]) for row in rows}
    assert max(versions) == LATEST, "LATEST must be the newest policy version in the fixtures"
    assert {row["check_id"] for row in rows if row["check_id"]} == set(CHECKS_BY_ID)
