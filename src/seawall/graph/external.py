"""Objects a scan may reference without containing: declared external ones and built-ins.

A repository rarely holds every object its manifests refer to: Secrets come from a vault, the
StorageClasses from the cluster's installer. Users declare those in configuration
(``external: ["Secret/prod/db-credentials", "StorageClass/fast-ssd", "ConfigMap/*/ca"]``) so that
reference rules stay quiet about them; the API server's own objects (the ``default``
ServiceAccount of every namespace, the ``system:`` ClusterRoles, ...) always exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from seawall.model.scope import CLUSTER_SCOPED_KINDS

_KIND = re.compile(r"^[A-Za-z*?\[\]][A-Za-z0-9*?\[\]]*$")
# the namespaced kinds references point at: a pattern for them needs a namespace part
_NAMESPACED_KINDS = frozenset(
    {
        "ConfigMap",
        "Deployment",
        "PersistentVolumeClaim",
        "Role",
        "Secret",
        "Service",
        "ServiceAccount",
        "StatefulSet",
    }
)


class ExternalPatternError(ValueError):
    """An ``external`` entry that is not ``Kind/namespace/name`` or ``Kind/name``."""


@dataclass(frozen=True, slots=True)
class ExternalPattern:
    """One ``external`` entry; ``namespace`` is None for a cluster-scoped kind."""

    text: str
    kind: str
    namespace: str | None
    name: str

    def matches(self, kind: str, namespace: str | None, name: str) -> bool:
        if not fnmatchcase(kind, self.kind) or not fnmatchcase(name, self.name):
            return False
        if self.namespace is None:
            return namespace is None
        return namespace is not None and fnmatchcase(namespace, self.namespace)


def parse_pattern(text: str) -> ExternalPattern:
    """``Kind/namespace/name`` for a namespaced kind, ``Kind/name`` for a cluster-scoped one;
    each part may use ``*`` and ``?`` globs. Raises ``ExternalPatternError`` with the reason."""
    parts = text.strip().split("/")
    if len(parts) not in (2, 3) or not all(p.strip() for p in parts):
        raise ExternalPatternError(
            f"{text!r} is not Kind/namespace/name (namespaced) or Kind/name (cluster-scoped)"
        )
    kind = parts[0].strip()
    if not _KIND.match(kind):
        raise ExternalPatternError(f"{text!r}: {kind!r} is not a kind such as Secret")
    cluster = kind in CLUSTER_SCOPED_KINDS
    if len(parts) == 3:
        if cluster:
            raise ExternalPatternError(
                f"{text!r}: {kind} is cluster-scoped; write {kind}/{parts[2].strip()}"
            )
        return ExternalPattern(text, kind, parts[1].strip(), parts[2].strip())
    if kind in _NAMESPACED_KINDS:
        raise ExternalPatternError(
            f"{text!r}: {kind} is namespaced; write {kind}/NAMESPACE/{parts[1].strip()} "
            "(`*` for every namespace)"
        )
    return ExternalPattern(text, kind, None, parts[1].strip())


@dataclass(frozen=True, slots=True)
class ExternalObjects:
    """The configured ``external`` patterns."""

    patterns: tuple[ExternalPattern, ...] = ()

    @classmethod
    def parse(cls, entries: tuple[str, ...] | list[str]) -> ExternalObjects:
        return cls(tuple(parse_pattern(e) for e in entries))

    def declared(self, kind: str, namespace: str | None, name: str) -> ExternalPattern | None:
        """The first pattern that declares the object external, if any."""
        for pattern in self.patterns:
            if pattern.matches(kind, namespace, name):
                return pattern
        return None


_BUILTIN_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})


def is_builtin(kind: str, namespace: str | None, name: str) -> bool:
    """Objects every cluster has, created by the API server and its controllers."""
    if kind == "ServiceAccount":
        return name == "default"
    if kind == "ConfigMap":
        return name == "kube-root-ca.crt"
    if kind == "ClusterRole":
        return name in _BUILTIN_CLUSTER_ROLES or name.startswith("system:")
    if kind == "PriorityClass":
        return name.startswith("system-")
    if kind == "Role":
        # the bootstrap roles of kube-system and kube-public
        return name.startswith("system:") or name == "extension-apiserver-authentication-reader"
    if kind == "Service":
        return name == "kubernetes" and namespace in (None, "default")
    return False
