"""A workload's selector does not match the labels of its own pod template.

## What it checks
Deployments, ReplicaSets, StatefulSets and DaemonSets whose `spec.selector` does not select
their `spec.template.metadata.labels`, or is empty; ReplicationControllers whose
`spec.selector` map does not; and Jobs with `manualSelector: true` whose selector does not.
`matchExpressions` are evaluated as the API server does. A missing selector is left to KV001
(apps/v1 requires it; older API versions default it from the template).

## Why it matters
The API server rejects the object (`selector does not match template labels`, or `empty
selector is invalid`): the deploy fails. Under older API versions that accepted it, the
controller created pods it could not see as its own and kept creating more. The mismatch is
easy to make when renaming a label in one place only, and the selector cannot be changed later
on apps/v1 objects without recreating them.

## Example
```yaml
kind: Deployment
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: website}
```

## Fix
Make the template carry every label the selector requires:
```yaml
  template:
    metadata:
      labels: {app: web}
```

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector
- https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.model.selectors import LabelSelector, SelectorError, from_label_selector, from_map
from seawall.parse.yaml import node_at

RULE = Rule(
    code="KR211",
    name="selector-mismatch",
    severity=Severity.HIGH,
    category="correctness",
    summary="A workload's selector does not match its own pod template labels",
    targets=("pod-spec",),
    equivalents=(
        "kube-linter:mismatching-selector",
        "kube-score:deployment-pod-selector-labels-match-template-metadata-labels",
        "kube-score:statefulset-pod-selector-labels-match-template-metadata-labels",
    ),
    references=("https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector",),
)

_LABEL_SELECTOR_KINDS = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"})
_TEMPLATE_MARKS = ("{{", "${")


def _selector(pod: PodSpecView) -> tuple[object, LabelSelector] | None:
    """The written selector and its meaning, when this kind's selector must match."""
    resource = pod.resource
    spec = node_at(resource.body, ("spec",))
    raw = spec.get("selector") if isinstance(spec, dict) else None
    if raw is None:
        return None
    try:
        if resource.kind in _LABEL_SELECTOR_KINDS:
            return raw, from_label_selector(raw)
        if resource.kind == "ReplicationController":
            # an empty map is defaulted from the template labels
            return (raw, from_map(raw)) if raw else None
        if resource.kind == "Job" and isinstance(spec, dict) and spec.get("manualSelector") is True:
            return raw, from_label_selector(raw)
    except SelectorError:
        return None  # a malformed selector is a schema matter
    return None


def _labels(value: object) -> dict[str, str]:
    """Template labels as the selector reads them (YAML ``true`` as ``true``, not ``True``)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v).lower() if isinstance(v, bool) else str(v) for k, v in value.items()}


def _templated(value: object) -> bool:
    return any(mark in str(value) for mark in _TEMPLATE_MARKS)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    found = _selector(pod)
    if found is None:
        return
    raw, selector = found
    resource = pod.resource
    labels = _labels(pod.metadata.get("labels"))
    if selector.is_empty:
        if resource.kind != "ReplicationController":
            yield resource.finding(
                RULE,
                f"{resource.kind} {resource.name} has an empty selector, which the API server "
                "rejects (it would select every pod in the namespace); select the template's "
                "labels",
                "spec",
                "selector",
            )
        return
    if selector.matches(labels) or _templated(raw) or any(map(_templated, labels.values())):
        return
    missing = LabelSelector(tuple(r for r in selector.requirements if not r.matches(labels)))
    have = ", ".join(f"{k}={v}" for k, v in sorted(labels.items())) or "no labels"
    yield resource.finding(
        RULE,
        f"{resource.kind} {resource.name}'s selector requires {missing.describe()}, which its pod "
        f"template labels ({have}) do not satisfy: the API server rejects it; make the "
        "template labels match the selector",
        "spec",
        "selector",
    )
