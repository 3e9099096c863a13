"""An Ingress or HTTPRoute serves a wildcard host name.

## What it checks
Host names starting with `*.` in `spec.rules[].host` of Ingresses and in `spec.hostnames` of
Gateway API `HTTPRoute`s (and `GRPCRoute`s, `TLSRoute`s). An HTTPRoute without `hostnames` is
not reported: it takes the host names of the listeners it attaches to, which the Gateway's
owner chose.

## Why it matters
A wildcard host routes every subdomain to the backend: names nobody meant to publish
(`admin.`, `internal.`, forgotten test names) reach it, a dangling DNS record of another team's
subdomain lands on it, and a wildcard certificate is needed, whose key then protects every
name at once. It also takes precedence over nothing: a more specific host added later by
another team silently moves traffic away from it. Low severity: wildcards are sometimes the
point (per-tenant subdomains).

## Example
```yaml
kind: Ingress
spec:
  rules:
    - host: "*.example.com"
```

## Fix
List the host names the service answers to. Keep a wildcard only for per-tenant subdomains, and
suppress the finding there with a reason.

## References
- https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards
- https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KN304",
    name="wildcard-host",
    severity=Severity.LOW,
    category="network",
    summary="An Ingress or HTTPRoute serves a wildcard host name",
    targets=("resource",),
    equivalents=("polaris:httpRouteWildcardOrEmptyHost",),
    references=(
        "https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards",
    ),
)

_ROUTES = frozenset({"HTTPRoute", "GRPCRoute", "TLSRoute"})


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    label = f'{resource.kind} "{resource.name or "<unnamed>"}"'
    if resource.kind == "Ingress":
        rules = spec.get("rules")
        for index, rule in enumerate(rules if isinstance(rules, list) else []):
            host = rule.get("host") if isinstance(rule, dict) else None
            if isinstance(host, str) and host.startswith("*"):
                yield resource.finding(
                    RULE,
                    f"{label} routes the wildcard host {host}: every subdomain reaches its "
                    "backend; list the host names it serves",
                    "spec",
                    "rules",
                    index,
                    "host",
                    at_value=True,
                )
    elif resource.kind in _ROUTES and resource.group == "gateway.networking.k8s.io":
        names = spec.get("hostnames")
        for index, host in enumerate(names if isinstance(names, list) else []):
            if isinstance(host, str) and host.startswith("*"):
                yield resource.finding(
                    RULE,
                    f"{label} matches the wildcard host name {host}: every subdomain reaches "
                    "its backends; list the host names it serves",
                    "spec",
                    "hostnames",
                    index,
                    at_value=True,
                )
