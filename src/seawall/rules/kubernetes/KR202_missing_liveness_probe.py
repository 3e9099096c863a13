"""A long-running container has no liveness probe.

## What it checks
Regular containers of pods that keep running (Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, pod templates and pods whose `restartPolicy` is `Always`)
without a `livenessProbe`. Pods of Jobs and CronJobs, bare pods that run to completion, init
containers, sidecars and ephemeral containers are skipped.

## Why it matters
Without a liveness probe the kubelet restarts a container only when its process exits. A
process that deadlocks or stops making progress while staying alive keeps its place (and, with
a readiness probe that still answers, its traffic) until someone notices.

A liveness probe can also do harm: one that checks dependencies (a database) or times out under
load restarts healthy containers in a cascade. Check only that the process itself still works,
with generous thresholds; where a container reliably exits on failure, ignoring this rule for it
is a sound choice.

## Example
```yaml
containers:
  - name: api
    image: registry.example.com/api:2.4.1
    readinessProbe:
      httpGet: {path: /ready, port: http}
```

## Fix
```yaml
    livenessProbe:
      httpGet: {path: /healthz, port: http}
      periodSeconds: 10
      failureThreshold: 6
```

## References
- https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.model.probes import long_running_containers, probe

RULE = Rule(
    code="KR202",
    name="missing-liveness-probe",
    severity=Severity.LOW,
    category="reliability",
    summary="A long-running container has no liveness probe",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_8",
        "kube-linter:no-liveness-probe",
        "kube-score:pod-probes",
        "polaris:livenessProbeMissing",
    ),
    references=(
        "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in long_running_containers(pod):
        if container.group != "containers" or probe(container, "livenessProbe") is not None:
            continue
        yield container.finding(
            RULE,
            f"{container.label} has no livenessProbe: if it hangs without exiting, nothing "
            "restarts it; add a probe that checks the process itself (not its dependencies)",
            "livenessProbe",
        )
