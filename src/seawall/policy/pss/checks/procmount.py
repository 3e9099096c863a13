"""/proc mount type: only the default (masked) /proc.

Before v1.35 the baseline check was unconditional (the user-namespace relaxation sat behind a
perma-alpha feature gate, off by default, which has since been dropped). From v1.35 baseline
allows any procMount for a pod in a user namespace (``hostUsers: false``), and restricted gains
``procMount_restricted``, which keeps the unconditional rule and overrides the baseline check.
"""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, get_str, quote


def proc_mount_1_0(pod: Pod) -> list[Issue]:
    issues: list[Issue] = []
    for container in pod.containers:
        value = get_str(container.security_context, "procMount")
        if value is None or value == "Default":
            continue
        issues.append(
            Issue(
                container.sc_path("procMount"),
                f"{container.label} must not set securityContext.procMount to {quote(value)}",
                'Remove securityContext.procMount or set it to "Default".',
            )
        )
    return issues


def proc_mount_baseline_1_35(pod: Pod) -> list[Issue]:
    if pod.in_user_namespace:
        return []
    return proc_mount_1_0(pod)
