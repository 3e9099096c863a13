"""A Prometheus Operator ServiceMonitor or PodMonitor selects nothing, or names a port the
selected Services or pods do not have.

## What it checks
Every `ServiceMonitor` and `PodMonitor` (`monitoring.coreos.com/v1`):

- **Selector matching nothing.** A ServiceMonitor's `spec.selector` is matched against the
  labels of the `v1` Services (not their pod selectors), a PodMonitor's against the pod
  template labels of the workloads, in the namespaces `spec.namespaceSelector` names
  (`matchNames`, every namespace for `any: true`, the monitor's own namespace when absent).
  When none matches, the monitor is reported at `spec.selector`, with the same conservative
  policy as `KG101`: only when the scan set holds Services (or pod templates) in those
  namespaces; not for `any: true` (most namespaces are then outside the scan), nor in
  `kube-system`, `kube-public` and `kube-node-lease` (the cluster makes Services there), nor
  for the API server's `kubernetes` Service of `default`; for a PodMonitor, not in a namespace
  holding custom resources (an operator such as KubeRay may make the pods); and not when a
  custom resource of the namespace (other than monitoring
  configuration) matches the selector or is named by it (its operator makes the Service or
  pods: a `Prometheus` object makes `prometheus-operated`).
- **Port name that does not exist** (`high`): an `endpoints[].port` must be the *name* of a
  port of the selected Services (not a number, not the pod's container port name), and a
  PodMonitor's `podMetricsEndpoints[].port` the name of a container port of the selected pods.
  When something is selected and none of it has that port name, nothing is scraped; the finding
  is at the `port` and lists what was selected.

## Why it matters
The Prometheus Operator turns a monitor into scrape configuration without checking that
anything matches: a selector on the wrong labels, the wrong namespace, or a port given by
number or by its container name yields no target at all. Dashboards go empty and alerts on
absent metrics are the only hint, often much later.

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  endpoints:
    - port: metrics        # the Service's port is named http-metrics
---
kind: Service
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  selector: {app: api}
  ports: [{name: http-metrics, port: 9090}]
```

## Fix
Use the labels of the Service (or pods) to scrape and, in `port`, the name of the Service port
(for a PodMonitor, of the container port); add `namespaceSelector.matchNames` when the
Services live in another namespace than the monitor.

## References
- https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitorSpec
- https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitorSpec
- https://prometheus-operator.dev/docs/developer/troubleshooting/
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from
from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.monitors import Monitor, is_monitor, missing_port, monitor_of
from seawall.model.resource import Resource
from seawall.model.scope import is_custom_resource
from seawall.rules.references._policy import RUNTIME_LABELS, SYSTEM_NAMESPACES

RULE = Rule(
    code="KG112",
    name="monitor-selects-nothing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A ServiceMonitor or PodMonitor selects no Service or pod, or names a missing port",
    targets=("resource",),
    equivalents=("kube-linter:dangling-servicemonitor",),
    references=(
        "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitorSpec",
        "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitorSpec",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_monitor(resource):
        return
    monitor = monitor_of(ctx.graph, resource)
    if monitor is None:
        return
    for edge in edges_from(ctx.graph, resource):
        if edge.kind == "monitors" and edge.broken and _judgeable(monitor, ctx.graph):
            what = "Service" if monitor.selects_services else "pod template"
            where = monitor.describe_namespaces()
            assert monitor.selector is not None
            yield edge.finding(
                RULE,
                f"{edge.source_label} selects {what}s {monitor.selector.describe()} in {where}, "
                f"but no {what} of the scanned files there carries those labels, so Prometheus "
                f"scrapes nothing; use the labels of the {what}s to monitor"
                + (" (the Service's own labels, not its pod selector)" if what == "Service" else "")
                + " or fix spec.namespaceSelector",
            )
        elif edge.kind == "monitorPort":
            endpoint = next((e for e in monitor.endpoints if e.port_path == edge.path), None)
            if endpoint is None:
                continue
            selected = missing_port(monitor, endpoint, ctx.graph)
            kind = "Service port" if monitor.selects_services else "container port"
            listed = ", ".join(selected[:3]) + (
                f" and {len(selected) - 3} more" if len(selected) > 3 else ""
            )
            verb = "has" if len(selected) == 1 else "have"
            finding = edge.finding(
                RULE,
                f"{edge.source_label} scrapes port {endpoint.port_name!r}, but {listed} "
                f"(selected by spec.selector) {verb} no {kind} of that name, so nothing "
                f"is scraped; port must name a {kind}",
            )
            yield replace(finding, severity=Severity.HIGH)


def _judgeable(monitor: Monitor, graph: ResourceGraph) -> bool:
    """Only when the scan manages what the monitor looks for in its namespaces (as KG101), the
    selector asks for no run-time label, and no custom resource there may make the target."""
    selector = monitor.selector
    if selector is None:
        return False
    if any(r.key in RUNTIME_LABELS for r in selector.requirements):
        return False
    if monitor.namespaces is None:
        return False  # any namespace: most of them are outside the scan
    namespaces = [n for n in monitor.namespaces if n not in SYSTEM_NAMESPACES]
    if not namespaces:
        return False  # the cluster makes Services there (kube-dns, the kubelet's)
    if monitor.selects_services and "default" in namespaces and selector.matches(_API_SERVER):
        return False
    makers = graph.derived("kg112-operator-resources", _operator_resources)
    if not monitor.selects_services and any(makers.get(n) for n in namespaces):
        return False  # an operator of the namespace (KubeRay, ECK) may make the pods
    if monitor.selects_services:
        wanted = set(namespaces)
        if not any(
            namespace_of(s) in wanted and s.api_version == "v1" for s in graph.of_kind("Service")
        ):
            return False
    elif not any(graph.pods_in(namespace) for namespace in namespaces):
        return False
    wanted = set(selector.equality_labels().values())
    return not any(
        name in wanted or selector.matches(labels)
        for namespace in namespaces
        for name, labels in makers.get(namespace, ())
    )


# the labels of the `kubernetes` Service every cluster has in `default`
_API_SERVER = {"component": "apiserver", "provider": "kubernetes"}

# scrape configuration, not workloads: often labelled like the Services they select
_CONFIG_KINDS = frozenset(
    {
        "ServiceMonitor",
        "PodMonitor",
        "PrometheusRule",
        "Probe",
        "ScrapeConfig",
        "AlertmanagerConfig",
    }
)


def _operator_resources(graph: ResourceGraph) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Custom resources by namespace whose operator may make Services or pods (a
    ``Prometheus`` makes ``prometheus-operated``), monitoring configuration left out."""
    found: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for resource in graph.resources:
        if not is_custom_resource(resource) or resource.kind in _CONFIG_KINDS:
            continue
        found.setdefault(namespace_of(resource), []).append((resource.name, resource.labels))
    return found
