"""An annotation that the target Kubernetes version deprecated or no longer honours.

## What it checks
Annotations that a field replaced, on Pods and pod templates and on the kinds that carry them:
`scheduler.alpha.kubernetes.io/critical-pod` (no effect since 1.16; use `priorityClassName`),
the AppArmor annotation `container.apparmor.security.beta.kubernetes.io/<container>`
(deprecated in 1.30; use `securityContext.appArmorProfile`) and `kubernetes.io/ingress.class`
on an Ingress (deprecated since 1.18; use `spec.ingressClassName`). Each is reported once the
target Kubernetes version is at or past the release that deprecated or removed it. The seccomp
annotations are in the same table but reported by `KS107 seccomp-profile-missing`, which already
says that Kubernetes ignores them from 1.27 on; this rule skips them. The table is the reviewed
data file `seawall/policy/data/api_lifecycle.yaml`, with its sources.

## Why it matters
A removed annotation is silently ignored: the pod loses its priority or its profile and nothing
fails, so nobody notices until an eviction or an audit. A deprecated one works today and stops
at a later upgrade; the field that replaces it is validated by the API server, the annotation is
not.

## Example
```yaml
metadata:
  annotations:
    kubernetes.io/ingress.class: nginx    # deprecated since 1.18
```

## Fix
```yaml
spec:
  ingressClassName: nginx
```
Move the value to the replacing field and delete the annotation.

## References
- https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation
- https://kubernetes.io/docs/tutorials/security/apparmor/
- https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/
"""

from collections.abc import Iterator, Mapping
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.located import Located
from seawall.model.podspec import PodSpecView
from seawall.model.resource import Resource
from seawall.parse.yaml import Path
from seawall.policy.lifecycle import AnnotationEntry, annotation_entries, label

RULE = Rule(
    code="KA104",
    name="deprecated-annotation",
    severity=Severity.MEDIUM,
    category="api-lifecycle",
    summary="An annotation the target Kubernetes version deprecated or no longer honours",
    targets=("resource", "pod-spec"),
    references=(
        "https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation",
        "https://kubernetes.io/docs/tutorials/security/apparmor/",
    ),
)

POD = "pod"


def check(view: Located, ctx: RuleContext) -> Iterator[Finding]:
    target = ctx.settings.kubernetes_version
    if target is None:
        return
    if isinstance(view, PodSpecView):
        where: Path = (*view.pod_path, "metadata", "annotations")
        yield from _report(view, view.template_annotations, where, POD, target)
    elif isinstance(view, Resource) and not view.is_config:
        where = (*view.path, "metadata", "annotations")
        yield from _report(view, view.annotations, where, view.kind, target)


def _report(
    view: Located,
    annotations: Mapping[str, Any],
    where: Path,
    used_on: str,
    target: tuple[int, int],
) -> Iterator[Finding]:
    for entry in annotation_entries():
        if entry.used_on != used_on or entry.reported_by is not None:
            continue
        for key in annotations:
            if entry.matches(key):
                message = _message(key, entry, target)
                if message is not None:
                    yield view.finding_at(RULE, message, (*where, key))


def _message(key: str, entry: AnnotationEntry, target: tuple[int, int]) -> str | None:
    removed, deprecated = entry.removed_in, entry.deprecated_in
    if removed is not None and target >= removed:
        return (
            f"annotation {key} has had no effect since Kubernetes {label(removed)}: the "
            f"{label(target)} cluster ignores it; use {entry.replacement} and delete it"
        )
    if deprecated is not None and target >= deprecated:
        until = f" and stops working in {label(removed)}" if removed is not None else ""
        return (
            f"annotation {key} is deprecated since Kubernetes {label(deprecated)}{until}; "
            f"use {entry.replacement} instead"
        )
    return None
