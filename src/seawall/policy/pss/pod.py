"""A read-only view of a Pod as parsed YAML, decoded the way the API server decodes it.

The admission controller sees typed Go structs, so the accessors here mirror Go decoding:
a field that is absent or ``null`` is nil, and a field of the wrong type (``privileged: "yes"``)
is treated as absent; the API server would have refused to decode such a pod at all, so no
check can be meaningfully failed by it. Nothing here raises on malformed input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seawall.policy.pss.model import FieldPath

# Container lists in the order upstream's visitContainers walks them.
CONTAINER_KINDS = ("initContainers", "containers", "ephemeralContainers")
_KIND_NOUN = {
    "initContainers": "init container",
    "containers": "container",
    "ephemeralContainers": "ephemeral container",
}


def as_map(value: object) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def get_map(obj: Mapping[str, Any] | None, key: str) -> Mapping[str, Any] | None:
    return as_map(obj.get(key)) if obj is not None else None


def get_list(obj: Mapping[str, Any] | None, key: str) -> list[Any]:
    """A list field; absent, null or not a list gives ``[]``."""
    if obj is None:
        return []
    value = obj.get(key)
    return list(value) if isinstance(value, list | tuple) else []


def get_bool(obj: Mapping[str, Any] | None, key: str) -> bool | None:
    if obj is None:
        return None
    value = obj.get(key)
    return value if isinstance(value, bool) else None


def get_int(obj: Mapping[str, Any] | None, key: str) -> int | None:
    if obj is None:
        return None
    value = obj.get(key)
    # bool is an int in Python but a decode error in Go
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def get_str(obj: Mapping[str, Any] | None, key: str) -> str | None:
    if obj is None:
        return None
    value = obj.get(key)
    return value if isinstance(value, str) else None


def quote(text: str) -> str:
    """Go's ``%q`` for the plain strings that appear in pod specs."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True, slots=True)
class Container:
    """One entry of ``initContainers``, ``containers`` or ``ephemeralContainers``."""

    kind: str
    index: int
    name: str
    data: Mapping[str, Any]

    @property
    def path(self) -> FieldPath:
        return ("spec", self.kind, self.index)

    @property
    def security_context(self) -> Mapping[str, Any] | None:
        return get_map(self.data, "securityContext")

    def sc_path(self, *rest: str | int) -> FieldPath:
        return (*self.path, "securityContext", *rest)

    @property
    def label(self) -> str:
        """``container "app"`` / ``init container "setup"``, for messages."""
        return f"{_KIND_NOUN[self.kind]} {quote(self.name)}"


@dataclass(frozen=True, slots=True)
class Pod:
    metadata: Mapping[str, Any]
    spec: Mapping[str, Any]
    containers: tuple[Container, ...]

    @property
    def security_context(self) -> Mapping[str, Any] | None:
        return get_map(self.spec, "securityContext")

    def annotations(self) -> Iterator[tuple[str, str]]:
        """String-valued annotations (``map[string]string``: other values do not decode)."""
        annotations = get_map(self.metadata, "annotations")
        if annotations is None:
            return
        for key, value in annotations.items():
            if isinstance(key, str) and isinstance(value, str):
                yield key, value

    def annotation(self, key: str) -> str | None:
        annotations = get_map(self.metadata, "annotations")
        return get_str(annotations, key)

    @property
    def is_windows(self) -> bool:
        """``spec.os.name == "windows"`` (exact, as upstream compares it)."""
        return get_str(get_map(self.spec, "os"), "name") == "windows"

    @property
    def in_user_namespace(self) -> bool:
        """``spec.hostUsers: false``, which relaxes some checks from v1.35 (KEP-127)."""
        return get_bool(self.spec, "hostUsers") is False


def load_pod(obj: object) -> Pod:
    """Build the view; anything that is not a mapping becomes an empty pod."""
    root = as_map(obj) or {}
    metadata = get_map(root, "metadata") or {}
    spec = get_map(root, "spec") or {}
    containers: list[Container] = []
    for kind in CONTAINER_KINDS:
        for index, item in enumerate(get_list(spec, kind)):
            data = as_map(item)
            if data is None:
                continue  # not an object: would not decode; nothing to check
            containers.append(Container(kind, index, get_str(data, "name") or "", data))
    return Pod(metadata, spec, tuple(containers))
