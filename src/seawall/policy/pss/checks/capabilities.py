"""Linux capabilities: the baseline add allow-list and the restricted drop-ALL rule."""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Container, Pod, get_list, get_map, quote

# The container runtime's default set; adding anything beyond it (NET_RAW included) is forbidden.
# Compared verbatim, as upstream does: "CAP_CHOWN" or "chown" are not in the set.
BASELINE_ALLOWED_1_0 = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
RESTRICTED_ADD_ALLOWED = frozenset({"NET_BIND_SERVICE"})


def _added(container: Container) -> list[tuple[int, str]]:
    capabilities = get_map(container.security_context, "capabilities")
    return [
        (index, value)
        for index, value in enumerate(get_list(capabilities, "add"))
        if isinstance(value, str)
    ]


def _add_issues(container: Container, allowed: frozenset[str], fix: str) -> list[Issue]:
    return [
        Issue(
            container.sc_path("capabilities", "add", index),
            f"{container.label} must not include {quote(value)} in "
            "securityContext.capabilities.add",
            fix,
        )
        for index, value in _added(container)
        if value not in allowed
    ]


def capabilities_baseline_1_0(pod: Pod) -> list[Issue]:
    issues: list[Issue] = []
    for container in pod.containers:
        issues += _add_issues(
            container,
            BASELINE_ALLOWED_1_0,
            "Remove the capability from securityContext.capabilities.add; baseline allows only "
            "the runtime's default set.",
        )
    return issues


def capabilities_restricted_1_22(pod: Pod) -> list[Issue]:
    """Every container must drop ALL and may add back only NET_BIND_SERVICE."""
    issues: list[Issue] = []
    for container in pod.containers:
        capabilities = get_map(container.security_context, "capabilities")
        if "ALL" not in get_list(capabilities, "drop"):
            issues.append(
                Issue(
                    container.sc_path("capabilities", "drop"),
                    f'{container.label} must set securityContext.capabilities.drop=["ALL"]',
                    'Add "ALL" to securityContext.capabilities.drop.',
                )
            )
        issues += _add_issues(
            container,
            RESTRICTED_ADD_ALLOWED,
            "Remove the capability from securityContext.capabilities.add; restricted allows "
            "adding only NET_BIND_SERVICE.",
        )
    return issues


def capabilities_restricted_1_25(pod: Pod) -> list[Issue]:
    # Windows has no Linux capabilities (API validation rejects them there), so from v1.25
    # a pod with spec.os.name=windows is exempt.
    if pod.is_windows:
        return []
    return capabilities_restricted_1_22(pod)
