"""A container's liveness probe is the same as its readiness probe.

## What it checks
Containers (regular containers and sidecars) whose `livenessProbe` and `readinessProbe` are
identical: the same handler (command, HTTP path and port, TCP or gRPC port) and the same timing
and thresholds, fields left out counting as their defaults. Probes that share an endpoint but
differ in thresholds (a more patient liveness probe) are not reported: that is the usual way to
tell "alive" from "ready".

## Why it matters
Readiness should fail when a container is overloaded or its dependencies are down, so that
traffic moves elsewhere; liveness should fail only when restarting helps. When both are the same
check with the same thresholds, every readiness failure is also a liveness failure: a container
that is merely busy is restarted, which adds load to the others, and a slow database restarts
every pod at once.

## Example
```yaml
livenessProbe:
  httpGet: {path: /health, port: 8080}
readinessProbe:
  httpGet: {path: /health, port: 8080}
```

## Fix
Give liveness its own cheap check of the process, or at least a longer period and a higher
`failureThreshold` than readiness:
```yaml
livenessProbe:
  httpGet: {path: /livez, port: 8080}
  failureThreshold: 6
readinessProbe:
  httpGet: {path: /readyz, port: 8080}
```

## References
- https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
- https://github.com/zegl/kube-score/blob/master/README_PROBES.md
"""

from collections.abc import Iterator
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.model.probes import PROBE_DEFAULTS, handlers, long_running_containers, probe

RULE = Rule(
    code="KR204",
    name="identical-liveness-readiness",
    severity=Severity.MEDIUM,
    category="reliability",
    summary="A container's liveness and readiness probes are identical",
    targets=("pod-spec",),
    equivalents=("kube-score:pod-probes-identical",),
    references=(
        "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
    ),
)


def _normalised(body: dict[str, Any]) -> dict[str, Any]:
    """The probe as the API server stores it: defaults filled in, nulls dropped."""
    filled: dict[str, Any] = dict(PROBE_DEFAULTS)
    filled.update({key: value for key, value in body.items() if value is not None})
    return filled


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in long_running_containers(pod):
        liveness = probe(container, "livenessProbe")
        readiness = probe(container, "readinessProbe")
        if liveness is None or readiness is None or len(handlers(liveness)) != 1:
            continue
        if _normalised(liveness) != _normalised(readiness):
            continue
        yield container.finding(
            RULE,
            f"{container.label} uses the same check, with the same thresholds, for liveness and "
            "readiness: whenever it is too busy to be ready it is also restarted; give liveness "
            "its own check of the process, or a longer period and higher failureThreshold",
            "livenessProbe",
        )
