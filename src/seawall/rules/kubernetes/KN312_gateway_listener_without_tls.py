"""A Gateway listener serves plain HTTP, or an HTTPS/TLS listener has no certificate.

## What it checks
Listeners of Gateway API `Gateway`s:

- `protocol: HTTP`: routes attached to it are served unencrypted (low). Not reported when the
  scan holds routes attached to the listener (HTTPRoute or GRPCRoute `parentRefs` naming the
  Gateway, and the listener by `sectionName` or `port` when they narrow it) and every rule of
  every one of them redirects to `https` (`RequestRedirect` with `scheme: https`): the usual
  port-80 listener that only sends clients to HTTPS. A route defined in several files counts as
  its definition nearest the Gateway;
- `protocol: HTTPS`, or `TLS` in `Terminate` mode (the default), without `tls.certificateRefs`:
  the listener is invalid and serves nothing (medium).

Routes are not reported one by one: the listener they attach to is.

## Why it matters
Traffic on an HTTP listener crosses the network in clear text: credentials, cookies and tokens
can be read or changed on the way. A listener that terminates TLS without a certificate is
rejected by the implementation (`ResolvedRefs`/`Programmed` false), so the routes attached to it
are not served at all. A port-80 listener that only redirects to HTTPS is fine; when its
redirect routes are not in the scan, suppress the finding on it with a reason.

## Example
```yaml
kind: Gateway
spec:
  listeners:
    - name: web
      protocol: HTTP
      port: 80
```

## Fix
Serve routes on an HTTPS listener with `tls.certificateRefs` naming the certificate Secret, and
keep the HTTP listener only for a redirect (`RequestRedirect` with `scheme: https`).

## References
- https://gateway-api.sigs.k8s.io/guides/tls/
- https://gateway-api.sigs.k8s.io/reference/spec/#listener
"""

import dataclasses
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.kubernetes._gateway import (
    attached_routes,
    is_gateway_kind,
    listener_label,
    listeners,
    redirects_to_https,
)

RULE = Rule(
    code="KN312",
    name="gateway-listener-without-tls",
    severity=Severity.LOW,
    category="network",
    summary="A Gateway listener serves plain HTTP, or terminates TLS without a certificate",
    targets=("resource",),
    equivalents=("polaris:gatewayTLSMissing", "polaris:httpRouteInsecureListener"),
    references=("https://gateway-api.sigs.k8s.io/guides/tls/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_gateway_kind(resource, "Gateway"):
        return
    gateway = f'Gateway "{resource.name or "<unnamed>"}"'
    for index, listener in listeners(resource):
        protocol = listener.get("protocol")
        label = listener_label(index, listener)
        if protocol == "HTTP":
            routes = attached_routes(ctx.graph, resource, listener)
            if routes and all(redirects_to_https(r) for r in routes):
                continue  # it only sends clients to HTTPS
            yield resource.finding(
                RULE,
                f"{gateway} {label} serves plain HTTP: routes attached to it are unencrypted; "
                "serve them on an HTTPS listener and keep this one only to redirect",
                "spec",
                "listeners",
                index,
                "protocol",
                at_value=True,
            )
            continue
        if protocol not in ("HTTPS", "TLS"):
            continue
        tls = listener.get("tls")
        mode = tls.get("mode", "Terminate") if isinstance(tls, dict) else "Terminate"
        refs = tls.get("certificateRefs") if isinstance(tls, dict) else None
        if mode != "Terminate" or (isinstance(refs, list) and refs):
            continue
        finding = resource.finding(
            RULE,
            f"{gateway} {label} terminates {protocol} but names no certificate "
            "(`tls.certificateRefs`): the listener is invalid and serves nothing; reference the "
            "certificate Secret",
            "spec",
            "listeners",
            index,
            "tls",
            "certificateRefs",
        )
        yield dataclasses.replace(finding, severity=Severity.MEDIUM)
