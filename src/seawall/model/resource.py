"""Kubernetes objects (and kubeadm-style configuration objects) found in YAML documents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import ResourceRef
from seawall.core.source import SourceFile
from seawall.load.classify import is_config_api
from seawall.model.located import Located
from seawall.model.selectors import label_text
from seawall.parse.yaml import Path, YList, YMap

IGNORE_ANNOTATION = "seawall.dev/ignore"


def str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): label_text(v) for k, v in value.items()}


class Resource(Located):
    """One object with ``apiVersion`` and ``kind``. ``body`` is the object's mapping as written."""

    __slots__ = (
        "annotations",
        "api_version",
        "body",
        "document",
        "is_config",
        "kind",
        "labels",
        "name",
        "namespace",
    )

    def __init__(
        self, source: SourceFile, root: Any, path: Path, body: YMap, document: int
    ) -> None:
        api_version = body.get("apiVersion")
        kind = body.get("kind")
        metadata = body.get("metadata")
        meta = metadata if isinstance(metadata, dict) else {}
        name = meta.get("name")
        namespace = meta.get("namespace")
        self.api_version = str(api_version) if api_version is not None else ""
        self.kind = str(kind) if kind is not None else ""
        self.name = str(name) if name is not None else ""
        self.namespace = str(namespace) if namespace is not None else None
        self.labels = str_map(meta.get("labels"))
        self.annotations = str_map(meta.get("annotations"))
        self.body = body
        self.document = document
        self.is_config = is_config_api(api_version, kind)
        super().__init__(
            source,
            root,
            path,
            ResourceRef(self.api_version, self.kind, self.namespace, self.name or "<unnamed>"),
        )

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0] if "/" in self.api_version else ""

    def ignored_codes(self) -> tuple[str, ...]:
        return parse_ignore_annotation(self.annotations.get(IGNORE_ANNOTATION))

    def __repr__(self) -> str:
        return f"<Resource {self.kind} {self.name} {self.source.display}#{self.document}>"


def parse_ignore_annotation(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def resources_of(source: SourceFile, root: Any, document: int) -> Iterator[Resource]:
    """The objects in one document: the document itself, or each item of a ``*List`` kind."""
    if not isinstance(root, YMap):
        return
    kind = root.get("kind")
    items = root.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, YList):
        for index, item in enumerate(items):
            if isinstance(item, YMap) and "kind" in item:
                yield Resource(source, root, ("items", index), item, document)
        return
    if "apiVersion" in root or "kind" in root:
        yield Resource(source, root, (), root, document)
