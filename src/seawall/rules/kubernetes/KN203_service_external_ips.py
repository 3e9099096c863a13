"""A Service sets `externalIPs`, which lets it capture traffic for any address (CVE-2020-8554).

## What it checks
Services with a non-empty `spec.externalIPs` list.

## Why it matters
kube-proxy routes traffic for every address in `externalIPs` to the Service's pods, on every
node, whether or not the cluster owns the address. Anyone who may create or edit a Service can
therefore intercept traffic meant for another service, or for an address outside the cluster
(CVE-2020-8554, a design flaw with no patch). The mitigation is to forbid the field at
admission (the `DenyServiceExternalIPs` admission plugin or a policy); a manifest that relies on
it breaks there, and without it the field is a standing man-in-the-middle path.

## Example
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  externalIPs: [203.0.113.10]
  ports:
    - port: 80
```

## Fix
Remove `externalIPs` and publish the service with a LoadBalancer, an Ingress or a Gateway.

## References
- https://github.com/kubernetes/kubernetes/issues/97076
- https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
- https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KN203",
    name="service-external-ips",
    severity=Severity.MEDIUM,
    category="network",
    summary="A Service sets externalIPs, which can capture traffic for any address",
    targets=("resource",),
    references=("https://github.com/kubernetes/kubernetes/issues/97076",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Service" or resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    addresses = spec.get("externalIPs")
    if not isinstance(addresses, list) or not addresses:
        return
    shown = ", ".join(str(a) for a in addresses[:3]) + (", ..." if len(addresses) > 3 else "")
    yield resource.finding(
        RULE,
        f'Service "{resource.name or "<unnamed>"}" sets externalIPs ({shown}): kube-proxy sends '
        "traffic for those addresses to it on every node, whoever owns them (CVE-2020-8554), "
        "and clusters that deny the field reject it; publish it with a LoadBalancer, Ingress "
        "or Gateway instead",
        "spec",
        "externalIPs",
    )
