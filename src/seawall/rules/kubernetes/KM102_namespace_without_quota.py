"""A Namespace has no ResourceQuota or LimitRange.

## What it checks
`Namespace` objects of the scan set for which no object of the kinds named in the `require`
option (`ResourceQuota`, `LimitRange`) lives in that namespace in the scan set. The rule is off
by default (`require` is empty): quotas are a multi-tenancy policy a platform team opts into.
The namespaces Kubernetes creates (`kube-system`, `kube-public`, `kube-node-lease`, `default`)
are skipped. Info severity: quotas often live in the platform team's repository.

## Why it matters
Without a ResourceQuota one namespace can take the whole cluster's CPU, memory, storage or
object counts (a runaway HPA, a loop creating Jobs), starving every other tenant. Without a
LimitRange, containers that set no requests are scheduled as if they needed nothing and are
the first to be killed under pressure, and a quota on requests rejects them outright.

## Example
```yaml
apiVersion: v1
kind: Namespace
metadata: {name: shop}      # no ResourceQuota or LimitRange in namespace shop
```

## Fix
Add a ResourceQuota (requests, limits, object counts) and a LimitRange with default requests
and limits to the namespace.

## References
- https://kubernetes.io/docs/concepts/policy/resource-quotas/
- https://kubernetes.io/docs/concepts/policy/limit-range/

## Options
- `require` (list, default empty: the rule is off): the kinds every namespace must have, any of
  `ResourceQuota` and `LimitRange`, e.g. `require: [ResourceQuota, LimitRange]`.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import namespace_of
from seawall.model.resource import Resource

RULE = Rule(
    code="KM102",
    name="namespace-without-quota",
    severity=Severity.INFO,
    category="tenancy",
    summary="A Namespace has no ResourceQuota or LimitRange",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/policy/resource-quotas/",),
    options=(
        Option(
            "require",
            [],
            "the kinds each namespace must have; an empty list turns the rule off",
            choices=("ResourceQuota", "LimitRange"),
        ),
    ),
)

_WHY = {
    "ResourceQuota": "one namespace can use up the cluster's capacity",
    "LimitRange": "containers without requests or limits get no defaults",
}
_BUILT_IN = frozenset({"kube-system", "kube-public", "kube-node-lease", "default"})


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Namespace" or resource.api_version != "v1" or resource.is_config:
        return
    name = resource.name
    if not name or name in _BUILT_IN:
        return
    wanted = [str(k) for k in ctx.options.get("require", [])]
    missing = [
        kind for kind in wanted if not any(namespace_of(r) == name for r in ctx.graph.of_kind(kind))
    ]
    if not missing:
        return
    why = " and ".join(_WHY[kind] for kind in missing if kind in _WHY)
    yield resource.finding(
        RULE,
        f'Namespace "{name}" has no {" and no ".join(missing)} in the scanned files: {why}; '
        "add them to the namespace",
        "metadata",
        "name",
        at_value=True,
    )
