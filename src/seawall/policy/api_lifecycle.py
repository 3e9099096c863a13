"""Kubernetes API versions that were removed, with the release that removed them.

Facts from the Kubernetes deprecated API migration guide
(https://kubernetes.io/docs/reference/using-api/deprecation-guide/), keyed by
``(apiVersion, kind)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Removal:
    api_version: str
    kind: str
    removed_in: tuple[int, int]
    replacement: str | None

    @property
    def removed_label(self) -> str:
        return f"{self.removed_in[0]}.{self.removed_in[1]}"


def _table(
    rows: list[tuple[str, tuple[str, ...], tuple[int, int], str | None]],
) -> dict[tuple[str, str], Removal]:
    out: dict[tuple[str, str], Removal] = {}
    for api_version, kinds, removed, replacement in rows:
        for kind in kinds:
            out[(api_version, kind)] = Removal(api_version, kind, removed, replacement)
    return out


REMOVALS = _table(
    [
        ("extensions/v1beta1", ("Deployment", "DaemonSet", "ReplicaSet"), (1, 16), "apps/v1"),
        ("apps/v1beta1", ("Deployment", "StatefulSet", "ReplicaSet"), (1, 16), "apps/v1"),
        (
            "apps/v1beta2",
            ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"),
            (1, 16),
            "apps/v1",
        ),
        ("extensions/v1beta1", ("NetworkPolicy",), (1, 16), "networking.k8s.io/v1"),
        ("extensions/v1beta1", ("PodSecurityPolicy",), (1, 16), "policy/v1beta1"),
        (
            "admissionregistration.k8s.io/v1beta1",
            ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"),
            (1, 22),
            "admissionregistration.k8s.io/v1",
        ),
        (
            "apiextensions.k8s.io/v1beta1",
            ("CustomResourceDefinition",),
            (1, 22),
            "apiextensions.k8s.io/v1",
        ),
        ("apiregistration.k8s.io/v1beta1", ("APIService",), (1, 22), "apiregistration.k8s.io/v1"),
        ("authentication.k8s.io/v1beta1", ("TokenReview",), (1, 22), "authentication.k8s.io/v1"),
        (
            "authorization.k8s.io/v1beta1",
            (
                "LocalSubjectAccessReview",
                "SelfSubjectAccessReview",
                "SubjectAccessReview",
                "SelfSubjectRulesReview",
            ),
            (1, 22),
            "authorization.k8s.io/v1",
        ),
        (
            "certificates.k8s.io/v1beta1",
            ("CertificateSigningRequest",),
            (1, 22),
            "certificates.k8s.io/v1",
        ),
        ("coordination.k8s.io/v1beta1", ("Lease",), (1, 22), "coordination.k8s.io/v1"),
        ("extensions/v1beta1", ("Ingress",), (1, 22), "networking.k8s.io/v1"),
        ("networking.k8s.io/v1beta1", ("Ingress", "IngressClass"), (1, 22), "networking.k8s.io/v1"),
        (
            "rbac.authorization.k8s.io/v1beta1",
            ("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
            (1, 22),
            "rbac.authorization.k8s.io/v1",
        ),
        ("scheduling.k8s.io/v1beta1", ("PriorityClass",), (1, 22), "scheduling.k8s.io/v1"),
        (
            "storage.k8s.io/v1beta1",
            ("CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"),
            (1, 22),
            "storage.k8s.io/v1",
        ),
        ("batch/v1beta1", ("CronJob",), (1, 25), "batch/v1"),
        ("discovery.k8s.io/v1beta1", ("EndpointSlice",), (1, 25), "discovery.k8s.io/v1"),
        ("events.k8s.io/v1beta1", ("Event",), (1, 25), "events.k8s.io/v1"),
        ("autoscaling/v2beta1", ("HorizontalPodAutoscaler",), (1, 25), "autoscaling/v2"),
        ("policy/v1beta1", ("PodDisruptionBudget",), (1, 25), "policy/v1"),
        ("policy/v1beta1", ("PodSecurityPolicy",), (1, 25), None),
        ("node.k8s.io/v1beta1", ("RuntimeClass",), (1, 25), "node.k8s.io/v1"),
        (
            "flowcontrol.apiserver.k8s.io/v1beta1",
            ("FlowSchema", "PriorityLevelConfiguration"),
            (1, 26),
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        ("autoscaling/v2beta2", ("HorizontalPodAutoscaler",), (1, 26), "autoscaling/v2"),
        ("storage.k8s.io/v1beta1", ("CSIStorageCapacity",), (1, 27), "storage.k8s.io/v1"),
        (
            "flowcontrol.apiserver.k8s.io/v1beta2",
            ("FlowSchema", "PriorityLevelConfiguration"),
            (1, 29),
            "flowcontrol.apiserver.k8s.io/v1",
        ),
        (
            "flowcontrol.apiserver.k8s.io/v1beta3",
            ("FlowSchema", "PriorityLevelConfiguration"),
            (1, 32),
            "flowcontrol.apiserver.k8s.io/v1",
        ),
    ]
)


def removal_of(api_version: str, kind: str) -> Removal | None:
    return REMOVALS.get((api_version, kind))
