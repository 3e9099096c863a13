"""The NetworkPolicy model of one scan: every Kubernetes NetworkPolicy and every pod template of
the scan set, built once per scan (``graph.derived``) for the network rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.calico import RUNTIME_LABELS, is_calico_policy
from seawall.model.netpol import (
    NetworkModel,
    NetworkPolicy,
    PodEndpoint,
    in_same_scope,
    is_network_policy,
    policy_of,
)
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.model.scope import is_custom_resource
from seawall.model.selectors import LabelSelector
from seawall.model.service import container_ports


@dataclass(frozen=True, slots=True)
class ScanNetwork:
    model: NetworkModel
    policies: list[NetworkPolicy]
    pods: dict[int, PodEndpoint]  # id(PodSpecView) → endpoint
    # namespaces where Calico policies also apply: their effect is not modelled here
    calico_namespaces: frozenset[str]
    global_calico: bool
    by_resource: dict[int, NetworkPolicy]
    # namespaces holding custom resources, whose operators may create pods the scan cannot see
    operator_namespaces: frozenset[str]
    graph: ResourceGraph

    def pods_near(self, policy: NetworkPolicy) -> list[PodEndpoint]:
        """The scan's pods of the policy's namespace that it may apply to (same scope)."""
        pods = (self.endpoint(p) for p in self.graph.pods_in(policy.namespace))
        return [p for p in pods if in_same_scope(policy, p)]

    def policies_near(self, pod: PodEndpoint) -> list[NetworkPolicy]:
        """The policies of the pod's namespace that may apply to it (same scope)."""
        return [p for p in self.model.policies_in(pod.namespace) if in_same_scope(p, pod)]

    def policy_for(self, resource: object) -> NetworkPolicy | None:
        """The parsed policy of a NetworkPolicy ``Resource`` of this scan."""
        return self.by_resource.get(id(resource))

    def endpoint(self, pod: PodSpecView) -> PodEndpoint:
        found = self.pods.get(id(pod))
        return found if found is not None else pod_endpoint(pod)

    def calico_applies(self, namespace: str) -> bool:
        return self.global_calico or namespace in self.calico_namespaces


def pod_endpoint(pod: PodSpecView) -> PodEndpoint:
    resource = pod.resource
    return PodEndpoint(
        namespace=namespace_of(resource),
        labels=pod.template_labels,
        ports=container_ports(pod),
        name=f"{resource.kind}/{resource.name or '<unnamed>'}",
        host_network=pod.spec.get("hostNetwork") is True,
        scope=scope_of(resource),
        namespace_written=resource.namespace is not None,
    )


def scope_of(resource: Resource) -> str:
    """The folder of an object's file (see ``in_same_scope``)."""
    return str(PurePath(resource.source.display).parent)


def scan_network(graph: ResourceGraph) -> ScanNetwork:
    return graph.derived("netpol-model", _build)


def _build(graph: ResourceGraph) -> ScanNetwork:
    policies = [
        policy_of(resource, namespace_of(resource), scope_of(resource))
        for resource in graph.of_kind("NetworkPolicy")
        if is_network_policy(resource)
    ]
    declared = {r.name for r in graph.of_kind("Namespace") if r.api_version == "v1" and r.name}
    model = NetworkModel(policies, graph.namespace_labels(), declared)
    pods = {id(pod): pod_endpoint(pod) for pod in graph.pod_specs}
    calico = frozenset(
        namespace_of(r) for r in graph.of_kind("NetworkPolicy") if is_calico_policy(r)
    )
    global_calico = any(is_calico_policy(r) for r in graph.of_kind("GlobalNetworkPolicy"))
    by_resource = {id(p.source): p for p in policies}
    operators = frozenset(namespace_of(r) for r in graph.resources if is_custom_resource(r))
    return ScanNetwork(model, policies, pods, calico, global_calico, by_resource, operators, graph)


def uses_runtime_labels(selector: LabelSelector | None) -> bool:
    """Whether a selector names labels only set on running pods (``pod-template-hash``...),
    which pod templates never carry: evaluating it against templates would be wrong."""
    return selector is not None and any(r.key in RUNTIME_LABELS for r in selector.requirements)
