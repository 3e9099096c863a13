"""One pod-spec extraction for every pod-bearing kind, and per-container views."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.model.located import Located
from seawall.model.resource import (
    IGNORE_ANNOTATION,
    Resource,
    parse_ignore_annotation,
    str_map,
)
from seawall.parse.yaml import Path, YList, YMap, node_at

# Where each pod-bearing kind keeps its pod template (metadata + spec), from the object root.
TEMPLATE_PATHS: dict[str, Path] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
    "PodTemplate": ("template",),
}
POD_KINDS = frozenset({"Pod", *TEMPLATE_PATHS})
CONTAINER_GROUPS = ("initContainers", "containers", "ephemeralContainers")

# Fields a container's securityContext overrides from the pod's securityContext.
_INHERITED = frozenset(
    {
        "runAsUser",
        "runAsGroup",
        "runAsNonRoot",
        "seLinuxOptions",
        "seccompProfile",
        "windowsOptions",
        "appArmorProfile",
    }
)


class PodSpecView(Located):
    """The pod spec of a Pod or of any workload's pod template."""

    __slots__ = (
        "containers",
        "metadata",
        "resource",
        "spec",
        "template_annotations",
        "template_labels",
    )

    def __init__(self, resource: Resource, spec_path: Path, spec: YMap, metadata: Any) -> None:
        super().__init__(resource.source, resource.root, resource.path + spec_path, resource.ref)
        self.resource = resource
        self.spec = spec
        meta = metadata if isinstance(metadata, dict) else {}
        self.metadata: dict[str, Any] = meta
        labels, annotations = meta.get("labels"), meta.get("annotations")
        # written like the object's own labels, so selectors compare YAML `true` as "true"
        self.template_labels = str_map(labels)
        self.template_annotations = str_map(annotations)
        self.containers: tuple[ContainerView, ...] = tuple(self._containers())

    def _containers(self) -> Iterator[ContainerView]:
        for group in CONTAINER_GROUPS:
            items = self.spec.get(group)
            if not isinstance(items, YList):
                continue
            for index, body in enumerate(items):
                if isinstance(body, YMap):
                    yield ContainerView(self, group, index, body)

    @property
    def security_context(self) -> dict[str, Any]:
        value = self.spec.get("securityContext")
        return value if isinstance(value, dict) else {}

    @property
    def pod_object(self) -> dict[str, Any]:
        """The pod this spec will create, as a Pod object (``metadata`` and ``spec``)."""
        return {"metadata": self.metadata, "spec": self.spec}

    @property
    def pod_path(self) -> Path:
        """Where the pod object (template) starts in the document: the parent of ``spec``."""
        return self.path[:-1]

    def field(self, *path: str) -> Any:
        return node_at(self.spec, path)

    def volumes(self) -> Iterator[tuple[int, YMap]]:
        items = self.spec.get("volumes")
        if isinstance(items, YList):
            for index, volume in enumerate(items):
                if isinstance(volume, YMap):
                    yield index, volume

    def ignored_codes(self) -> tuple[str, ...]:
        own = parse_ignore_annotation(self.template_annotations.get(IGNORE_ANNOTATION))
        return self.resource.ignored_codes() + own

    def __repr__(self) -> str:
        return f"<PodSpecView {self.resource!r}>"


class ContainerView(Located):
    """One container (init, regular or ephemeral) with the pod-level settings it inherits."""

    __slots__ = ("body", "group", "index", "pod")

    def __init__(self, pod: PodSpecView, group: str, index: int, body: YMap) -> None:
        super().__init__(pod.source, pod.root, (*pod.path, group, index), pod.ref)
        self.pod = pod
        self.group = group
        self.index = index
        self.body = body

    @property
    def name(self) -> str:
        value = self.body.get("name")
        return str(value) if value is not None else f"{self.group}[{self.index}]"

    @property
    def label(self) -> str:
        """How messages name the container: ``container "api"`` or ``init container "setup"``."""
        prefix = {"initContainers": "init container", "ephemeralContainers": "ephemeral container"}
        return f'{prefix.get(self.group, "container")} "{self.name}"'

    @property
    def image(self) -> str | None:
        value = self.body.get("image")
        return str(value) if value is not None else None

    @property
    def security_context(self) -> dict[str, Any]:
        value = self.body.get("securityContext")
        return value if isinstance(value, dict) else {}

    def effective(self, field: str) -> tuple[Any, Path | None]:
        """The value in force for a securityContext field, and the document path where it was
        set (None when unset). The container's own setting wins over the pod's."""
        own = self.security_context
        # an explicit null (what a template renders for an empty value) means unset
        if own.get(field) is not None:
            return own[field], (*self.path, "securityContext", field)
        if field in _INHERITED:
            pod = self.pod.security_context
            if pod.get(field) is not None:
                return pod[field], (*self.pod.path, "securityContext", field)
        return None, None


def capability_names(value: Any) -> list[str]:
    """The capabilities of an ``add``/``drop`` list, upper-cased and without ``CAP_``."""
    if not isinstance(value, list):
        return []
    names = []
    for item in value:
        if isinstance(item, str) and item.strip():
            name = item.strip().upper()
            names.append(name[4:] if name.startswith("CAP_") else name)
    return names


def pod_spec_of(resource: Resource) -> PodSpecView | None:
    if resource.is_config:
        return None
    kind = resource.kind
    body = resource.body
    if kind == "Pod":
        spec = body.get("spec")
        return (
            PodSpecView(resource, ("spec",), spec, body.get("metadata"))
            if isinstance(spec, YMap)
            else None
        )
    template_path = TEMPLATE_PATHS.get(kind)
    if template_path is None:
        return None
    template = node_at(body, template_path)
    if not isinstance(template, dict):
        return None
    spec = template.get("spec")
    if not isinstance(spec, YMap):
        return None
    return PodSpecView(resource, (*template_path, "spec"), spec, template.get("metadata"))
