"""A NetworkPolicy rule lists a `namespaceSelector` peer and a separate `podSelector` peer: they
are OR'ed, so every pod of the selected namespaces is allowed.

## What it checks
Every `from` (ingress) and `to` (egress) list of a Kubernetes `NetworkPolicy` holding both a
peer with only `namespaceSelector` and another peer with only `podSelector`. Kubernetes allows a
connection when *any* peer matches: the namespace peer admits every pod of those namespaces,
whatever its labels, and the pod peer only adds pods of the policy's own namespace. Written as
two list items (two dashes), this is usually meant as one peer with both selectors, which
admits only the labelled pods *in* those namespaces. The finding is at the `namespaceSelector`
peer and shows both forms.

Severity: `low` by default, since two separate peers can be intended ("everything from
namespace A, plus these pods of ours"). `medium` when the scan shows the OR is not what was
meant: the namespace selector is empty (every namespace) or selects the policy's own
namespace (the pod peer then adds nothing, and the rule admits every pod of the namespace), or
the pod selector matches no pod of the policy's namespace but does match pods in a namespace
the namespace selector selects.
The first is also judged by name (`kubernetes.io/metadata.name` or `name` equal to the policy's
namespace), whether or not the namespace carries that label.

Not reported, because allowing a whole infrastructure namespace is the usual intent: a
namespace selector whose values name only namespaces listed in `infrastructure_namespaces`
(matched on any label, `kubernetes.io/metadata.name` or `name` usually), or values containing
`ingress`, `monitoring`, `prometheus`, `dns` or `gateway` (`network.openshift.io/policy-group:
ingress`, `purpose: monitoring`). Peers with `ipBlock` are not considered.

## Why it matters
The difference is one dash. The intended rule ("the frontend pods of namespace shop") becomes
"any pod of namespace shop, plus the frontend pods here": a compromised or misbehaving pod in
the selected namespaces reaches the workload, and the policy looks right on review.

## Example
```yaml
ingress:
  - from:
      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
      - podSelector: {matchLabels: {app: frontend}}   # a second peer: OR
```

## Fix
Put both selectors in one peer (no dash before `podSelector`) to require both:

```yaml
ingress:
  - from:
      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
        podSelector: {matchLabels: {app: frontend}}   # same peer: AND
```

If every pod of the namespaces should be allowed, drop the redundant pod peer or disable the
rule for that line.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
- https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/

## Options
- `infrastructure_namespaces` (list, default `kube-system`, `ingress-nginx`, `monitoring`, ...):
  namespaces a whole-namespace peer is expected to allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.netpol import (
    CONVENTIONAL_NAME_LABEL,
    INGRESS,
    NAME_LABEL,
    NetworkPolicy,
    PolicyRule,
    _Unknown,  # a namespace whose labels the scan lacks: its answer is not evidence
    is_network_policy,
)
from seawall.model.netpol_scan import ScanNetwork, scan_network
from seawall.model.resource import Resource
from seawall.model.selectors import LabelSelector

RULE = Rule(
    code="NP204",
    name="namespace-or-pod-peer",
    severity=Severity.LOW,
    category="network",
    summary="A NetworkPolicy namespaceSelector peer and a separate podSelector peer are OR'ed",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors",
    ),
    options=(
        Option(
            "infrastructure_namespaces",
            [
                "kube-system",
                "ingress-nginx",
                "monitoring",
                "istio-system",
                "cert-manager",
                "openshift-ingress",
                "openshift-monitoring",
                "openshift-dns",
            ],
            "namespaces a whole-namespace peer is expected to allow",
        ),
    ),
)

# words in a namespace label value that say the peer admits platform traffic on purpose
_INFRASTRUCTURE_WORDS = ("ingress", "monitoring", "prometheus", "dns", "gateway")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_network_policy(resource):
        return
    network = scan_network(ctx.graph)
    policy = network.policy_for(resource)
    if policy is None:
        return
    infrastructure = {str(n) for n in ctx.option("infrastructure_namespaces")}
    for direction, rules in ((INGRESS, policy.ingress), ("Egress", policy.egress)):
        for rule in rules:
            yield from _judge(resource, network, policy, rule, direction, infrastructure)


def _judge(
    resource: Resource,
    network: ScanNetwork,
    policy: NetworkPolicy,
    rule: PolicyRule,
    direction: str,
    infrastructure: set[str],
) -> Iterator[Finding]:
    peers = [p for p in rule.peers or () if not p.broken and p.ip_block is None]
    pod_peers = [p for p in peers if p.namespace_selector is None and p.pod_selector is not None]
    if not pod_peers:
        return
    field = "from" if direction == INGRESS else "to"
    for peer in peers:
        namespaces = peer.namespace_selector
        if namespaces is None or peer.pod_selector is not None:
            continue
        if _infrastructure(namespaces, infrastructure):
            continue
        pod_selector = pod_peers[0].pod_selector
        assert pod_selector is not None
        selected = _selected_namespaces(network, namespaces)
        reason = _evidence(network, policy, namespaces, pod_selector, selected)
        scope = (
            "every pod of every namespace"
            if namespaces.is_empty
            else f"every pod of the namespaces {namespaces.describe()}"
        )
        message = (
            f"{field} lists namespaceSelector {namespaces.describe()} and, as a separate peer, "
            f"podSelector {pod_selector.describe()}: peers are OR'ed, so {policy.describe()} "
            f"allows traffic {'from' if direction == INGRESS else 'to'} {scope}, not only "
            f"pods labelled {pod_selector.describe()} there"
            + (f" ({reason})" if reason else "")
            + "; to require both, write them in one peer (no dash before podSelector), or drop "
            "the pod peer if the whole namespace is meant"
        )
        finding = resource.finding_at(RULE, message, (*peer.path, "namespaceSelector"))
        yield replace(finding, severity=Severity.MEDIUM) if reason else finding


def _infrastructure(selector: LabelSelector, infrastructure: set[str]) -> bool:
    """Whether the namespace selector asks, by every value it requires, for platform
    namespaces (``kube-system``, the ingress controller's, monitoring's)."""
    values = [v for r in selector.requirements if r.operator == "In" for v in r.values]
    if not values:
        return False
    return all(
        value in infrastructure or any(word in value.lower() for word in _INFRASTRUCTURE_WORDS)
        for value in values
    )


def _selected_namespaces(network: ScanNetwork, selector: LabelSelector) -> list[str]:
    """The scan's namespaces the selector matches; those whose labels are unknown left out."""
    found = []
    for namespace in sorted(network.graph.namespace_labels()):
        try:
            if network.model.namespaces.matches(selector, namespace):
                found.append(namespace)
        except _Unknown:
            continue
    return found


def _names(selector: LabelSelector, namespace: str) -> bool:
    """Whether the selector asks for ``namespace`` by a name label, whatever labels the
    namespace really carries (NP201 reports a name label it lacks)."""
    return any(
        r.key in (NAME_LABEL, CONVENTIONAL_NAME_LABEL)
        and r.operator == "In"
        and namespace in r.values
        for r in selector.requirements
    )


def _evidence(
    network: ScanNetwork,
    policy: NetworkPolicy,
    namespaces: LabelSelector,
    pods: LabelSelector,
    selected: list[str],
) -> str | None:
    """Why the scan shows the OR is a mistake, or None."""
    if namespaces.is_empty:
        return "an empty namespaceSelector selects every namespace, so the pod peer adds nothing"
    if policy.namespace in selected or _names(namespaces, policy.namespace):
        return (
            f"the namespace selector asks for the policy's own namespace {policy.namespace}, "
            "so the pod peer adds nothing"
        )
    graph = network.graph
    if graph.pods_in(policy.namespace) and not graph.pods_matching(policy.namespace, pods):
        elsewhere = [n for n in selected if graph.pods_matching(n, pods)]
        if elsewhere:
            return (
                f"those pods live in {', '.join(elsewhere)}, not in {policy.namespace} where a "
                "podSelector-only peer looks"
            )
    return None
