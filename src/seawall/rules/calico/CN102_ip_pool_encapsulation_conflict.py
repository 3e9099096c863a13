"""A Calico IP pool's encapsulation is contradictory or cannot work.

## What it checks
- an `IPPool` that enables both `ipipMode` and `vxlanMode`;
- an `IPPool` that enables IPIP on an IPv6 CIDR;
- an `IPPool` object with the same CIDR as a pool of the tigera operator's `Installation`
  (`spec.calicoNetwork.ipPools`) but a different encapsulation or `natOutgoing`;
- an IPIP pool while the `Installation` sets `calicoNetwork.bgp: Disabled`.

## Why it matters
Calico rejects a pool with IPIP and VXLAN both on, and IPIP only carries IPv4. When the operator's
pool and a hand-written `IPPool` describe the same range differently, whichever is applied first
wins: the operator does not update a pool after installation, and the other definition silently
never takes effect, so the tunnel type, the firewall openings it needs (IP protocol 4 for IPIP,
UDP 4789 for VXLAN) and the MTU sizing in the repository no longer describe the cluster. IPIP
routes are distributed by BGP; without BGP, pods on different nodes cannot reach each other.

## Example
```yaml
kind: Installation
spec:
  calicoNetwork:
    ipPools:
      - cidr: 10.244.0.0/16
        encapsulation: VXLANCrossSubnet
---
kind: IPPool
spec:
  cidr: 10.244.0.0/16
  ipipMode: CrossSubnet        # the same pool, with IPIP instead of VXLAN
```

## Fix
Keep one definition of each pool. With the operator, write pools in the `Installation` only (or
set `ipPools: []` there and manage `IPPool` objects yourself), and pick one encapsulation per pool.

## References
- https://docs.tigera.io/calico/latest/reference/resources/ippool
- https://docs.tigera.io/calico/latest/reference/installation/api
- https://docs.tigera.io/calico/latest/networking/configuring/vxlan-ipip
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import Pool, all_pools, is_operator, pools_of
from seawall.model.resource import Resource
from seawall.parse.yaml import Path

RULE = Rule(
    code="CN102",
    name="ip-pool-encapsulation-conflict",
    severity=Severity.HIGH,
    category="correctness",
    summary="A Calico IP pool's encapsulation is contradictory or cannot work",
    targets=("resource",),
    references=(
        "https://docs.tigera.io/calico/latest/reference/resources/ippool",
        "https://docs.tigera.io/calico/latest/reference/installation/api",
    ),
)


def _mode_field(pool: Pool) -> Path:
    if pool.from_operator:
        return (*pool.path, "encapsulation")
    field = {"IPIP": "ipipMode", "VXLAN": "vxlanMode"}.get(pool.encapsulation, "cidr")
    return (*pool.path, field)


def _bgp_disabled(ctx: RuleContext) -> Resource | None:
    for installation in ctx.graph.of_kind("Installation"):
        spec = installation.body.get("spec")
        network = spec.get("calicoNetwork") if isinstance(spec, dict) else None
        disabled = isinstance(network, dict) and str(network.get("bgp")) == "Disabled"
        if is_operator(installation) and disabled:
            return installation
    return None


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    mine = pools_of(resource)
    if not mine:
        return
    operator_pools = [p for p in all_pools(ctx.graph.of_kind("Installation")) if p.from_operator]
    bgp_off = _bgp_disabled(ctx)
    for pool in mine:
        if pool.both_modes:
            yield resource.finding(
                RULE,
                f"{pool.origin} enables both ipipMode and vxlanMode: Calico rejects the pool; "
                "set one of them to Never",
                *pool.path,
                "vxlanMode",
            )
        if pool.encapsulation == "IPIP" and pool.network is not None and pool.network.version == 6:
            yield resource.finding(
                RULE,
                f"{pool.origin} enables IPIP on the IPv6 range {pool.network}: IPIP carries "
                "IPv4 only; use VXLAN or no encapsulation",
                *_mode_field(pool),
            )
        if pool.encapsulation == "IPIP" and bgp_off is not None:
            yield resource.finding(
                RULE,
                f"{pool.origin} uses IPIP but Installation {bgp_off.name or '<unnamed>'} sets "
                "calicoNetwork.bgp: Disabled: IPIP routes are carried by BGP, so pods on "
                "different nodes cannot reach each other; use VXLAN or enable BGP",
                *_mode_field(pool),
                at_value=pool.from_operator,
            )
        if pool.from_operator or pool.network is None:
            continue
        for other in operator_pools:
            if other.network != pool.network:
                continue
            differences = []
            if (other.encapsulation, other.cross_subnet) != (
                pool.encapsulation,
                pool.cross_subnet,
            ):
                differences.append(
                    f"{pool.encapsulation_label} here but {other.encapsulation_label} "
                    "in the Installation"
                )
            if other.nat_outgoing != pool.nat_outgoing:
                differences.append(
                    f"natOutgoing {'on' if pool.nat_outgoing else 'off'} here but "
                    f"{'on' if other.nat_outgoing else 'off'} in the Installation"
                )
            if not differences:
                continue
            yield resource.finding(
                RULE,
                f"{pool.origin} redefines the pool {pool.network} of Installation "
                f"{other.resource.name or '<unnamed>'} with conflicting settings "
                f"({'; '.join(differences)}): "
                "whichever is applied first wins and the other never takes effect; keep one "
                "definition",
                *_mode_field(pool),
            )
