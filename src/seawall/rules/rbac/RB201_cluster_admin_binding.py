"""A binding grants cluster-admin, or a role that allows everything, to someone other than an
admin group.

## What it checks
RoleBindings and ClusterRoleBindings whose `roleRef` is the `cluster-admin` ClusterRole, or a
Role or ClusterRole of the scan with a rule of `*` verbs on `*` resources of `*` API groups
(aggregated ClusterRoles included, as far as the scan shows the roles they gather). Subjects in
the `admin_groups` option (default: `system:masters`, the group Kubernetes' own `cluster-admin`
binding uses) are expected; every other subject is named in the message. The public groups
(`system:anonymous`, `system:unauthenticated`, `system:authenticated`) are left to `RB202`.

Severity: `high` for a ClusterRoleBinding (every permission in every namespace), `medium` for a
RoleBinding (full control of one namespace, its Secrets and RBAC included).

## Why it matters
cluster-admin can read every Secret, run anything on any node and rewrite RBAC itself: a leaked
token of a subject bound to it is the whole cluster. Installers and operators often ask for it
because it is easy, not because they need it. CIS Kubernetes Benchmark 5.1.1.

## Example
```yaml
kind: ClusterRoleBinding
metadata: {name: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: deployer, namespace: ci}
```

## Fix
Bind a role with the permissions the subject needs, in the namespaces it needs them. For people,
use an admin group of your identity provider and list it in `admin_groups`.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
- CIS Kubernetes Benchmark 5.1.1

## Options
- `admin_groups` (list, default `["system:masters"]`): the groups (or user names) of the
  cluster's administrators, who may hold cluster-admin.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.rbac import subjects_of
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import PUBLIC_SUBJECTS, judged_binding, with_severity

RULE = Rule(
    code="RB201",
    name="cluster-admin-binding",
    severity=Severity.HIGH,
    category="security",
    summary="A binding grants cluster-admin, or a role allowing everything, to a non-admin",
    targets=("resource",),
    equivalents=(
        "kube-linter:cluster-admin-role-binding",
        "polaris:clusterrolebindingClusterAdmin",
        "polaris:rolebindingClusterAdminClusterRole",
        "polaris:rolebindingClusterAdminRole",
        "CIS-5.1.1",
    ),
    references=("https://kubernetes.io/docs/concepts/security/rbac-good-practices/",),
    options=(
        Option(
            "admin_groups",
            ["system:masters"],
            "groups (and users) that may hold cluster-admin: the cluster's administrators",
        ),
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    bound = judged_binding(resource, ctx)
    if bound is None:
        return
    if bound.kind == "ClusterRole" and bound.name == "cluster-admin":
        what = "`cluster-admin`"
    elif bound.view is not None and bound.view.grants_everything:
        what = f"{bound.label}, which allows every verb on every resource like `cluster-admin`"
    else:
        return
    admins = set(ctx.options.get("admin_groups", ["system:masters"]))
    others = [
        s.label
        for s in subjects_of(resource)
        if s.name not in admins and (s.kind, s.name) not in PUBLIC_SUBJECTS
    ]
    if not others:
        return
    scope = "in every namespace" if resource.kind == "ClusterRoleBinding" else "in its namespace"
    message = (
        f"{resource.kind} {resource.name} grants {what} {scope} to {', '.join(others)}; "
        "bind a role with only the permissions it needs"
    )
    found = resource.finding_at(RULE, message, (*resource.path, "roleRef", "name"), at_value=True)
    yield with_severity(
        found, Severity.HIGH if resource.kind == "ClusterRoleBinding" else Severity.MEDIUM
    )
