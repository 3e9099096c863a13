"""A role lets its holders create or change roles and role bindings.

## What it checks
A Role or ClusterRole rule that allows `create`, `update` or `patch` on `roles`,
`clusterroles`, `rolebindings` or `clusterrolebindings` (directly or through `*`), without
`resourceNames`. `medium` for a ClusterRole bound cluster-wide, `low` otherwise: RBAC's
escalation check still limits the holder to permissions it already has (RB106 reports the verbs
that lift it).

## Why it matters
Whoever can write role bindings can hand its own permissions to any other identity,
including ones outside the team, and a role it can edit can be widened for everyone bound to it.
It is the permission attackers use to persist.

## Example
```yaml
kind: ClusterRole
metadata: {name: team-admin}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [rolebindings]
    verbs: [create, update, patch, delete]
```

## Fix
Manage roles and bindings from the repository through the deployment pipeline; give
workloads no write access to RBAC objects, or restrict it with `resourceNames`.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import RBAC_WRITE, permission_findings

RULE = Rule(
    code="RB107",
    name="role-changes-rbac",
    severity=Severity.MEDIUM,
    category="security",
    summary="A role lets its holders create or change roles and role bindings",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        RBAC_WRITE,
        advice="keep RBAC changes with the platform's deployment pipeline",
        cluster_wide=Severity.MEDIUM,
        cluster_role=Severity.LOW,
        role_in_namespace=Severity.LOW,
    )
