"""Roles and ClusterRoles as normalised permission rules, and the question "does it grant this?".

API
---
- ``PolicyRule``: one entry of a role's ``rules`` (``apiGroups`` by ``resources`` by ``verbs``,
  restricted to ``resourceNames`` when given; ``nonResourceURLs`` for ClusterRoles), with the
  path of the entry so findings point at it. Values that are not strings are dropped: the API
  server rejects them, and schema validation reports them.
- ``PolicyRule.allows(verb, resource, group)``: whether the entry grants ``verb`` on
  ``resource`` (``pods`` or ``pods/exec``) of API group ``group`` (``""`` is the core group),
  honouring ``*`` in each field and ``*/subresource`` exactly as the RBAC authorizer does.
  Matching is case-sensitive, like Kubernetes: ``Secrets`` grants nothing.
- ``RoleView``: a Role or ClusterRole with its own rules and, for a ClusterRole with an
  ``aggregationRule``, the rules of the ClusterRoles of the scan whose labels its selectors
  match. ``aggregation_unknown`` says that some of its rules may come from ClusterRoles outside
  the scan set (every aggregated role is filled by the controller from whatever exists in the
  cluster, so a scan can only ever see part of it).
- ``roles(graph)``: every Role and ClusterRole of the scan as a ``RoleView`` (built once);
  ``role_view(graph, resource)``; ``bound_role(graph, binding)``: what a binding's ``roleRef``
  grants, with the built-in ClusterRoles (``cluster-admin``, ``admin``, ``edit``, ``view``)
  described by representative rules when the scan does not hold them.
- ``is_builtin_role(resource)``: a role Kubernetes itself creates (``system:*``,
  ``cluster-admin``, ``admin``, ``edit``, ``view``), which rules do not judge.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.resource import Resource
from seawall.model.selectors import LabelSelector, SelectorError, from_label_selector
from seawall.parse.yaml import Path

WILDCARD = "*"
RBAC_GROUP = "rbac.authorization.k8s.io"
ROLE_KINDS = ("Role", "ClusterRole")
BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")
BUILTIN_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})
# the labels that aggregate a ClusterRole into the built-in user-facing roles
AGGREGATE_TO = {
    "rbac.authorization.k8s.io/aggregate-to-admin": "admin",
    "rbac.authorization.k8s.io/aggregate-to-edit": "edit",
    "rbac.authorization.k8s.io/aggregate-to-view": "view",
}


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """One ``rules[]`` entry of a role. ``role`` is None for the built-in roles' stand-in rules."""

    role: Resource | None
    index: int
    api_groups: tuple[str, ...]
    resources: tuple[str, ...]
    verbs: tuple[str, ...]
    resource_names: tuple[str, ...] = ()
    non_resource_urls: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        """The entry's path from the document root (empty for stand-in rules)."""
        return () if self.role is None else (*self.role.path, "rules", self.index)

    @property
    def restricted(self) -> bool:
        """The entry only applies to the objects its ``resourceNames`` name."""
        return bool(self.resource_names)

    def allows_verb(self, verb: str) -> bool:
        return WILDCARD in self.verbs or verb in self.verbs

    def allows_group(self, group: str) -> bool:
        return WILDCARD in self.api_groups or group in self.api_groups

    def allows_resource(self, resource: str) -> bool:
        _, _, sub = resource.partition("/")
        for granted in self.resources:
            if granted in (WILDCARD, resource):
                return True
            if sub and granted == f"*/{sub}":
                return True
        return False

    def allows(self, verb: str, resource: str, group: str = "") -> bool:
        """Whether this entry grants ``verb`` on ``resource`` in ``group`` for some object
        (all of them unless ``restricted``)."""
        return (
            self.allows_verb(verb) and self.allows_group(group) and self.allows_resource(resource)
        )

    def wildcard_fields(self) -> list[str]:
        """The fields of this entry that hold ``*``, in the order they are written."""
        fields = {
            "apiGroups": self.api_groups,
            "resources": self.resources,
            "verbs": self.verbs,
            "nonResourceURLs": self.non_resource_urls,
        }
        return [name for name, values in fields.items() if WILDCARD in values]

    @property
    def grants_everything(self) -> bool:
        """``*`` verbs on ``*`` resources of ``*`` groups: the shape of ``cluster-admin``."""
        return WILDCARD in self.api_groups and WILDCARD in self.resources and WILDCARD in self.verbs


def rules_of(role: Resource) -> tuple[PolicyRule, ...]:
    """The rules written in a Role or ClusterRole (bad entries skipped)."""
    raw = role.body.get("rules")
    if not isinstance(raw, list):
        return ()
    found = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        found.append(
            PolicyRule(
                role=role,
                index=index,
                api_groups=_strings(item.get("apiGroups")),
                resources=_strings(item.get("resources")),
                verbs=_strings(item.get("verbs")),
                resource_names=_strings(item.get("resourceNames")),
                non_resource_urls=_strings(item.get("nonResourceURLs")),
            )
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class RoleView:
    """A role and everything it grants as far as the scan set shows."""

    kind: str
    name: str
    resource: Resource | None  # None for a built-in ClusterRole the scan does not hold
    own_rules: tuple[PolicyRule, ...]
    aggregated_from: tuple[Resource, ...] = ()
    aggregation_unknown: bool = False
    aggregated_rules: tuple[PolicyRule, ...] = field(default=())

    @property
    def rules(self) -> tuple[PolicyRule, ...]:
        return self.own_rules + self.aggregated_rules

    @property
    def label(self) -> str:
        if self.resource is not None and self.resource.namespace and self.kind == "Role":
            return f"{self.kind} {self.resource.namespace}/{self.name}"
        return f"{self.kind} {self.name}"

    def grants(self, verb: str, resource: str, group: str = "") -> list[PolicyRule]:
        """The unrestricted rules that grant ``verb`` on every ``resource`` of ``group``."""
        return [r for r in self.rules if not r.restricted and r.allows(verb, resource, group)]

    @property
    def grants_everything(self) -> bool:
        return any(r.grants_everything and not r.restricted for r in self.rules)


def is_builtin_role(role: Resource) -> bool:
    """A role that Kubernetes creates itself; writing a copy of it does not make it the
    repository's design, so rules judge the bindings to it, not the role."""
    if role.name.startswith("system:"):
        return True
    return role.kind == "ClusterRole" and role.name in BUILTIN_CLUSTER_ROLES


def _aggregation_selectors(role: Resource) -> list[LabelSelector] | None:
    """The readable ``clusterRoleSelectors`` of an aggregated ClusterRole (None when it has no
    ``aggregationRule``)."""
    rule = role.body.get("aggregationRule")
    if not isinstance(rule, dict):
        return None
    raw = rule.get("clusterRoleSelectors")
    selectors: list[LabelSelector] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            selector = from_label_selector(item)
        except SelectorError:
            continue
        if not selector.is_empty:  # an empty selector is rejected by the API server
            selectors.append(selector)
    return selectors


def _build_roles(graph: ResourceGraph) -> dict[int, RoleView]:
    cluster_roles = [r for r in graph.of_kind("ClusterRole") if not r.is_config]
    views: dict[int, RoleView] = {}
    for role in graph.of_kind("Role"):
        if not role.is_config:
            views[id(role)] = RoleView("Role", role.name, role, rules_of(role))
    for role in cluster_roles:
        own = rules_of(role)
        selectors = _aggregation_selectors(role)
        if selectors is None:
            views[id(role)] = RoleView("ClusterRole", role.name, role, own)
            continue
        sources = tuple(
            other
            for other in cluster_roles
            if other is not role and any(s.matches(other.labels) for s in selectors)
        )
        aggregated = tuple(rule for source in sources for rule in rules_of(source))
        views[id(role)] = RoleView(
            "ClusterRole",
            role.name,
            role,
            # the controller overwrites the written rules of an aggregated role
            (),
            aggregated_from=sources,
            # the controller gathers matching ClusterRoles from the whole cluster, so the scan
            # only ever shows part of an aggregated role
            aggregation_unknown=True,
            aggregated_rules=aggregated,
        )
    return views


def roles(graph: ResourceGraph) -> dict[int, RoleView]:
    """Every Role and ClusterRole of the scan, by ``id`` of its ``Resource``."""
    return graph.derived("rbac-roles", _build_roles)


def role_view(graph: ResourceGraph, role: Resource) -> RoleView:
    found = roles(graph).get(id(role))
    return found if found is not None else RoleView(role.kind, role.name, role, rules_of(role))


def _stand_in(
    *entries: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
) -> tuple[PolicyRule, ...]:
    return tuple(
        PolicyRule(None, index, groups, resources, verbs)
        for index, (groups, resources, verbs) in enumerate(entries)
    )


_WORKLOADS = ("deployments", "daemonsets", "statefulsets", "replicasets")
_WRITE = ("create", "update", "patch", "delete")
_READ = ("get", "list", "watch")
_EDIT_RULES = (
    (("",), ("pods", "pods/exec", "pods/attach", "pods/portforward", "secrets"), _READ + _WRITE),
    (("",), ("serviceaccounts",), ("impersonate", *_READ, *_WRITE)),
    (("apps",), _WORKLOADS, _READ + _WRITE),
    (("batch",), ("jobs", "cronjobs"), _READ + _WRITE),
)
# What the built-in user-facing roles grant, as far as the rules of this package ask (the full
# lists are in the RBAC documentation's "user-facing roles" table).
BUILTIN_RULES: dict[str, tuple[PolicyRule, ...]] = {
    "cluster-admin": _stand_in(((WILDCARD,), (WILDCARD,), (WILDCARD,))),
    "admin": _stand_in(
        *_EDIT_RULES,
        ((RBAC_GROUP,), ("roles", "rolebindings"), _READ + _WRITE),
    ),
    "edit": _stand_in(*_EDIT_RULES),
    "view": _stand_in((("",), ("pods", "services", "configmaps"), _READ)),
}


@dataclass(frozen=True, slots=True)
class BoundRole:
    """What a binding's ``roleRef`` points at. ``view`` is None when the role is neither in the
    scan nor one of the built-in roles whose permissions are known."""

    kind: str
    name: str
    view: RoleView | None
    builtin: bool

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


def bound_role(graph: ResourceGraph, binding: Resource) -> BoundRole | None:
    """The role a binding grants, or None when its ``roleRef`` is unreadable."""
    ref = binding.body.get("roleRef")
    if not isinstance(ref, dict):
        return None
    kind, name = ref.get("kind"), ref.get("name")
    if kind not in ROLE_KINDS or not isinstance(name, str) or not name:
        return None
    namespace = namespace_of(binding) if kind == "Role" else None
    found = graph.get(kind, namespace, name)
    if found is not None and not (kind == "ClusterRole" and name in BUILTIN_RULES):
        return BoundRole(kind, name, role_view(graph, found), is_builtin_role(found))
    if kind == "ClusterRole" and name in BUILTIN_RULES:
        view = RoleView("ClusterRole", name, found, BUILTIN_RULES[name])
        return BoundRole(kind, name, view, True)
    builtin = name.startswith("system:")
    return BoundRole(kind, name, None, builtin)


def bindings_of(graph: ResourceGraph, role: Resource) -> list[Resource]:
    """The bindings of the scan whose ``roleRef`` names ``role``."""
    index = graph.derived("rbac-bindings-by-role", _bindings_by_role)
    key = (role.kind, namespace_of(role) if role.kind == "Role" else None, role.name)
    return index.get(key, [])


def _bindings_by_role(
    graph: ResourceGraph,
) -> dict[tuple[str, str | None, str], list[Resource]]:
    index: dict[tuple[str, str | None, str], list[Resource]] = {}
    for kind in BINDING_KINDS:
        for binding in graph.of_kind(kind):
            ref = binding.body.get("roleRef")
            if not isinstance(ref, dict) or ref.get("kind") not in ROLE_KINDS:
                continue
            name = ref.get("name")
            if not isinstance(name, str):
                continue
            role_kind = str(ref["kind"])
            namespace = namespace_of(binding) if role_kind == "Role" else None
            index.setdefault((role_kind, namespace, name), []).append(binding)
    return index


@dataclass(frozen=True, slots=True)
class Subject:
    """One ``subjects[]`` entry of a binding."""

    index: int
    kind: str
    name: str
    namespace: str | None  # ServiceAccounts only: written, else the binding's

    @property
    def label(self) -> str:
        if self.kind == "ServiceAccount":
            return f"ServiceAccount {self.namespace}/{self.name}"
        return f"{self.kind} {self.name}"


def subjects_of(binding: Resource) -> Iterator[Subject]:
    raw = binding.body.get("subjects")
    if not isinstance(raw, list):
        return
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        kind, name = item.get("kind"), item.get("name")
        if not isinstance(kind, str) or not isinstance(name, str):
            continue
        namespace = None
        if kind == "ServiceAccount":
            written = item.get("namespace")
            namespace = written if isinstance(written, str) and written else namespace_of(binding)
        yield Subject(index, kind, name, namespace)


def aggregated_into(role: Resource) -> list[str]:
    """The built-in roles (``admin``, ``edit``, ``view``) a ClusterRole's labels aggregate into."""
    return [target for label, target in AGGREGATE_TO.items() if role.labels.get(label) == "true"]
