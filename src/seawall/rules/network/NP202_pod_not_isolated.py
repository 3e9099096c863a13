"""A workload is selected by no NetworkPolicy in a namespace that has NetworkPolicies.

## What it checks
For every pod template whose namespace has at least one Kubernetes `NetworkPolicy`, the
`spec.podSelector` of each of those policies is evaluated against the template's labels. A
workload that none selects is reported: it accepts traffic from anywhere and sends it anywhere,
while its neighbours are restricted.

Namespaces without any NetworkPolicy are KN201's case; together the two rules cover kube-
linter's `non-isolated-pod`, kube-score's `pod-networkpolicy` and Polaris's
`missingNetworkPolicy`, which flag every workload no policy selects. Skipped, to stay
conservative: pod templates without labels (in practice kustomize patches, not workloads), pods
on the host network (policies do not apply to them), namespaces where Calico policies also apply
or any `GlobalNetworkPolicy` exists, and namespaces with a policy whose selector is invalid or
uses labels only running pods carry. A policy and a workload written without
`metadata.namespace` are taken to share a namespace only when one's folder contains the other's:
they land wherever they are applied, and unrelated projects scanned together must not count as
one namespace.

## Why it matters
Policies are written pod by pod; a workload added later, or relabelled, silently falls outside
all of them. Within a namespace that has chosen to restrict traffic, one open workload is the
hole an attacker who reaches the cluster network uses.

## Example
```yaml
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
---
kind: Deployment
metadata: {name: worker, namespace: shop}      # app: worker, selected by no policy
```

## Fix
Add a default-deny policy for the namespace (`podSelector: {}` with both policy types) and
allow each workload what it needs, or extend an existing policy's selector to the workload.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import namespace_of
from seawall.model.netpol_scan import scan_network, uses_runtime_labels
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="NP202",
    name="pod-not-isolated",
    severity=Severity.LOW,
    category="network",
    summary="A workload is selected by no NetworkPolicy in a namespace that has some",
    targets=("pod-spec",),
    equivalents=(
        "kube-linter:non-isolated-pod",
        "kube-score:pod-networkpolicy",
        "polaris:missingNetworkPolicy",
    ),
    references=("https://kubernetes.io/docs/concepts/services-networking/network-policies/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    network = scan_network(ctx.graph)
    namespace = namespace_of(pod.resource)
    endpoint = network.endpoint(pod)
    if not endpoint.labels:
        return  # a kustomize patch, or a pod no selector can single out
    policies = network.policies_near(endpoint)
    if not policies or network.calico_applies(namespace):
        return
    if any(p.pod_selector is None or uses_runtime_labels(p.pod_selector) for p in policies):
        return
    if endpoint.host_network or network.model.selecting(endpoint):
        return
    names = ", ".join(p.name for p in policies[:3]) + (", ..." if len(policies) > 3 else "")
    yield pod.finding_at(
        RULE,
        f"{endpoint.name} is selected by none of the {len(policies)} NetworkPolicy object(s) of "
        f"namespace {namespace} ({names}), so its traffic is not restricted at all; add a "
        "default-deny policy for the namespace or a policy selecting it",
        (*pod.pod_path, "metadata", "labels"),
    )
