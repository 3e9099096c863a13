"""SELinux options: only the container types may be set; user and role never."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seawall.policy.pss.base import Issue
from seawall.policy.pss.model import FieldPath
from seawall.policy.pss.pod import Pod, get_map, get_str, quote

ALLOWED_TYPES_1_0 = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
# container_engine_t (for container engines running in pods) became allowed at v1.31.
ALLOWED_TYPES_1_31 = ALLOWED_TYPES_1_0 | {"container_engine_t"}


def _options_issues(
    options: Mapping[str, Any], base: FieldPath, who: str, allowed: frozenset[str]
) -> list[Issue]:
    issues: list[Issue] = []
    kind = get_str(options, "type") or ""
    if kind not in allowed:
        listed = ", ".join(sorted(t for t in allowed if t))
        issues.append(
            Issue(
                (*base, "type"),
                f"{who} must not set securityContext.seLinuxOptions.type to {quote(kind)}",
                f"Remove seLinuxOptions.type or use one of {listed}.",
            )
        )
    for field in ("user", "role"):
        value = get_str(options, field)
        if value:
            issues.append(
                Issue(
                    (*base, field),
                    f"{who} must not set securityContext.seLinuxOptions.{field} ({quote(value)})",
                    f"Remove seLinuxOptions.{field}.",
                )
            )
    return issues


def _check(pod: Pod, allowed: frozenset[str]) -> list[Issue]:
    issues: list[Issue] = []
    options = get_map(pod.security_context, "seLinuxOptions")
    if options is not None:
        issues += _options_issues(
            options, ("spec", "securityContext", "seLinuxOptions"), "pod", allowed
        )
    for container in pod.containers:
        options = get_map(container.security_context, "seLinuxOptions")
        if options is not None:
            issues += _options_issues(
                options, container.sc_path("seLinuxOptions"), container.label, allowed
            )
    return issues


def selinux_options_1_0(pod: Pod) -> list[Issue]:
    return _check(pod, ALLOWED_TYPES_1_0)


def selinux_options_1_31(pod: Pod) -> list[Issue]:
    return _check(pod, ALLOWED_TYPES_1_31)
