"""A role allows the escalate or bind verb on roles, bypassing RBAC's escalation check.

## What it checks
A Role or ClusterRole rule that allows `escalate` or `bind` on `roles` or
`clusterroles` of `rbac.authorization.k8s.io` (directly or through `*`), without `resourceNames`.
`high` for ClusterRoles, `medium` for Roles.

Checkov's CKV_K8S_157 looks for `bind` on role *bindings*; Kubernetes checks `bind` on the role
being bound, which is what this rule reads.

## Why it matters
RBAC stops a user from creating or changing a role with permissions they do not hold,
and from binding a role they do not hold. `escalate` lifts the first check, `bind` the second:
either one turns permission to edit RBAC objects into cluster-admin.

## Example
```yaml
kind: ClusterRole
metadata: {name: rbac-manager}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind, escalate]
```

## Fix
Drop the verbs, or list the roles that may be bound in `resourceNames` (as the
ClusterRole of an operator that binds one fixed role does).

## References
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import ESCALATE_BIND, permission_findings

RULE = Rule(
    code="RB106",
    name="role-escalates-or-binds",
    severity=Severity.HIGH,
    category="security",
    summary="A role allows the escalate or bind verb on roles, bypassing RBAC's escalation check",
    targets=("resource",),
    equivalents=("CKV_K8S_157", "CKV_K8S_158"),
    references=(
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        ESCALATE_BIND,
        advice="restrict it with `resourceNames` to the roles it may hand out",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.HIGH,
        role_in_namespace=Severity.MEDIUM,
    )
