"""Baseline checks on privileged execution: privileged containers and Windows HostProcess."""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, get_bool, get_map


def privileged_1_0(pod: Pod) -> list[Issue]:
    """securityContext.privileged must be unset or false on every container."""
    return [
        Issue(
            container.sc_path("privileged"),
            f"{container.label} must not set securityContext.privileged=true",
            "Remove securityContext.privileged or set it to false; grant only the specific "
            "capabilities the workload needs.",
        )
        for container in pod.containers
        if get_bool(container.security_context, "privileged") is True
    ]


_HOST_PROCESS_FIX = "Remove windowsOptions.hostProcess or set it to false."


def windows_host_process_1_0(pod: Pod) -> list[Issue]:
    """windowsOptions.hostProcess must be unset or false at pod and container level."""
    issues: list[Issue] = []
    if get_bool(get_map(pod.security_context, "windowsOptions"), "hostProcess") is True:
        issues.append(
            Issue(
                ("spec", "securityContext", "windowsOptions", "hostProcess"),
                "pod must not set securityContext.windowsOptions.hostProcess=true",
                _HOST_PROCESS_FIX,
            )
        )
    for container in pod.containers:
        options = get_map(container.security_context, "windowsOptions")
        if get_bool(options, "hostProcess") is True:
            issues.append(
                Issue(
                    container.sc_path("windowsOptions", "hostProcess"),
                    f"{container.label} must not set securityContext.windowsOptions."
                    "hostProcess=true",
                    _HOST_PROCESS_FIX,
                )
            )
    return issues
