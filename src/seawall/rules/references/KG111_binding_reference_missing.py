"""A RoleBinding or ClusterRoleBinding refers to a role or ServiceAccount that does not exist.

## What it checks
- `roleRef`: a `Role` in the binding's namespace, or a `ClusterRole`. The API server's own
  ClusterRoles (`cluster-admin`, `admin`, `edit`, `view` and every `system:` role) always exist.
  With the external policy of the reference rules: a missing Role is reported at this rule's
  severity when the scan set holds other objects of its namespace, a missing ClusterRole when it
  defines other ClusterRoles; otherwise at `low`, and not at all once declared
  (`external: ["ClusterRole/ingress-nginx"]`).
- `subjects` of kind `ServiceAccount` (in the subject's `namespace`, the binding's by default):
  a missing one is reported at `low` severity, only when the scan set holds other objects of
  that namespace (bindings for accounts of other teams' namespaces are common), and not when
  declared under `external`. The `default` ServiceAccount always exists.

User and Group subjects come from the authenticator and cannot be checked.

How "other objects of the namespace" is judged (folders for objects written without a
namespace, system namespaces, operator-made objects) is described in `KG104`.

## Why it matters
A binding to a role that does not exist grants nothing (the API server accepts it), so the
workload fails with `forbidden` errors at run time. A binding for a ServiceAccount nobody creates
is dead weight and, worse, grants the permissions to whoever later creates an account of that
name.

## Example
```yaml
kind: RoleBinding
metadata: {name: reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}  # it is pods-reader
subjects:
  - {kind: ServiceAccount, name: api}
```

## Fix
Fix the role or account name, add the missing object, or declare one created elsewhere under
`external`.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import Presence, missing_finding, presence

RULE = Rule(
    code="KG111",
    name="binding-reference-missing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A role binding refers to a missing role or ServiceAccount",
    targets=("resource",),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/rbac/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in ("RoleBinding", "ClusterRoleBinding"):
        return
    for edge in edges_from(ctx.graph, resource):
        if edge.kind not in ("roleRef", "subject"):
            continue
        state = presence(edge, ctx)
        if edge.kind == "roleRef" and state in (Presence.EXPECTED, Presence.EXTERNAL):
            yield missing_finding(RULE, edge, state, "grants the permissions of")
        elif edge.kind == "subject" and state is Presence.EXPECTED:
            found = missing_finding(RULE, edge, state, "grants permissions to")
            yield replace(found, severity=Severity.LOW)
