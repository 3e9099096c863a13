"""What the RBAC rules share: the dangerous permissions, where a role's rules grant them, and how
far a role reaches (which decides severity).

A permission is a set of requests (API group, resource, verbs); a rule entry grants it when it
allows one of its verbs on one of its resources without ``resourceNames`` (an entry restricted
to named objects is a deliberate, narrow grant). ``CSR_APPROVE`` needs both of its parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import ResourceGraph
from seawall.model.rbac import (
    BINDING_KINDS,
    RBAC_GROUP,
    ROLE_KINDS,
    WILDCARD,
    BoundRole,
    PolicyRule,
    RoleView,
    Subject,
    aggregated_into,
    bindings_of,
    bound_role,
    is_builtin_role,
    role_view,
)
from seawall.model.resource import Resource


@dataclass(frozen=True, slots=True)
class Request:
    group: str
    resources: tuple[str, ...]
    verbs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Permission:
    key: str
    label: str  # what it lets the holder do, for messages: "read Secrets"
    requests: tuple[Request, ...]
    also: tuple[Request, ...] = ()  # a second part that must be granted as well
    cluster_scoped: bool = False  # only about cluster-scoped objects: a Role cannot grant it


@dataclass(frozen=True, slots=True)
class Grant:
    """Where one rule entry grants (part of) a permission: which verbs on which resources."""

    rule: PolicyRule
    verbs: tuple[str, ...]
    resources: tuple[str, ...]

    def describe(self) -> str:
        verbs = ", ".join(f"`{v}`" for v in self.verbs)
        resources = ", ".join(f"`{r}`" for r in self.resources)
        return f"{verbs} on {resources}"


_READ = ("get", "list", "watch")
_WORKLOAD_REQUESTS = (
    Request("", ("pods", "replicationcontrollers"), ("create",)),
    Request("apps", ("deployments", "daemonsets", "statefulsets", "replicasets"), ("create",)),
    Request("batch", ("jobs", "cronjobs"), ("create",)),
)

SECRETS_READ = Permission("secrets", "read Secrets", (Request("", ("secrets",), _READ),))
# `get` counts: clients that speak WebSockets open exec and attach sessions with GET, which
# clusters without the AuthorizePodWebsocketUpgradeCreatePermission gate authorize as `get`
POD_EXEC = Permission(
    "exec",
    "run commands in pods (exec, attach, port-forward)",
    (Request("", ("pods/exec", "pods/attach", "pods/portforward"), ("create", "get")),),
)
POD_CREATE = Permission("create-pods", "create pods", _WORKLOAD_REQUESTS)
IMPERSONATE = Permission(
    "impersonate",
    "act as other identities (impersonate, or mint ServiceAccount tokens)",
    (
        Request("", ("users", "groups", "serviceaccounts"), ("impersonate",)),
        Request("authentication.k8s.io", ("uids", "userextras/*"), ("impersonate",)),
        Request("", ("serviceaccounts/token",), ("create",)),
    ),
)
ESCALATE_BIND = Permission(
    "escalate",
    "grant permissions it does not hold (escalate, bind)",
    (Request(RBAC_GROUP, ("roles", "clusterroles"), ("escalate", "bind")),),
)
RBAC_WRITE = Permission(
    "rbac",
    "change roles and role bindings",
    (
        Request(
            RBAC_GROUP,
            ("roles", "clusterroles", "rolebindings", "clusterrolebindings"),
            ("create", "update", "patch"),
        ),
    ),
)
NODE_PROXY = Permission(
    "node-proxy",
    "reach the kubelet API of nodes (nodes/proxy)",
    (Request("", ("nodes/proxy",), ("get", "create", "update", "patch", "delete")),),
    cluster_scoped=True,
)
WEBHOOKS = Permission(
    "webhooks",
    "change admission webhook configurations",
    (
        Request(
            "admissionregistration.k8s.io",
            ("mutatingwebhookconfigurations", "validatingwebhookconfigurations"),
            ("create", "update", "patch"),
        ),
    ),
    cluster_scoped=True,
)
CSR_APPROVE = Permission(
    "csr",
    "approve certificate signing requests",
    (
        Request(
            "certificates.k8s.io", ("certificatesigningrequests/approval",), ("update", "patch")
        ),
    ),
    also=(Request("certificates.k8s.io", ("signers",), ("approve",)),),
    cluster_scoped=True,
)
DANGEROUS = (
    SECRETS_READ,
    POD_EXEC,
    POD_CREATE,
    IMPERSONATE,
    ESCALATE_BIND,
    RBAC_WRITE,
    NODE_PROXY,
    WEBHOOKS,
    CSR_APPROVE,
)


def _match(rule: PolicyRule, requests: Iterable[Request], *, named: bool) -> Grant | None:
    if rule.restricted or (named and WILDCARD in rule.resources):
        return None
    verbs: dict[str, None] = {}
    resources: dict[str, None] = {}
    for request in requests:
        if not rule.allows_group(request.group):
            continue
        hits = [r for r in request.resources if rule.allows_resource(r)]
        allowed = [v for v in request.verbs if rule.allows_verb(v)]
        if hits and allowed:
            resources.update(dict.fromkeys(hits))
            verbs.update(dict.fromkeys(allowed))
    if not verbs:
        return None
    return Grant(rule, tuple(verbs), tuple(resources))


def grants(
    rules: Iterable[PolicyRule], permission: Permission, *, named: bool = False
) -> list[Grant]:
    """The entries of ``rules`` that grant ``permission`` (none unless every part is granted).
    With ``named``, entries with ``resources: ["*"]`` are left out: they are reported once, as
    wildcards (RB101), rather than by every permission rule."""
    rules = tuple(rules)
    found = [
        g for rule in rules if (g := _match(rule, permission.requests, named=named)) is not None
    ]
    if found and permission.also:
        second = [
            g for rule in rules if (g := _match(rule, permission.also, named=named)) is not None
        ]
        if not second:
            return []
        found += [g for g in second if all(g.rule is not f.rule for f in found)]
    return found


def dangerous_permissions(view: RoleView) -> list[str]:
    """What a role lets its holders do that a platform reviewer would stop at."""
    if view.grants_everything:
        return ["do everything (every verb on every resource)"]
    return dangerous_in(view.rules)


def dangerous_in(rules: Iterable[PolicyRule], *, namespaced: bool = False) -> list[str]:
    """The labels of the dangerous permissions ``rules`` grant; ``namespaced`` for a Role's
    rules, which cannot grant cluster-scoped objects."""
    rules = tuple(rules)
    return [
        p.label for p in DANGEROUS if not (namespaced and p.cluster_scoped) and grants(rules, p)
    ]


@dataclass(frozen=True, slots=True)
class Reach:
    """How far a role's permissions go, as the scan shows it."""

    cluster_wide: bool
    note: str  # for messages, starts with "; " or is empty


def reach(graph: ResourceGraph, role: Resource) -> Reach:
    """A Role reaches its namespace. A ClusterRole reaches every namespace when a
    ClusterRoleBinding of the scan binds it, or when it is aggregated into the built-in
    ``admin``, ``edit`` or ``view`` roles (which clusters bind widely)."""
    if role.kind != "ClusterRole":
        return Reach(False, "")
    for binding in bindings_of(graph, role):
        if binding.kind == "ClusterRoleBinding":
            return Reach(True, f"; ClusterRoleBinding {binding.name} grants it in every namespace")
    targets = aggregated_into(role)
    if targets:
        names = ", ".join(f"`{t}`" for t in targets)
        return Reach(True, f"; its labels aggregate it into the built-in {names} role")
    return Reach(False, "")


def role_severity(
    role: Resource,
    where: Reach,
    *,
    cluster_wide: Severity,
    cluster_role: Severity,
    role_in_namespace: Severity,
) -> Severity:
    if role.kind == "Role":
        return role_in_namespace
    return cluster_wide if where.cluster_wide else cluster_role


def with_severity(finding: Finding, severity: Severity) -> Finding:
    return finding if finding.severity is severity else replace(finding, severity=severity)


def at_entry(rule: Rule, role: Resource, entry: PolicyRule, message: str) -> Finding:
    """A finding at a rule entry's ``resources`` (its ``verbs`` when it lists no resources)."""
    field = "resources" if entry.resources else "verbs"
    return role.finding_at(rule, message, (*entry.path, field))


def judged_role(resource: Resource, ctx: RuleContext) -> RoleView | None:
    """The role a permission rule judges: a Role or ClusterRole the repository wrote, not one
    of Kubernetes' own."""
    if resource.kind not in ROLE_KINDS or resource.is_config or is_builtin_role(resource):
        return None
    return role_view(ctx.graph, resource)


def permission_findings(
    rule: Rule,
    resource: Resource,
    ctx: RuleContext,
    permission: Permission,
    *,
    advice: str,
    cluster_wide: Severity,
    cluster_role: Severity,
    role_in_namespace: Severity,
    adjust: Callable[[Resource, Grant, Severity], Severity] | None = None,
) -> Iterator[Finding]:
    """One finding per rule entry of a role that grants ``permission``, at the entry."""
    view = judged_role(resource, ctx)
    if view is None:
        return
    where = reach(ctx.graph, resource)
    severity = role_severity(
        resource,
        where,
        cluster_wide=cluster_wide,
        cluster_role=cluster_role,
        role_in_namespace=role_in_namespace,
    )
    scope = "in its namespace" if resource.kind == "Role" else "wherever it is bound"
    for grant in grants(view.own_rules, permission, named=True):
        message = (
            f"{view.label} lets its holders {permission.label} {scope}: "
            f"{grant.describe()}{where.note}; {advice}"
        )
        final = severity if adjust is None else adjust(resource, grant, severity)
        yield with_severity(at_entry(rule, resource, grant.rule, message), final)


def judged_binding(resource: Resource, ctx: RuleContext) -> BoundRole | None:
    """The role a RoleBinding or ClusterRoleBinding grants (None for other objects)."""
    if resource.kind not in BINDING_KINDS or resource.is_config:
        return None
    return bound_role(ctx.graph, resource)


def what_it_grants(bound: BoundRole) -> tuple[list[str] | None, str]:
    """The dangerous permissions of a bound role (None when unknown), and a phrase for messages."""
    if bound.view is None:
        return None, f"{bound.label}, whose permissions the scan does not show"
    dangerous = dangerous_permissions(bound.view)
    partial = (
        " (as far as the scan shows its aggregated rules)" if bound.view.aggregation_unknown else ""
    )
    if dangerous:
        return dangerous, f"{bound.label}, which lets it {'; '.join(dangerous)}{partial}"
    return dangerous, f"{bound.label}{partial}"


def at_subject(rule: Rule, binding: Resource, subject: Subject, message: str) -> Finding:
    return binding.finding_at(rule, message, (*binding.path, "subjects", subject.index, "name"))


# subjects that stand for everyone (RB202 reports them; RB201 leaves them to it)
PUBLIC_SUBJECTS = frozenset(
    {
        ("User", "system:anonymous"),
        ("Group", "system:unauthenticated"),
        ("Group", "system:authenticated"),
    }
)
# the ClusterRoles Kubernetes itself binds to those groups
PUBLIC_ROLES = frozenset(
    {
        "system:public-info-viewer",
        "system:discovery",
        "system:basic-user",
        "system:service-account-issuer-discovery",
    }
)
