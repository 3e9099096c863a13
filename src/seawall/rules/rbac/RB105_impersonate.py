"""A role lets its holders impersonate identities or mint ServiceAccount tokens.

## What it checks
A Role or ClusterRole rule that allows `impersonate` on `users`, `groups`,
`serviceaccounts` (core group) or `uids`/`userextras/*` (`authentication.k8s.io`), or `create` on
`serviceaccounts/token`, without `resourceNames`. `high` for ClusterRoles, `medium` for Roles
(they reach only the ServiceAccounts of one namespace).

## Why it matters
Impersonating the group `system:masters` is cluster-admin; impersonating or minting a
token for any ServiceAccount gives its permissions. The holder acts with more rights than its own
and the audit log names the impersonated identity.

## Example
```yaml
kind: ClusterRole
metadata: {name: support}
rules:
  - apiGroups: [""]
    resources: [users, groups]
    verbs: [impersonate]
```

## Fix
List the users, groups or ServiceAccounts that may be impersonated in `resourceNames`,
or drop the rule.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import IMPERSONATE, permission_findings

RULE = Rule(
    code="RB105",
    name="role-impersonates",
    severity=Severity.HIGH,
    category="security",
    summary="A role lets its holders impersonate identities or mint ServiceAccount tokens",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        IMPERSONATE,
        advice="restrict it with `resourceNames` to the identities it must act as",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.HIGH,
        role_in_namespace=Severity.MEDIUM,
    )
