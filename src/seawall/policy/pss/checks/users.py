"""Restricted user checks: runAsNonRoot must be true, runAsUser must not be 0.

From v1.35 both are skipped for a pod in a user namespace (``hostUsers: false``), where root
inside the container maps to an unprivileged user on the host (KEP-127). Before v1.35 that
relaxation sat behind a perma-alpha feature gate that was off by default, so it does not apply.
"""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, get_bool, get_int

_NON_ROOT_FIX = "Set securityContext.runAsNonRoot=true (pod level covers every container)."


def run_as_non_root_1_0(pod: Pod) -> list[Issue]:
    issues: list[Issue] = []
    pod_value = get_bool(pod.security_context, "runAsNonRoot")
    if pod_value is False:
        issues.append(
            Issue(
                ("spec", "securityContext", "runAsNonRoot"),
                "pod must not set securityContext.runAsNonRoot=false",
                _NON_ROOT_FIX,
            )
        )
    for container in pod.containers:
        value = get_bool(container.security_context, "runAsNonRoot")
        if value is False:
            issues.append(
                Issue(
                    container.sc_path("runAsNonRoot"),
                    f"{container.label} must not set securityContext.runAsNonRoot=false",
                    _NON_ROOT_FIX,
                )
            )
        elif value is None and pod_value is None:
            # Unset on both levels. (When the pod level is explicitly false it is reported
            # above, and fixing it fixes the containers that inherit it.)
            issues.append(
                Issue(
                    container.sc_path("runAsNonRoot"),
                    f"pod or {container.label} must set securityContext.runAsNonRoot=true",
                    _NON_ROOT_FIX,
                )
            )
    return issues


def run_as_non_root_1_35(pod: Pod) -> list[Issue]:
    if pod.in_user_namespace:
        return []
    return run_as_non_root_1_0(pod)


_USER_FIX = "Set runAsUser to a non-zero UID, or remove it and rely on the image's user."


def run_as_user_1_23(pod: Pod) -> list[Issue]:
    issues: list[Issue] = []
    if get_int(pod.security_context, "runAsUser") == 0:
        issues.append(
            Issue(
                ("spec", "securityContext", "runAsUser"),
                "pod must not set securityContext.runAsUser=0",
                _USER_FIX,
            )
        )
    for container in pod.containers:
        if get_int(container.security_context, "runAsUser") == 0:
            issues.append(
                Issue(
                    container.sc_path("runAsUser"),
                    f"{container.label} must not set securityContext.runAsUser=0",
                    _USER_FIX,
                )
            )
    return issues


def run_as_user_1_35(pod: Pod) -> list[Issue]:
    if pod.in_user_namespace:
        return []
    return run_as_user_1_23(pod)
