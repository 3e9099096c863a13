"""Shared by the pod security rules that decide as Pod Security admission does (KS301-KS306).

Each such rule runs one Baseline check of the Pod Security evaluator (``policy/pss``), in the
revision in force for the target Kubernetes version (the newest when none is set), so that
seawall and the admission controller never disagree about what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import Path
from seawall.policy.pss import CHECKS_BY_ID, LATEST
from seawall.policy.pss.pod import load_pod
from seawall.policy.pss.version import effective_version


@dataclass(frozen=True, slots=True)
class Offence:
    """One field Pod Security's check refuses: where it is in the document, and the check's own
    message (``container "app" must not set ...``)."""

    path: Path
    relative: Path
    message: str


def policy_version(ctx: RuleContext) -> tuple[int, int]:
    """The Pod Security policy version matching the target Kubernetes version."""
    target = ctx.settings.kubernetes_version
    return effective_version(target if target is not None else LATEST)


def offences(pod: PodSpecView, ctx: RuleContext, check_id: str) -> list[Offence]:
    """What Pod Security's check ``check_id`` refuses in this pod, at the target version."""
    revision = CHECKS_BY_ID[check_id].revision_at(policy_version(ctx))
    if revision is None:
        return []
    view = load_pod(pod.pod_object)
    return [
        Offence((*pod.pod_path, *issue.path), issue.path, issue.message)
        for issue in revision.run(view)
    ]


def owner(pod: PodSpecView, relative: Path) -> str:
    """``the pod`` or ``container "app"`` for a path relative to the pod object."""
    if len(relative) >= 3 and relative[0] == "spec" and isinstance(relative[2], int):
        for container in pod.containers:
            if container.group == relative[1] and container.index == relative[2]:
                return container.label
    return "the pod"
