"""Calico's BGP node-to-node mesh is off, no BGP peer is declared, and pools need BGP routes.

## What it checks
A `BGPConfiguration` named `default` (the cluster-wide one) with
`nodeToNodeMeshEnabled: false`, when the scan holds no `BGPPeer` object and at least one enabled
IP pool (`IPPool` or an operator `Installation` pool) uses IPIP or no encapsulation. With VXLAN
Felix programs the routes to other nodes itself, so VXLAN pools are not reported. When the scan
holds no pool at all, nothing is reported.

## Why it matters
With IPIP or without encapsulation, a node learns where the other nodes' pod blocks are only
over BGP. Turning the full mesh off is meant for route reflectors or top-of-rack peers, declared
as `BGPPeer` objects; without any, no node learns any route and pods on different nodes cannot
reach each other, while pods on the same node still can, which makes the fault look random.

## Example
```yaml
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  nodeToNodeMeshEnabled: false     # and no BGPPeer anywhere
```

## Fix
Keep the mesh on (`nodeToNodeMeshEnabled: true`, the default) until route reflectors or
top-of-rack peers are declared with `BGPPeer` objects, or switch the pools to VXLAN.

## References
- https://docs.tigera.io/calico/latest/reference/resources/bgpconfig
- https://docs.tigera.io/calico/latest/networking/configuring/bgp
- https://docs.tigera.io/calico/latest/networking/configuring/vxlan-ipip
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import Pool, all_pools, is_calico
from seawall.model.resource import Resource

RULE = Rule(
    code="CN105",
    name="bgp-mesh-disabled-without-peers",
    severity=Severity.HIGH,
    category="correctness",
    summary="The BGP mesh is off with no BGP peer while pools rely on BGP routes",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/reference/resources/bgpconfig",),
)


def _needs_bgp(pool: Pool) -> bool:
    return not pool.disabled and pool.encapsulation in ("IPIP", "None")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "BGPConfiguration" or not is_calico(resource):
        return
    if resource.name != "default":
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    mesh = spec.get("nodeToNodeMeshEnabled")
    if not (mesh is False or str(mesh).lower() == "false"):
        return
    if any(is_calico(peer) for peer in ctx.graph.of_kind("BGPPeer")):
        return
    pools = all_pools([*ctx.graph.of_kind("IPPool"), *ctx.graph.of_kind("Installation")])
    routed = [p for p in pools if _needs_bgp(p)]
    if not routed:
        return
    named = " and ".join(f"{p.label} ({p.encapsulation_label})" for p in routed)
    verb = "relies" if len(routed) == 1 else "rely"
    yield resource.finding(
        RULE,
        f"the BGP node-to-node mesh is off and the scan declares no BGPPeer, but {named} "
        f"{verb} on BGP routes: no node learns where other nodes' pods are, so pods on different "
        "nodes cannot reach each other; keep the mesh on until BGPPeer objects (route "
        "reflectors or top-of-rack routers) exist, or use VXLAN",
        "spec",
        "nodeToNodeMeshEnabled",
        at_value=True,
    )
