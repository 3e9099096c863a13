"""Reference edges of the resource graph, the `external` configuration and built-in objects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.engine.config import ConfigError, load_config
from seawall.engine.load import InputReporter
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, load_workspace, scan
from seawall.graph.edges import Edge, edges_from, reference_edges
from seawall.graph.external import ExternalObjects, ExternalPatternError, is_builtin, parse_pattern

Write = Callable[[str, str], Path]

PLATFORM = """
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data: {mode: fast}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      imagePullSecrets: [{name: pull}]
      containers:
        - name: web
          image: registry.example.com/web:1.0.0
          ports: [{containerPort: 8080, name: http}]
          env:
            - name: MODE
              valueFrom: {configMapKeyRef: {name: web-config, key: mode}}
      volumes:
        - name: creds
          projected:
            sources:
              - secret: {name: db-credentials}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec: {storageClassName: fast-ssd}
"""


def _edges(path: Path) -> list[Edge]:
    workspace = load_workspace([str(path)], ScanOptions(), InputReporter({}))
    return reference_edges(workspace.graph)


def test_edges_name_both_ends_and_point_at_the_field(write: Write) -> None:
    edges = _edges(write("platform.yaml", PLATFORM))
    by_kind = {(e.kind, e.target_name): e for e in edges}
    selects = by_kind[("selects", "app=web")]
    assert selects.source_label == "Service shop/web"
    assert selects.target_label == "pods app=web in shop"
    assert [p.resource.name for p in selects.pods] == ["web"] and not selects.broken
    backend = by_kind[("backend", "web")]
    assert backend.found is not None and backend.found.kind == "Service"
    assert backend.detail == 80 and backend.detail_path is not None
    key = by_kind[("configmap", "web-config")]
    assert key.detail == "mode" and key.found is not None
    secret = by_kind[("secret", "db-credentials")]
    assert secret.broken and secret.target is None
    assert by_kind[("serviceaccount", "web")].broken
    assert by_kind[("imagePullSecret", "pull")].target_label == "Secret shop/pull"
    storage = by_kind[("storageclass", "fast-ssd")]
    assert storage.target_namespace is None and storage.target_label == "StorageClass fast-ssd"
    finding = secret.finding(load_registry().rules["KG104"].rule, "x")
    assert finding.path == "spec.template.spec.volumes[0].projected.sources[0].secret.name"
    assert (finding.span.line, finding.span.column) == (28, 32)  # the name's value


def test_edges_from_indexes_by_source(write: Write) -> None:
    path = write("platform.yaml", PLATFORM)
    workspace = load_workspace([str(path)], ScanOptions(), InputReporter({}))
    deployment = workspace.graph.get("Deployment", "shop", "web")
    assert deployment is not None
    kinds = sorted(e.kind for e in edges_from(workspace.graph, deployment))
    assert kinds == ["configmap", "imagePullSecret", "secret", "serviceaccount"]


def test_templated_and_placeholder_names_make_no_edge(write: Write) -> None:
    text = PLATFORM.replace("serviceAccountName: web", "serviceAccountName: KSA_NAME").replace(
        "name: pull", 'name: "{{ .Values.pull }}"'
    )
    kinds = {e.kind for e in _edges(write("platform.yaml", text))}
    assert "serviceaccount" not in kinds and "imagePullSecret" not in kinds


def test_builtin_objects_always_exist() -> None:
    assert is_builtin("ServiceAccount", "any", "default")
    assert is_builtin("ConfigMap", "shop", "kube-root-ca.crt")
    assert is_builtin("ClusterRole", None, "system:auth-delegator")
    assert is_builtin("ClusterRole", None, "view")
    assert is_builtin("PriorityClass", None, "system-node-critical")
    assert is_builtin("Service", "default", "kubernetes")
    assert not is_builtin("Service", "shop", "kubernetes")
    assert not is_builtin("ClusterRole", None, "ingress-nginx")


def test_external_patterns_match_and_validate() -> None:
    external = ExternalObjects.parse(
        ["Secret/prod/db-credentials", "StorageClass/fast-*", "ConfigMap/*/ca-bundle"]
    )
    assert external.declared("Secret", "prod", "db-credentials")
    assert not external.declared("Secret", "dev", "db-credentials")
    assert external.declared("StorageClass", None, "fast-ssd")
    assert external.declared("ConfigMap", "anything", "ca-bundle")
    with pytest.raises(ExternalPatternError, match="cluster-scoped; write StorageClass/x"):
        parse_pattern("StorageClass/ns/x")
    with pytest.raises(ExternalPatternError, match="namespaced; write Secret/NAMESPACE/x"):
        parse_pattern("Secret/x")
    with pytest.raises(ExternalPatternError, match="is not Kind/namespace/name"):
        parse_pattern("Secret/a/b/c")


def test_external_configuration_key(write: Write) -> None:
    registry = load_registry()
    good = write(
        "a/.seawall.yaml", "external:\n  - Secret/shop/db-credentials\n  - Secret/*/pull\n"
    )
    config = load_config(good, registry)
    assert config.external.declared("Secret", "shop", "pull")
    bad = write("b/.seawall.yaml", "select: [KG]\nexternal:\n  - Secret/db-credentials\n")
    with pytest.raises(
        ConfigError, match=r"\.seawall\.yaml:2: `external`: 'Secret/db-credentials'"
    ):
        load_config(bad, registry)
    wrong_type = write("c/.seawall.yaml", "external: {Secret: x}\n")
    with pytest.raises(ConfigError, match=r":1: `external` must be a list of strings"):
        load_config(wrong_type, registry)
    toml = write("d/pyproject.toml", '[tool.seawall]\nexternal = ["StorageClass/a/b"]\n')
    with pytest.raises(ConfigError, match=r"\[tool.seawall\]\.external: `external`:"):
        load_config(toml, registry)


def test_declared_external_objects_are_not_reported(write: Write) -> None:
    path = write("platform.yaml", PLATFORM)
    before = scan([str(path)], ScanOptions(select=("KG104", "KG105"))).findings
    assert {f.message.split(" which ")[0].split()[-1].rstrip(",") for f in before} == {
        "shop/pull",
        "shop/db-credentials",
        "shop/web",
        "fast-ssd",
    }
    external = ExternalObjects.parse(
        ["Secret/shop/pull", "Secret/shop/db-*", "ServiceAccount/*/web", "StorageClass/fast-ssd"]
    )
    after = scan([str(path)], ScanOptions(select=("KG104", "KG105"), external=external))
    assert after.findings == []


def test_missing_in_a_namespace_without_other_objects_is_low(write: Write) -> None:
    path = write(
        "lonely.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: lonely, namespace: solo}
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0.0
              envFrom: [{secretRef: {name: vault}}]
        """,
    )
    findings = scan([str(path)], ScanOptions(select=("KG104",))).findings
    assert [(f.severity.value, "may be created outside" in f.message) for f in findings] == [
        ("low", True)
    ]


MONITORS = """
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {team: shop}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1, ports: [{containerPort: 80, name: metrics}]}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [shop]}
  selector: {matchLabels: {team: shop}}
  endpoints: [{port: http}, {port: metrics}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: lost, namespace: shop}
spec:
  selector: {matchLabels: {team: other}}
  endpoints: [{port: http}]
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  podMetricsEndpoints: [{port: metrics}]
"""


def test_monitor_edges_select_services_and_pods(write: Write) -> None:
    edges = [e for e in _edges(write("m.yaml", MONITORS)) if e.kind.startswith("monitor")]
    found = {(e.source_label, e.kind, e.target_label, e.broken) for e in edges}
    assert found == {
        ("ServiceMonitor monitoring/web", "monitors", "Service shop/web", False),
        (
            "ServiceMonitor monitoring/web",
            "monitorPort",
            "port metrics of Services team=shop in namespace shop",
            True,
        ),
        ("ServiceMonitor shop/lost", "monitors", "Services team=other in namespace shop", True),
        ("PodMonitor shop/web", "monitors", "pods app=web in namespace shop", False),
    }
    port = next(e for e in edges if e.kind == "monitorPort")
    finding = port.finding(load_registry().rules["KG112"].rule, "x")
    assert finding.path == "spec.endpoints[1].port"


def test_v1beta1_ingress_backends_are_followed(write: Write) -> None:
    from seawall.model.service import ingress_backends

    text = """
    apiVersion: extensions/v1beta1
    kind: Ingress
    metadata: {name: old, namespace: shop}
    spec:
      backend: {serviceName: web, servicePort: http}
      rules:
        - http:
            paths: [{path: /, backend: {serviceName: api, servicePort: 8080}}]
    """
    workspace = load_workspace([str(write("i.yaml", text))], ScanOptions(), InputReporter({}))
    ingress = workspace.graph.get("Ingress", "shop", "old")
    assert ingress is not None
    backends = [(b.service, b.number, b.port_name) for b in ingress_backends(ingress)]
    assert backends == [("web", None, "http"), ("api", 8080, None)]


def test_references_prefer_the_nearest_definition(tmp_path: Path) -> None:
    """Two projects scanned together both define ConfigMap `conf` without a namespace: each
    Deployment is judged against its own project's copy, not the first one found."""
    for project, key in (("a", "other.conf"), ("b", "nginx.conf")):
        folder = tmp_path / project
        folder.mkdir()
        (folder / "cm.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: conf}}\ndata: {{{key}: x}}\n",
            encoding="utf-8",
        )
    (tmp_path / "b" / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n"
        "    metadata: {labels: {app: web}}\n    spec:\n"
        "      containers: [{name: web, image: nginx:1.27,\n"
        "        env: [{name: C, valueFrom: {configMapKeyRef: {name: conf, key: nginx.conf}}}]}]\n",
        encoding="utf-8",
    )
    assert not scan([str(tmp_path)], ScanOptions(select=("KG104",))).findings
    (tmp_path / "b" / "cm.yaml").unlink()  # now only the other project's copy, without the key
    [finding] = scan([str(tmp_path)], ScanOptions(select=("KG104",))).findings
    assert "nginx.conf" in finding.message


def test_a_redirect_only_listener_judges_the_route_definition_nearest_it(
    write: Write, tmp_path: Path
) -> None:
    """KN312 skips a port-80 listener whose attached routes only redirect to HTTPS; a route
    kept in another folder under the same name is an alternative, not what attaches."""
    gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: web}
        spec:
          gatewayClassName: example
          listeners:
            - {name: http, protocol: HTTP, port: 80}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: front, namespace: web}
        spec:
          parentRefs: [{name: edge}]
          rules:
            - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
        """
    write("redirect/gateway.yaml", gateway)
    write(
        "other/route.yaml",
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: front, namespace: web}
        spec:
          parentRefs: [{name: edge}]
          rules:
            - backendRefs: [{name: app, port: 80}]
        """,
    )
    found = scan([str(tmp_path)], ScanOptions(select=("KN312",))).findings
    assert found == []
    write(
        "redirect/served.yaml",
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: served, namespace: web}
        spec:
          parentRefs: [{name: edge, sectionName: http}]
          rules:
            - backendRefs: [{name: app, port: 80}]
        """,
    )
    found = scan([str(tmp_path)], ScanOptions(select=("KN312",))).findings
    assert [(f.rule.code, f.path) for f in found] == [("KN312", "spec.listeners[0].protocol")]


def test_a_missing_admission_parameter_that_denies_everything_is_high() -> None:
    bad = Path(__file__).parent / "rules" / "KG113" / "bad.yaml"
    found = scan([str(bad)], ScanOptions(select=("KG113",))).findings
    assert [(f.path, f.severity.value) for f in found] == [
        ("spec.policyName", "medium"),
        ("spec.paramRef.name", "high"),
    ]
