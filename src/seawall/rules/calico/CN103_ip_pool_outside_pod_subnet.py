"""A Calico IP pool lies outside the cluster's pod subnet.

## What it checks
Every enabled IP pool (an `IPPool`, or a pool of the tigera operator's `Installation`) against
the `networking.podSubnet` of the kubeadm `ClusterConfiguration` in the scan: a pool whose CIDR
is not inside a pod subnet of the same IP family is reported. Nothing is reported when the scan
has no `ClusterConfiguration` with a `podSubnet`.

## Why it matters
Calico assigns pod addresses from its pools, while Kubernetes components take `podSubnet`
(`--cluster-cidr`) as the range pods live in: kube-proxy, for one, treats traffic from outside
that range as external and masquerades it, so source IPs are lost and NetworkPolicies that match
pod addresses stop working. A pod address inside the node or Service network is unreachable.

## Example
```yaml
# kubeadm ClusterConfiguration
networking:
  podSubnet: 10.244.0.0/16
---
kind: Installation
spec:
  calicoNetwork:
    ipPools:
      - cidr: 192.168.0.0/16     # the operator's example range, not the cluster's
```

## Fix
Make the pools sub-ranges of `podSubnet` (usually one pool equal to it), or change `podSubnet`
before `kubeadm init` to cover the pools.

## References
- https://docs.tigera.io/calico/latest/networking/ipam/initial-ippool
- https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/#kubeadm-k8s-io-v1beta4-Networking
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import Network, parse_network, pools_of
from seawall.model.resource import Resource

RULE = Rule(
    code="CN103",
    name="ip-pool-outside-pod-subnet",
    severity=Severity.HIGH,
    category="correctness",
    summary="A Calico IP pool lies outside the cluster's pod subnet",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/networking/ipam/initial-ippool",),
)


def _pod_subnets(ctx: RuleContext) -> list[Network]:
    subnets: list[Network] = []
    for config in ctx.graph.of_kind("ClusterConfiguration"):
        networking = config.body.get("networking")
        value = networking.get("podSubnet") if isinstance(networking, dict) else None
        if value is None:
            continue
        for part in str(value).split(","):
            net = parse_network(part) if part.strip() else None
            if net is not None:
                subnets.append(net)
    return subnets


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    mine = pools_of(resource)
    if not mine:
        return
    subnets = _pod_subnets(ctx)
    for pool in mine:
        net = pool.network
        if net is None or pool.disabled:
            continue
        family = [s for s in subnets if s.version == net.version]
        if not family or any(net.subnet_of(s) for s in family):  # type: ignore[arg-type]
            continue
        where = ", ".join(str(s) for s in family)
        yield resource.finding(
            RULE,
            f"{pool.label} is not inside the cluster's podSubnet {where}: pods get "
            "addresses Kubernetes does not treat as pod addresses; make the pool part of "
            "podSubnet",
            *pool.cidr_path,
            at_value=True,
        )
