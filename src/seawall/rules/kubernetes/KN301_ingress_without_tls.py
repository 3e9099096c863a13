"""An Ingress serves its hosts over plain HTTP: it has no `tls` section.

## What it checks
Ingresses with at least one rule or a default backend and no `spec.tls` entries. Skipped when
TLS is evidently terminated by the cloud load balancer in front of the Ingress: the AWS Load
Balancer Controller's `alb.ingress.kubernetes.io/certificate-arn`, GKE's
`ingress.gcp.kubernetes.io/pre-shared-cert` and `networking.gke.io/managed-certificates`, and
Azure Application Gateway's `appgw.ingress.kubernetes.io/appgw-ssl-certificate`.

## Why it matters
Without a `tls` section the controller serves the hosts on port 80 only (or with its default,
self-signed certificate): passwords, session cookies and tokens cross the network in clear
text and can be read or altered on the way. HTTPS is also what makes `ssl-redirect` and HSTS
possible.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
```

## Fix
Add a `tls` entry naming the hosts and a Secret with the certificate (cert-manager can issue it
from an annotation):
```yaml
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
```

## References
- https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
- https://cert-manager.io/docs/usage/ingress/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KN301",
    name="ingress-without-tls",
    severity=Severity.LOW,
    category="network",
    summary="An Ingress serves its hosts over plain HTTP",
    targets=("resource",),
    equivalents=("polaris:tlsSettingsMissing",),
    references=("https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",),
)

# annotations that attach a certificate at the cloud load balancer instead of `spec.tls`
_EXTERNAL_TLS = (
    "alb.ingress.kubernetes.io/certificate-arn",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Ingress" or resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    rules = spec.get("rules")
    serves = (isinstance(rules, list) and bool(rules)) or isinstance(
        spec.get("defaultBackend", spec.get("backend")), dict
    )
    tls = spec.get("tls")
    if not serves or (isinstance(tls, list) and tls):
        return
    if any(resource.annotations.get(key, "").strip() for key in _EXTERNAL_TLS):
        return
    hosts = (
        [
            str(r["host"])
            for r in rules or []
            if isinstance(r, dict) and isinstance(r.get("host"), str)
        ]
        if isinstance(rules, list)
        else []
    )
    which = f" ({', '.join(hosts[:3])}{', ...' if len(hosts) > 3 else ''})" if hosts else ""
    yield resource.finding(
        RULE,
        f'Ingress "{resource.name or "<unnamed>"}" has no `tls` section, so its hosts{which} are '
        "served over plain HTTP; add a `tls` entry with the hosts and a certificate Secret",
        "spec",
        "tls",
        point_at=("spec",),
    )
