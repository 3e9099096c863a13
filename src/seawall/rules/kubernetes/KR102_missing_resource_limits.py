"""A container has no memory limit (or no other limit the policy requires).

## What it checks
Containers and init containers without `resources.limits` for each resource named in the
`resources` option. By default only `memory` is required; CPU limits are optional (see below).
Ephemeral containers are skipped.

## Why it matters
Without a memory limit, one leaking container can take all of a node's memory, and the kernel's
out-of-memory killer then picks victims among its neighbours. A limit confines the damage to the
container that misbehaves.

CPU is different: a CPU limit throttles a container even when the node is idle, which causes
latency spikes, and CPU starvation is already prevented by requests. Many teams therefore set
CPU requests but no CPU limits; others need them for billing or noisy-neighbour isolation. Set
the `resources` option to `[cpu, memory]` to require both, as Checkov, Trivy and Polaris do.

## Example
```yaml
resources:
  requests:
    memory: 256Mi
```

## Fix
```yaml
resources:
  requests:
    memory: 256Mi
  limits:
    memory: 512Mi
```

## References
- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
- https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/

## Options
- `resources` (list, default `[memory]`): which limits are required (`cpu`, `memory`,
  `ephemeral-storage`).
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.rules.kubernetes._resources import RESOURCE_NAMES, missing_resources

RULE = Rule(
    code="KR102",
    name="missing-resource-limits",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A container has no memory limit (or no other required limit)",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_13",
        "CKV_K8S_11",
        "KSV018",
        "KSV011",
        "kube-linter:unset-memory-requirements",
        "kube-score:container-resources",
        "polaris:memoryLimitsMissing",
        "polaris:cpuLimitsMissing",
        "kubesec:LimitsMemory",
        "kubesec:LimitsCPU",
    ),
    references=("https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",),
    options=(Option("resources", ["memory"], "which limits are required", RESOURCE_NAMES),),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    yield from missing_resources(
        pod,
        RULE,
        "limits",
        list(ctx.option("resources")),
        "one runaway process can exhaust the node and get its neighbours killed",
    )
