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


# API groups Kubernetes itself serves; an object of any other group is a custom resource.
BUILTIN_API_GROUPS = frozenset(
    {
        "",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "apiregistration.k8s.io",
        "apps",
        "autoscaling",
        "batch",
        "certificates.k8s.io",
        "coordination.k8s.io",
        "discovery.k8s.io",
        "events.k8s.io",
        "extensions",
        "flowcontrol.apiserver.k8s.io",
        "networking.k8s.io",
        "node.k8s.io",
        "policy",
        "rbac.authorization.k8s.io",
        "scheduling.k8s.io",
        "storage.k8s.io",
    }
)


def is_custom_resource(resource: Resource) -> bool:
    """A namespaced object of an add-on's API (an operator's ``Prometheus``, ``Kafka``...)."""
    return (
        not resource.is_config
        and resource.group not in BUILTIN_API_GROUPS
        and not is_cluster_scoped(resource)
    )
