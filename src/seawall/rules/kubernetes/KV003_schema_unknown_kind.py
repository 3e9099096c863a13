"""No schema is known for a kind, so its objects were not validated.

## What it checks
Objects whose `apiVersion` and `kind` have no schema in the target Kubernetes version (from the
`kubernetes-validate` package) and no `CustomResourceDefinition` in the scan. It is reported once
per apiVersion and kind, at the first such object, at info level. Kinds the target release removed
are left to KA101, client-side configuration (`kustomize.config.k8s.io`)
is skipped; without the schema package nothing is reported (KV001 says it was skipped).

## Why it matters
Custom resources of operators installed separately (cert-manager, Prometheus Operator, Istio) are
common, but nothing checks them: a typo in their fields is pruned silently. A kind that is neither
built in nor defined may also be a misspelt `apiVersion` that the API server rejects.

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor        # its CRD is installed by the operator, not in this repository
```

## Fix
Add the operator's CustomResourceDefinitions to the scan (e.g. a `crds/` folder) so that KV002
validates the objects, or correct the `apiVersion` when it is a typo.

## References
- https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.policy import k8s_schema
from seawall.rules.kubernetes.KV001_schema_violation import label, removed

RULE = Rule(
    code="KV003",
    name="schema-unknown-kind",
    severity=Severity.INFO,
    category="input",
    summary="No schema is known for a kind, so its objects were not validated",
    targets=("resource",),
    equivalents=("kubeconform:missing-schema",),
    references=(
        "https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/"
        "custom-resource-definitions/",
    ),
)


def _by_api(graph: ResourceGraph) -> dict[tuple[str, str], list[Resource]]:
    """The objects of each apiVersion and kind, so each kind is reported once, by its first."""
    found: dict[tuple[str, str], list[Resource]] = {}
    for resource in graph.resources:
        found.setdefault((resource.api_version, resource.kind), []).append(resource)
    return found


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.is_config or not resource.kind or not k8s_schema.available():
        return
    if resource.group.endswith("config.k8s.io"):
        return  # client-side configuration (kustomize), never sent to the API server
    same = ctx.graph.derived("objects-by-api", _by_api).get((resource.api_version, resource.kind))
    if not same or same[0] is not resource or removed(resource, ctx):
        return
    version = k8s_schema.schema_version(ctx.settings.kubernetes_version)
    if k8s_schema.kind_schema(version, resource.api_version, resource.kind) is not None:
        return
    if (resource.group, resource.kind) in k8s_schema.crd_index(ctx.graph):
        return  # KV002 validates it
    count = len(same)
    objects = "1 object" if count == 1 else f"{count} objects"
    yield resource.finding(
        RULE,
        f"no schema for {resource.kind} {resource.api_version} in Kubernetes {label(version)} "
        f"and no CustomResourceDefinition in the scan: {objects} not validated",
        "kind",
        at_value=True,
    )
