"""A binding grants permissions to anonymous users, or to every authenticated identity.

## What it checks
Subjects of RoleBindings and ClusterRoleBindings that stand for everyone:

- `User system:anonymous` and `Group system:unauthenticated` (anyone who can reach the API
  server): `critical` when the role allows a dangerous permission (reading Secrets, exec, creating
  pods, impersonation, escalate/bind, RBAC changes, nodes/proxy, admission webhooks, certificate
  approval, or everything), `high` otherwise;
- `Group system:authenticated` and `Group system:serviceaccounts` (every user and every pod's
  ServiceAccount in the cluster, or of one namespace for `system:serviceaccounts:NS`): `high` when
  the role allows a dangerous permission, `low` otherwise.

Bindings to the roles Kubernetes itself grants to these groups (`system:public-info-viewer`,
`system:discovery`, `system:basic-user`, `system:service-account-issuer-discovery`) are not
reported. When the role is not in the scan, the message says its permissions are unknown.

## Why it matters
Anonymous access is on by default in kube-apiserver (`--anonymous-auth`); a permission granted
to `system:unauthenticated` is granted to the internet wherever the API server is reachable.
`system:authenticated` includes every ServiceAccount of every pod, so one compromised workload
gets the permission.

## Example
```yaml
kind: ClusterRoleBinding
metadata: {name: open-dashboard}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io}
```

## Fix
Bind the role to the users, groups or ServiceAccounts that need it.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
- https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.rbac import subjects_of
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import (
    PUBLIC_ROLES,
    PUBLIC_SUBJECTS,
    at_subject,
    judged_binding,
    what_it_grants,
    with_severity,
)

RULE = Rule(
    code="RB202",
    name="binding-to-everyone",
    severity=Severity.HIGH,
    category="security",
    summary="A binding grants permissions to anonymous users or to every authenticated identity",
    targets=("resource",),
    references=("https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles",),
)

_ALL_ACCOUNTS = "system:serviceaccounts"


def _audience(kind: str, name: str) -> tuple[str, bool] | None:
    """Who a subject stands for, and whether that includes unauthenticated requests."""
    if (kind, name) in PUBLIC_SUBJECTS:
        anonymous = name != "system:authenticated"
        who = "anyone who can reach the API server" if anonymous else "every authenticated user"
        return who, anonymous
    if kind == "Group" and name == _ALL_ACCOUNTS:
        return "every ServiceAccount of the cluster", False
    if kind == "Group" and name.startswith(_ALL_ACCOUNTS + ":"):
        return f"every ServiceAccount of namespace {name.split(':', 2)[2]}", False
    return None


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    bound = judged_binding(resource, ctx)
    if bound is None or (bound.kind == "ClusterRole" and bound.name in PUBLIC_ROLES):
        return
    dangerous, granted = what_it_grants(bound)
    for subject in subjects_of(resource):
        audience = _audience(subject.kind, subject.name)
        if audience is None:
            continue
        who, anonymous = audience
        if anonymous:
            severity = Severity.CRITICAL if dangerous else Severity.HIGH
        else:
            severity = Severity.HIGH if dangerous else Severity.LOW
        message = (
            f"{resource.kind} {resource.name} grants {granted} to {subject.label}, that is to "
            f"{who}; bind it to the identities that need it"
        )
        yield with_severity(at_subject(RULE, resource, subject, message), severity)
