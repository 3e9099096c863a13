"""A Gateway or route refers to another namespace without a ReferenceGrant allowing it.

## What it checks
- `Gateway` listeners whose `tls.certificateRefs` name a Secret in another namespace;
- `HTTPRoute`, `GRPCRoute`, `TLSRoute`, `TCPRoute` and `UDPRoute` rules whose `backendRefs` name
  a backend (a Service by default) in another namespace;

when no `ReferenceGrant` of the scan set, in the target namespace, lets objects of that kind
and namespace refer to that object. References within one namespace are not reported.

## Why it matters
Cross-namespace references are refused unless the target namespace's owner grants them with a
ReferenceGrant: otherwise the implementation reports `ResolvedRefs: False` (`RefNotPermitted`),
the listener has no certificate or the backend gets no traffic (HTTP 500). When a grant does
exist, the reference crosses a trust boundary the reviewer should see: a certificate key or a
backend owned by another team. Low severity: the grant may live in the other team's repository.

## Example
```yaml
kind: HTTPRoute
metadata: {name: shop, namespace: web}
spec:
  rules:
    - backendRefs:
        - {name: api, namespace: backend, port: 8080}   # no ReferenceGrant in "backend"
```

## Fix
Add a ReferenceGrant in the target namespace (`from` the route's kind and namespace, `to` the
Service or Secret), or move the route or certificate to the same namespace.

## References
- https://gateway-api.sigs.k8s.io/api-types/referencegrant/
- https://gateway-api.sigs.k8s.io/guides/multiple-ns/
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import namespace_of
from seawall.model.resource import Resource
from seawall.parse.yaml import Path
from seawall.rules.kubernetes._gateway import (
    granted,
    is_gateway_kind,
    listener_label,
    listeners,
)

RULE = Rule(
    code="KN313",
    name="gateway-cross-namespace-reference",
    severity=Severity.LOW,
    category="network",
    summary="A Gateway or route refers to another namespace without a ReferenceGrant",
    targets=("resource",),
    equivalents=(
        "polaris:gatewayCrossNamespaceCertificateRef",
        "polaris:httpRouteCrossNamespaceBackendRef",
    ),
    references=("https://gateway-api.sigs.k8s.io/api-types/referencegrant/",),
)

_ROUTES = ("HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute")


def _refs(resource: Resource) -> Iterator[tuple[Path, dict[str, Any], str, str, str]]:
    """(path, ref, what, default group, default kind) for every reference of the object."""
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    if resource.kind == "Gateway":
        for index, listener in listeners(resource):
            tls = listener.get("tls")
            refs = tls.get("certificateRefs") if isinstance(tls, dict) else None
            for n, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, dict):
                    where = f"{listener_label(index, listener)} certificate"
                    path = ("spec", "listeners", index, "tls", "certificateRefs", n)
                    yield path, ref, where, "", "Secret"
        return
    rules = spec.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        refs = rule.get("backendRefs") if isinstance(rule, dict) else None
        for n, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, dict):
                yield ("spec", "rules", index, "backendRefs", n), ref, "backend", "", "Service"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_gateway_kind(resource, "Gateway", *_ROUTES):
        return
    own = namespace_of(resource)
    label = f'{resource.kind} "{resource.name or "<unnamed>"}"'
    for path, ref, what, default_group, default_kind in _refs(resource):
        target_ns = ref.get("namespace")
        if not isinstance(target_ns, str) or not target_ns or target_ns == own:
            continue
        group = str(ref.get("group") or default_group)
        kind = str(ref.get("kind") or default_kind)
        name = str(ref.get("name") or "")
        if granted(ctx.graph, resource, target_ns, group, kind, name):
            continue
        yield resource.finding(
            RULE,
            f"{label} in namespace {own} refers to its {what} {kind} {target_ns}/{name}, and no "
            f"ReferenceGrant in namespace {target_ns} among the scanned files allows it: unless "
            "one exists elsewhere the reference is refused (RefNotPermitted); add the "
            "ReferenceGrant next to the target",
            *path,
            "namespace",
            at_value=True,
        )
