"""A NetworkPolicy selector can never match: no namespace has its labels, or no workload of its
namespace has the pod labels.

## What it checks
In every Kubernetes `NetworkPolicy`:

- each non-empty `namespaceSelector` of a peer is evaluated against the labels of every
  namespace of the scan set (declared by a `Namespace` object or used by an object, with the
  automatic `kubernetes.io/metadata.name` label); when none matches it is reported. This is
  judged only when the scan set declares at least one `Namespace`, since without them it knows
  no namespace labels at all;
- the policy's own `spec.podSelector`, and each peer `podSelector` that has no
  `namespaceSelector` (it selects in the policy's namespace), are evaluated against the pod
  templates of that namespace; a peer `podSelector` next to a `namespaceSelector` that names
  its namespaces with `kubernetes.io/metadata.name` is evaluated in those namespaces. A
  selector that matches no template is reported.

Pod selectors are judged only when the scan set holds workloads in every namespace concerned:
a repository that deploys part of a cluster must not drown in findings about pods it does not
contain. Selectors that use labels only running pods carry (`pod-template-hash`,
`controller-revision-hash`, ...) and invalid selectors (NP203) are not judged.

## Why it matters
A selector that matches nothing fails silently. On `spec.podSelector` the policy protects
nobody; in a peer the rule allows nothing, so the traffic it was written for is denied. The
classic case is `namespaceSelector: {matchLabels: {name: monitoring}}` on a namespace that only
carries the automatic `kubernetes.io/metadata.name` label.

## Example
```yaml
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}     # the workload is labelled app.kubernetes.io/name
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {name: monitoring}}
```

## Fix
Use labels the pods and namespaces actually carry; to select a namespace by name use
`kubernetes.io/metadata.name: <namespace>`, which every namespace has.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/
- https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#automatic-labelling
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.netpol import NAME_LABEL, NetworkPolicy, Peer, is_network_policy
from seawall.model.netpol_scan import ScanNetwork, scan_network, uses_runtime_labels
from seawall.model.resource import Resource
from seawall.model.selectors import LabelSelector

RULE = Rule(
    code="NP201",
    name="network-policy-selector-never-matches",
    severity=Severity.MEDIUM,
    category="network",
    summary="A NetworkPolicy namespace or pod selector matches nothing in the scan set",
    targets=("resource",),
    equivalents=(
        "kube-score:networkpolicy-targets-pod",
        "kube-linter:dangling-networkpolicy",
        "kube-linter:dangling-networkpolicypeer-podselector",
    ),
    references=("https://kubernetes.io/docs/concepts/services-networking/network-policies/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_network_policy(resource):
        return
    policy = scan_network(ctx.graph).policy_for(resource)
    if policy is None:
        return
    network = scan_network(ctx.graph)
    selector = policy.pod_selector
    near = network.pods_near(policy)
    if (
        selector is not None
        and not selector.is_empty
        and near
        and _judgeable(network, selector, policy.namespace)
        and not any(selector.matches(p.labels) for p in near)
    ):
        yield resource.finding_at(
            RULE,
            f"spec.podSelector {selector.describe()} matches none of the "
            f"{len(near)} workload(s) of namespace "
            f"{policy.namespace}, so {policy.describe()} applies to no pod; use labels the "
            "pod templates carry",
            (*resource.path, "spec", "podSelector"),
        )
    for peer in _peers(policy):
        yield from _judge_peer(resource, network, policy, peer)


def _peers(policy: NetworkPolicy) -> Iterator[Peer]:
    for rule in (*policy.ingress, *policy.egress):
        yield from rule.peers or ()


def _judgeable(network: ScanNetwork, selector: LabelSelector, namespace: str) -> bool:
    """Pods of kube-system come with the cluster, and pods of a namespace holding custom
    resources may be made by operators: neither is in the scan set to judge against."""
    return not (
        uses_runtime_labels(selector)
        or namespace == "kube-system"
        or namespace in network.operator_namespaces
    )


def _no_pod_matches(
    network: ScanNetwork, policy: NetworkPolicy, selector: LabelSelector, namespaces: list[str]
) -> bool:
    if not namespaces or not all(_judgeable(network, selector, ns) for ns in namespaces):
        return False
    for namespace in namespaces:
        if namespace == policy.namespace:
            pods = network.pods_near(policy)
        else:
            pods = [network.endpoint(p) for p in network.graph.pods_in(namespace)]
        if not pods:
            return False  # a namespace without workloads in the scan set cannot be judged
        if any(selector.matches(p.labels) for p in pods):
            return False
    return True


def _named_namespaces(selector: LabelSelector) -> list[str] | None:
    """Namespaces a selector pins by ``kubernetes.io/metadata.name In (...)``, else None."""
    for requirement in selector.requirements:
        if requirement.key == NAME_LABEL and requirement.operator == "In":
            return sorted(requirement.values)
    return None


def _judge_peer(
    resource: Resource, network: ScanNetwork, policy: NetworkPolicy, peer: Peer
) -> Iterator[Finding]:
    if peer.broken:
        return
    graph = network.graph
    namespaces = peer.namespace_selector
    if namespaces is not None and not namespaces.is_empty:
        labels = graph.namespace_labels()
        declared = [r for r in graph.of_kind("Namespace") if r.api_version == "v1"]
        if declared and not any(namespaces.matches(v) for v in labels.values()):
            yield resource.finding_at(
                RULE,
                f"namespaceSelector {namespaces.describe()} matches none of the "
                f"{len(labels)} namespace(s) of the scan set{_hint(namespaces, labels)}, so "
                f"this peer of {policy.describe()} selects nothing; select namespaces by "
                f"labels they carry, e.g. {NAME_LABEL}",
                (*peer.path, "namespaceSelector"),
            )
            return
    pods = peer.pod_selector
    if pods is None or pods.is_empty:
        return
    scope = [policy.namespace] if namespaces is None else _named_namespaces(namespaces) or []
    if _no_pod_matches(network, policy, pods, scope):
        yield resource.finding_at(
            RULE,
            f"podSelector {pods.describe()} matches no workload of namespace(s) "
            f"{', '.join(scope)}, so this peer of {policy.describe()} selects no pod; use "
            "labels the pod templates carry"
            + ("" if namespaces is not None else " or add a namespaceSelector for pods elsewhere"),
            (*peer.path, "podSelector"),
        )


def _hint(selector: LabelSelector, labels: dict[str, dict[str, str]]) -> str:
    """Name a namespace the selector's values point at but whose labels differ."""
    for requirement in selector.requirements:
        for value in requirement.values:
            if value in labels and requirement.key not in labels[value]:
                return f" (namespace {value} exists but has no label {requirement.key})"
    return ""
