"""A Calico MTU leaves no room for the encapsulation overhead.

## What it checks
The workload MTU of the tigera operator's `Installation` (`spec.calicoNetwork.mtu`) and the
tunnel MTUs of a `FelixConfiguration` (`vxlanMTU`, `vxlanMTUV6`, `ipipMTU`, `wireguardMTU`,
`wireguardMTUV6`) against the overhead of the encapsulation in use, as the Calico MTU guide
gives it: VXLAN 50 bytes (IPv4) or 70 (IPv6), IPIP 20, WireGuard 60 (IPv4) or 80 (IPv6). The
encapsulation of the `Installation` MTU is taken from the pools in the scan (the largest
overhead among encapsulating pools, and WireGuard when a `FelixConfiguration` enables it).

Only values that look sized for a standard 1500-byte Ethernet link are judged: a value above
1500 means jumbo frames, whose size the scan cannot know, and is left alone. So an MTU is
reported when `1500 - overhead < MTU <= 1500`.

## Why it matters
An encapsulated packet is the pod packet plus the tunnel headers. When the pod MTU does not leave
room for them, full-size packets need fragmentation or are dropped: small requests work, while
large responses, TLS handshakes with long certificate chains and bulk transfers hang. Kernels
also refuse a tunnel device MTU that does not fit the parent interface.

## Example
```yaml
kind: Installation
spec:
  calicoNetwork:
    mtu: 1500                  # VXLAN needs 50 bytes: at most 1450 on a 1500-byte network
    ipPools:
      - cidr: 10.244.0.0/16
        encapsulation: VXLAN
```

## Fix
Remove the setting to let Calico detect the MTU, or set it to the network MTU minus the
overhead (1450 for VXLAN, 1480 for IPIP, 1440 for WireGuard on a 1500-byte IPv4 network).

## References
- https://docs.tigera.io/calico/latest/networking/configuring/mtu
- https://docs.tigera.io/calico/latest/reference/resources/felixconfig
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import OVERHEAD, all_pools, is_calico, is_operator
from seawall.model.resource import Resource

RULE = Rule(
    code="CN104",
    name="mtu-too-large-for-encapsulation",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A Calico MTU leaves no room for the encapsulation overhead",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/networking/configuring/mtu",),
)

ETHERNET_MTU = 1500

# FelixConfiguration field -> (encapsulation, IP family)
FELIX_FIELDS = {
    "vxlanMTU": ("VXLAN", 4),
    "vxlanMTUV6": ("VXLAN", 6),
    "ipipMTU": ("IPIP", 4),
    "wireguardMTU": ("WireGuard", 4),
    "wireguardMTUV6": ("WireGuard", 6),
}


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _judge(mtu: int, overhead: int) -> bool:
    return ETHERNET_MTU - overhead < mtu <= ETHERNET_MTU


def _wireguard_on(ctx: RuleContext) -> bool:
    for felix in ctx.graph.of_kind("FelixConfiguration"):
        spec = felix.body.get("spec")
        if not is_calico(felix) or not isinstance(spec, dict):
            continue
        if spec.get("wireguardEnabled") is True or spec.get("wireguardEnabledV6") is True:
            return True
    return False


def _felix(resource: Resource) -> Iterator[Finding]:
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    for field, (kind, family) in FELIX_FIELDS.items():
        mtu = _as_int(spec.get(field))
        overhead = OVERHEAD[(kind, family)]
        if mtu is not None and _judge(mtu, overhead):
            yield resource.finding(
                RULE,
                f"{field} {mtu} leaves no room for the {overhead}-byte IPv{family} {kind} "
                f"header on a {ETHERNET_MTU}-byte network: set it to at most "
                f"{ETHERNET_MTU - overhead} or remove it to let Calico detect it",
                "spec",
                field,
                at_value=True,
            )


def _installation(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    spec = resource.body.get("spec")
    network = spec.get("calicoNetwork") if isinstance(spec, dict) else None
    if not isinstance(network, dict):
        return
    mtu = _as_int(network.get("mtu"))
    if mtu is None:
        return
    needs: list[tuple[int, str]] = []
    for pool in all_pools([*ctx.graph.of_kind("IPPool"), resource]):
        if pool.network is None or pool.disabled or pool.encapsulation == "None":
            continue
        overhead = OVERHEAD.get((pool.encapsulation, pool.network.version))
        if overhead is not None:
            needs.append((overhead, f"{pool.encapsulation} in {pool.origin}"))
    if _wireguard_on(ctx):
        needs.append((OVERHEAD[("WireGuard", 4)], "WireGuard enabled in FelixConfiguration"))
    if not needs:
        return
    overhead, why = max(needs)
    if _judge(mtu, overhead):
        yield resource.finding(
            RULE,
            f"calicoNetwork.mtu {mtu} leaves no room for the {overhead}-byte header of {why} "
            f"on a {ETHERNET_MTU}-byte network: set it to at most {ETHERNET_MTU - overhead} "
            "or remove it to let Calico detect it",
            "spec",
            "calicoNetwork",
            "mtu",
            at_value=True,
        )


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind == "FelixConfiguration" and is_calico(resource):
        yield from _felix(resource)
    elif resource.kind == "Installation" and is_operator(resource):
        yield from _installation(resource, ctx)
