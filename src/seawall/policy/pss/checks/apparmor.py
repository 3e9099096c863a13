"""AppArmor: the securityContext.appArmorProfile fields and the beta annotations.

Upstream registers a single revision at v1.0 and amended it in place when the fields arrived
(Kubernetes 1.30), so the fields are checked at every policy version, and the deprecated
annotations are still checked at every version too.
"""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, get_map, get_str, quote

ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
ALLOWED_TYPES = frozenset({"RuntimeDefault", "Localhost"})
_FIX = 'Set appArmorProfile.type to "RuntimeDefault" or "Localhost", or remove it.'
_ANNOTATION_FIX = (
    'Set the annotation to "runtime/default" or "localhost/<profile>", or remove it '
    "(better: use securityContext.appArmorProfile)."
)


def _allowed_annotation(value: str) -> bool:
    return value == "" or value == "runtime/default" or value.startswith("localhost/")


def app_armor_profile_1_0(pod: Pod) -> list[Issue]:
    issues: list[Issue] = []
    profile = get_map(pod.security_context, "appArmorProfile")
    if profile is not None:
        # A profile object without a valid type is refused too (type is required).
        kind = get_str(profile, "type") or ""
        if kind not in ALLOWED_TYPES:
            issues.append(
                Issue(
                    ("spec", "securityContext", "appArmorProfile", "type"),
                    f"pod must not set securityContext.appArmorProfile.type to {quote(kind)}",
                    _FIX,
                )
            )
    for container in pod.containers:
        profile = get_map(container.security_context, "appArmorProfile")
        if profile is None:
            continue
        kind = get_str(profile, "type") or ""
        if kind not in ALLOWED_TYPES:
            issues.append(
                Issue(
                    container.sc_path("appArmorProfile", "type"),
                    f"{container.label} must not set securityContext.appArmorProfile.type to "
                    f"{quote(kind)}",
                    _FIX,
                )
            )
    # Every annotation with the prefix counts, whether or not a container has that name.
    for key, value in sorted(pod.annotations()):
        if key.startswith(ANNOTATION_PREFIX) and not _allowed_annotation(value):
            issues.append(
                Issue(
                    ("metadata", "annotations", key),
                    f"annotation {key}={quote(value)} sets a forbidden AppArmor profile",
                    _ANNOTATION_FIX,
                )
            )
    return issues
