"""A role lets its holders create pods or pod controllers.

## What it checks
A Role or ClusterRole rule that allows `create` on `pods`, `replicationcontrollers`,
`deployments`, `daemonsets`, `statefulsets`, `replicasets`, `jobs` or `cronjobs` (directly or
through `*`), without `resourceNames`. Severity: `high` for a ClusterRole bound cluster-wide
(ClusterRoleBinding in the scan, or aggregated into `admin`/`edit`/`view`), `medium` for other
ClusterRoles, `low` for a Role: deployers and operators legitimately create workloads in their
own namespace.

## Why it matters
Whoever creates a pod chooses its ServiceAccount, volumes and security context: it can
run as any ServiceAccount of the namespace, mount any of its Secrets and, where Pod Security does
not stop it, run privileged on a node. Creating pods in every namespace, `kube-system` included, is
equivalent to cluster-admin. CIS Kubernetes Benchmark 5.1.4.

## Example
```yaml
kind: ClusterRole
metadata: {name: ci-deployer}
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [create, update, patch]
```

## Fix
Bind workload-creating roles with RoleBindings in the namespaces they deploy to, not
cluster-wide, and enforce Pod Security `restricted` (or `baseline`) on those namespaces.

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
- CIS Kubernetes Benchmark 5.1.4
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import POD_CREATE, permission_findings

RULE = Rule(
    code="RB104",
    name="role-creates-pods",
    severity=Severity.MEDIUM,
    category="security",
    summary="A role lets its holders create pods or pod controllers",
    targets=("resource",),
    equivalents=("kube-linter:access-to-create-pods",),
    references=(
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        POD_CREATE,
        advice="make sure Pod Security admission guards the namespaces it reaches",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.MEDIUM,
        role_in_namespace=Severity.LOW,
    )
