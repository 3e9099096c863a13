"""Which objects are cluster-scoped: a namespace written on them is ignored by the API server."""

from __future__ import annotations

from seawall.model.resource import Resource

# Built-in kinds and the common add-ons' kinds that have no namespace.
CLUSTER_SCOPED_KINDS = frozenset(
    {
        "APIService",
        "CertificateSigningRequest",
        "ClusterRole",
        "ClusterRoleBinding",
        "ComponentStatus",
        "CSIDriver",
        "CSINode",
        "CustomResourceDefinition",
        "FlowSchema",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PodSecurityPolicy",
        "PriorityClass",
        "PriorityLevelConfiguration",
        "RuntimeClass",
        "StorageClass",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
        # Gateway API, cert-manager, Gatekeeper templates
        "GatewayClass",
        "ClusterIssuer",
        "ConstraintTemplate",
        # Calico
        "BGPConfiguration",
        "BGPPeer",
        "ClusterInformation",
        "FelixConfiguration",
        "GlobalNetworkPolicy",
        "GlobalNetworkSet",
        "HostEndpoint",
        "IPPool",
        "IPReservation",
        "KubeControllersConfiguration",
        "Installation",
    }
)
# every Gatekeeper constraint kind is cluster-scoped
_CLUSTER_SCOPED_GROUPS = ("constraints.gatekeeper.sh",)


def is_cluster_scoped(resource: Resource) -> bool:
    return resource.kind in CLUSTER_SCOPED_KINDS or resource.group in _CLUSTER_SCOPED_GROUPS
