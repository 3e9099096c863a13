"""A container does not request CPU or memory.

## What it checks
Containers and init containers without `resources.requests` for each resource named in the
`resources` option (default: `cpu` and `memory`). A resource with a limit but no request is not
reported: Kubernetes then uses the limit as the request. Ephemeral containers are skipped: the
API does not let them declare resources.

## Why it matters
The scheduler places pods by their requests. A container without requests is scheduled as if
it needed nothing, lands on already-full nodes, and is the first to be evicted (QoS class
BestEffort) when the node runs short. Autoscalers (HPA on utilisation, cluster autoscaler)
cannot reason about it either.

## Example
```yaml
containers:
  - name: worker
    image: registry.example.com/worker:1.9.0
```

## Fix
```yaml
    resources:
      requests:
        cpu: 100m
        memory: 256Mi
```
Base the numbers on observed usage (`kubectl top pod`, your metrics).

## References
- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
- https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/

## Options
- `resources` (list, default `[cpu, memory]`): which requests are required; add
  `ephemeral-storage` to require that too.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.rules.kubernetes._resources import RESOURCE_NAMES, missing_resources

RULE = Rule(
    code="KR101",
    name="missing-resource-requests",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A container does not request CPU or memory",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_10",
        "CKV_K8S_12",
        "KSV015",
        "KSV016",
        "kube-linter:unset-cpu-requirements",
        "kube-score:container-resources",
        "polaris:cpuRequestsMissing",
        "polaris:memoryRequestsMissing",
        "kubesec:RequestsCPU",
        "kubesec:RequestsMemory",
    ),
    references=("https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",),
    options=(
        Option("resources", ["cpu", "memory"], "which requests are required", RESOURCE_NAMES),
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    yield from missing_resources(
        pod,
        RULE,
        "requests",
        list(ctx.option("resources")),
        "the scheduler treats it as needing nothing and evicts it first under pressure",
    )
