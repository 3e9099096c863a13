"""A NetworkPolicy allows egress to the cloud metadata service.

## What it checks
Egress rules of Kubernetes `NetworkPolicy` objects (when the policy isolates egress) with an
`ipBlock` that contains a cloud instance metadata address, `169.254.169.254` (AWS, GCP, Azure,
OpenStack, DigitalOcean, Oracle...) or `fd00:ec2::254` (AWS over IPv6), not removed by
`except`, on a port list that includes TCP 80 (or no ports). The usual case is an "allow the
internet" rule, `cidr: 0.0.0.0/0` with the private ranges excepted, which forgets the
link-local range. A rule for exactly one address (`169.254.169.254/32`) is taken as a
deliberate allowance and not reported; rules without any peer are KN204's case.

## Why it matters
The metadata service hands out the node's cloud credentials (the instance role), bootstrap
data and kubelet credentials to whoever asks from the node's network. A pod that can reach it
can act as the node in the cloud account: SSRF in a web application becomes a cloud account
compromise. Egress policies are the cheapest way to block it.

## Example
```yaml
egress:
  - to:
      - ipBlock:
          cidr: 0.0.0.0/0
          except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
```

## Fix
Add `169.254.169.254/32` (or all of `169.254.0.0/16`) to `except`, and `fd00:ec2::254/128` for
IPv6 clusters on AWS. Workloads that truly need the metadata service should get a dedicated,
narrow rule (and, on AWS, IMDSv2 with a hop limit of 1).

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
- https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
- https://cloud.google.com/compute/docs/metadata/overview
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.netpol import EGRESS, address, is_network_policy
from seawall.model.netpol_scan import scan_network
from seawall.model.resource import Resource

RULE = Rule(
    code="KN205",
    name="egress-to-cloud-metadata",
    severity=Severity.MEDIUM,
    category="network",
    summary="A NetworkPolicy allows egress to the cloud metadata service",
    targets=("resource",),
    references=(
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html",
    ),
)

METADATA_ADDRESSES = (address("169.254.169.254"), address("fd00:ec2::254"))


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_network_policy(resource):
        return
    policy = scan_network(ctx.graph).policy_for(resource)
    if policy is None or EGRESS not in policy.types:
        return
    for rule in policy.egress:
        if rule.peers is None:
            continue
        for peer in rule.peers:
            block = peer.ip_block
            if block is None or block.network.num_addresses == 1:
                continue  # a rule for exactly the metadata address is a deliberate allowance
            reached = [
                target
                for target in METADATA_ADDRESSES
                if block.contains(target.address) and rule.port_matches(80, "TCP", target)
            ]
            if not reached:
                continue
            yield resource.finding_at(
                RULE,
                f'NetworkPolicy "{policy.name}" allows egress to {block.network}, which '
                f"includes the cloud metadata address {reached[0].address}: a pod it selects "
                "can fetch the node's cloud credentials; add "
                f"{reached[0].address}/{reached[0].address.max_prefixlen} to `except`",
                (*peer.path, "ipBlock", "cidr"),
                at_value=True,
            )
