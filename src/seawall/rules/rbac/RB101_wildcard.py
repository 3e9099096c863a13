"""A role rule uses the `*` wildcard for API groups, resources, verbs or non-resource URLs.

## What it checks
Every rule entry of a Role or ClusterRole the repository writes (Kubernetes' own `system:*`,
`cluster-admin`, `admin`, `edit` and `view` are not judged) that holds `*` in `apiGroups`,
`resources`, `verbs` or `nonResourceURLs`. Entries restricted by `resourceNames` are skipped.
Severity depends on how much the wildcard opens:

- `*` verbs on `*` resources of `*` groups (the shape of `cluster-admin`): `high` for a
  ClusterRole, `medium` for a Role (full control of its namespace);
- `*` in `verbs` or `resources` over `*` API groups or one of Kubernetes' own groups (core,
  `apps`, `batch`, `rbac.authorization.k8s.io`, ...), or any wildcard that includes a dangerous
  permission (reading Secrets, exec, creating pods, impersonation, escalate/bind, RBAC changes,
  nodes/proxy, admission webhooks, certificate approval; the message names them): `medium`;
- any other wildcard, such as `*` verbs on an operator's own custom resources or `*` only in
  `apiGroups` with named resources: `low`.

An entry with `resources: ["*"]` is reported here only, not again by each permission rule
(`RB102`-`RB110`).

Roles in the namespaces of the `system_namespaces` option (default `kube-system`) are reported at
`low` at most: controllers installed there (cloud providers' node managers, CNI and CSI plugins)
routinely ship wildcard roles, and a platform reviewer looks at who is bound to them instead
(`RB201`-`RB203`).

## Why it matters
A wildcard grants whatever the API will ever serve: new resources, custom resources installed
later and new verbs (`escalate`, `bind`, `impersonate`) included. Nobody reviewing the role sees
what it really grants. CIS Kubernetes Benchmark 5.1.3 asks to minimise wildcards.

## Example
```yaml
kind: ClusterRole
metadata: {name: operator}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
```

## Fix
List the API groups, resources and verbs the holder needs. `kubectl auth can-i --list --as
system:serviceaccount:NS:NAME` and the API server's audit log show what is actually used.

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-distribution-of-privileged-tokens
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
- CIS Kubernetes Benchmark 5.1.3

## Options
- `system_namespaces` (list, default `["kube-system"]`): namespaces whose Roles are reported at
  `low` at most.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import dangerous_in, judged_role, reach, with_severity

RULE = Rule(
    code="RB101",
    name="role-wildcard",
    severity=Severity.MEDIUM,
    category="security",
    summary="A role rule uses the `*` wildcard for API groups, resources, verbs or URLs",
    targets=("resource",),
    equivalents=("CKV_K8S_49", "kube-linter:wildcard-in-rules", "CIS-5.1.3"),
    references=("https://kubernetes.io/docs/concepts/security/rbac-good-practices/",),
    options=(
        Option(
            "system_namespaces",
            ["kube-system"],
            "namespaces whose Roles are reported at `low` at most (controllers installed there "
            "ship wildcard roles)",
        ),
    ),
)

# Kubernetes' own API groups: a wildcard over them reaches workloads, RBAC and admission; one
# over an operator's own group (monitoring.coreos.com) reaches only that operator's objects
_CORE_GROUPS = frozenset(
    {
        "",
        "apps",
        "batch",
        "policy",
        "rbac.authorization.k8s.io",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "certificates.k8s.io",
        "authentication.k8s.io",
        "authorization.k8s.io",
        "networking.k8s.io",
        "storage.k8s.io",
    }
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    view = judged_role(resource, ctx)
    if view is None:
        return
    system = ctx.options.get("system_namespaces", ["kube-system"])
    in_system = resource.kind == "Role" and resource.namespace in system
    note = reach(ctx.graph, resource).note
    for entry in view.own_rules:
        fields = entry.wildcard_fields()
        if not fields or entry.restricted:
            continue
        if entry.grants_everything:
            what = "grants every verb on every resource of every API group"
            what += (
                ", like `cluster-admin`" if resource.kind == "ClusterRole" else " of its namespace"
            )
            severity = Severity.HIGH if resource.kind == "ClusterRole" else Severity.MEDIUM
        else:
            named = ", ".join(f"`{f}`" for f in fields)
            what = f"uses `*` in {named}, which also grants whatever the API adds later"
            included = dangerous_in([entry], namespaced=resource.kind == "Role")
            if included:
                what += f", including the permissions to {'; '.join(included)}"
            broad = ("verbs" in fields or "resources" in fields) and (
                "apiGroups" in fields or any(g in _CORE_GROUPS for g in entry.api_groups)
            )
            severity = Severity.MEDIUM if included or broad else Severity.LOW
        if in_system:
            severity = min(severity, Severity.LOW)
        message = (
            f"{view.label} rule {entry.index + 1} {what}{note}; "
            "list the groups, resources and verbs it needs"
        )
        found = resource.finding_at(RULE, message, (*entry.path, fields[0]))
        yield with_severity(found, severity)
