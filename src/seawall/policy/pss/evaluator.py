"""Evaluate a pod against a level at a policy version, like the admission controller does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seawall.policy.pss.model import Level, Violation
from seawall.policy.pss.pod import load_pod
from seawall.policy.pss.registry import active_checks
from seawall.policy.pss.version import Version, effective_version


def evaluate(pod: Mapping[str, Any], level: Level, version: Version) -> list[Violation]:
    """The violations of ``pod`` (a Pod, or a workload's pod template: ``metadata`` + ``spec``)
    at ``level`` and policy ``version``; an empty list means the pod is allowed.

    Versions newer than ``LATEST`` evaluate as ``LATEST``. Malformed input never raises: fields
    of the wrong type count as absent, as if they had not decoded.
    """
    level = Level(level)
    if level is Level.PRIVILEGED:
        return []
    view = load_pod(pod)
    violations: list[Violation] = []
    for check, revision in active_checks(level, effective_version(version)):
        for issue in revision.run(view):
            violations.append(Violation(check.id, check.level, *issue))
    return violations
