"""A probe the API server rejects: no handler, two handlers, or a field its kind may not set.

## What it checks
Every `livenessProbe`, `readinessProbe` and `startupProbe` of every container, for what pod
validation rejects:

- no handler: none of `exec`, `httpGet`, `tcpSocket`, `grpc`;
- more than one handler in the same probe;
- a `successThreshold` other than 1 on a liveness or startup probe;
- `terminationGracePeriodSeconds` on a readiness probe;
- any probe on an init container that is not a sidecar (`restartPolicy: Always`), or on an
  ephemeral container.

## Why it matters
The API server rejects the pod. For a workload the object itself is accepted, but its
controller cannot create a single pod: a new workload never runs and an update stalls with the
old pods still serving, with the reason visible only in the controller's events. Two handlers in
one probe are also a sign that a merge (Helm values, kustomize patches) combined two intended
probes.

## Example
```yaml
livenessProbe:
  httpGet: {path: /healthz, port: 8080}
  exec:
    command: [cat, /tmp/healthy]
  successThreshold: 2
```

## Fix
Keep exactly one handler, and `successThreshold: 1` for liveness and startup probes:
```yaml
livenessProbe:
  httpGet: {path: /healthz, port: 8080}
```

## References
- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
- https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.model.probes import HANDLERS, PROBE_FIELDS, handlers, is_sidecar, probe

RULE = Rule(
    code="KR206",
    name="invalid-probe",
    severity=Severity.HIGH,
    category="correctness",
    summary="A probe the API server rejects: no handler, two handlers or a forbidden field",
    targets=("pod-spec",),
    references=("https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        for field in PROBE_FIELDS:
            body = probe(container, field)
            if body is not None:
                yield from _probe_problems(container, field, body)


def _probe_problems(
    container: ContainerView, field: str, body: dict[str, object]
) -> Iterator[Finding]:
    if container.group == "ephemeralContainers" or (
        container.group == "initContainers" and not is_sidecar(container)
    ):
        kind = (
            "ephemeral containers"
            if container.group == "ephemeralContainers"
            else ("init containers other than sidecars (restartPolicy: Always)")
        )
        yield container.finding(
            RULE,
            f"{container.label} sets a {field}, which {kind} may not have: the API server "
            "rejects the pod; remove the probe",
            field,
        )
        return
    found = handlers(body)
    if not found:
        yield container.finding(
            RULE,
            f"{container.label}'s {field} has no handler (one of {', '.join(HANDLERS)}): the API "
            "server rejects the pod; add the check the probe should run",
            field,
        )
    elif len(found) > 1:
        yield container.finding(
            RULE,
            f"{container.label}'s {field} has {len(found)} handlers ({', '.join(found)}) where "
            "exactly one is allowed: the API server rejects the pod; keep the one you meant",
            field,
            found[1],
        )
    threshold = body.get("successThreshold")
    wrong = isinstance(threshold, int) and not isinstance(threshold, bool) and threshold != 1
    if field != "readinessProbe" and wrong:
        yield container.finding(
            RULE,
            f"{container.label}'s {field} sets successThreshold {threshold}, but it must be 1 for "
            "liveness and startup probes: the API server rejects the pod; remove it",
            field,
            "successThreshold",
            at_value=True,
        )
    if field == "readinessProbe" and body.get("terminationGracePeriodSeconds") is not None:
        yield container.finding(
            RULE,
            f"{container.label}'s readinessProbe sets terminationGracePeriodSeconds, which only "
            "liveness and startup probes may set: the API server rejects the pod; remove it",
            field,
            "terminationGracePeriodSeconds",
        )
