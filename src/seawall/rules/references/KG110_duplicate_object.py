"""Two objects of the scan set have the same API group, kind, namespace and name.

## What it checks
Objects are keyed by API group (the version does not matter: `apps/v1` and `apps/v1beta2` are
the same object), kind, namespace as written (cluster-scoped kinds ignore it) and
`metadata.name`, within one directory: every object after the first with the same key is
reported, naming the first and where it is written. A repeat in the same file is high severity:
`kubectl apply -f file` applies both and the second silently overwrites the first. A repeat in
another file of the same directory is low: `kubectl apply -f dir/` does the same, but some
repositories keep alternatives side by side (`install.yaml` and `install-ha.yaml`) and apply
one at a time; suppress the rule for such files.

Copies in different directories are not reported: that is how repositories keep variants of one
object (`envs/staging/` and `envs/prod/`, a rendered bundle beside its kustomize base). On the
corpus of public repositories, counting them made this rule report over 1,400 such variants and
almost no real mistakes.
Renders of one Helm chart with different values scenarios (`--helm-ci-values`) are alternatives
too, never duplicates of each other.

Not reported: objects without a name (or with a templated one), kustomize patches (documents
with `$patch`, and files a `Kustomization` of the scan set lists under `patches`,
`patchesStrategicMerge` or `patchesJson6902`, which only modify the object they name).
An object without a namespace and the same object in `default` are not taken as duplicates,
since the namespace of the first depends on the context it is applied with.

## Why it matters
Only one of the two survives in the cluster, and which one depends on the order of application:
changes made to the other copy are lost without a word. In a Helm or kustomize-like layout it
usually means an overlay copied a whole object instead of patching it.

## Example
```yaml
# deploy/web.yaml
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
---
# deploy/web-config.yaml
kind: ConfigMap
metadata: {name: web-config, namespace: shop}   # overwrites the first
```

## Fix
Keep one definition; turn other variants into patches of it (kustomize overlays) or give them
distinct names.

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
- https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/
"""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import name_of, resource_label
from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.model.scope import is_cluster_scoped

RULE = Rule(
    code="KG110",
    name="duplicate-object",
    severity=Severity.HIGH,
    category="correctness",
    summary="Two objects have the same group, kind, namespace and name",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/overview/working-with-objects/names/",),
)


def _patch_files(graph: ResourceGraph) -> frozenset[Path]:
    """Files that Kustomizations of the scan set apply as patches."""
    found: set[Path] = set()
    for kustomization in graph.of_kind("Kustomization"):
        folder = kustomization.source.path.parent
        body = kustomization.body
        entries: list[object] = []
        for field in ("patches", "patchesJson6902"):
            items = body.get(field)
            if isinstance(items, list):
                entries.extend(i.get("path") for i in items if isinstance(i, dict))
        merge = body.get("patchesStrategicMerge")
        if isinstance(merge, list):
            entries.extend(merge)
        for entry in entries:
            if isinstance(entry, str) and "\n" not in entry:
                found.add((folder / entry).resolve())
    return frozenset(found)


def _resolved(path: Path, folders: dict[Path, Path]) -> Path:
    """``path.resolve()``, resolving each folder once: resolving every file of a large scan
    separately walked its whole directory chain again. Only a file that is itself a symlink
    (or a ``..``) needs its own resolution."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


def _first_copies(graph: ResourceGraph) -> dict[int, Resource]:
    """Each object that repeats an earlier one (by identity) to that earlier one."""
    patches = _patch_files(graph)
    first: dict[tuple[Path, str | None, str, str, str | None, str], Resource] = {}
    repeats: dict[int, Resource] = {}
    resolved: dict[Path, Path] = {}
    folders: dict[Path, Path] = {}
    for resource in graph.resources:
        name = name_of(resource.name)
        if resource.is_config or name is None or "$patch" in resource.body:
            continue
        if patches:
            path = resource.source.path
            if path not in resolved:
                resolved[path] = _resolved(path, folders)
            if resolved[path] in patches:
                continue
        namespace = None if is_cluster_scoped(resource) else resource.namespace
        source = resource.source
        key = (source.path.parent, source.variant, resource.group, resource.kind, namespace, name)
        earlier = first.setdefault(key, resource)
        if earlier is not resource:
            repeats[id(resource)] = earlier
    return repeats


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    first = ctx.graph.derived("duplicate-objects", _first_copies).get(id(resource))
    if first is None:
        return
    where = f"{first.source.display}:{first.span_at('metadata', 'name').line}"
    same_file = first.source is resource.source
    finding = resource.finding(
        RULE,
        f"{resource_label(resource)} is defined again: the first definition is at {where}"
        + (
            " in the same file; only one survives in the cluster, so keep one definition"
            if same_file
            else "; applied together with `kubectl apply -f` on the directory, only one "
            "survives, so keep one definition (if the files are alternatives applied one at a "
            "time, suppress KG110 in them)"
        ),
        "metadata",
        "name",
        at_value=True,
    )
    yield finding if same_file else replace(finding, severity=Severity.LOW)
