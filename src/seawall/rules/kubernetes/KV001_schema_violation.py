"""An object does not follow the OpenAPI schema of its kind in the target Kubernetes version.

## What it checks
Every Kubernetes object of a built-in kind, against the strict JSON schema of that kind in the
target Kubernetes version (`--kubernetes-version`, the configuration, or the kubeadm
`ClusterConfiguration` in the scan), as shipped by the `kubernetes-validate` package (install
`seawall[schemas]`; versions 1.25 and later, an unshipped target uses the nearest older one and
says so once). It reports unknown fields at the key, with the closest valid names ("did you
mean"), values of the wrong type (expected and found), missing required fields at the parent
object, values outside an enumeration, int-or-string values written as quoted numbers and
malformed quantities (`512MB`). Kinds that the target release removed are left to KA101.

Unknown fields are reported at medium severity: `kubectl apply` (strict field validation, its
default since 1.27) rejects them, but other clients (Helm, controllers, the API server's default
`Warn` mode) drop them silently, so the setting never takes effect. Everything else the API server
rejects outright, at high severity.

Without the schema package the rule reports once that it was skipped.

## Why it matters
A rejected object stops a deploy half-way; a dropped field is worse: a misspelt
`readOnlyRootFilesystem` or `resources` is a protection or a limit that was never applied, and
nothing says so.

## Example
```yaml
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        readOnlyRootFileSystem: true   # unknown field: readOnlyRootFilesystem
      resources:
        limits:
          memory: 512MB                # not a quantity: 512Mi or 512M
```

## Fix
Correct the key or value the finding names; `kubectl apply --dry-run=server --validate=strict`
shows what the API server accepts, and `kubectl explain` the valid fields.

## References
- https://kubernetes.io/docs/reference/kubernetes-api/
- https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
- https://pypi.org/project/kubernetes-validate/
"""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path as PathLike

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.policy import k8s_schema
from seawall.policy.api_lifecycle import removal_of

RULE = Rule(
    code="KV001",
    name="schema-violation",
    severity=Severity.HIGH,
    category="input",
    summary="An object does not follow the OpenAPI schema of its kind in the target version",
    targets=("resource",),
    equivalents=(
        "kubeconform",
        "kubeval",
        "kubernetes-validate",
        "datree:schema",
        "kube-linter:schema-validation",
    ),
    references=(
        "https://kubernetes.io/docs/reference/kubernetes-api/",
        "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
    ),
)


def removed(resource: Resource, ctx: RuleContext) -> bool:
    """Whether KA101 reports the object's API as removed in the target version."""
    removal = removal_of(resource.api_version, resource.kind)
    target = ctx.settings.kubernetes_version
    return removal is not None and target is not None and target >= removal.removed_in


def in_kustomization(resource: Resource, ctx: RuleContext) -> bool:
    """Whether the object's folder holds a Kustomization: kustomize may complete it (labels into
    selectors, patches from the folder above), so a missing required field is not final there."""
    folders = ctx.graph.derived("kustomization-folders", _kustomization_folders)
    path = resource.source.path
    return path.parent in folders or path.parent.parent in folders


def _kustomization_folders(graph: ResourceGraph) -> frozenset[PathLike]:
    return frozenset(k.source.path.parent for k in graph.of_kind("Kustomization"))


def label(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    first = bool(ctx.graph.resources) and ctx.graph.resources[0] is resource
    if not k8s_schema.available():
        if first:
            skipped = resource.finding(
                RULE,
                "Kubernetes schema validation was skipped: the schemas come with "
                "`pip install seawall[schemas]` (kubernetes-validate)",
            )
            yield replace(skipped, severity=Severity.INFO)
        return
    target = ctx.settings.kubernetes_version
    version = k8s_schema.schema_version(target)
    if first and target is not None and version != target:
        note = resource.finding(
            RULE,
            f"kubernetes-validate ships no schemas for Kubernetes {label(target)}: objects are "
            f"validated against {label(version)}",
        )
        yield replace(note, severity=Severity.INFO)
    if resource.is_config or removed(resource, ctx) or k8s_schema.is_patch(resource.body):
        return
    schema = k8s_schema.kind_schema(version, resource.api_version, resource.kind)
    if schema is None:
        return  # a custom resource (KV002) or an unknown kind (KV003)
    problems = k8s_schema.validate_builtin(version, schema, resource.body)
    if in_kustomization(resource, ctx):
        problems = k8s_schema.partial(problems)
    for problem in problems:
        finding = resource.finding(
            RULE,
            f"{problem.message} (Kubernetes {label(version)} schema)",
            *problem.path,
            at_value=problem.at_value,
        )
        if problem.kind == "unknown":
            finding = replace(finding, severity=Severity.MEDIUM)
        yield finding
