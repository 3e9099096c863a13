"""A custom resource does not follow the schema of its CustomResourceDefinition in the scan.

## What it checks
Every object whose kind is defined by a `CustomResourceDefinition` in the same scan, against the
`openAPIV3Schema` of the CRD version it uses: unknown fields (at the key, with "did you mean"),
wrong types, missing required fields, enumerations, `minimum`/`maximum` and `pattern`.
`x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string` and
`x-kubernetes-embedded-resource` are honoured. An object using a version the CRD does not define
is reported at its `apiVersion`.

Unknown fields are reported at medium severity: the API server prunes them (and `kubectl apply`
rejects them under strict field validation); the rest is rejected, at high severity.

## Why it matters
Operators read their custom resources as written in the CRD: a pruned field is a setting that was
silently never applied (a TLS option, a retention limit), and a rejected object stops a deploy
half-way.

## Example
```yaml
apiVersion: example.com/v1
kind: Backup
spec:
  schedule: "0 3 * * *"
  retentionDay: 7          # the CRD defines retentionDays
```

## Fix
Correct the key or value the finding names, or update the CRD when the operator's newer version
defines the field; `kubectl explain <kind>.spec` lists the fields the cluster knows.

## References
- https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
- https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.policy import k8s_schema
from seawall.rules.kubernetes.KV001_schema_violation import in_kustomization

RULE = Rule(
    code="KV002",
    name="custom-resource-violation",
    severity=Severity.HIGH,
    category="input",
    summary="A custom resource does not follow the schema of its CRD in the scan",
    targets=("resource",),
    equivalents=("kubeconform",),
    references=(
        "https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/"
        "custom-resource-definitions/#validation",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not resource.group or resource.is_config or k8s_schema.is_patch(resource.body):
        return
    index = k8s_schema.crd_index(ctx.graph)
    versions = index.get((resource.group, resource.kind), {})
    if not versions:
        return
    chosen = versions.get(resource.api_version)
    if chosen is None:
        known = ", ".join(sorted(versions))
        yield resource.finding(
            RULE,
            f"the CustomResourceDefinition of {resource.kind} in the scan defines {known}, "
            f"not {resource.api_version}: the API server rejects the object",
            "apiVersion",
            at_value=True,
        )
        return
    problems = k8s_schema.validate_custom(chosen, resource.body, k8s_schema.crd_nodes(ctx.graph))
    if in_kustomization(resource, ctx):
        problems = k8s_schema.partial(problems)
    for problem in problems:
        finding = resource.finding(
            RULE,
            f"{problem.message} (CustomResourceDefinition schema of {resource.api_version})",
            *problem.path,
            at_value=problem.at_value,
        )
        if problem.kind == "unknown":
            finding = replace(finding, severity=Severity.MEDIUM)
        yield finding
