"""Reference edges between the objects of a scan, each pointing at the field that makes it.

API
---
``reference_edges(graph) -> list[Edge]`` builds every edge once per scan (``graph.derived``);
``edges_from(graph, resource)`` gives one object's outgoing edges. An ``Edge`` holds:

- ``source``: the referring ``Resource``; ``path``: the referring field, from the document root
  (``edge.finding(rule, message)`` reports there); ``source_label``: ``"Ingress shop/web"``.
- ``kind``: what the reference is (``EDGE_KINDS``): ``selects`` (Service → pods), ``backend``
  (Ingress/route → Service), ``configmap``, ``secret``, ``imagePullSecret``,
  ``serviceaccount``, ``pvc``, ``storageclass``, ``pv``, ``priorityClass`` (workload or PVC →
  object), ``scaleTarget`` (HPA), ``pdb`` (PodDisruptionBudget → pods), ``roleRef`` and
  ``subject`` (RoleBinding/ClusterRoleBinding), ``monitors`` (Prometheus Operator
  ``ServiceMonitor`` → each Service it selects, at ``spec.selector``, ``detail`` the endpoint
  ports; ``PodMonitor`` → the pods it selects; a ServiceMonitor selecting no Service of the
  scan gives one selector edge to no Service, ``target_kind`` ``Service``) and
  ``monitorPort`` (an endpoint ``port`` name that none of the selected Services or pods has,
  at that ``port``, ``target_kind`` ``Port``: always broken, only made when something is
  selected), ``admissionPolicy`` (ValidatingAdmissionPolicyBinding → its policy) and
  ``policyParam`` (the binding's ``paramRef`` → an object of the policy's ``paramKind``, when
  the reference names one object in a known namespace).
- ``target_kind``, ``target_namespace`` (None for cluster-scoped targets, and for monitor edges
  over several namespaces; ``default`` for objects written without a namespace),
  ``target_name`` (for selector edges the selector, as text) and ``target_label`` (``label``
  when the edge sets one).
- ``target``: the ``Resource`` found (for a Secret it may be its producer: a ``SealedSecret``,
  ``ExternalSecret``, cert-manager ``Certificate`` or kustomize ``secretGenerator``), a tuple
  of ``PodSpecView`` for selector edges, or None when the scan set does not contain it.
- ``optional`` (``optional: true``, or a TLS Secret cert-manager creates), ``builtin`` (an
  object every cluster has), ``detail`` (the key or port the reference needs) and
  ``detail_path`` (where that key or port is written).
- ``broken``: the target is missing (neither found, built in nor optional) or a selector matches
  no pod. Whether a missing target is a mistake or lives outside the repository is the rules'
  call (``seawall.rules.references``), with the ``external`` configuration.

Build time is linear in the number of objects: every lookup goes through the graph's indexes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.graph.external import is_builtin
from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.monitors import (
    is_monitor,
    missing_port,
    monitor_of,
    selected_pods,
    selected_services,
)
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.model.scope import CLUSTER_SCOPED_KINDS, is_cluster_scoped
from seawall.model.selectors import LabelSelector, SelectorError, from_label_selector, from_map
from seawall.parse.yaml import Path

EDGE_KINDS = (
    "selects",
    "backend",
    "configmap",
    "secret",
    "imagePullSecret",
    "serviceaccount",
    "pvc",
    "storageclass",
    "pv",
    "priorityClass",
    "scaleTarget",
    "pdb",
    "roleRef",
    "subject",
    "monitors",
    "monitorPort",
    "admissionPolicy",
    "policyParam",
)
Target = Resource | tuple[PodSpecView, ...] | None
ROUTE_KINDS = frozenset({"HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"})
_GATEWAY_GROUP = "gateway.networking.k8s.io"
_ADMISSION_GROUP = "admissionregistration.k8s.io"
_PLACEHOLDER_MARKS = ("{{", "${", "$(", "<", ">")
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*$")  # KSA_NAME: no object name is all capitals
_CERT_MANAGER_ANNOTATIONS = (
    "cert-manager.io/cluster-issuer",
    "cert-manager.io/issuer",
    "kubernetes.io/tls-acme",
)


@dataclass(frozen=True, slots=True, eq=False)
class Edge:
    """One reference from ``source`` (at ``path``) to an object or to a set of pods."""

    source: Resource
    path: Path
    kind: str
    target_kind: str
    target_namespace: str | None
    target_name: str
    target: Target
    optional: bool = False
    builtin: bool = False
    detail: str | int | None = None
    detail_path: Path | None = None
    selector: LabelSelector | None = None
    label: str | None = None  # how to name the target when kind, namespace and name do not

    @property
    def source_label(self) -> str:
        return resource_label(self.source)

    @property
    def target_label(self) -> str:
        if self.label is not None:
            return self.label
        if self.selector is not None:
            where = f" in {self.target_namespace}" if self.target_namespace else ""
            return f"pods {self.target_name}{where}"
        namespace = f"{self.target_namespace}/" if self.target_namespace else ""
        return f"{self.target_kind} {namespace}{self.target_name}"

    @property
    def pods(self) -> tuple[PodSpecView, ...]:
        return self.target if isinstance(self.target, tuple) else ()

    @property
    def found(self) -> Resource | None:
        return self.target if isinstance(self.target, Resource) else None

    @property
    def broken(self) -> bool:
        if self.selector is not None:
            return not self.pods
        return self.target is None and not self.builtin and not self.optional

    def finding(self, rule: Rule, message: str, *, at_detail: bool = False) -> Finding:
        """A finding at the referring field's value (or at the key or port it names)."""
        path = self.detail_path if at_detail and self.detail_path is not None else self.path
        return self.source.finding_at(rule, message, path, at_value=True)


def resource_label(resource: Resource) -> str:
    """How messages name an object: ``Deployment shop/web``."""
    ref = resource.ref
    return ref.label() if ref is not None else resource.kind


def reference_edges(graph: ResourceGraph) -> list[Edge]:
    """Every reference edge of the scan, built once."""
    return graph.derived("reference-edges", _build_index)[0]


def edges_from(graph: ResourceGraph, resource: Resource) -> list[Edge]:
    """The edges whose source is ``resource``."""
    return graph.derived("reference-edges", _build_index)[1].get(id(resource), [])


def _build_index(graph: ResourceGraph) -> tuple[list[Edge], dict[int, list[Edge]]]:
    builder = _Builder(graph)
    edges = list(builder.build())
    by_source: dict[int, list[Edge]] = defaultdict(list)
    for edge in edges:
        by_source[id(edge.source)].append(edge)
    return edges, dict(by_source)


def name_of(value: Any) -> str | None:
    """A referenced name as written, or None when absent or templated (Helm, envsubst)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    if not text or any(mark in text for mark in _PLACEHOLDER_MARKS) or _PLACEHOLDER.match(text):
        return None
    return text


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


class _Builder:
    def __init__(self, graph: ResourceGraph) -> None:
        self.graph = graph
        self.produced = _producers(graph)
        # objects by kind and name whatever their namespace: an object written without one is
        # applied into whichever namespace the command or kustomize names
        self.unplaced: dict[tuple[str, str], Resource] = {}
        self.anywhere: dict[tuple[str, str], Resource] = {}
        for resource in graph.resources:
            key = (resource.kind, resource.name)
            self.anywhere.setdefault(key, resource)
            if resource.namespace is None:
                self.unplaced.setdefault(key, resource)

    def lookup(
        self, kind: str, namespace: str | None, name: str, source: Resource
    ) -> Resource | None:
        found = self.graph.get(kind, namespace, name, near=source)
        if found is None and namespace is not None:
            # the target written without a namespace, or a referrer written without one: both
            # land wherever they are applied
            index = self.anywhere if source.namespace is None else self.unplaced
            found = index.get((kind, name))
        if found is None and kind in ("Secret", "ConfigMap"):
            made = self.produced
            found = made.get((kind, namespace or "default", name)) or made.get((kind, "*", name))
        return found

    def to_object(
        self,
        source: Resource,
        path: Path,
        kind: str,
        target_kind: str,
        name: str,
        namespace: str | None,
        *,
        optional: bool = False,
        detail: str | int | None = None,
        detail_path: Path | None = None,
    ) -> Edge:
        target = self.lookup(target_kind, namespace, name, source)
        return Edge(
            source,
            path,
            kind,
            target_kind,
            namespace,
            name,
            target,
            optional=optional,
            builtin=target is None and is_builtin(target_kind, namespace, name),
            detail=detail,
            detail_path=detail_path,
        )

    def to_pods(self, source: Resource, path: Path, kind: str, selector: LabelSelector) -> Edge:
        namespace = namespace_of(source)
        pods = tuple(self.graph.pods_matching(namespace, selector))
        return Edge(
            source,
            path,
            kind,
            "Pod",
            namespace,
            selector.describe(),
            pods,
            selector=selector,
        )

    def build(self) -> Iterator[Edge]:
        for resource in self.graph.resources:
            if resource.is_config:
                continue
            kind = resource.kind
            if kind == "Service" and resource.api_version == "v1":
                yield from self.service(resource)
            elif kind == "Ingress":
                yield from self.ingress(resource)
            elif kind in ROUTE_KINDS and resource.group == _GATEWAY_GROUP:
                yield from self.route(resource)
            elif kind == "PersistentVolumeClaim":
                yield from self.claim(resource, ("spec",), _map(resource.body.get("spec")))
            elif kind == "PersistentVolume":
                yield from self.volume(resource)
            elif kind == "HorizontalPodAutoscaler":
                yield from self.autoscaler(resource)
            elif kind == "PodDisruptionBudget":
                yield from self.budget(resource)
            elif kind in ("RoleBinding", "ClusterRoleBinding"):
                yield from self.binding(resource)
            elif kind == "ValidatingAdmissionPolicyBinding" and resource.group == _ADMISSION_GROUP:
                yield from self.admission_binding(resource)
            elif kind == "StatefulSet":
                yield from self.claim_templates(resource)
            elif is_monitor(resource):
                yield from self.monitor(resource)
        for pod in self.graph.pod_specs:
            yield from self.pod(pod)

    # ------------------------------------------------------------------ services and routes

    def service(self, service: Resource) -> Iterator[Edge]:
        spec = _map(service.body.get("spec"))
        raw = spec.get("selector")
        if spec.get("type") == "ExternalName" or not isinstance(raw, dict) or not raw:
            return  # no selector: endpoints are managed by hand (or by another controller)
        try:
            selector = from_map(raw)
        except SelectorError:
            return
        yield self.to_pods(service, (*service.path, "spec", "selector"), "selects", selector)

    def ingress(self, ingress: Resource) -> Iterator[Edge]:
        spec = _map(ingress.body.get("spec"))
        base = (*ingress.path, "spec")
        namespace = namespace_of(ingress)
        default = spec.get("defaultBackend", spec.get("backend"))
        backends: list[tuple[Path, Any]] = [
            ((*base, "defaultBackend" if "defaultBackend" in spec else "backend"), default)
        ]
        for r, rule in _items(spec.get("rules")):
            for p, entry in _items(_map(rule.get("http")).get("paths")):
                path = (*base, "rules", r, "http", "paths", p, "backend")
                backends.append((path, entry.get("backend")))
        for path, backend in backends:
            edge = self.ingress_backend(ingress, path, backend, namespace)
            if edge is not None:
                yield edge
        annotations = ingress.annotations
        managed = any(a in annotations for a in _CERT_MANAGER_ANNOTATIONS)
        for t, tls in _items(spec.get("tls")):
            name = name_of(tls.get("secretName"))
            if name is not None:
                path = (*base, "tls", t, "secretName")
                yield self.to_object(
                    ingress, path, "secret", "Secret", name, namespace, optional=managed
                )

    def ingress_backend(
        self, ingress: Resource, path: Path, backend: Any, namespace: str
    ) -> Edge | None:
        backend = _map(backend)
        service = backend.get("service")
        if isinstance(service, dict):  # networking.k8s.io/v1
            name = name_of(service.get("name"))
            port = _map(service.get("port"))
            field = "number" if "number" in port else "name"
            value = port.get(field)
            name_path: Path = (*path, "service", "name")
            port_path: Path = (*path, "service", "port", field)
        else:  # extensions/v1beta1 and networking.k8s.io/v1beta1
            name = name_of(backend.get("serviceName"))
            value = backend.get("servicePort")
            name_path, port_path = (*path, "serviceName"), (*path, "servicePort")
        if name is None:
            return None
        detail = value if isinstance(value, int | str) and not isinstance(value, bool) else None
        return self.to_object(
            ingress,
            name_path,
            "backend",
            "Service",
            name,
            namespace,
            detail=detail,
            detail_path=port_path if detail is not None else None,
        )

    def route(self, route: Resource) -> Iterator[Edge]:
        spec = _map(route.body.get("spec"))
        for r, rule in _items(spec.get("rules")):
            for b, ref in _items(rule.get("backendRefs")):
                if ref.get("kind", "Service") != "Service" or ref.get("group", "") not in (
                    "",
                    None,
                ):
                    continue
                name = name_of(ref.get("name"))
                if name is None:
                    continue
                path = (*route.path, "spec", "rules", r, "backendRefs", b)
                namespace = ref.get("namespace")
                port = ref.get("port")
                detail = port if isinstance(port, int) and not isinstance(port, bool) else None
                yield self.to_object(
                    route,
                    (*path, "name"),
                    "backend",
                    "Service",
                    name,
                    str(namespace) if isinstance(namespace, str) else namespace_of(route),
                    detail=detail,
                    detail_path=(*path, "port") if detail is not None else None,
                )

    # ------------------------------------------------------------------ Prometheus Operator

    def monitor(self, resource: Resource) -> Iterator[Edge]:
        monitor = monitor_of(self.graph, resource)
        if monitor is None or monitor.selector is None:
            return
        selector = monitor.selector
        path = monitor.selector_path
        namespaces = monitor.namespaces
        one = namespaces[0] if namespaces is not None and len(namespaces) == 1 else None
        where = monitor.describe_namespaces()
        ports = ", ".join(e.describe() for e in monitor.endpoints) or None
        if monitor.selects_services:
            services = selected_services(monitor, self.graph)
            for service in services:
                yield Edge(
                    resource,
                    path,
                    "monitors",
                    "Service",
                    namespace_of(service),
                    service.name,
                    service,
                    detail=ports,
                )
            if not services:
                label = f"Services {selector.describe()} in {where}"
                yield Edge(
                    resource,
                    path,
                    "monitors",
                    "Service",
                    one,
                    selector.describe(),
                    (),
                    selector=selector,
                    label=label,
                )
                return
        else:
            pods = tuple(selected_pods(monitor, self.graph))
            label = f"pods {selector.describe()} in {where}"
            yield Edge(
                resource,
                path,
                "monitors",
                "Pod",
                one,
                selector.describe(),
                pods,
                detail=ports,
                selector=selector,
                label=label,
            )
            if not pods:
                return
        what = "Services" if monitor.selects_services else "pods"
        for endpoint in monitor.endpoints:
            if endpoint.port_name is None or not missing_port(monitor, endpoint, self.graph):
                continue
            label = f"port {endpoint.port_name} of {what} {selector.describe()} in {where}"
            yield Edge(
                resource,
                endpoint.port_path,
                "monitorPort",
                "Port",
                one,
                endpoint.port_name,
                None,
                detail_path=endpoint.port_path,
                label=label,
            )

    # ------------------------------------------------------------------ pods

    def pod(self, pod: PodSpecView) -> Iterator[Edge]:
        source = pod.resource
        namespace = namespace_of(source)
        spec = pod.spec
        for container in pod.containers:
            yield from self.container(source, container.path, container.body, namespace)
        for index, volume in pod.volumes():
            yield from self.pod_volume(source, (*pod.path, "volumes", index), volume, namespace)
        for index, item in _items(spec.get("imagePullSecrets")):
            name = name_of(item.get("name"))
            if name is not None:
                path = (*pod.path, "imagePullSecrets", index, "name")
                yield self.to_object(source, path, "imagePullSecret", "Secret", name, namespace)
        field = "serviceAccountName" if "serviceAccountName" in spec else "serviceAccount"
        account = name_of(spec.get(field))
        if account is not None:
            path = (*pod.path, field)
            yield self.to_object(
                source, path, "serviceaccount", "ServiceAccount", account, namespace
            )
        priority = name_of(spec.get("priorityClassName"))
        if priority is not None:
            path = (*pod.path, "priorityClassName")
            yield self.to_object(source, path, "priorityClass", "PriorityClass", priority, None)

    def container(
        self, source: Resource, base: Path, body: dict[str, Any], namespace: str
    ) -> Iterator[Edge]:
        for index, env in _items(body.get("env")):
            value_from = _map(env.get("valueFrom"))
            for field, kind, target_kind in (
                ("configMapKeyRef", "configmap", "ConfigMap"),
                ("secretKeyRef", "secret", "Secret"),
            ):
                ref = value_from.get(field)
                if not isinstance(ref, dict):
                    continue
                name = name_of(ref.get("name"))
                if name is None:
                    continue
                path = (*base, "env", index, "valueFrom", field)
                key = name_of(ref.get("key"))
                yield self.to_object(
                    source,
                    (*path, "name"),
                    kind,
                    target_kind,
                    name,
                    namespace,
                    optional=ref.get("optional") is True,
                    detail=key,
                    detail_path=(*path, "key") if key is not None else None,
                )
        for index, env_from in _items(body.get("envFrom")):
            for field, kind, target_kind in (
                ("configMapRef", "configmap", "ConfigMap"),
                ("secretRef", "secret", "Secret"),
            ):
                ref = env_from.get(field)
                name = name_of(_map(ref).get("name"))
                if name is None:
                    continue
                path = (*base, "envFrom", index, field, "name")
                optional = _map(ref).get("optional") is True
                yield self.to_object(
                    source, path, kind, target_kind, name, namespace, optional=optional
                )

    def pod_volume(
        self, source: Resource, base: Path, volume: dict[str, Any], namespace: str
    ) -> Iterator[Edge]:
        yield from self.volume_source(source, base, volume, namespace)
        projected = _map(volume.get("projected"))
        for index, item in _items(projected.get("sources")):
            path = (*base, "projected", "sources", index)
            yield from self.volume_source(source, path, item, namespace)
        claim = _map(volume.get("persistentVolumeClaim"))
        name = name_of(claim.get("claimName"))
        if name is not None:
            path = (*base, "persistentVolumeClaim", "claimName")
            yield self.to_object(source, path, "pvc", "PersistentVolumeClaim", name, namespace)

    def volume_source(
        self, source: Resource, base: Path, volume: dict[str, Any], namespace: str
    ) -> Iterator[Edge]:
        """``configMap`` and ``secret`` volumes (and projected sources): one edge for the object,
        and one per ``items[].key`` the volume needs, all at the name field."""
        for field, name_field, kind, target_kind in (
            ("configMap", "name", "configmap", "ConfigMap"),
            ("secret", "secretName", "secret", "Secret"),
            ("secret", "name", "secret", "Secret"),  # the spelling of projected sources
        ):
            ref = volume.get(field)
            if not isinstance(ref, dict) or name_field not in ref:
                continue
            name = name_of(ref.get(name_field))
            if name is None:
                continue
            path = (*base, field, name_field)
            optional = ref.get("optional") is True
            yield self.to_object(
                source, path, kind, target_kind, name, namespace, optional=optional
            )
            for index, item in _items(ref.get("items")):
                key = name_of(item.get("key"))
                if key is not None:
                    yield self.to_object(
                        source,
                        path,
                        kind,
                        target_kind,
                        name,
                        namespace,
                        optional=optional,
                        detail=key,
                        detail_path=(*base, field, "items", index, "key"),
                    )

    # ------------------------------------------------------------------ storage

    def claim(self, source: Resource, base: Path, spec: dict[str, Any]) -> Iterator[Edge]:
        """A claim's StorageClass (``""`` asks for no class, absent for the default one) and
        the PersistentVolume it binds by name."""
        base = (*source.path, *base)
        storage_class = name_of(spec.get("storageClassName"))
        if storage_class is not None:
            path = (*base, "storageClassName")
            yield self.to_object(source, path, "storageclass", "StorageClass", storage_class, None)
        if source.kind == "PersistentVolumeClaim":
            volume = name_of(spec.get("volumeName"))
            if volume is not None:
                path = (*base, "volumeName")
                yield self.to_object(source, path, "pv", "PersistentVolume", volume, None)

    def claim_templates(self, statefulset: Resource) -> Iterator[Edge]:
        spec = _map(statefulset.body.get("spec"))
        for index, template in _items(spec.get("volumeClaimTemplates")):
            base = ("spec", "volumeClaimTemplates", index, "spec")
            yield from self.claim(statefulset, base, _map(template.get("spec")))

    def volume(self, volume: Resource) -> Iterator[Edge]:
        spec = _map(volume.body.get("spec"))
        storage_class = name_of(spec.get("storageClassName"))
        if storage_class is not None:
            path = (*volume.path, "spec", "storageClassName")
            yield self.to_object(volume, path, "storageclass", "StorageClass", storage_class, None)

    # ------------------------------------------------------------------ scaling and budgets

    def autoscaler(self, hpa: Resource) -> Iterator[Edge]:
        ref = _map(_map(hpa.body.get("spec")).get("scaleTargetRef"))
        kind, name = name_of(ref.get("kind")), name_of(ref.get("name"))
        if kind is None or name is None:
            return
        path = (*hpa.path, "spec", "scaleTargetRef", "name")
        yield self.to_object(hpa, path, "scaleTarget", kind, name, namespace_of(hpa))

    def budget(self, pdb: Resource) -> Iterator[Edge]:
        spec = _map(pdb.body.get("spec"))
        if not isinstance(spec.get("selector"), dict):
            return
        try:
            selector = from_label_selector(spec["selector"])
        except SelectorError:
            return
        yield self.to_pods(pdb, (*pdb.path, "spec", "selector"), "pdb", selector)

    # ------------------------------------------------------------------ RBAC

    def binding(self, binding: Resource) -> Iterator[Edge]:
        namespaced = binding.kind == "RoleBinding"
        namespace = namespace_of(binding) if namespaced else None
        role = _map(binding.body.get("roleRef"))
        kind, name = name_of(role.get("kind")), name_of(role.get("name"))
        if kind in ("Role", "ClusterRole") and name is not None:
            path = (*binding.path, "roleRef", "name")
            role_namespace = namespace if kind == "Role" else None
            yield self.to_object(binding, path, "roleRef", kind, name, role_namespace)
        for index, subject in _items(binding.body.get("subjects")):
            if subject.get("kind") != "ServiceAccount":
                continue
            name = name_of(subject.get("name"))
            written = name_of(subject.get("namespace"))
            subject_namespace = written or namespace
            if name is None or subject_namespace is None:
                continue
            path = (*binding.path, "subjects", index, "name")
            yield self.to_object(
                binding, path, "subject", "ServiceAccount", name, subject_namespace
            )

    # ------------------------------------------------------------------ admission policies

    def admission_binding(self, binding: Resource) -> Iterator[Edge]:
        spec = _map(binding.body.get("spec"))
        name = name_of(spec.get("policyName"))
        if name is None:
            return
        path = (*binding.path, "spec", "policyName")
        policy = self.to_object(
            binding, path, "admissionPolicy", "ValidatingAdmissionPolicy", name, None
        )
        yield policy
        param_ref = _map(spec.get("paramRef"))
        param_kind = (
            _map(_map(policy.target.body.get("spec")).get("paramKind"))
            if isinstance(policy.target, Resource)
            else {}
        )
        kind, param = name_of(param_kind.get("kind")), name_of(param_ref.get("name"))
        if kind is None or param is None:
            return  # no parameter, or parameters chosen by a selector
        namespace = name_of(param_ref.get("namespace"))
        if namespace is None and kind not in CLUSTER_SCOPED_KINDS:
            return  # a namespaced parameter without a namespace: each request's own namespace
        path = (*binding.path, "spec", "paramRef", "name")
        yield self.to_object(binding, path, "policyParam", kind, param, namespace)


def _producers(graph: ResourceGraph) -> dict[tuple[str, str, str], Resource]:
    """Secrets and ConfigMaps that another object of the scan makes: sealed and external secrets,
    cert-manager certificates and kustomize generators."""
    made: dict[tuple[str, str, str], Resource] = {}

    def add(kind: str, owner: Resource, name: Any, namespace: str | None = None) -> None:
        text = name_of(name)
        if text is not None:
            made.setdefault((kind, namespace or namespace_of(owner), text), owner)

    for sealed in graph.of_kind("SealedSecret"):
        template = _map(_map(sealed.body.get("spec")).get("template"))
        add("Secret", sealed, _map(template.get("metadata")).get("name") or sealed.name)
    for external in graph.of_kind("ExternalSecret"):
        target = _map(_map(external.body.get("spec")).get("target"))
        add("Secret", external, target.get("name") or external.name)
    for certificate in graph.of_kind("Certificate"):
        add("Secret", certificate, _map(certificate.body.get("spec")).get("secretName"))
    for kustomization in graph.of_kind("Kustomization"):
        # kustomize renames generated objects and rewrites references to them, in whichever
        # namespace its `namespace` field moves them: any namespace matches
        for field, kind in (("secretGenerator", "Secret"), ("configMapGenerator", "ConfigMap")):
            for _, generator in _items(kustomization.body.get(field)):
                add(kind, kustomization, generator.get("name"), "*")
    return made


def is_namespaced_target(kind: str) -> bool:
    """Whether an object of ``kind`` lives in a namespace (for kinds references point at)."""
    return kind not in CLUSTER_SCOPED_KINDS


Place = tuple[str, str]


def place_of(resource: Resource) -> Place:
    """Where an object is managed: its written namespace, or, for an object written without
    one (applied wherever the command says), its folder; cluster-scoped objects by kind and
    folder."""
    folder = str(resource.source.path.parent)
    if is_cluster_scoped(resource):
        return ("kind:" + resource.kind, folder)
    if resource.namespace is not None:
        return ("namespace", resource.namespace)
    return ("folder", folder)


def objects_per_place(graph: ResourceGraph) -> dict[Place, int]:
    """How many objects of the scan set each ``place_of`` holds."""
    return graph.derived("objects-per-place", _objects_per_place)


def _objects_per_place(graph: ResourceGraph) -> dict[Place, int]:
    counts: dict[Place, int] = defaultdict(int)
    for resource in graph.resources:
        if not resource.is_config:
            counts[place_of(resource)] += 1
    return dict(counts)
