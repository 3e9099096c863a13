"""A long-running container has no readiness probe.

## What it checks
Regular containers of pods that keep running (as for KR202: Jobs, CronJobs, bare pods that run
to completion, init containers, sidecars and ephemeral containers are skipped) without a
`readinessProbe`.

The finding is raised to medium when a Service of the scan selects the pod and the container
is the pod's only container or declares a port: traffic is then routed to it before it can
answer. Otherwise it stays low: readiness still paces rolling updates (`maxUnavailable`,
`minReadySeconds`), but no request is lost.

## Why it matters
A container without a readiness probe counts as ready as soon as it starts. During every
rollout and restart the Service sends requests to pods whose server is still starting (or
already shutting down), and clients see connection errors; a rolling update also moves on to
the next pod before the new one works, so a broken release replaces every healthy pod.

## Example
```yaml
kind: Service
spec:
  selector: {app: api}
---
kind: Deployment
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:2.4.1
          ports: [{name: http, containerPort: 8080}]
```

## Fix
```yaml
          readinessProbe:
            httpGet: {path: /ready, port: http}
            periodSeconds: 5
```

## References
- https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
- https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-readiness-gate
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.model.probes import long_running_containers, probe, services_routing_to

RULE = Rule(
    code="KR203",
    name="missing-readiness-probe",
    severity=Severity.LOW,
    category="reliability",
    summary="A long-running container has no readiness probe",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_9",
        "kube-linter:no-readiness-probe",
        "kube-score:pod-probes",
        "polaris:readinessProbeMissing",
    ),
    references=(
        "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    missing = [
        c
        for c in long_running_containers(pod)
        if c.group == "containers" and probe(c, "readinessProbe") is None
    ]
    if not missing:
        return
    services = services_routing_to(ctx.graph, pod)
    regular = sum(1 for c in pod.containers if c.group == "containers")
    for container in missing:
        serving = bool(services) and (regular == 1 or bool(container.body.get("ports")))
        if serving:
            named = ", ".join(services[:3]) + (" and others" if len(services) > 3 else "")
            why = (
                f"{named} sends it traffic as soon as it starts, before it can answer, and "
                "during shutdown"
            )
        else:
            why = "it counts as ready as soon as it starts, so rollouts move on before it works"
        finding = container.finding(
            RULE,
            f"{container.label} has no readinessProbe: {why}; add a probe that answers once "
            "the container can do its work",
            "readinessProbe",
        )
        yield replace(finding, severity=Severity.MEDIUM) if serving else finding
