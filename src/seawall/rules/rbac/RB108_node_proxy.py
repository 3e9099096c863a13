"""A role lets its holders reach the kubelet API through nodes/proxy.

## What it checks
A Role or ClusterRole rule that allows any verb on `nodes/proxy` (directly, through
`*` or `*/proxy`), without `resourceNames`. `high` for ClusterRoles; `low` for Roles, since a
RoleBinding cannot grant the cluster-scoped `nodes`. Monitoring stacks ask for `get` on
`nodes/proxy` to scrape the kubelet: that is still the whole kubelet API.

## Why it matters
The kubelet API runs commands in every container of the node (`/exec`, `/run`), and the
kubelet authorizes those requests against `nodes/proxy` — `get` is enough for WebSocket requests.
The API server's audit log does not see what happens behind the proxy.

## Example
```yaml
kind: ClusterRole
metadata: {name: metrics}
rules:
  - apiGroups: [""]
    resources: [nodes/proxy, nodes/metrics]
    verbs: [get]
```

## Fix
Use `nodes/metrics` and `nodes/stats` for monitoring, which expose metrics without the
exec endpoints, and drop `nodes/proxy`.

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#nodes-proxy
- https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import NODE_PROXY, permission_findings

RULE = Rule(
    code="RB108",
    name="role-proxies-to-nodes",
    severity=Severity.HIGH,
    category="security",
    summary="A role lets its holders reach the kubelet API through nodes/proxy",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#nodes-proxy",
        "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        NODE_PROXY,
        advice="use `nodes/metrics` for monitoring, or restrict it with `resourceNames`",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.HIGH,
        role_in_namespace=Severity.LOW,
    )
