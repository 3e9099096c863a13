"""A StatefulSet's serviceName names no headless Service selecting its pods.

## What it checks
The `spec.serviceName` of a `StatefulSet`, which must name a headless Service
(`clusterIP: None`) of its namespace that selects its pods:
- the Service is not in the scan set (judged as the reference rules judge missing objects,
  see `KG104`: at this rule's severity when the scan set manages the namespace, `low`
  otherwise, not at all when declared under `external`);
- the Service is not headless (`low`: the pods run and the Service balances, only the per-pod
  names are missing);
- the Service's selector does not match the pod template's labels.

## Why it matters
The governing Service gives each pod its stable DNS name (`db-0.db.shop.svc`). Without it the
names do not resolve: replicas of a database or a consensus system cannot find each other, and
clients configured with those names fail.

## Example
```yaml
kind: StatefulSet
spec:
  serviceName: db              # Service db has a cluster IP
```

## Fix
Point `serviceName` at a Service with `clusterIP: None` whose selector matches the pod
template labels (it may sit beside a normal Service used by clients).

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import Edge, name_of, resource_label
from seawall.graph.graph import namespace_of
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import services_selecting, spec_of
from seawall.rules.references._policy import Presence, missing_finding, presence

RULE = Rule(
    code="KR315",
    name="statefulset-service-invalid",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A StatefulSet's serviceName names no headless Service selecting its pods",
    targets=("resource",),
    equivalents=("kube-score:statefulset-has-servicename",),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "StatefulSet":
        return
    name = name_of(spec_of(resource).get("serviceName"))
    if name is None:
        return
    namespace = namespace_of(resource)
    service = ctx.graph.get("Service", resource.namespace, name)
    path = (*resource.path, "spec", "serviceName")
    label = resource_label(resource)
    if service is None:
        edge = Edge(resource, path, "service", "Service", namespace, name, None)
        state = presence(edge, ctx)
        if state in (Presence.EXPECTED, Presence.EXTERNAL):
            yield missing_finding(RULE, edge, state, "names as its governing Service")
        return
    service_spec = spec_of(service)
    if service_spec.get("clusterIP") != "None":
        # the pods still run and the Service still balances; only per-pod names are missing
        finding = resource.finding_at(
            RULE,
            f"{label} names {resource_label(service)} as its governing Service, but it is not "
            "headless, so the pods get no stable DNS names; set clusterIP: None on it (or on a "
            "second Service for the StatefulSet)",
            path,
            at_value=True,
        )
        yield replace(finding, severity=Severity.LOW)
        return
    selector = service_spec.get("selector")
    if (
        isinstance(selector, dict)
        and selector
        and service not in services_selecting(resource, ctx.graph)
    ):
        yield resource.finding_at(
            RULE,
            f"{label} names {resource_label(service)} as its governing Service, but its "
            "selector does not match the pod template labels, so the pods get no DNS records; "
            "align the selector with the template labels",
            path,
            at_value=True,
        )
