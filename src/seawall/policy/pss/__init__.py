"""Pod Security Standards: an evaluator with the semantics of Kubernetes' Pod Security Admission
(k8s.io/pod-security-admission), check by check and policy version by policy version.

    from seawall.policy.pss import Level, evaluate, parse_policy_version
    evaluate(pod, Level.RESTRICTED, parse_policy_version("v1.30"))  # [] when allowed
"""

from __future__ import annotations

from seawall.policy.pss.evaluator import evaluate
from seawall.policy.pss.model import FieldPath, Level, Violation
from seawall.policy.pss.registry import CHECKS, CHECKS_BY_ID, MAX_VERSION, Check
from seawall.policy.pss.version import LATEST, Version, parse_policy_version

if MAX_VERSION != LATEST:  # pragma: no cover - a registration without updating LATEST
    raise RuntimeError(f"LATEST {LATEST} does not match the newest check revision {MAX_VERSION}")

__all__ = [
    "CHECKS",
    "CHECKS_BY_ID",
    "LATEST",
    "Check",
    "FieldPath",
    "Level",
    "Version",
    "Violation",
    "evaluate",
    "parse_policy_version",
]
