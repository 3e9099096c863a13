"""What the reference rules share: whether a missing target is a mistake or lives elsewhere.

A target the scan set does not contain is judged this way (the same for every ``KG`` rule):

1. found in the scan set (or made by another object of it, or built into every cluster), or the
   reference is ``optional``: nothing to report;
2. declared in the ``external`` configuration: nothing to report;
3. *expected*: the scan set manages the place where the target should be, so the object is
   most likely misspelled or forgotten: the rule's severity. That place is the target's
   namespace when it is written on either end (other objects, besides the referring one, have
   that namespace), the referrer's folder when neither end writes a namespace (such objects
   land wherever they are applied, so only their folder tells), and, for a cluster-scoped kind,
   the referrer's folder holding other objects of that kind. Never for ``kube-system``,
   ``kube-public`` and ``kube-node-lease``, which the cluster populates, nor when a custom
   resource of the namespace may make the target (its name starts the target's name: ECK's
   ``Kibana`` named ``kibana`` makes the Service ``kibana-kb-http``);
4. otherwise *possibly external*: reported at ``low`` severity, with the pattern to declare.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import Edge, Place, is_namespaced_target, objects_per_place, place_of
from seawall.graph.graph import ResourceGraph, namespace_of
from seawall.model.scope import is_custom_resource
from seawall.model.selectors import LabelSelector

# labels that controllers put on pods at run time: a selector on them matches no template
RUNTIME_LABELS = frozenset(
    {
        "pod-template-hash",
        "controller-revision-hash",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "controller-uid",
        "job-name",
        "batch.kubernetes.io/controller-uid",
        "batch.kubernetes.io/job-name",
    }
)


class Presence(Enum):
    PRESENT = "present"
    DECLARED = "declared external"
    EXPECTED = "missing"
    EXTERNAL = "possibly external"


def presence(edge: Edge, ctx: RuleContext) -> Presence:
    if edge.target is not None or edge.builtin or edge.optional:
        return Presence.PRESENT
    namespace = edge.target_namespace if is_namespaced_target(edge.target_kind) else None
    if ctx.settings.external.declared(edge.target_kind, namespace, edge.target_name):
        return Presence.DECLARED
    return Presence.EXPECTED if expected(edge, ctx.graph) else Presence.EXTERNAL


# namespaces the cluster itself populates (controller ServiceAccounts, bootstrap roles)
SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease"})


def expected(edge: Edge, graph: ResourceGraph) -> bool:
    """Whether the scan set manages the place where the missing target should be: the target's
    namespace when written (or the referrer's folder when neither writes one), and for a
    cluster-scoped kind the referrer's folder."""
    source = edge.source
    folder = str(source.source.path.parent)
    if not is_namespaced_target(edge.target_kind):
        place: Place = ("kind:" + edge.target_kind, folder)
    elif edge.target_namespace in SYSTEM_NAMESPACES:
        return False
    elif source.namespace is None and edge.target_namespace == namespace_of(source):
        place = ("folder", folder)
    else:
        place = ("namespace", edge.target_namespace or "default")
    others = objects_per_place(graph).get(place, 0)
    if place_of(source) == place:
        others -= 1
    if others <= 0:
        return False
    return not _operator_made(edge, graph)


def _operator_made(edge: Edge, graph: ResourceGraph) -> bool:
    """Whether a custom resource of the target's namespace may make the target: its name
    starts the target's (ECK's Kibana ``kibana`` makes the Service ``kibana-kb-http``)."""
    if edge.target_namespace is None:
        return False
    names = graph.derived("custom-resource-names", _custom_names).get(edge.target_namespace)
    if not names:
        return False
    name = edge.target_name
    # every prefix of the name that ends before a dash: one set lookup each, not one per object
    return any(name[:i] in names for i, char in enumerate(name) if char == "-")


def _custom_names(graph: ResourceGraph) -> dict[str, frozenset[str]]:
    custom = graph.derived("custom-resources-by-namespace", _custom_resources)
    return {ns: frozenset(name for name, _ in found) for ns, found in custom.items()}


def declaration(edge: Edge) -> str:
    """The ``external`` entry that would declare the target."""
    if is_namespaced_target(edge.target_kind):
        return f"{edge.target_kind}/{edge.target_namespace or 'default'}/{edge.target_name}"
    return f"{edge.target_kind}/{edge.target_name}"


def missing_finding(rule: Rule, edge: Edge, state: Presence, what: str) -> Finding:
    """The finding for a missing target: ``what`` says what the reference is for."""
    target = edge.target_label
    if state is Presence.EXPECTED:
        where = (
            f"objects in namespace {edge.target_namespace}"
            if is_namespaced_target(edge.target_kind)
            else f"{edge.target_kind} objects"
        )
        message = (
            f"{edge.source_label} {what} {target}, which is not in the scanned files although "
            f"they define other {where}; fix the name or add the {edge.target_kind} (if it is "
            f'created elsewhere, declare it: external: ["{declaration(edge)}"])'
        )
        return edge.finding(rule, message)
    message = (
        f"{edge.source_label} {what} {target}, which is not in the scanned files; it may be "
        f'created outside this repository: declare it (external: ["{declaration(edge)}"]) '
        "or add it"
    )
    return replace(edge.finding(rule, message), severity=Severity.LOW)


def judgeable_selector(edge: Edge, graph: ResourceGraph) -> bool:
    """Whether a selector matching no pod template is telling: the namespace has workloads in
    the scan set, and the selector asks for no label that only exists at run time."""
    if edge.selector is None or edge.target_namespace is None:
        return False
    if any(r.key in RUNTIME_LABELS for r in edge.selector.requirements):
        return False
    return bool(graph.pods_in(edge.target_namespace))


def made_by_operator(selector: LabelSelector, namespace: str, graph: ResourceGraph) -> bool:
    """Whether the pods a selector looks for may be made by an operator from a custom resource
    of the namespace (a ``Prometheus``, a ``Kafka``): the resource's labels match the selector,
    or its name is one of the values the selector requires (``prometheus: k8s``)."""
    custom = graph.derived("custom-resources-by-namespace", _custom_resources)
    candidates = custom.get(namespace, ())
    if not candidates:
        return False
    values = set(selector.equality_labels().values())
    return any(name in values or selector.matches(labels) for name, labels in candidates)


def unmatched_selector_finding(
    rule: Rule, edge: Edge, graph: ResourceGraph, consequence: str
) -> Finding | None:
    """The finding for a broken selector edge that no pod template of its namespace matches,
    when that is telling (``judgeable_selector``, no operator makes the pods); ``consequence``
    says what follows and what to do (KG101: a Service without endpoints; KG106: a budget that
    protects nothing)."""
    if not edge.broken or not judgeable_selector(edge, graph):
        return None
    assert edge.selector is not None and edge.target_namespace is not None
    if made_by_operator(edge.selector, edge.target_namespace, graph):
        return None
    count = len(graph.pods_in(edge.target_namespace))
    return edge.finding(
        rule,
        f"{edge.source_label} selects {edge.selector.describe()}, which none of the {count} "
        f"pod template(s) in namespace {edge.target_namespace} carries, so {consequence}",
    )


def _custom_resources(graph: ResourceGraph) -> dict[str, list[tuple[str, dict[str, str]]]]:
    found: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for resource in graph.resources:
        if not is_custom_resource(resource):
            continue
        found.setdefault(namespace_of(resource), []).append((resource.name, resource.labels))
    return found
