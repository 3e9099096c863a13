"""A NetworkPolicy isolates pods for egress without allowing DNS over UDP and TCP 53.

## What it checks
For every Kubernetes `NetworkPolicy` that isolates pods for egress (`policyTypes` includes
`Egress`, or the policy has an `egress` section when `policyTypes` is absent), the pods of the
scan set it selects are evaluated against every policy of their namespace: egress to the cluster
DNS pods (`k8s-app: kube-dns` in `kube-system`: a stand-in, and the scan set's own DNS pods if
any) must be allowed on UDP 53 and on TCP 53. An egress rule allowing port 53 to an `ipBlock`
(NodeLocal DNSCache, a DNS Service address) counts as a DNS allowance. The finding says which
protocol is missing and is reported once per pod, at the first policy that isolates it.

When the scan holds no workload in the policy's namespace, an unlabelled pod stands in for them,
but only when every egress policy of that namespace selects all pods (`podSelector: {}`), so that
the answer does not depend on labels the scan cannot see. Namespaces where Calico policies also
apply are left to CN202; pods on the host network are skipped; an allowance to a namespace the
scan set does not declare, selected by a label other than `kubernetes.io/metadata.name` or
`name`, makes the answer unknown and nothing is reported.

## Why it matters
Without DNS every name lookup times out: pods fail readiness, cannot reach Services by name and
crash-loop. Allowing only UDP works until a response is truncated (large records, DNSSEC, many
A records) and the resolver retries over TCP, which then hangs: a failure that appears only for
some names and some clients.

## Example
```yaml
kind: NetworkPolicy
metadata: {name: api-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - ports: [{protocol: UDP, port: 53}]     # TCP 53 is missing
```

## Fix
Allow egress to the cluster DNS on both protocols:
`to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}},
podSelector: {matchLabels: {k8s-app: kube-dns}}}]` with
`ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/
- https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
- https://www.rfc-editor.org/rfc/rfc7766
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import namespace_of
from seawall.model.netpol import (
    EGRESS,
    NetworkModel,
    NetworkPolicy,
    PodEndpoint,
    in_same_scope,
    is_network_policy,
)
from seawall.model.netpol_scan import ScanNetwork, scan_network, uses_runtime_labels
from seawall.model.resource import Resource
from seawall.rules.network._shared import DNS_NAMESPACE, dns_pods

RULE = Rule(
    code="NP102",
    name="dns-egress-denied",
    severity=Severity.HIGH,
    category="network",
    summary="A NetworkPolicy isolates pods for egress without allowing DNS on UDP and TCP 53",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
        "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/",
    ),
)

PROTOCOLS = ("UDP", "TCP")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_network_policy(resource):
        return
    network = scan_network(ctx.graph)
    policy = network.policy_for(resource)
    namespace = namespace_of(resource)
    if policy is None or EGRESS not in policy.types or network.calico_applies(namespace):
        return
    pods = _pods(network, policy)
    if not pods:
        return
    targets = dns_pods(ctx.graph, network)
    reported: list[str] = []
    missing_all: set[str] = set()
    isolating_all: dict[str, None] = {}
    for pod in pods:
        isolating = network.model.selecting(pod, EGRESS)
        if not isolating or isolating[0] is not policy:
            continue  # reported at the first policy that isolates the pod
        missing = [p for p in PROTOCOLS if _dns_denied(network.model, pod, targets, p)]
        if missing:
            reported.append(pod.name)
            missing_all.update(missing)
            isolating_all.update((p.describe(), None) for p in isolating)
    if not reported:
        return
    protocols = " and ".join(p for p in PROTOCOLS if p in missing_all)
    yield resource.finding_at(
        RULE,
        f"{policy.describe()} isolates {', '.join(sorted(set(reported)))} for egress and no "
        f"policy isolating them ({', '.join(isolating_all)}) allows {protocols} 53 "
        f"to the cluster DNS (k8s-app=kube-dns in {DNS_NAMESPACE}), so name lookups fail; "
        "allow egress to it on UDP and TCP 53",
        _where(resource),
    )


def _pods(network: ScanNetwork, policy: NetworkPolicy) -> list[PodEndpoint]:
    """The pods to judge: the scan's pods the policy selects, or a stand-in for a namespace
    without workloads when no egress policy there depends on pod labels."""
    if policy.pod_selector is None or uses_runtime_labels(policy.pod_selector):
        return []
    in_namespace = network.pods_near(policy)
    if in_namespace:
        return [p for p in in_namespace if policy.selects(p) and not p.host_network]
    stand_in = PodEndpoint(
        policy.namespace,
        {},
        name=f"every pod of {policy.namespace}",
        scope=policy.scope,
        namespace_written=policy.namespace_written,
    )
    egress = [
        p
        for p in network.model.policies_in(policy.namespace)
        if EGRESS in p.types and in_same_scope(p, stand_in)
    ]
    if all(p.pod_selector is not None and p.pod_selector.is_empty for p in egress):
        return [stand_in]
    return []


def _dns_denied(
    model: NetworkModel, pod: PodEndpoint, targets: list[PodEndpoint], protocol: str
) -> bool:
    verdicts = [model.side(EGRESS, pod, dns, 53, protocol) for dns in targets]
    if any(v.allowed is not False for v in verdicts):
        return False
    # node-local DNS caches and DNS Service addresses are written as ipBlocks on port 53
    return not any(
        rule.port_matches(53, protocol, targets[0])
        and rule.peers is not None
        and any(peer.ip_block is not None for peer in rule.peers)
        for policy in verdicts[0].isolating
        for rule in policy.egress
    )


def _where(resource: Resource) -> tuple[str | int, ...]:
    spec = resource.body.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    types = spec.get("policyTypes")
    if isinstance(types, list) and EGRESS in [str(t) for t in types]:
        return (*resource.path, "spec", "policyTypes", [str(t) for t in types].index(EGRESS))
    return (*resource.path, "spec", "egress")
