"""``seawall graph``: the text, Mermaid and DOT views of the resource graph, and its options."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from seawall.cli.main import main
from tests.conftest import EXAMPLE

Write = Callable[[str, str], Path]

SHOP = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
          ports: [{name: http, containerPort: 8080}]
          envFrom:
            - configMapRef: {name: web-settings}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
      ports: [{port: 8080}]
    - from:
        - podSelector: {matchLabels: {app: "say \\"hi\\""}}
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def shop(write: Write) -> Path:
    return write("shop.yaml", SHOP)


def test_text_lists_objects_by_namespace_with_their_edges(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["graph", str(shop)], capsys)
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "namespace shop",
        f"  Ingress shop/web  ({shop}:2)",
        f"    backend → Service shop/web:80 → Deployment shop/web  ({shop}:11)",
        f"  Service shop/web  ({shop}:14)",
        f"    selects → Deployment shop/web  ({shop}:17)",
        f"  Deployment shop/web  ({shop}:21)",
        f"    configmap → ConfigMap shop/web-settings  ✗ missing  ({shop}:33)",
        # the NetworkPolicy: the workload it selects, the peers it admits
        f"  NetworkPolicy shop/web  ({shop}:36)",
        f"    selects → Deployment shop/web  ({shop}:39)",
        "    allows-from → pods in namespaces kubernetes.io/metadata.name=ingress-nginx on TCP 8080"
        f"  ({shop}:42)",
        f'    allows-from → no pods match app=say "hi" in shop  ✗ missing  ({shop}:46)',
        "",
        "7 nodes, 6 edges, 2 broken",
    ]


def test_text_colour_follows_the_switches(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b[" not in run(["graph", str(shop)], capsys)[1]  # not a terminal
    assert "\x1b[1;31m✗ missing\x1b[0m" in run(["graph", str(shop), "--color", "always"], capsys)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in run(["graph", str(shop)], capsys)[1]


def test_filters(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["graph", str(shop), "--broken-only"], capsys)[1]
    assert "Service shop/web" not in out and "backend" not in out
    assert "configmap → ConfigMap shop/web-settings  ✗ missing" in out
    assert out.splitlines()[-1] == "4 nodes, 2 edges, 2 broken"
    out = run(["graph", str(shop), "--kind", "configmap"], capsys)[1]
    assert "  Deployment shop/web" in out and "Ingress" not in out and "selects" not in out
    out = run(["graph", str(shop), "--namespace", "elsewhere"], capsys)[1]
    assert out == "0 nodes, 0 edges, 0 broken\n"


def test_usage_errors_exit_two(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["graph", str(shop), "--format", "png"])
    assert raised.value.code == 2
    code, _, err = run(["graph", str(shop), "--config", str(shop.parent / "none.yaml")], capsys)
    assert code == 2 and "configuration file not found" in err


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["graph", "--help"])
    out = capsys.readouterr().out
    assert "--format mermaid > graph.mmd" in out and "dot -Tsvg" in out
    assert "exit status" in out and "--broken-only" in out


def test_output_file_and_excluded_paths(
    shop: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    write("other/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n")
    target = shop.parent / "graph.dot"
    code, out, _ = run(
        ["graph", str(shop.parent), "-f", "dot", "-o", str(target), "--exclude", "other/"],
        capsys,
    )
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("digraph seawall {") and "extra" not in text


# --------------------------------------------------------------------------- Mermaid

_MERMAID_NODE = re.compile(r'^\s+([A-Za-z0-9_]+)\["([^"]*)"\]$')
_MERMAID_EDGE = re.compile(r'^\s+([A-Za-z0-9_]+) (-->|-\.->)\|"([^"]*)"\| ([A-Za-z0-9_]+)$')


def _check_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """Declared nodes and edges, after checking the flowchart's structure."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    subgraphs: list[str] = []
    depth = 0
    styled: list[int] = []
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("subgraph "):
            match = re.fullmatch(r'subgraph ([A-Za-z0-9_]+)\["[^"]*"\]', stripped)
            assert match, line
            subgraphs.append(match[1])
            depth += 1
        elif stripped == "end":
            depth -= 1
            assert depth >= 0
        elif node := _MERMAID_NODE.match(line):
            assert node[1] not in nodes, f"duplicate id {node[1]}"
            nodes[node[1]] = node[2]
        elif edge := _MERMAID_EDGE.match(line):
            edges.append((edge[1], edge[2], edge[3], edge[4]))
        elif stripped.startswith("linkStyle "):
            styled.extend(int(i) for i in stripped.split()[1].split(","))
        elif stripped.startswith("class "):
            assert all(i in nodes for i in stripped.split()[1].split(","))
        else:
            assert stripped.startswith("classDef "), line
    assert depth == 0
    assert not set(subgraphs) & set(nodes)
    for source, _, _, target in edges:
        assert source in nodes and target in nodes
    dashed = [index for index, edge in enumerate(edges) if edge[1] == "-.->"]
    assert styled == dashed
    return nodes, edges


def test_mermaid_is_a_well_formed_flowchart(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["graph", str(shop), "--format", "mermaid"], capsys)
    assert code == 0
    nodes, edges = _check_mermaid(out)
    assert '  subgraph g0["namespace shop"]' in out.splitlines()
    labels = {nodes[s]: (label, nodes[t]) for s, arrow, label, t in edges if arrow == "-.->"}
    assert labels["Deployment shop/web"] == (
        "configmap ✗ missing",
        "✗ ConfigMap shop/web-settings",
    )
    # a label from the manifest cannot close Mermaid's quotes
    assert "✗ no pods match app=say #quot;hi#quot; in shop" in nodes.values()


# --------------------------------------------------------------------------- DOT

_DOT_STRING = r'"(?:[^"\\]|\\.)*"'
_DOT_NODE = re.compile(rf"^\s+({_DOT_STRING}) \[(.*)\];$")
_DOT_EDGE = re.compile(rf"^\s+({_DOT_STRING}) -> ({_DOT_STRING}) \[(.*)\];$")


def _check_dot(text: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    """Without Graphviz installed: balanced braces, quoted strings properly escaped, every edge
    between declared nodes. Returns the node ids and the edges."""
    lines = text.splitlines()
    assert lines[0] == "digraph seawall {" and lines[-1] == "}"
    depth = 0
    nodes: set[str] = set()
    edges: list[tuple[str, str, str]] = []
    for line in lines:
        # strings removed, what is left must hold no stray quote
        bare = re.sub(_DOT_STRING, "S", line)
        assert '"' not in bare, line
        depth += bare.count("{") - bare.count("}")
        assert depth >= 0
        if edge := _DOT_EDGE.match(line):
            edges.append((edge[1], edge[2], edge[3]))
        elif node := _DOT_NODE.match(line):
            assert node[1] not in nodes
            nodes.add(node[1])
    assert depth == 0
    for source, target, _ in edges:
        assert source in nodes and target in nodes
    return nodes, edges


def test_dot_is_well_formed(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["graph", str(shop), "--format", "dot"], capsys)
    assert code == 0
    _, edges = _check_dot(out)
    assert "  subgraph cluster_0 {" in out and 'label="namespace shop";' in out
    broken = [attrs for _, _, attrs in edges if "color=red" in attrs]
    assert len(broken) == 2 and all("style=dashed" in attrs for attrs in broken)
    assert 'label="no pods match app=say \\"hi\\" in shop"' in out


# --------------------------------------------------------------------------- the example


def test_reference_platform_shows_the_missing_backends(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["graph", str(EXAMPLE), "--broken-only"], capsys)
    assert code == 0
    missing = {"order-service", "payment-service", "frontend-service"}
    for name in missing:
        assert f"backend → Service production/{name}:80  ✗ missing" in out
    assert "user-service:80" not in out
    code, out, _ = run(["graph", str(EXAMPLE), "--format", "mermaid"], capsys)
    nodes, edges = _check_mermaid(out)
    ingress = next(i for i, label in nodes.items() if label == "Ingress production/app-ingress")
    broken = {nodes[t] for s, arrow, _, t in edges if s == ingress and arrow == "-.->"}
    assert broken == {f"✗ Service production/{name}" for name in missing}
    code, out, _ = run(["graph", str(EXAMPLE), "--format", "dot"], capsys)
    _check_dot(out)
