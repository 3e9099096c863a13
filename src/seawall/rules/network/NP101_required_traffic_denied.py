"""A NetworkPolicy denies traffic the configuration itself needs: the ingress controller to an
Ingress backend, or Prometheus to a pod that asks to be scraped.

## What it checks
The scan set's Kubernetes `NetworkPolicy` objects are evaluated exactly (policy types, default
isolation, peers, named ports, port ranges) for two connections the other objects require:

- **Ingress backends.** For every Service backend of an `Ingress` (`spec.defaultBackend` and
  `spec.rules[].http.paths[].backend.service`; `serviceName` and `servicePort` in the removed
  `extensions/v1beta1` and `networking.k8s.io/v1beta1` APIs), the Service's pods
  must accept traffic from the ingress controller on the Service port's `targetPort` (a number,
  or a container port name resolved on each pod). The controller is a pod labelled
  `app.kubernetes.io/name: ingress-nginx` in the namespace `ingress_controller_namespace`, and
  every pod of the scan set in that namespace: the traffic counts as denied only when it is
  denied to all of them.
- **Prometheus scraping.** A pod template annotated `prometheus.io/scrape: "true"` with a
  numeric `prometheus.io/port` must accept traffic on that port from a pod labelled
  `app.kubernetes.io/name: prometheus` in `monitoring_namespace` (and, as above, from at least
  one of the scan set's pods of that namespace).
- **Prometheus Operator.** Every `ServiceMonitor` (`monitoring.coreos.com/v1`) endpoint: the
  Services its `spec.selector` selects by their labels, in `spec.namespaceSelector`
  (`any: true`, `matchNames`, or by default the ServiceMonitor's own namespace); `port` is a
  Service port name, resolved to the port's `targetPort` on each pod the Service selects, and
  `targetPort` a pod port number or container port name. Every `PodMonitor`
  `podMetricsEndpoints` entry: the pods `spec.selector` selects, on the container port named by
  `port` (or `portNumber`, or the deprecated `targetPort`). Prometheus, as above, must reach
  each of those pods on that port; the finding is at the endpoint entry.

Both the destination's ingress policies and, when the scan holds the source pods, their egress
policies are evaluated. The finding names both ends and the policies that isolate the pod.

Limits, to stay silent rather than wrong: a backend whose Service or port does not exist is left
to the reference rules; a namespace the scan set does not declare is assumed to carry only
`kubernetes.io/metadata.name` and the conventional `name` label, and a policy that selects
namespaces by any other label makes the answer unknown (no finding); pods on the host network
and namespaces where Calico policies also apply are skipped; a `prometheus.io/scrape` without
`prometheus.io/port` is not checked (Prometheus then picks container ports by its own
relabelling configuration), nor is a monitor endpoint that names no port (the same), or a
port that does not resolve (`KG112` reports a port name the selected Services lack).

## Why it matters
A default-deny policy written for one team's pods silently cuts the ingress controller off from
them: the site answers 502/504 while every object looks healthy, and metrics go missing from
dashboards and alerts the same way, with nothing in the manifests pointing at the cause.

## Example
```yaml
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}   # the ingress controller is not allowed
---
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  defaultBackend: {service: {name: api, port: {number: 80}}}
```

## Fix
Add an ingress rule allowing the controller's (or Prometheus's) namespace, for instance
`namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}`, on the pod
port the Service targets.

## References
- https://kubernetes.io/docs/concepts/services-networking/network-policies/
- https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
- https://kubernetes.io/docs/concepts/services-networking/ingress/

## Options
- `ingress_controller_namespace` (string, default `ingress-nginx`): the namespace the ingress
  controller runs in.
- `monitoring_namespace` (string, default `monitoring`): the namespace Prometheus runs in.
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import namespace_of
from seawall.model.located import Located
from seawall.model.monitors import is_monitor, monitor_of, scrape_targets
from seawall.model.netpol import PodEndpoint, Verdict
from seawall.model.netpol_scan import ScanNetwork, scan_network
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.model.service import (
    find_port,
    ingress_backends,
    service_ports,
    service_selector,
    target_port,
)
from seawall.rules.network._shared import allow_hint, pods_and_stand_in

RULE = Rule(
    code="NP101",
    name="required-traffic-denied",
    severity=Severity.HIGH,
    category="network",
    summary="A NetworkPolicy denies traffic an Ingress or a Prometheus scrape needs",
    targets=("resource", "pod-spec"),
    references=(
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
        "https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/",
    ),
    options=(
        Option(
            "ingress_controller_namespace",
            "ingress-nginx",
            "the namespace the ingress controller runs in",
        ),
        Option("monitoring_namespace", "monitoring", "the namespace Prometheus runs in"),
    ),
)

INGRESS_APIS = ("networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1")
SCRAPE = "prometheus.io/scrape"
SCRAPE_PORT = "prometheus.io/port"


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    network = scan_network(ctx.graph)
    if not network.policies:
        return
    if isinstance(view, Resource) and view.kind == "Ingress":
        if view.api_version in INGRESS_APIS:
            yield from _ingress(view, ctx, network)
    elif isinstance(view, Resource) and is_monitor(view):
        yield from _monitor(view, ctx, network)
    elif isinstance(view, PodSpecView):
        yield from _scrape(view, ctx, network)


def _denied(
    network: ScanNetwork, sources: list[PodEndpoint], target: PodEndpoint, port: int, proto: str
) -> Verdict | None:
    """The verdict (of the first source, the stand-in) to report when every source is denied;
    an unknown answer is not a denial."""
    if network.calico_applies(target.namespace) or any(
        network.calico_applies(s.namespace) for s in sources
    ):
        return None
    verdicts = [network.model.allowed(source, target, port, proto) for source in sources]
    if all(v.allowed is False for v in verdicts):
        return verdicts[0]
    return None


def _ingress(ingress: Resource, ctx: RuleContext, network: ScanNetwork) -> Iterator[Finding]:
    namespace = namespace_of(ingress)
    controller_ns = str(ctx.option("ingress_controller_namespace"))
    stand_in = PodEndpoint(
        controller_ns,
        {"app.kubernetes.io/name": "ingress-nginx"},
        name="the ingress controller",
    )
    controllers = pods_and_stand_in(ctx.graph, network, controller_ns, stand_in)
    seen: set[tuple[str, str]] = set()
    for backend in ingress_backends(ingress):
        service = ctx.graph.get("Service", ingress.namespace, backend.service)
        selector = service_selector(service) if service is not None else None
        if service is None or selector is None:
            continue  # a missing Service or one without selector is the reference rules' job
        port = find_port(service_ports(service), backend.number, backend.port_name)
        if port is None:
            continue
        for pod in ctx.graph.pods_matching(namespace, selector):
            number = target_port(pod, port)
            if number is None:
                continue
            target = network.endpoint(pod)
            verdict = _denied(network, controllers, target, number, port.protocol)
            key = (str(backend.path), target.name)
            if verdict is None or key in seen:
                continue  # copies of one workload (overlays, variants) are reported once
            seen.add(key)
            yield ingress.finding_at(
                RULE,
                f"Ingress {namespace}/{ingress.name} → Service {backend.service} port "
                f"{port.port} → pods of {target.name} port {number}/{port.protocol} is denied: "
                f"{verdict.explain()}; {allow_hint(controller_ns, number, port.protocol)}",
                backend.path,
            )


def _prometheus(ctx: RuleContext, network: ScanNetwork) -> tuple[str, list[PodEndpoint]]:
    monitoring_ns = str(ctx.option("monitoring_namespace"))
    stand_in = PodEndpoint(
        monitoring_ns,
        {"app.kubernetes.io/name": "prometheus"},
        name="Prometheus",
    )
    return monitoring_ns, pods_and_stand_in(ctx.graph, network, monitoring_ns, stand_in)


def _monitor(resource: Resource, ctx: RuleContext, network: ScanNetwork) -> Iterator[Finding]:
    monitor = monitor_of(ctx.graph, resource)
    if monitor is None:
        return
    monitoring_ns, sources = _prometheus(ctx, network)
    seen: set[tuple[str, str, int]] = set()
    for scrape in scrape_targets(monitor, ctx.graph):
        target = network.endpoint(scrape.pod)
        key = (str(scrape.endpoint.path), target.name, scrape.port)
        if key in seen:
            continue  # copies of one workload (overlays, variants) are reported once
        seen.add(key)
        verdict = _denied(network, sources, target, scrape.port, scrape.protocol)
        if verdict is None:
            continue
        via = (
            f" → Service {namespace_of(scrape.service)}/{scrape.service.name}"
            if scrape.service is not None
            else ""
        )
        yield resource.finding_at(
            RULE,
            f"{monitor.kind} {namespace_of(resource)}/{resource.name} "
            f"({scrape.endpoint.describe()}){via} asks Prometheus ({monitoring_ns}) to scrape "
            f"pods of {target.name} in {target.namespace} on port {scrape.port}/{scrape.protocol}, "
            f"which is denied: {verdict.explain()}; "
            f"{allow_hint(monitoring_ns, scrape.port, scrape.protocol)}",
            scrape.endpoint.path,
        )


def _scrape(pod: PodSpecView, ctx: RuleContext, network: ScanNetwork) -> Iterator[Finding]:
    if pod.template_annotations.get(SCRAPE, "").strip().lower() != "true":
        return
    text = pod.template_annotations.get(SCRAPE_PORT, "").strip()
    if not text.isdigit():
        return
    port = int(text)
    monitoring_ns, sources = _prometheus(ctx, network)
    target = network.endpoint(pod)
    verdict = _denied(network, sources, target, port, "TCP")
    if verdict is None:
        return
    yield pod.finding_at(
        RULE,
        f'{target.name} asks Prometheus to scrape port {port} ({SCRAPE}: "true") but the '
        f"scrape is denied: {verdict.explain()}; {allow_hint(monitoring_ns, port, 'TCP')}",
        (*pod.pod_path, "metadata", "annotations", SCRAPE),
    )
