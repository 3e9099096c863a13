"""A NetworkPolicy rule allows every source or destination on every port.

## What it checks
Ingress and egress rules of Kubernetes `NetworkPolicy` objects that name no ports and either
name no peers (a rule `{}`, or no `from`/`to`, or an empty list) or name an `ipBlock` of
`0.0.0.0/0` or `::/0` without `except`. Egress rules are judged only when the policy isolates
egress (`policyTypes` has `Egress`, or the policy has an `egress` section and no `policyTypes`).

## Why it matters
Rules of all policies selecting a pod are unioned, so one allow-all rule cancels every other
restriction on that direction: the pods are selected, look isolated, and accept (or send)
anything. It is how a "temporary" debugging policy or a copied example quietly opens a
namespace. Allow-all egress also lets a compromised pod reach the cloud metadata service and
every internal address. Low severity: an explicit allow-all is sometimes the intent (a policy
that isolates only ingress of a public proxy); then suppress it with a reason.

## Example
```yaml
kind: NetworkPolicy
metadata: {name: allow-everything, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - {}
```

## Fix
Name the peers (`podSelector`, `namespaceSelector`, or the external CIDRs) and the ports the
pods need. To leave a direction unrestricted on purpose, leave it out of `policyTypes`.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic
- https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.netpol import EGRESS, INGRESS, is_network_policy
from seawall.model.netpol_scan import scan_network
from seawall.model.resource import Resource

RULE = Rule(
    code="KN204",
    name="network-policy-allows-all",
    severity=Severity.LOW,
    category="network",
    summary="A NetworkPolicy rule allows every source or destination on every port",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/services-networking/network-policies/",),
)

_EVERYWHERE = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_network_policy(resource):
        return
    policy = scan_network(ctx.graph).policy_for(resource)
    if policy is None:
        return
    label = f'NetworkPolicy "{policy.name}"'
    for direction, word, side in (
        (INGRESS, "ingress", "source"),
        (EGRESS, "egress", "destination"),
    ):
        if direction not in policy.types:
            continue
        for rule in policy.rules(direction):
            if rule.ports is not None:
                continue
            if rule.peers is None:
                what = f"every {side}, pod or address"
                path = rule.path
            else:
                open_peer = next(
                    (
                        p
                        for p in rule.peers
                        if p.ip_block is not None
                        and p.ip_block.network in _EVERYWHERE
                        and not p.ip_block.excepted
                    ),
                    None,
                )
                if open_peer is None:
                    continue
                assert open_peer.ip_block is not None
                what = f"every address ({open_peer.ip_block.network})"
                path = (*open_peer.path, "ipBlock", "cidr")
            yield resource.finding_at(
                RULE,
                f"{label} has an {word} rule allowing {what} on every port: it cancels every "
                f"other {word} restriction on the pods it selects; name the peers and ports, or "
                f"drop {direction} from policyTypes if the direction is meant to stay open",
                path,
                at_value=rule.peers is not None,
            )
