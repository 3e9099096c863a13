"""A workload runs in a namespace that has no NetworkPolicy at all.

## What it checks
Pod templates whose namespace has no Kubernetes `NetworkPolicy` in the scan set, so nothing
isolates them: every pod may receive traffic from, and send it to, any address. A namespace
that has policies but leaves some workloads unselected is NP202's case; together the two rules
report every workload that no policy restricts. Skipped: pod templates without labels (in
practice kustomize patches), pods on the host network (policies do not apply to them), and
namespaces where a Calico `NetworkPolicy` applies or any Calico `GlobalNetworkPolicy` exists:
Calico policies isolate pods too, and the Calico rules (CN2xx) judge them. A policy and a workload
written without `metadata.namespace` are taken to share a namespace only when one's folder
contains the other's (the same scope rule as NP202).

## Why it matters
Kubernetes allows all pod traffic until a policy selects a pod. Without a default-deny policy, a
compromised pod reaches every other pod, database and admin port in the cluster, and the cloud
metadata service. Low severity: it is the default, and the policy may live in another
repository (the platform team's namespace baseline); suppress the rule for such folders.

## Example
```yaml
kind: Deployment
metadata: {name: api, namespace: shop}    # no NetworkPolicy in namespace shop
```

## Fix
Add a default-deny policy to the namespace and allow what each workload needs:
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
```

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
- https://kubernetes.io/docs/concepts/security/multi-tenancy/#network-isolation
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import namespace_of
from seawall.model.netpol_scan import scan_network
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KN201",
    name="namespace-without-network-policy",
    severity=Severity.LOW,
    category="network",
    summary="A workload runs in a namespace that has no NetworkPolicy",
    targets=("pod-spec",),
    equivalents=(
        "kube-linter:non-isolated-pod",
        "kube-score:pod-networkpolicy",
        "polaris:missingNetworkPolicy",
    ),
    references=(
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    network = scan_network(ctx.graph)
    endpoint = network.endpoint(pod)
    if not endpoint.labels or endpoint.host_network:
        return
    namespace = namespace_of(pod.resource)
    if network.policies_near(endpoint) or network.calico_applies(namespace):
        return
    yield pod.finding_at(
        RULE,
        f"{endpoint.name} runs in namespace {namespace}, which has no NetworkPolicy: any pod or "
        "address can reach it and it can reach anything; add a default-deny policy "
        "(`podSelector: {}`, policyTypes Ingress and Egress) and allow what it needs",
        (*pod.pod_path, "metadata", "labels"),
    )
