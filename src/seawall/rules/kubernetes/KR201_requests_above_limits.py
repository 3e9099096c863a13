"""A container requests more of a resource than its limit allows.

## What it checks
Containers and init containers whose `resources.requests` value for a resource is larger than
its `resources.limits` value (`cpu: 2` against a limit of `1500m`, `memory: 1Gi` against
`512Mi`), compared as quantities, whatever their units. For extended resources (names with a
domain, such as `nvidia.com/gpu`), whose requests may not be overcommitted, any difference
between request and limit is reported. Values that are not quantities (templates, typos) are
left to KV001.

## Why it matters
The API server rejects such a pod (`must be less than or equal to ... limit`). For a Deployment
or StatefulSet the workload object is accepted but its controller can never create a pod: the
rollout stalls and the old pods keep running, or, for a new workload, nothing runs at all.

## Example
```yaml
resources:
  requests:
    memory: 1Gi
  limits:
    memory: 512Mi
```

## Fix
Lower the request or raise the limit so that the request is at most the limit:
```yaml
resources:
  requests:
    memory: 512Mi
  limits:
    memory: 1Gi
```

## References
- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
- https://kubernetes.io/docs/tasks/configure-pod-container/extended-resource/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.rules.kubernetes._resources import parse_quantity

RULE = Rule(
    code="KR201",
    name="requests-above-limits",
    severity=Severity.HIGH,
    category="correctness",
    summary="A container requests more of a resource than its limit",
    targets=("pod-spec",),
    references=(
        "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
        "https://kubernetes.io/docs/tasks/configure-pod-container/extended-resource/",
    ),
)


def _is_extended(name: str) -> bool:
    """Extended resources are named with a domain outside kubernetes.io; hugepages are native."""
    return "/" in name and not name.split("/", 1)[0].endswith("kubernetes.io")


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        resources = container.body.get("resources")
        if not isinstance(resources, dict):
            continue
        requests, limits = resources.get("requests"), resources.get("limits")
        if not isinstance(requests, dict) or not isinstance(limits, dict):
            continue
        for name, requested in requests.items():
            limit = limits.get(name)
            low, high = parse_quantity(requested), parse_quantity(limit)
            if low is None or high is None:
                continue
            extended = _is_extended(str(name))
            if low <= high and not (extended and low != high):
                continue
            relation = "differs from" if low < high else "is above"
            rule_text = (
                "an extended resource cannot be overcommitted, so the API server rejects the "
                "pod: make the request equal the limit"
                if extended
                else "a request may not exceed its limit, so the API server rejects the pod: "
                "lower the request or raise the limit"
            )
            yield container.finding(
                RULE,
                f"{container.label} requests {name} {requested}, which {relation} its limit "
                f"{limit}; {rule_text}",
                "resources",
                "requests",
                name,
                at_value=True,
            )
