"""The resource graph for people: as indented text, as a Mermaid flowchart, as Graphviz DOT.

``build_view(graph, ...)`` turns the scan's edges (``reference_edges`` and ``policy_edges``) into
``Node`` and ``Link`` objects: one node per object of the scan set, one per target the scan set
lacks (``missing`` when the reference is broken, ``external`` when it is built in, optional,
declared ``external`` in the configuration, an address or a peer outside the scan), and one link
per edge, fanned out to every workload a selector matches. ``render_graph(fmt, view, color=)``
prints it. Everything taken from scanned files is escaped for its output: control characters for
terminals, quotes and markup for Mermaid and DOT.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from seawall.core.severity import Severity
from seawall.graph.edges import Edge, reference_edges, resource_label
from seawall.graph.external import ExternalObjects
from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.graph.policy_edges import policy_edges
from seawall.model.resource import Resource
from seawall.model.scope import is_cluster_scoped

# the text report's colour helper, so both outputs look alike and honour the same switches
from seawall.report.terminal import BOLD, DIM, SEVERITY_STYLE, Paint, escape

GRAPH_FORMATS = ("text", "mermaid", "dot")
CLUSTER_GROUP = "cluster-scoped"
MISSING_MARK = "✗ missing"
_RED = SEVERITY_STYLE[Severity.HIGH]
_BROKEN_COLOR = "#c62828"
# kinds of targets that are no object of any namespace: drawn outside the groups
_UNGROUPED_KINDS = frozenset({"Peer", "IPBlock"})
_KEY_KINDS = frozenset({"configmap", "secret"})


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """An object of the scan (``state`` ``object``) or a target it lacks (``missing`` or
    ``external``). ``group`` is ``namespace X``, ``cluster-scoped``, or None (outside any)."""

    kind: str
    namespace: str | None
    label: str
    group: str | None
    state: str = "object"
    location: str | None = None

    @property
    def missing(self) -> bool:
        return self.state == "missing"


@dataclass(frozen=True, slots=True, eq=False)
class Link:
    source: Node
    target: Node
    kind: str
    detail: str | None
    broken: bool
    location: str
    edge: Edge

    @property
    def text(self) -> str:
        """The edge as a label: its kind and what it needs (``backend :80``)."""
        return f"{self.kind}{_detail_text(self)}"


@dataclass(slots=True)
class GraphView:
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def outgoing(self) -> dict[int, list[Link]]:
        found: dict[int, list[Link]] = defaultdict(list)
        for link in self.links:
            found[id(link.source)].append(link)
        return found

    def groups(self) -> list[tuple[str | None, list[Node]]]:
        """Nodes by group: namespaces by name, then cluster-scoped objects, then the rest."""
        by_group: dict[str | None, list[Node]] = defaultdict(list)
        for node in self.nodes:
            by_group[node.group].append(node)

        def order(group: str | None) -> tuple[int, str]:
            if group is None:
                return (2, "")
            return (1, group) if group == CLUSTER_GROUP else (0, group)

        return [(group, by_group[group]) for group in sorted(by_group, key=order)]


def _detail_text(link: Link) -> str:
    if link.detail is None:
        return ""
    if link.kind == "backend":
        return f" :{link.detail}"
    if link.kind in _KEY_KINDS:
        return f" key {link.detail}"
    if link.kind.startswith("allows-"):
        return f" on {link.detail}"
    return f" ({link.detail})"


def _location(resource: Resource, line: int) -> str:
    return f"{resource.source.display}:{line}"


def _namespace(resource: Resource) -> str | None:
    return None if is_cluster_scoped(resource) else namespace_of(resource)


def _group(namespace: str | None) -> str:
    return f"namespace {namespace}" if namespace is not None else CLUSTER_GROUP


class _Builder:
    def __init__(self, external: ExternalObjects) -> None:
        self.external = external
        self.objects: dict[int, Node] = {}
        self.virtual: dict[tuple[str, str | None, str, str], Node] = {}
        self.links: list[Link] = []

    def object(self, resource: Resource) -> Node:
        node = self.objects.get(id(resource))
        if node is None:
            namespace = _namespace(resource)
            line = resource.span_at("kind").line
            node = Node(
                resource.kind,
                namespace,
                resource_label(resource),
                _group(namespace),
                location=_location(resource, line),
            )
            self.objects[id(resource)] = node
        return node

    def placeholder(self, edge: Edge, state: str) -> Node:
        """A target the scan set does not hold."""
        kind, namespace = edge.target_kind, edge.target_namespace
        if kind == "Pod":
            where = f" in {namespace}" if namespace else ""
            if state != "missing":
                what = "pods"
            else:
                what = "no pods" if edge.target_name.startswith("in ") else "no pods match"
            label = f"{what} {edge.target_name}{where}"
        elif kind == "Peer":
            label = "any peer"
        elif kind == "IPBlock":
            label = f"addresses {edge.target_name}"
        else:
            label = edge.target_label
        key = (kind, namespace, label, state)
        node = self.virtual.get(key)
        if node is None:
            if kind in _UNGROUPED_KINDS or (kind == "Pod" and namespace is None):
                group = None
            else:
                group = _group(namespace)
            node = Node(kind, namespace, label, group, state)
            self.virtual[key] = node
        return node

    def add(self, edge: Edge) -> None:
        source = self.object(edge.source)
        line = edge.source.span_for(edge.path).line
        location = _location(edge.source, line)
        detail = None if edge.detail is None else str(edge.detail)

        def link(target: Node, broken: bool = False) -> None:
            self.links.append(Link(source, target, edge.kind, detail, broken, location, edge))

        if edge.pods:
            seen: set[int] = set()
            for pod in edge.pods:
                if id(pod.resource) not in seen:
                    seen.add(id(pod.resource))
                    link(self.object(pod.resource))
        elif edge.found is not None:
            link(self.object(edge.found))
        else:
            declared = self.external.declared(
                edge.target_kind, edge.target_namespace, edge.target_name
            )
            broken = edge.broken and declared is None
            link(self.placeholder(edge, "missing" if broken else "external"), broken)


def build_view(
    graph: ResourceGraph,
    *,
    external: ExternalObjects | None = None,
    namespaces: Iterable[str] = (),
    kinds: Iterable[str] = (),
    broken_only: bool = False,
) -> GraphView:
    """The graph of a scan. ``namespaces`` and ``kinds`` (case-insensitive) select objects: the
    view keeps them, the links from and to them, and the nodes at the other end. ``broken_only``
    keeps broken links and their ends only."""
    builder = _Builder(external or ExternalObjects())
    for resource in graph.resources:
        if not resource.is_config:
            builder.object(resource)
    for edge in (*reference_edges(graph), *policy_edges(graph)):
        builder.add(edge)
    wanted_namespaces = set(namespaces)
    wanted_kinds = {k.lower() for k in kinds}

    def selected(node: Node) -> bool:
        if wanted_namespaces and node.namespace not in wanted_namespaces:
            return False
        return not wanted_kinds or node.kind.lower() in wanted_kinds

    links = [
        link
        for link in builder.links
        if (selected(link.source) or selected(link.target)) and (link.broken or not broken_only)
    ]
    ends = {id(n) for link in links for n in (link.source, link.target)}
    nodes = [
        node
        for node in (*builder.objects.values(), *builder.virtual.values())
        if id(node) in ends or (not broken_only and selected(node))
    ]
    # links in the order of their sources, so text, Mermaid and DOT list them alike
    rank = {id(node): index for index, node in enumerate(nodes)}
    links.sort(key=lambda link: rank[id(link.source)])
    return GraphView(nodes, links)


# --------------------------------------------------------------------------- text


def render_text(view: GraphView, *, color: bool = False) -> str:
    """Objects grouped by namespace, each with its outgoing links indented; a Service behind an
    Ingress or route is followed to the workloads it selects."""
    paint = Paint(color)
    outgoing = view.outgoing()
    lines: list[str] = []
    for group, nodes in view.groups():
        objects = [n for n in nodes if n.state == "object"]
        if not objects:
            continue
        if lines:
            lines.append("")
        lines.append(paint(escape(group or "elsewhere"), BOLD))
        for node in objects:
            where = paint(f"({escape(node.location or '')})", DIM)
            lines.append(f"  {escape(node.label)}  {where}")
            for link in outgoing.get(id(node), []):
                lines.append("    " + _text_link(link, outgoing, paint))
    broken = sum(link.broken for link in view.links)
    summary = f"{len(view.nodes)} nodes, {len(view.links)} edges, {broken} broken"
    if lines:
        lines.append("")
    lines.append(paint(summary, _RED) if broken else summary)
    return "\n".join(lines) + "\n"


def _text_link(link: Link, outgoing: dict[int, list[Link]], paint: Paint) -> str:
    target = escape(link.target.label)
    if link.kind == "backend" and link.detail is not None:
        target += f":{escape(link.detail)}"
        detail = ""
    else:
        detail = escape(_detail_text(link))
    text = f"{escape(link.kind)} → {target}{detail}"
    if link.broken:
        text += "  " + paint(MISSING_MARK, _RED)
    elif link.kind == "backend" and link.target.state == "object":
        text += _workloads(link.target, outgoing, paint)
    where = paint(f"({escape(link.location)})", DIM)
    return f"{text}  {where}"


def _workloads(service: Node, outgoing: dict[int, list[Link]], paint: Paint) -> str:
    """`` → Deployment shop/web`` for the workloads a backend Service selects."""
    selected = [link for link in outgoing.get(id(service), []) if link.kind == "selects"]
    if not selected:
        return ""
    broken = [link for link in selected if link.broken]
    if broken:
        return " → " + paint(f"✗ {escape(broken[0].target.label)}", _RED)
    return " → " + ", ".join(escape(link.target.label) for link in selected)


# --------------------------------------------------------------------------- node ids


def _ids(view: GraphView, prefix: Callable[[Node], str]) -> dict[int, str]:
    """Unique identifiers made of letters, digits and underscores."""
    used: set[str] = set()
    ids: dict[int, str] = {}
    for node in view.nodes:
        base = prefix(node) + re.sub(r"[^A-Za-z0-9_]+", "_", node.label).strip("_")
        ident, number = base, 2
        while ident in used:
            ident, number = f"{base}_{number}", number + 1
        used.add(ident)
        ids[id(node)] = ident
    return ids


def _prefix(node: Node) -> str:
    return "n_" if node.state == "object" else "t_"


# --------------------------------------------------------------------------- Mermaid


def _mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: entity codes for what Mermaid would read as syntax."""
    text = " ".join(escape(text).split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("`", "#96;")


def render_mermaid(view: GraphView) -> str:
    """A ``flowchart LR``: a subgraph per namespace, broken links dashed and red (``linkStyle``
    by link index, in the order the links are written), missing targets as red dashed nodes."""
    ids = _ids(view, _prefix)
    lines = ["flowchart LR"]
    for number, (group, nodes) in enumerate(view.groups()):
        indent = "  "
        if group is not None:
            lines.append(f'  subgraph g{number}["{_mermaid_text(group)}"]')
            indent = "    "
        for node in nodes:
            mark = "✗ " if node.missing else ""
            lines.append(f'{indent}{ids[id(node)]}["{mark}{_mermaid_text(node.label)}"]')
        if group is not None:
            lines.append("  end")
    broken: list[int] = []
    for index, link in enumerate(view.links):
        arrow = "-.->" if link.broken else "-->"
        label = link.text + (f" {MISSING_MARK}" if link.broken else "")
        source, target = ids[id(link.source)], ids[id(link.target)]
        lines.append(f'  {source} {arrow}|"{_mermaid_text(label)}"| {target}')
        if link.broken:
            broken.append(index)
    lines.append(
        f"  classDef missing fill:#fdecea,stroke:{_BROKEN_COLOR},color:{_BROKEN_COLOR},"
        "stroke-dasharray:5 3"
    )
    lines.append("  classDef external fill:#f5f5f5,stroke:#9e9e9e,color:#616161")
    for state in ("missing", "external"):
        members = [ids[id(n)] for n in view.nodes if n.state == state]
        if members:
            lines.append(f"  class {','.join(members)} {state}")
    if broken:
        indexes = ",".join(str(i) for i in broken)
        lines.append(
            f"  linkStyle {indexes} stroke:{_BROKEN_COLOR},stroke-width:2px,color:{_BROKEN_COLOR}"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOT


def _dot_text(text: str) -> str:
    """A DOT quoted string's content: backslashes and quotes escaped, one line."""
    text = " ".join(escape(text).split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render_dot(view: GraphView) -> str:
    """A ``digraph``: a cluster per namespace, broken links ``color=red style=dashed``, missing
    targets as red dashed boxes."""
    ids = _ids(view, _prefix)
    lines = [
        "digraph seawall {",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for number, (group, nodes) in enumerate(view.groups()):
        indent = "  "
        if group is not None:
            lines.append(f"  subgraph cluster_{number} {{")
            lines.append(f'    label="{_dot_text(group)}";')
            indent = "    "
        for node in nodes:
            lines.append(f'{indent}"{ids[id(node)]}" [{_dot_node_style(node)}];')
        if group is not None:
            lines.append("  }")
    for link in view.links:
        label = link.text + (f" {MISSING_MARK}" if link.broken else "")
        style = f'label="{_dot_text(label)}"'
        if link.broken:
            style += ", color=red, fontcolor=red, style=dashed"
        lines.append(f'  "{ids[id(link.source)]}" -> "{ids[id(link.target)]}" [{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node_style(node: Node) -> str:
    label = f'label="{_dot_text(node.label)}"'
    if node.missing:
        return f'{label}, color=red, fontcolor=red, style="rounded,dashed"'
    if node.state == "external":
        return f'{label}, color=gray50, fontcolor=gray30, style="rounded,dotted"'
    return label


def render_graph(fmt: str, view: GraphView, *, color: bool = False) -> str:
    """``view`` in ``fmt`` (one of ``GRAPH_FORMATS``); ``color`` affects text only."""
    if fmt == "text":
        return render_text(view, color=color)
    if fmt == "mermaid":
        return render_mermaid(view)
    if fmt == "dot":
        return render_dot(view)
    raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(GRAPH_FORMATS)}")
