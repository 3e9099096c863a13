"""A Gateway listener accepts routes from every namespace.

## What it checks
Listeners of Gateway API `Gateway`s with `allowedRoutes.namespaces.from: All`.

## Why it matters
Routes claim host names and paths on the listener they attach to. When every namespace may
attach, any team (or anyone who can create an HTTPRoute anywhere in the cluster) can publish a
service on the shared gateway, take over a host name or path another team serves, or expose an
internal service to the internet. `Selector` limits attachment to namespaces with a label the
platform team controls; `Same` (the default) to the Gateway's own namespace.

## Example
```yaml
kind: Gateway
spec:
  listeners:
    - name: https
      protocol: HTTPS
      port: 443
      allowedRoutes:
        namespaces: {from: All}
```

## Fix
Use `from: Selector` with a namespace label only trusted namespaces carry, or `from: Same`.

## References
- https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes
- https://gateway-api.sigs.k8s.io/guides/multiple-ns/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.kubernetes._gateway import is_gateway_kind, listener_label, listeners

RULE = Rule(
    code="KN311",
    name="gateway-allows-routes-from-all-namespaces",
    severity=Severity.LOW,
    category="network",
    summary="A Gateway listener accepts routes from every namespace",
    targets=("resource",),
    equivalents=("polaris:gatewayAllowedRoutesAll",),
    references=("https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_gateway_kind(resource, "Gateway"):
        return
    for index, listener in listeners(resource):
        allowed = listener.get("allowedRoutes")
        namespaces = allowed.get("namespaces") if isinstance(allowed, dict) else None
        if not isinstance(namespaces, dict) or namespaces.get("from") != "All":
            continue
        yield resource.finding(
            RULE,
            f'Gateway "{resource.name or "<unnamed>"}" {listener_label(index, listener)} accepts '
            "routes from every namespace: any namespace can publish services and claim host "
            "names on it; use `from: Selector` with a label only trusted namespaces carry",
            "spec",
            "listeners",
            index,
            "allowedRoutes",
            "namespaces",
            "from",
            at_value=True,
        )
