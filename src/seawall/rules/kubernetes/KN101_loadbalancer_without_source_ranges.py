"""A public LoadBalancer Service accepts traffic from any address.

## What it checks
Services of `type: LoadBalancer` that neither restrict their clients with
`spec.loadBalancerSourceRanges` (or the `service.beta.kubernetes.io/load-balancer-source-ranges`
annotation) nor ask for an internal load balancer. Internal load balancers are recognised by
the cloud providers' annotations: `service.beta.kubernetes.io/aws-load-balancer-internal`
(any value but `false`), `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`,
`networking.gke.io/load-balancer-type: Internal`, `cloud.google.com/load-balancer-type:
Internal`, `service.beta.kubernetes.io/azure-load-balancer-internal: "true"` and
`service.beta.kubernetes.io/oci-load-balancer-internal: "true"`. Source ranges that include
`0.0.0.0/0` or `::/0` are reported too.

## Why it matters
A LoadBalancer Service gets a public address by default on every major cloud, and its ports
are then reachable from the whole internet: admin consoles, databases and internal APIs end up
exposed by a one-line change. Source ranges make the cloud firewall drop everyone else; an
internal load balancer keeps the address private.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: admin
spec:
  type: LoadBalancer
  ports:
    - port: 443
```

## Fix
For a private service, add the provider's internal annotation (for example
`service.beta.kubernetes.io/aws-load-balancer-internal: "true"`). For a public one, list the
clients in `spec.loadBalancerSourceRanges`, or publish it through an Ingress or Gateway that
enforces authentication. A service meant for the whole internet can be suppressed with
`seawall.dev/ignore: KN101` and a reason.

## References
- https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
- https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/
- https://kubernetes.io/docs/reference/networking/virtual-ips/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KN101",
    name="loadbalancer-without-source-ranges",
    severity=Severity.MEDIUM,
    category="network",
    summary="A public LoadBalancer Service accepts traffic from any address",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",),
)

_SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"
_OPEN = frozenset({"0.0.0.0/0", "::/0"})


def internal(annotations: dict[str, str]) -> bool:
    """Whether the annotations ask the cloud provider for an internal load balancer."""
    aws = annotations.get("service.beta.kubernetes.io/aws-load-balancer-internal")
    if aws is not None and aws.strip().lower() not in ("", "false"):
        return True  # "true", or the legacy "0.0.0.0/0"
    checks = {
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
        "networking.gke.io/load-balancer-type": "internal",
        "cloud.google.com/load-balancer-type": "internal",
        "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
        "service.beta.kubernetes.io/oci-load-balancer-internal": "true",
    }
    return any(annotations.get(key, "").strip().lower() == value for key, value in checks.items())


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Service" or resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict) or spec.get("type") != "LoadBalancer":
        return
    if internal(resource.annotations):
        return
    name = f'Service "{resource.name or "<unnamed>"}"'
    ranges = spec.get("loadBalancerSourceRanges")
    listed = [str(r).strip() for r in ranges] if isinstance(ranges, list) else []
    annotated = [
        r.strip()
        for r in resource.annotations.get(_SOURCE_RANGES_ANNOTATION, "").split(",")
        if r.strip()
    ]
    if listed or annotated:
        open_ranges = sorted(_OPEN.intersection(listed + annotated))
        if not open_ranges:
            return
        where = ("spec", "loadBalancerSourceRanges") if listed else ("metadata", "annotations")
        yield resource.finding(
            RULE,
            f"{name} is a public load balancer whose source ranges include "
            f"{' and '.join(open_ranges)}: every address may connect; list the clients instead",
            *where,
        )
        return
    yield resource.finding(
        RULE,
        f"{name} is a public load balancer reachable from any address: it sets no "
        "`loadBalancerSourceRanges` and no internal load-balancer annotation; restrict the "
        "source ranges or make it internal",
        "spec",
        "loadBalancerSourceRanges",
        point_at=("spec", "type"),
        at_value=True,
    )
