"""Helpers shared by the network rules: the ends of a connection that the scan set may not hold
(an ingress controller, Prometheus, the cluster DNS) and how messages name them."""

from __future__ import annotations

from seawall.graph.graph import ResourceGraph
from seawall.model.netpol import NAME_LABEL, PodEndpoint
from seawall.model.netpol_scan import ScanNetwork

DNS_NAMESPACE = "kube-system"
DNS_LABELS = {"k8s-app": "kube-dns"}


def pods_and_stand_in(
    graph: ResourceGraph, network: ScanNetwork, namespace: str, stand_in: PodEndpoint
) -> list[PodEndpoint]:
    """``stand_in`` first, then the scan set's pods of ``namespace``. The controller or
    Prometheus usually comes from another repository, and the namespace may hold other pods:
    traffic counts as denied only when it is denied to all of them."""
    return [stand_in, *(network.endpoint(pod) for pod in graph.pods_in(namespace))]


def dns_pods(graph: ResourceGraph, network: ScanNetwork) -> list[PodEndpoint]:
    found = [
        network.endpoint(pod)
        for pod in graph.pods_in(DNS_NAMESPACE)
        if all(pod.template_labels.get(k) == v for k, v in DNS_LABELS.items())
    ]
    stand_in = PodEndpoint(
        DNS_NAMESPACE,
        DNS_LABELS,
        {"dns": (53, "UDP"), "dns-tcp": (53, "TCP")},
        name="the cluster DNS (k8s-app=kube-dns)",
    )
    return [stand_in, *found]


def allow_hint(namespace: str, port: int, protocol: str) -> str:
    return (
        f"add an ingress rule allowing {protocol} {port} from namespaceSelector "
        f"{NAME_LABEL}: {namespace}"
    )
