"""A Deployment behind a Service is updated with the Recreate strategy.

## What it checks
A `Deployment` with `strategy.type: Recreate` whose pods a `Service` of the scan set selects.
Not reported when the pod template mounts a `persistentVolumeClaim`: a `ReadWriteOnce` volume
can be attached to one node at a time, and `Recreate` is then the usual, deliberate choice.

## Why it matters
`Recreate` stops every old pod before starting the new ones: the Service has no endpoints
for the whole rollout, and a new version that does not start leaves it down.

## Example
```yaml
kind: Deployment
spec:
  strategy: {type: Recreate}      # Service web selects these pods
```

## Fix
Use `type: RollingUpdate` (the default), or suppress the finding where the application cannot
run two versions side by side.

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import resource_label
from seawall.model.podspec import pod_spec_of
from seawall.model.resource import Resource
from seawall.rules.kubernetes._workloads import services_selecting, update_strategy

RULE = Rule(
    code="KR305",
    name="recreate-behind-service",
    severity=Severity.LOW,
    category="reliability",
    summary="A Deployment behind a Service is updated with the Recreate strategy",
    targets=("resource",),
    equivalents=("kube-linter:no-rolling-update-strategy", "kube-score:deployment-strategy"),
    references=(
        "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment",
    ),
)


def _mounts_claim(resource: Resource) -> bool:
    pod = pod_spec_of(resource)
    return pod is not None and any("persistentVolumeClaim" in v for _, v in pod.volumes())


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "Deployment":
        return
    field, strategy = update_strategy(resource)
    if strategy.get("type") != "Recreate":
        return
    services = services_selecting(resource, ctx.graph)
    if not services or _mounts_claim(resource):
        return
    yield resource.finding(
        RULE,
        f"{resource_label(resource)} uses strategy Recreate although "
        f"{resource_label(services[0])} sends traffic to it: every rollout stops all pods "
        "first, leaving the Service without endpoints; use RollingUpdate",
        "spec",
        field,
        "type",
        at_value=True,
    )
