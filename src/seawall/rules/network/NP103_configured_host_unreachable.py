"""A container is configured to reach a Service (or an address) that NetworkPolicies deny it.

## What it checks
Every literal `env[].value` of every container is read for host references: URLs
(`http://orders`, `postgres://user@db.data:5432/app`) and `host:port` pairs, also in
comma-separated lists. A host names a Service of the scan set as `svc` (only in a URL or with a
port), `svc.ns`, `svc.ns.svc` or `svc.ns.svc.cluster.local`. The port is the one written, else
the scheme's (`http` 80, `https` 443), else the Service's only port; it must be a Service port,
whose `targetPort` is resolved on each selected pod. The connection from the container's pod to
every pod of the Service is then evaluated (the source's egress and the destination's ingress
policies); when all are denied, the finding names the Service, the pods, the port and the
policies. A literal IP address (`http://10.0.4.7:8080`) is checked against the source's egress
policies and their `ipBlock` peers.

Limits, to stay silent rather than wrong: values from `valueFrom`, ConfigMaps and files are not
read; hosts that are no Service of the scan set (external names, Services of other repositories)
are ignored; namespaces the scan set does not declare count as carrying only their name labels,
and selectors on other labels of such namespaces make the answer unknown (no finding); pods on
the host network and namespaces with Calico policies are skipped.

## Why it matters
The environment says where the application connects; the policies say it may not. The pod
starts, its first request hangs until a timeout, and the error blames the other service. Seeing
both ends in one message turns an outage investigation into a one-line policy change.

## Example
```yaml
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          env:
            - {name: ORDERS_URL, value: "http://orders.shop:8080"}
---
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: payments}}}]   # orders is not allowed
```

## Fix
Allow the connection in the source's egress policy (and the destination's ingress policy), on
the pod port the Service targets, or correct the host the container is configured with.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/
- https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.netpol import EGRESS, AddressEndpoint, PodEndpoint
from seawall.model.netpol_scan import ScanNetwork, scan_network
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.model.resource import Resource
from seawall.model.service import (
    ServicePort,
    find_port,
    service_ports,
    service_selector,
    target_port,
)

RULE = Rule(
    code="NP103",
    name="configured-host-unreachable",
    severity=Severity.MEDIUM,
    category="network",
    summary="A container is configured to reach a Service that NetworkPolicies deny it",
    targets=("pod-spec",),
    references=("https://kubernetes.io/docs/concepts/services-networking/network-policies/",),
)

_URL = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^@/\s]*@)?(?P<host>\[[0-9a-f:.]+\]|[^:/?#\s]+)"
    r"(?::(?P<port>\d+))?",
    re.IGNORECASE,
)
_HOST_PORT = re.compile(r"^(?P<host>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?::(?P<port>\d+))?$")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


@dataclass(frozen=True, slots=True)
class HostRef:
    host: str
    port: int | None
    scheme: str | None


def host_refs(value: str) -> Iterator[HostRef]:
    """Host references in an environment value: URLs and ``host[:port]`` items."""
    for token in re.split(r"[,\s;]+", value.strip()):
        url = _URL.match(token)
        if url:
            port = url["port"]
            yield HostRef(
                url["host"].strip("[]").lower(), int(port) if port else None, url["scheme"].lower()
            )
            continue
        plain = _HOST_PORT.match(token.lower())
        if plain:
            port = plain["port"]
            yield HostRef(plain["host"], int(port) if port else None, None)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    network = scan_network(ctx.graph)
    namespace = namespace_of(pod.resource)
    if not network.policies or network.calico_applies(namespace):
        return
    source = network.endpoint(pod)
    if source.host_network:
        return
    for container in pod.containers:
        env = container.body.get("env")
        for index, item in enumerate(env if isinstance(env, list) else []):
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(value, str) or not value:
                continue
            for ref in host_refs(value):
                message = _judge(ctx.graph, network, source, ref)
                if message is not None:
                    yield _finding(container, index, message)
                    break


def _finding(container: ContainerView, index: int, message: str) -> Finding:
    return container.finding(RULE, message, "env", index, "value", at_value=True)


def _judge(
    graph: ResourceGraph, network: ScanNetwork, source: PodEndpoint, ref: HostRef
) -> str | None:
    try:
        ip = ipaddress.ip_address(ref.host)
    except ValueError:
        return _judge_service(graph, network, source, ref)
    if ip.is_loopback or ip.is_unspecified:
        return None  # traffic inside the pod never meets a NetworkPolicy
    port = ref.port if ref.port is not None else _DEFAULT_PORTS.get(ref.scheme or "")
    if port is None:
        return None
    side = network.model.side(EGRESS, source, AddressEndpoint(ip), port, "TCP")
    if side.allowed is not False:
        return None
    names = ", ".join(p.describe() for p in side.isolating)
    return (
        f"{source.name} is configured to reach {ip} port {port}/TCP but is isolated for egress "
        f"by {names} and no policy allows it (no ipBlock covers the address); allow it with an "
        "egress rule"
    )


def _service_of(graph: ResourceGraph, source: PodEndpoint, ref: HostRef) -> Resource | None:
    parts = ref.host.split(".")
    if len(parts) == 1:
        if ref.port is None and ref.scheme is None:
            return None  # a bare word is too often not a host at all
        return graph.get("Service", source.namespace, parts[0])
    if len(parts) == 2 or (len(parts) >= 3 and parts[2] == "svc"):
        return graph.get("Service", parts[1], parts[0])
    return None


def _service_port(service: Resource, ref: HostRef) -> ServicePort | None:
    ports = service_ports(service)
    if ref.port is not None:
        return find_port(ports, ref.port)
    default = _DEFAULT_PORTS.get(ref.scheme or "")
    if default is not None:
        return find_port(ports, default)
    return ports[0] if len(ports) == 1 else None


def _judge_service(
    graph: ResourceGraph, network: ScanNetwork, source: PodEndpoint, ref: HostRef
) -> str | None:
    service = _service_of(graph, source, ref)
    if service is None:
        return None
    selector = service_selector(service)
    port = _service_port(service, ref)
    if selector is None or port is None:
        return None
    namespace = namespace_of(service)
    if network.calico_applies(namespace):
        return None
    denied = []
    for pod in graph.pods_matching(namespace, selector):
        number = target_port(pod, port)
        if number is None:
            continue
        verdict = network.model.allowed(source, network.endpoint(pod), number, port.protocol)
        if verdict.allowed is not False:
            return None
        denied.append((network.endpoint(pod).name, number, verdict))
    if not denied:
        return None
    name, number, verdict = denied[0]
    return (
        f"{source.name} is configured to reach Service {namespace}/{service.name} port "
        f"{port.port} (pods of {name}, port {number}/{port.protocol}) but it is denied: "
        f"{verdict.explain()}; allow this connection in the policies"
    )
