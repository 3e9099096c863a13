"""Restricted: allowPrivilegeEscalation must be explicitly false on every container."""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, get_bool


def allow_privilege_escalation_1_8(pod: Pod) -> list[Issue]:
    # The field appeared in Kubernetes 1.8, hence the first policy version.
    issues: list[Issue] = []
    for container in pod.containers:
        if get_bool(container.security_context, "allowPrivilegeEscalation") is False:
            continue
        issues.append(
            Issue(
                container.sc_path("allowPrivilegeEscalation"),
                f"{container.label} must set securityContext.allowPrivilegeEscalation=false",
                "Set securityContext.allowPrivilegeEscalation to false.",
            )
        )
    return issues


def allow_privilege_escalation_1_25(pod: Pod) -> list[Issue]:
    # API validation forbids the field on Windows pods, so from v1.25 they are exempt.
    if pod.is_windows:
        return []
    return allow_privilege_escalation_1_8(pod)
