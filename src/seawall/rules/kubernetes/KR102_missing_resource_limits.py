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
CPU requests but no CPU limits; others need them for billing or noisy-neighbour isolation. The
peers disagree too: Checkov, Trivy, Polaris and kubesec require CPU limits, kube-score requires
them unless told to ignore them, kube-linter only asks for CPU requests. seawall's default is
neutral, and the `cpu_limits` option states a team's policy either way:

- `optional` (default): CPU limits are neither required nor reported (unless `cpu` is added to
  `resources`);
- `required`: every container needs a CPU limit, as if `cpu` were in `resources`;
- `forbidden`: a container that sets a CPU limit is reported at the limit, and none is required.

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
- `cpu_limits` (`optional`, `required` or `forbidden`; default `optional`): the CPU limit
  policy described above.
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Option, Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.rules.kubernetes._resources import RESOURCE_NAMES, missing_resources

CPU_LIMIT_POLICIES = ("optional", "required", "forbidden")

RULE = Rule(
    code="KR102",
    name="missing-resource-limits",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A container lacks a required limit (memory by default) or sets a forbidden CPU limit",
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
    options=(
        Option("resources", ["memory"], "which limits are required", RESOURCE_NAMES),
        Option(
            "cpu_limits",
            "optional",
            "CPU limit policy: optional, required, or forbidden (a set CPU limit is reported)",
            CPU_LIMIT_POLICIES,
        ),
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    policy = ctx.option("cpu_limits")
    wanted = [name for name in ctx.option("resources") if name != "cpu" or policy != "forbidden"]
    if policy == "required" and "cpu" not in wanted:
        wanted.insert(0, "cpu")
    yield from missing_resources(
        pod,
        RULE,
        "limits",
        wanted,
        "one runaway process can exhaust the node and get its neighbours killed",
    )
    if policy == "forbidden":
        yield from _cpu_limits_set(pod)


def _cpu_limits_set(pod: PodSpecView) -> Iterator[Finding]:
    for container in pod.containers:
        resources = container.body.get("resources")
        limits = resources.get("limits") if isinstance(resources, dict) else None
        if isinstance(limits, dict) and limits.get("cpu") not in (None, ""):
            yield container.finding(
                RULE,
                f"{container.label} sets a CPU limit ({limits['cpu']}), which this project's "
                "policy forbids (option cpu_limits: forbidden): the limit throttles the container "
                "even on an idle node; remove it and keep the CPU request",
                "resources",
                "limits",
                "cpu",
            )
