"""A Service of type NodePort opens its port on every node.

## What it checks
Services with `spec.type: NodePort`. LoadBalancer Services also allocate node ports, but they
are reported by KN101 only when the load balancer is open to everyone.

## Why it matters
A NodePort Service listens on a port of every node's addresses, bypassing the Ingress or Gateway
that would terminate TLS, authenticate and log requests. Node addresses are often reachable from
much wider networks than the pod network (other VPCs, offices, sometimes the internet), and node
firewalls are rarely written port by port. NodePorts also come from a small shared range
(30000-32767), so fixed `nodePort` values collide between teams.

## Example
```yaml
apiVersion: v1
kind: Service
metadata: {name: admin}
spec:
  type: NodePort
  ports:
    - port: 8080
```

## Fix
Use `type: ClusterIP` and publish the service through an Ingress or a Gateway, or an internal
load balancer. Keep NodePort only where an external load balancer needs it, and suppress the
finding there with a reason.

## References
- https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
- https://kubernetes.io/docs/concepts/services-networking/ingress/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KN202",
    name="node-port-service",
    severity=Severity.LOW,
    category="network",
    summary="A Service of type NodePort opens its port on every node",
    targets=("resource",),
    equivalents=("kube-score:service-type", "kube-linter:exposed-services"),
    references=("https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Service" or resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict) or spec.get("type") != "NodePort":
        return
    yield resource.finding(
        RULE,
        f'Service "{resource.name or "<unnamed>"}" is of type NodePort: its ports are open on '
        "every node's addresses, past any Ingress or Gateway; use ClusterIP behind an Ingress or "
        "Gateway, or an internal load balancer",
        "spec",
        "type",
        at_value=True,
    )
