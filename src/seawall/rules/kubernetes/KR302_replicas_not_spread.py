"""The replicas of a Deployment or StatefulSet may all land on one node.

## What it checks
Every `Deployment` and `StatefulSet` that runs 2 or more pods (its `spec.replicas`, or the
`maxReplicas` of the HorizontalPodAutoscaler that scales it) whose pod template has neither
- a `podAntiAffinity` term (required or preferred), nor
- a `topologySpreadConstraints` entry

on one of the `topology-keys` (default: `kubernetes.io/hostname` and the zone labels) whose
`labelSelector` matches the template's own labels. A term without a `labelSelector` matches no
pod, and a term limited by `namespaces` to other namespaces does not count.

## Why it matters
Without a constraint the scheduler may place every replica on the same node (it only prefers
to spread them): that node's failure, drain or upgrade then takes the whole workload down and
the replicas protect nothing.

## Example
```yaml
kind: Deployment
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [...]        # no affinity, no topologySpreadConstraints
```

## Fix
```yaml
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app: web}}
```
or a preferred `podAntiAffinity` term on `kubernetes.io/hostname` selecting the same labels.

## References
- https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
- https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity

## Options
- `topology-keys` (list): the node labels a term may spread on.
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.graph.graph import namespace_of
from seawall.model.podspec import PodSpecView
from seawall.model.selectors import SelectorError, from_label_selector
from seawall.rules.kubernetes._workloads import (
    REPLICATED,
    as_int,
    autoscaler_of,
    is_partial,
    replicas_written,
    spec_of,
)

TOPOLOGY_KEYS = [
    "kubernetes.io/hostname",
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/zone",
]

RULE = Rule(
    code="KR302",
    name="replicas-not-spread",
    severity=Severity.LOW,
    category="reliability",
    summary="The replicas of a Deployment or StatefulSet may all land on one node",
    targets=("pod-spec",),
    equivalents=(
        "kube-linter:no-anti-affinity",
        "kube-score:deployment-has-host-podantiaffinity",
        "kube-score:statefulset-has-host-podantiaffinity",
        "polaris:topologySpreadConstraint",
    ),
    references=(
        "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
    ),
    options=(Option("topology-keys", TOPOLOGY_KEYS, "node labels a spreading term may use"),),
)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _selects_own(term: dict[str, Any], pod: PodSpecView) -> bool:
    """Whether the term's selector (and namespaces) takes in the template's own pods."""
    raw = term.get("labelSelector")
    if not isinstance(raw, dict):
        return False  # a null selector matches no pod
    namespaces = [str(n) for n in _list(term.get("namespaces"))]
    own = namespace_of(pod.resource)
    if namespaces and own not in namespaces and term.get("namespaceSelector") is None:
        return False
    try:
        return from_label_selector(raw).matches(pod.template_labels)
    except SelectorError:
        return True  # the API rejects it; KV001 reports that, not this rule


def _spreads(pod: PodSpecView, keys: set[str]) -> bool:
    anti = _map(_map(pod.spec.get("affinity")).get("podAntiAffinity"))
    terms = [_map(t) for t in _list(anti.get("requiredDuringSchedulingIgnoredDuringExecution"))]
    for preferred in _list(anti.get("preferredDuringSchedulingIgnoredDuringExecution")):
        terms.append(_map(_map(preferred).get("podAffinityTerm")))
    terms += [_map(c) for c in _list(pod.spec.get("topologySpreadConstraints"))]
    return any(t.get("topologyKey") in keys and _selects_own(t, pod) for t in terms)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    resource = pod.resource
    if resource.kind not in REPLICATED:
        return
    if is_partial(resource, ctx.graph):
        return  # a kustomize patch: the patched object has the rest
    autoscaler = autoscaler_of(resource, ctx.graph)
    if autoscaler is not None:
        count = as_int(spec_of(autoscaler).get("maxReplicas"))
        how = f"may run {count} pods (HorizontalPodAutoscaler maxReplicas)"
    else:
        count, _ = replicas_written(resource)
        how = f"runs {count} replicas"
    if count is None or count < 2:
        return
    if _spreads(pod, set(ctx.option("topology-keys"))):
        return
    yield pod.finding(
        RULE,
        f"{resource_label(resource)} {how} but neither a podAntiAffinity term nor a "
        "topologySpreadConstraint on kubernetes.io/hostname (or a zone) selects its own pods, "
        "so they may all run on one node; add a topology spread constraint or anti-affinity",
        "topologySpreadConstraints",
    )
