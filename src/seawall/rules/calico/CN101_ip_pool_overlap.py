"""Two Calico IP pools overlap.

## What it checks
Every IP pool of the scan, written as a `projectcalico.org/v3` `IPPool` or in the
`spec.calicoNetwork.ipPools` of a tigera operator `Installation`, against every other: any two
CIDRs that share addresses are reported once, at the pool found later. An `IPPool` object with
exactly the CIDR of an operator pool is left to CN102 (it is the same pool written twice).

## Why it matters
Calico refuses to create a pool that overlaps an existing one, so the second pool fails to
apply, and which one exists depends on the order objects are applied. Where overlapping pools
do get in (a pool changed in place, a restored backup), IPAM can hand out one address twice and
each pool's encapsulation and NAT settings apply to an unpredictable part of the range.

## Example
```yaml
kind: IPPool
metadata: {name: pool-a}
spec: {cidr: 10.244.0.0/16}
---
kind: IPPool
metadata: {name: pool-b}
spec: {cidr: 10.244.128.0/18}    # inside pool-a
```

## Fix
Give every pool a disjoint CIDR inside the cluster's pod range; to move workloads between
ranges, create the new pool, disable the old one (`disabled: true`) and delete it once empty.

## References
- https://docs.tigera.io/calico/latest/reference/resources/ippool
- https://docs.tigera.io/calico/latest/networking/ipam/ippools
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import Pool, all_pools, pools_of
from seawall.model.resource import Resource

RULE = Rule(
    code="CN101",
    name="ip-pool-overlap",
    severity=Severity.HIGH,
    category="correctness",
    summary="Two Calico IP pools overlap",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/reference/resources/ippool",),
)


def _order(pool: Pool) -> tuple[str, int, str]:
    return (pool.resource.source.display, pool.resource.document, repr(pool.path))


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    mine = pools_of(resource)
    if not mine:
        return
    others = all_pools(ctx.graph.of_kind("IPPool") + ctx.graph.of_kind("Installation"))
    for pool in mine:
        net = pool.network
        if net is None:
            continue
        for other in others:
            if other is pool or other.network is None or other.network.version != net.version:
                continue
            if other.resource is resource and other.path == pool.path:
                continue
            if not net.overlaps(other.network) or _order(other) > _order(pool):
                continue
            if other.from_operator != pool.from_operator and other.network == net:
                continue  # the operator's pool written out as an object too: CN102
            relation = "is the same range as" if other.network == net else "overlaps"
            yield resource.finding(
                RULE,
                f"{pool.label} {relation} {other.label}: Calico "
                "rejects overlapping pools; give each pool a disjoint CIDR",
                *pool.cidr_path,
                at_value=True,
            )
