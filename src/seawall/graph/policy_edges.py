"""NetworkPolicy edges for the graph view: which workloads a policy selects and lets talk.

API
---
``policy_edges(graph) -> list[Edge]`` (built once per scan) gives, for every Kubernetes
``networking.k8s.io/v1`` NetworkPolicy of the scan set, ``Edge`` objects (``seawall.graph.edges``)
of three kinds (``POLICY_EDGE_KINDS``):

- ``selects``: the policy → the pod templates its ``podSelector`` selects (a selector edge at
  ``spec.podSelector``; broken when it selects none);
- ``allows-from`` / ``allows-to``: each ``from`` / ``to`` peer of an ingress / egress rule → what
  it admits, at the peer's item. ``detail`` is the rule's ports (``TCP 8080``), None for every
  port. The target depends on the peer:

  - ``podSelector`` alone: a selector edge to the policy namespace's pods, broken when none match
    (the mistake the network rules report as a selector that matches no workload);
  - with ``namespaceSelector``: ``target_kind`` ``Pod``, ``target_namespace`` None, the pods of
    the matching namespaces the scan set holds. None is not broken (such peers usually name pods
    that live elsewhere, like an ingress controller) unless the scan declares Namespaces and the
    selector matches none of the scan's namespaces (the labels NP201 judges): then it is a
    selector edge (``selector`` the namespace selector) with no pods;
  - ``ipBlock``: ``target_kind`` ``IPBlock``, ``target_name`` the CIDR (and exceptions), counted
    as ``builtin`` (an address outside the object model, never broken);
  - a rule without peers (every peer): ``target_kind`` ``Peer``, ``target_name`` ``any``,
    ``builtin``.

These edges describe policies for people (``seawall graph``); whether traffic really passes is the
evaluator's job (``seawall.model.netpol``), which the network rules use.
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.graph.edges import Edge
from seawall.graph.graph import ResourceGraph
from seawall.model.netpol import (
    INGRESS,
    NetworkPolicy,
    Peer,
    PolicyRule,
    _Unknown,  # a namespace whose labels the scan lacks: not drawn rather than guessed
)
from seawall.model.netpol_scan import ScanNetwork, scan_network
from seawall.model.podspec import PodSpecView
from seawall.model.selectors import LabelSelector

POLICY_EDGE_KINDS = ("selects", "allows-from", "allows-to")
_EVERYTHING = LabelSelector()


def policy_edges(graph: ResourceGraph) -> list[Edge]:
    """Every NetworkPolicy edge of the scan, built once."""
    return graph.derived("policy-edges", _build)


def _build(graph: ResourceGraph) -> list[Edge]:
    network = scan_network(graph)
    edges: list[Edge] = []
    for policy in network.policies:
        edges.extend(_policy(policy, network))
    return edges


def _policy(policy: NetworkPolicy, network: ScanNetwork) -> Iterator[Edge]:
    resource = policy.source
    selector = policy.pod_selector
    if selector is not None:  # None: an invalid selector, reported by the rules
        candidates = network.graph.pods_matching(policy.namespace, selector)
        pods = tuple(p for p in candidates if policy.selects(network.endpoint(p)))
        yield Edge(
            resource,
            (*resource.path, "spec", "podSelector"),
            "selects",
            "Pod",
            policy.namespace,
            selector.describe(),
            pods,
            selector=selector,
        )
    for direction, rules in ((INGRESS, policy.ingress), ("Egress", policy.egress)):
        kind = "allows-from" if direction == INGRESS else "allows-to"
        for rule in rules:
            yield from _rule(policy, rule, kind, network)


def _ports(rule: PolicyRule) -> str | None:
    if rule.ports is None:
        return None
    return ", ".join(port.describe() for port in rule.ports if not port.broken) or None


def _rule(
    policy: NetworkPolicy, rule: PolicyRule, kind: str, network: ScanNetwork
) -> Iterator[Edge]:
    resource = policy.source
    ports = _ports(rule)
    if rule.peers is None:
        yield Edge(resource, rule.path, kind, "Peer", None, "any", None, builtin=True, detail=ports)
        return
    for peer in rule.peers:
        if peer.broken:
            continue  # an invalid peer matches nothing; the rules report it
        if peer.ip_block is not None:
            block = peer.ip_block
            text = str(block.network)
            if block.excepted:
                text += " except " + ", ".join(str(e) for e in block.excepted)
            path = (*peer.path, "ipBlock")
            yield Edge(
                resource, path, kind, "IPBlock", None, text, None, builtin=True, detail=ports
            )
        elif peer.namespace_selector is None:
            selector = peer.pod_selector or _EVERYTHING
            pods = tuple(network.graph.pods_matching(policy.namespace, selector))
            yield Edge(
                resource,
                peer.path,
                kind,
                "Pod",
                policy.namespace,
                selector.describe(),
                pods,
                detail=ports,
                selector=selector,
            )
        else:
            namespaces = peer.namespace_selector
            pod_text = f"{peer.pod_selector.describe()} " if peer.pod_selector is not None else ""
            name = f"{pod_text}in namespaces {namespaces.describe()}"
            if _matches_no_namespace(namespaces, network):
                # a selector edge with no pods: broken, like a pod selector matching nothing
                yield Edge(
                    resource,
                    peer.path,
                    kind,
                    "Pod",
                    None,
                    name,
                    (),
                    detail=ports,
                    selector=namespaces,
                )
            else:
                pods = tuple(_pods_in_namespaces(policy, peer, network))
                yield Edge(resource, peer.path, kind, "Pod", None, name, pods, detail=ports)


def _matches_no_namespace(selector: LabelSelector, network: ScanNetwork) -> bool:
    """Whether a non-empty namespace selector matches none of the scan's namespaces, by their
    labels as written (plus the automatic name label). Judged only when the scan declares some
    Namespace, as rule NP201 does: without one no namespace labels are known."""
    graph = network.graph
    if selector.is_empty or not network.model.namespaces.declared:
        return False
    return not any(selector.matches(labels) for labels in graph.namespace_labels().values())


def _pods_in_namespaces(
    policy: NetworkPolicy, peer: Peer, network: ScanNetwork
) -> Iterator[PodSpecView]:
    """The scan's pods a peer with a ``namespaceSelector`` matches, namespace by namespace."""
    selector = peer.namespace_selector
    assert selector is not None
    graph = network.graph
    for namespace in sorted(graph.namespace_labels()):
        try:
            if not network.model.namespaces.matches(selector, namespace):
                continue
        except _Unknown:
            continue
        yield from graph.pods_matching(namespace, peer.pod_selector or _EVERYTHING)
