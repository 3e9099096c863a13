"""The pod and service subnets overlap each other or the node addresses.

## What it checks
A kubeadm `ClusterConfiguration`'s `networking.podSubnet` and `networking.serviceSubnet`
(dual-stack: comma-separated lists): any overlap between them, and any IP address of
`apiServer.certSANs` (the control-plane nodes and their load balancer) that falls inside
either subnet. Invalid CIDRs are reported too.

## Why it matters
Overlapping ranges make routing ambiguous: traffic to a Service IP is delivered to a pod or
the reverse, and a node whose address is inside the pod network cannot be reached from pods
at all. The subnets cannot be changed after `kubeadm init` without rebuilding the cluster.

## Example
```yaml
networking:
  serviceSubnet: 10.96.0.0/12
  podSubnet: 10.100.0.0/16     # inside 10.96.0.0/12
```

## Fix
Choose disjoint private ranges that also exclude the node network, e.g. pods `10.244.0.0/16`,
services `10.96.0.0/12`, nodes in `10.0.0.0/16`.

## References
- https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/#kubeadm-k8s-io-v1beta4-Networking
"""

import ipaddress
from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KC503",
    name="subnet-overlap",
    severity=Severity.HIGH,
    category="correctness",
    summary="The pod and service subnets overlap each other or the node addresses",
    targets=("config",),
    references=("https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/",),
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(value: Any) -> tuple[list[Network], list[str]]:
    nets: list[Network] = []
    bad: list[str] = []
    for part in str(value).split(","):
        text = part.strip()
        if not text:
            continue
        try:
            nets.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            bad.append(text)
    return nets, bad


_ADVERTISED: dict[str, tuple[str, ...]] = {
    "InitConfiguration": ("localAPIEndpoint", "advertiseAddress"),
    "JoinConfiguration": ("controlPlane", "localAPIEndpoint", "advertiseAddress"),
}


def _node_addresses(
    resource: Resource, ctx: RuleContext
) -> Iterator[tuple[str, Resource, tuple[Any, ...]]]:
    """IP addresses of control-plane nodes: the ClusterConfiguration's certSANs, its
    controlPlaneEndpoint host, and the advertise addresses of the Init/JoinConfigurations that
    sit in the same file (the documents one `kubeadm init --config` reads together)."""
    api_server = resource.body.get("apiServer")
    sans = api_server.get("certSANs") if isinstance(api_server, dict) else None
    if isinstance(sans, list):
        for index, san in enumerate(sans):
            yield str(san), resource, ("apiServer", "certSANs", index)
    endpoint = resource.body.get("controlPlaneEndpoint")
    if isinstance(endpoint, str) and endpoint:
        host = endpoint.rsplit(":", 1)[0] if endpoint.count(":") == 1 else endpoint
        yield host.strip("[]"), resource, ("controlPlaneEndpoint",)
    for kind, path in _ADVERTISED.items():
        for other in ctx.graph.of_kind(kind):
            if other.source is not resource.source:
                continue
            node: Any = other.body
            for part in path:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, str) and node:
                yield node, other, path


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "ClusterConfiguration":
        return
    networking = resource.body.get("networking")
    if not isinstance(networking, dict):
        return
    subnets: dict[str, list[Network]] = {}
    for field in ("podSubnet", "serviceSubnet"):
        value = networking.get(field)
        if value is None:
            continue
        nets, bad = _networks(value)
        subnets[field] = nets
        for text in bad:
            yield resource.finding(
                RULE,
                f"networking.{field} {text!r} is not a valid CIDR",
                "networking",
                field,
                at_value=True,
            )
    pods, services = subnets.get("podSubnet", []), subnets.get("serviceSubnet", [])
    for pod in pods:
        for service in services:
            if pod.version == service.version and pod.overlaps(service):
                yield resource.finding(
                    RULE,
                    f"podSubnet {pod} overlaps serviceSubnet {service}: Service and pod IPs "
                    "collide; choose disjoint ranges",
                    "networking",
                    "podSubnet",
                    at_value=True,
                )
    for text, owner, path in _node_addresses(resource, ctx):
        try:
            address = ipaddress.ip_address(text.strip())
        except ValueError:
            continue
        if address.is_loopback:
            continue
        for field, nets in (("podSubnet", pods), ("serviceSubnet", services)):
            for net in nets:
                if address.version == net.version and address in net:
                    yield owner.finding(
                        RULE,
                        f"node address {address} lies inside networking.{field} {net}: pods "
                        "cannot reach the node; move the subnet away from the node network",
                        *path,
                        at_value=True,
                    )
