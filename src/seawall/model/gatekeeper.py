"""OPA Gatekeeper ``ConstraintTemplate`` and constraint objects, and Gatekeeper's ``match``.

A template (``templates.gatekeeper.sh``) names a constraint kind, the schema of its
``parameters`` and, per target, the policy: legacy ``rego`` + ``libs`` or the newer ``code`` list
(``engine: Rego`` with ``source.rego``/``source.libs``, ``engine: K8sNativeValidation`` with CEL).
A constraint (``constraints.gatekeeper.sh``, kind = the template's kind) selects objects with
``spec.match`` and passes ``spec.parameters``; ``spec.enforcementAction`` says how hard it bites.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from seawall.core.severity import Severity
from seawall.model.resource import Resource
from seawall.model.scope import is_cluster_scoped
from seawall.model.selectors import LabelSelector, SelectorError, from_label_selector
from seawall.parse.yaml import Path

TEMPLATE_GROUP = "templates.gatekeeper.sh"
CONSTRAINT_GROUP = "constraints.gatekeeper.sh"
ADMISSION_TARGET = "admission.k8s.gatekeeper.sh"

ACTION_SEVERITY = {"deny": Severity.HIGH, "warn": Severity.MEDIUM, "dryrun": Severity.INFO}


@dataclass(frozen=True, slots=True)
class RegoCode:
    """The Rego of one template target: the main module, its libs and where each is written."""

    rego: str
    path: Path
    libs: tuple[tuple[str, Path], ...] = ()
    # Gatekeeper reads a template as Rego v0 unless the source says ``version: v1``
    version: str = "v0"

    def texts(self) -> list[str]:
        return [self.rego, *(text for text, _ in self.libs)]


@dataclass(frozen=True, slots=True)
class Template:
    resource: Resource
    kind: str  # the constraint kind it defines
    schema: Any  # spec.crd.spec.validation.openAPIV3Schema, or None
    rego: RegoCode | None
    has_cel: bool
    version: str  # v1, v1beta1, v1alpha1

    @property
    def name(self) -> str:
        return self.resource.name


def is_template(resource: Resource) -> bool:
    return resource.kind == "ConstraintTemplate" and resource.group == TEMPLATE_GROUP


def is_constraint(resource: Resource) -> bool:
    return resource.group == CONSTRAINT_GROUP


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def template_of(resource: Resource) -> Template | None:
    """The template ``resource`` defines, or None when it is not a ConstraintTemplate or names
    no constraint kind."""
    if not is_template(resource):
        return None
    kind = _get(resource.body, "spec", "crd", "spec", "names", "kind")
    if not isinstance(kind, str) or not kind:
        return None
    schema = _get(resource.body, "spec", "crd", "spec", "validation", "openAPIV3Schema")
    rego: RegoCode | None = None
    has_cel = False
    targets = _get(resource.body, "spec", "targets")
    for index, target in enumerate(targets if isinstance(targets, list) else []):
        if not isinstance(target, Mapping):
            continue
        if target.get("target") not in (None, ADMISSION_TARGET):
            continue
        here: Path = ("spec", "targets", index)
        found, cel = _target_code(target, here)
        rego = rego or found
        has_cel = has_cel or cel
    version = resource.api_version.rpartition("/")[2]
    return Template(resource, kind, schema, rego, has_cel, version)


def _libs(value: Any, at: Path) -> tuple[tuple[str, Path], ...]:
    if not isinstance(value, list):
        return ()
    return tuple((lib, (*at, i)) for i, lib in enumerate(value) if isinstance(lib, str))


def _target_code(target: Mapping[str, Any], here: Path) -> tuple[RegoCode | None, bool]:
    rego: RegoCode | None = None
    has_cel = False
    code = target.get("code")
    for index, entry in enumerate(code if isinstance(code, list) else []):
        if not isinstance(entry, Mapping):
            continue
        source = entry.get("source")
        at: Path = (*here, "code", index, "source")
        if entry.get("engine") == "Rego" and isinstance(source, Mapping) and rego is None:
            text = source.get("rego")
            if isinstance(text, str):
                version = "v1" if str(source.get("version", "")).lower() == "v1" else "v0"
                rego = RegoCode(
                    text, (*at, "rego"), _libs(source.get("libs"), (*at, "libs")), version
                )
        elif entry.get("engine") == "K8sNativeValidation":
            has_cel = True
    legacy = target.get("rego")
    if rego is None and isinstance(legacy, str):
        rego = RegoCode(legacy, (*here, "rego"), _libs(target.get("libs"), (*here, "libs")))
    return rego, has_cel


@dataclass(frozen=True, slots=True)
class KindMatch:
    groups: tuple[str, ...]
    kinds: tuple[str, ...]

    def matches(self, group: str, kind: str) -> bool:
        # an empty list is a wildcard, as ``*`` is
        groups_ok = not self.groups or "*" in self.groups or group in self.groups
        kinds_ok = not self.kinds or "*" in self.kinds or kind in self.kinds
        return groups_ok and kinds_ok


@dataclass(frozen=True, slots=True)
class Match:
    """A constraint's ``spec.match``: every field written must hold for an object to match."""

    kinds: tuple[KindMatch, ...] | None = None
    namespaces: tuple[str, ...] | None = None
    excluded_namespaces: tuple[str, ...] = ()
    label_selector: LabelSelector | None = None
    namespace_selector: LabelSelector | None = None
    scope: str = "*"
    name: str | None = None
    # (path below spec.match, message) of parts Gatekeeper would reject; they match nothing
    errors: tuple[tuple[Path, str], ...] = ()

    def matches(self, obj: Resource, namespace_labels: Mapping[str, Mapping[str, str]]) -> bool:
        if self.errors:
            return False
        if self.kinds is not None and not any(k.matches(obj.group, obj.kind) for k in self.kinds):
            return False
        cluster = is_cluster_scoped(obj)
        if (self.scope == "Cluster" and not cluster) or (self.scope == "Namespaced" and cluster):
            return False
        if self.name is not None and not glob_match(self.name, obj.name):
            return False
        if self.label_selector is not None and not self.label_selector.matches(obj.labels):
            return False
        # a Namespace is matched by its own name and labels; other cluster-scoped objects are
        # outside the namespace criteria altogether
        if obj.kind == "Namespace" and obj.group == "":
            namespace: str | None = obj.name
        else:
            namespace = None if cluster else (obj.namespace or "default")
        if namespace is None:
            return True
        if self.namespaces is not None and not any(
            glob_match(p, namespace) for p in self.namespaces
        ):
            return False
        if any(glob_match(p, namespace) for p in self.excluded_namespaces):
            return False
        if self.namespace_selector is not None:
            labels = namespace_labels.get(namespace, {"kubernetes.io/metadata.name": namespace})
            if not self.namespace_selector.matches(labels):
                return False
        return True


def glob_match(pattern: str, value: str) -> bool:
    """Gatekeeper's namespace and name globs: ``*`` only at the start or the end."""
    if pattern == "*":
        return True
    if pattern.startswith("*") and pattern.endswith("*") and len(pattern) > 1:
        return pattern[1:-1] in value
    if pattern.endswith("*"):
        return value.startswith(pattern[:-1])
    if pattern.startswith("*"):
        return value.endswith(pattern[1:])
    return pattern == value


def _strings(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(str(v) for v in value if v is not None)


def match_of(spec_match: Any) -> Match:
    """``spec.match`` read leniently: a malformed part is recorded in ``errors``."""
    if not isinstance(spec_match, Mapping):
        return Match()
    errors: list[tuple[Path, str]] = []
    kinds: tuple[KindMatch, ...] | None = None
    raw_kinds = spec_match.get("kinds")
    if isinstance(raw_kinds, list):
        kinds = tuple(
            KindMatch(_strings(k.get("apiGroups")) or (), _strings(k.get("kinds")) or ())
            for k in raw_kinds
            if isinstance(k, Mapping)
        )
        if not raw_kinds:
            kinds = None  # an empty list matches every kind
    selectors: dict[str, LabelSelector | None] = {}
    for key in ("labelSelector", "namespaceSelector"):
        raw = spec_match.get(key)
        selectors[key] = None
        if raw is None:
            continue
        try:
            selectors[key] = from_label_selector(raw)
        except SelectorError as error:
            errors.append(((key, *error.field), str(error)))
    scope = spec_match.get("scope", "*")
    if scope not in ("*", "Cluster", "Namespaced"):
        errors.append((("scope",), f"scope {scope!r} is not one of *, Cluster, Namespaced"))
    name = spec_match.get("name")
    return Match(
        kinds=kinds,
        namespaces=_strings(spec_match.get("namespaces")),
        excluded_namespaces=_strings(spec_match.get("excludedNamespaces")) or (),
        label_selector=selectors["labelSelector"],
        namespace_selector=selectors["namespaceSelector"],
        scope=str(scope),
        name=str(name) if isinstance(name, str) and name else None,
        errors=tuple(errors),
    )


@dataclass(frozen=True, slots=True)
class Constraint:
    resource: Resource
    match: Match
    parameters: Any
    action: str  # deny, warn, dryrun, or scoped
    # enforcement points -> action, from ``scopedEnforcementActions``
    scoped: Mapping[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.resource.kind

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def severity(self) -> Severity:
        """deny → high, warn → medium, dryrun → info; ``scoped`` takes the admission action
        (Gatekeeper's validation webhook), else the strongest one listed."""
        action = self.action
        if action == "scoped":
            action = self.scoped.get("validation.gatekeeper.sh") or _strongest(self.scoped)
        return ACTION_SEVERITY.get(action, Severity.HIGH)


def _strongest(scoped: Mapping[str, str]) -> str:
    for action in ("deny", "warn", "dryrun"):
        if action in scoped.values():
            return action
    return "deny"


def constraint_of(resource: Resource) -> Constraint | None:
    if not is_constraint(resource):
        return None
    spec = resource.body.get("spec")
    spec = spec if isinstance(spec, Mapping) else {}
    action = spec.get("enforcementAction")
    action = action.lower() if isinstance(action, str) and action else "deny"
    scoped: dict[str, str] = {}
    entries = spec.get("scopedEnforcementActions")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("action"), str):
            continue
        points = entry.get("enforcementPoints")
        for point in points if isinstance(points, list) else []:
            if isinstance(point, Mapping) and isinstance(point.get("name"), str):
                scoped[point["name"]] = entry["action"].lower()
    return Constraint(resource, match_of(spec.get("match")), spec.get("parameters"), action, scoped)


CONFIG_GROUP = "config.gatekeeper.sh"
SYNCSET_GROUP = "syncset.gatekeeper.sh"


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """What Gatekeeper replicates into ``data.inventory``: the (group, kind) pairs its ``Config``
    (``spec.sync.syncOnly``) and ``SyncSet``s (``spec.gvks``) list, and those objects."""

    kinds: frozenset[tuple[str, str]]
    sources: tuple[Resource, ...]

    def syncs(self, resource: Resource) -> bool:
        return (resource.group, resource.kind) in self.kinds


def _synced_entries(resource: Resource) -> list[Any] | None:
    if resource.kind == "Config" and resource.group == CONFIG_GROUP:
        # Gatekeeper reads only the Config named `config` in its own namespace
        return (
            _get(resource.body, "spec", "sync", "syncOnly") if resource.name == "config" else None
        )
    if resource.kind == "SyncSet" and resource.group == SYNCSET_GROUP:
        entries = _get(resource.body, "spec", "gvks")
        return entries if isinstance(entries, list) else []
    return None


def sync_config(resources: list[Resource]) -> SyncConfig | None:
    """The scan's sync configuration, or None when it holds no ``Config`` and no ``SyncSet``
    (then what the cluster syncs is unknown)."""
    kinds: set[tuple[str, str]] = set()
    sources: list[Resource] = []
    for resource in resources:
        entries = _synced_entries(resource)
        if entries is None:
            continue
        sources.append(resource)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, Mapping) and isinstance(entry.get("kind"), str):
                group = entry.get("group")
                kinds.add((group if isinstance(group, str) else "", entry["kind"]))
    return SyncConfig(frozenset(kinds), tuple(sources)) if sources else None
