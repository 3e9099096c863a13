"""Seccomp: baseline forbids Unconfined; restricted requires RuntimeDefault or Localhost.

Policy versions before v1.19 predate the seccompProfile field, so baseline checks the alpha
annotations there (and only there); from v1.19 it checks the fields instead.
"""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, get_map, get_str, quote

POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
VALID_TYPES = frozenset({"RuntimeDefault", "Localhost"})
_FIX = 'Set seccompProfile.type to "RuntimeDefault" or "Localhost".'


def _valid_annotation(value: str) -> bool:
    # An empty value is not valid here (unlike the AppArmor annotation).
    return value in ("runtime/default", "docker/default") or value.startswith("localhost/")


def seccomp_baseline_1_0(pod: Pod) -> list[Issue]:
    keys = [POD_ANNOTATION]
    # Only the annotations of containers that exist are looked at.
    keys += [CONTAINER_ANNOTATION_PREFIX + container.name for container in pod.containers]
    issues: list[Issue] = []
    seen: set[str] = set()
    for key in keys:
        value = pod.annotation(key)
        if value is None or key in seen or _valid_annotation(value):
            continue
        seen.add(key)
        issues.append(
            Issue(
                ("metadata", "annotations", key),
                f"annotation {key}={quote(value)} sets a forbidden seccomp profile",
                'Set the annotation to "runtime/default" or "localhost/<profile>", or remove it.',
            )
        )
    return issues


def _explicit(pod: Pod) -> tuple[list[Issue], bool]:
    """Pod and containers that set seccompProfile to an invalid type; and whether the pod
    level sets a valid one (which covers containers that leave it unset)."""
    issues: list[Issue] = []
    pod_valid = False
    profile = get_map(pod.security_context, "seccompProfile")
    if profile is not None:
        kind = get_str(profile, "type") or ""
        if kind in VALID_TYPES:
            pod_valid = True
        else:
            issues.append(
                Issue(
                    ("spec", "securityContext", "seccompProfile", "type"),
                    f"pod must not set securityContext.seccompProfile.type to {quote(kind)}",
                    _FIX,
                )
            )
    for container in pod.containers:
        profile = get_map(container.security_context, "seccompProfile")
        if profile is None:
            continue
        kind = get_str(profile, "type") or ""
        if kind not in VALID_TYPES:
            issues.append(
                Issue(
                    container.sc_path("seccompProfile", "type"),
                    f"{container.label} must not set securityContext.seccompProfile.type to "
                    f"{quote(kind)}",
                    _FIX,
                )
            )
    return issues, pod_valid


def seccomp_baseline_1_19(pod: Pod) -> list[Issue]:
    return _explicit(pod)[0]


def seccomp_restricted_1_19(pod: Pod) -> list[Issue]:
    issues, pod_valid = _explicit(pod)
    if pod_valid:
        return issues
    pod_set = get_map(pod.security_context, "seccompProfile") is not None
    if pod_set:
        # The pod level is set but invalid: it is reported above, and fixing it also fixes the
        # containers that inherit it (upstream reports only the explicit setters too).
        return issues
    for container in pod.containers:
        if get_map(container.security_context, "seccompProfile") is None:
            issues.append(
                Issue(
                    container.sc_path("seccompProfile", "type"),
                    f"pod or {container.label} must set securityContext.seccompProfile.type to "
                    '"RuntimeDefault" or "Localhost"',
                    'Set spec.securityContext.seccompProfile.type to "RuntimeDefault" (covers '
                    "every container) or set it on this container.",
                )
            )
    return issues


def seccomp_restricted_1_25(pod: Pod) -> list[Issue]:
    # Windows pods cannot set seccomp (API validation rejects it), so from v1.25 a pod with
    # spec.os.name=windows is exempt. The baseline seccomp check is overridden at restricted,
    # so even an explicit Unconfined on such a pod passes restricted (but not baseline).
    if pod.is_windows:
        return []
    return seccomp_restricted_1_19(pod)
