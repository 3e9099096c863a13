"""The tigera operator refuses a Calico `Installation`'s network settings.

## What it checks
Combinations in an operator `Installation` (`operator.tigera.io/v1`) that the operator's own
validation rejects, as written (defaults the operator would fill in are not guessed):

- `calicoNetwork.bgp: Disabled` with an IP pool whose `encapsulation` is `IPIP`,
  `IPIPCrossSubnet` or `None`: those pools need BGP to program routes (not judged when
  `calicoNetwork.clusterRoutingMode` is set, where newer operators let Felix program them);
- an IPv6 pool (a CIDR with `:`) with IPIP encapsulation, which IPv6 does not support;
- `calicoNetwork.linuxDataplane: VPP` with BGP disabled;
- `cni.ipam.type: HostLocal` with a VXLAN pool;
- a CNI other than Calico (`cni.type: AmazonVPC`, `AzureVNET`, `GKE`) with an encapsulated pool
  or `bgp: Enabled`;
- more than one node address autodetection method in `nodeAddressAutodetectionV4` or `V6`.

## Why it matters
The operator checks the `Installation` before it renders anything: with one of these it marks
the `TigeraStatus` degraded and installs or upgrades nothing, so a new cluster has no pod
network and every node stays `NotReady`; an upgrade silently keeps the old Calico.

## Example
```yaml
apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNetwork:
    bgp: Disabled
    ipPools:
      - cidr: 10.244.0.0/16
        encapsulation: IPIPCrossSubnet   # IPIP needs BGP
```

## Fix
Use VXLAN (`VXLAN` or `VXLANCrossSubnet`) when BGP is off, or turn BGP on; keep IPv6 pools on
VXLAN or no encapsulation; pick one autodetection method per address family.

## References
- https://docs.tigera.io/calico/latest/reference/installation/api
- https://docs.tigera.io/calico/latest/networking/configuring/vxlan-ipip
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import is_operator
from seawall.model.resource import Resource

RULE = Rule(
    code="CN106",
    name="installation-rejected-by-operator",
    severity=Severity.HIGH,
    category="correctness",
    summary="The tigera operator refuses a Calico Installation's network settings",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/reference/installation/api",),
)

_NEEDS_BGP = ("IPIP", "IPIPCrossSubnet", "None")
_AUTODETECTION = ("interface", "skipInterface", "canReach", "cidrs", "kubernetes")
Problem = tuple[tuple[str | int, ...], str]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _pools(network: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    pools = network.get("ipPools")
    return [
        (i, p)
        for i, p in enumerate(pools if isinstance(pools, list) else [])
        if isinstance(p, dict)
    ]


def _problems(spec: dict[str, Any]) -> Iterator[Problem]:
    network = spec.get("calicoNetwork")
    if not isinstance(network, dict):
        return
    cni = _mapping(spec.get("cni"))
    cni_type = _text(cni.get("type")) or "Calico"
    ipam_type = _text(_mapping(cni.get("ipam")).get("type")) or "Calico"
    bgp = _text(network.get("bgp"))
    here = ("spec", "calicoNetwork")
    for index, pool in _pools(network):
        at: tuple[str | int, ...] = (*here, "ipPools", index, "encapsulation")
        encapsulation = _text(pool.get("encapsulation"))
        cidr = str(pool.get("cidr") or "")
        if encapsulation is None:
            continue
        if ":" in cidr and encapsulation in ("IPIP", "IPIPCrossSubnet"):
            yield at, f"the IPv6 pool {cidr} uses {encapsulation}, which IPv6 pools do not support"
        if cni_type != "Calico":
            if encapsulation != "None":
                yield (
                    at,
                    (
                        f"pool {cidr} uses {encapsulation} with the {cni_type} CNI, which "
                        "only allows encapsulation None"
                    ),
                )
            continue
        if ipam_type == "HostLocal" and encapsulation.startswith("VXLAN"):
            yield at, f"pool {cidr} uses {encapsulation}, which HostLocal IPAM does not support"
        if (
            ipam_type == "Calico"
            and bgp == "Disabled"
            and encapsulation in _NEEDS_BGP
            and "clusterRoutingMode" not in network
        ):
            yield (
                at,
                (
                    f"pool {cidr} uses encapsulation {encapsulation} but calicoNetwork.bgp is "
                    "Disabled, and such a pool's routes between nodes are programmed by BGP"
                ),
            )
    if cni_type != "Calico" and bgp == "Enabled":
        yield (*here, "bgp"), f"BGP is Enabled with the {cni_type} CNI, which does not support it"
    if network.get("linuxDataplane") == "VPP" and bgp == "Disabled":
        yield (*here, "bgp"), "the VPP dataplane requires BGP, but calicoNetwork.bgp is Disabled"
    for family in ("nodeAddressAutodetectionV4", "nodeAddressAutodetectionV6"):
        methods = network.get(family)
        if not isinstance(methods, dict):
            continue
        chosen = [m for m in _AUTODETECTION if methods.get(m)]
        if methods.get("firstFound") is True:
            chosen.append("firstFound")
        if len(chosen) > 1:
            yield (
                (*here, family),
                (
                    f"{family} sets {len(chosen)} autodetection methods ({', '.join(chosen)}); "
                    "the operator accepts at most one per address family"
                ),
            )


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Installation" or not is_operator(resource) or resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    for path, reason in _problems(spec):
        yield resource.finding(
            RULE,
            f"Installation {resource.name or '<unnamed>'}: {reason}; the operator rejects the "
            "Installation and installs or upgrades nothing (TigeraStatus degraded)",
            *path,
            at_value=True,
        )
