"""A role lets its holders exec into, attach to or port-forward to pods.

## What it checks
A Role or ClusterRole rule that allows `create` or `get` on `pods/exec`, `pods/attach`
or `pods/portforward` (directly, through `*` or `*/exec`), without `resourceNames`. `get` counts:
WebSocket clients open exec sessions with GET, which clusters without the
`AuthorizePodWebsocketUpgradeCreatePermission` gate authorize as `get`. Severity is `high` for a
ClusterRole bound cluster-wide (ClusterRoleBinding in the scan, or aggregated into
`admin`/`edit`/`view`), `medium` otherwise.

seawall reports the role once, at the rule entry; Polaris also reports every binding to it.

## Why it matters
Exec runs any command inside a container with its identity: its ServiceAccount token,
mounted Secrets and network position. Port-forward reaches ports no Service exposes. Either one is
a way past NetworkPolicies, Pod Security and the application's own authentication.

## Example
```yaml
kind: Role
metadata: {name: debugger, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [create]
```

## Fix
Remove the subresources from roles that workloads use. For people, keep them in a
dedicated role bound only to the operators who need it, ideally granted just in time.

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#exec-into-pods
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import POD_EXEC, permission_findings

RULE = Rule(
    code="RB103",
    name="role-allows-pod-exec",
    severity=Severity.MEDIUM,
    category="security",
    summary="A role lets its holders exec into, attach to or port-forward to pods",
    targets=("resource",),
    equivalents=(
        "polaris:clusterrolePodExecAttach",
        "polaris:rolePodExecAttach",
        "polaris:clusterrolebindingPodExecAttach",
        "polaris:rolebindingClusterRolePodExecAttach",
        "polaris:rolebindingRolePodExecAttach",
    ),
    references=(
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#exec-into-pods",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        POD_EXEC,
        advice="give interactive access to people through a separate audited role",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.MEDIUM,
        role_in_namespace=Severity.MEDIUM,
    )
