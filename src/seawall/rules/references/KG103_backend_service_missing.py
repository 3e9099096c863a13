"""An Ingress or Gateway API route sends traffic to a Service or port that does not exist.

## What it checks
Every backend of an `Ingress` (`spec.defaultBackend` and `spec.rules[].http.paths[].backend`,
`service.name` with `port.number` or `port.name`; the `serviceName`/`servicePort` of the
`v1beta1` APIs) and every `backendRefs[]` entry of a Gateway API `HTTPRoute`, `GRPCRoute`,
`TCPRoute`, `TLSRoute` or `UDPRoute` whose kind is `Service` (the default):

- the Service must exist in the route's namespace (or the `namespace` the backendRef names);
- the port must be one of the Service's `ports`: a number must be a `port`, a name a port
  `name`.

A missing Service is reported at this rule's severity when the scan set holds other objects of
that namespace (the repository manages it, so the name is most likely wrong). When the namespace
has nothing else in the scan set, the Service may be deployed from elsewhere: the finding is
`low` and says how to declare it in the `external` configuration
(`external: ["Service/shop/web"]`), after which it is not reported. The `kubernetes` Service of
`default` always exists.

How "other objects of the namespace" is judged (folders for objects written without a
namespace, system namespaces, operator-made objects) is described in `KG104`.

## Why it matters
A backend Service that does not exist, or a port it does not have, makes the ingress
controller or gateway answer 503 for that path: the route looks configured and serves errors.

## Example
```yaml
kind: Ingress
spec:
  rules:
    - http:
        paths:
          - path: /orders
            pathType: Prefix
            backend:
              service:
                name: order-service     # the Service is called orders
                port: {number: 80}
```

## Fix
Use the name and a port of an existing Service, or add the Service.

## References
- https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource
- https://gateway-api.sigs.k8s.io/reference/spec/#backendref
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import Edge, edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import Presence, missing_finding, presence

RULE = Rule(
    code="KG103",
    name="backend-service-missing",
    severity=Severity.HIGH,
    category="correctness",
    summary="An Ingress or route backend Service or port does not exist",
    targets=("resource",),
    equivalents=("kube-linter:dangling-ingress", "kube-score:ingress-targets-service"),
    references=("https://kubernetes.io/docs/concepts/services-networking/ingress/",),
)


def _port_problem(edge: Edge, service: Resource) -> str | None:
    spec = service.body.get("spec")
    ports = spec.get("ports") if isinstance(spec, dict) else None
    if not isinstance(ports, list) or edge.detail is None:
        return None
    numbers = [p.get("port") for p in ports if isinstance(p, dict)]
    names = [p.get("name") for p in ports if isinstance(p, dict) and p.get("name")]
    wanted = edge.detail
    if isinstance(wanted, str) and wanted.strip().isdigit():
        wanted = int(wanted)
    if wanted in numbers or wanted in names:
        return None
    listed = ", ".join(
        f"{p.get('port')}" + (f" ({p['name']})" if p.get("name") else "")
        for p in ports
        if isinstance(p, dict)
    )
    what = "port" if isinstance(wanted, int) else "port name"
    return (
        f"{edge.source_label} sends to {what} {wanted!r} of {edge.target_label}, which has "
        f"{listed or 'no ports'}; use one of its ports"
    )


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    for edge in edges_from(ctx.graph, resource):
        if edge.kind != "backend":
            continue
        state = presence(edge, ctx)
        if state in (Presence.EXPECTED, Presence.EXTERNAL):
            yield missing_finding(RULE, edge, state, "routes traffic to")
            continue
        service = edge.found
        if service is not None:
            problem = _port_problem(edge, service)
            if problem:
                yield edge.finding(RULE, problem, at_detail=True)
