"""A pod or container runs with the root group (GID 0).

## What it checks
- containers whose effective `runAsGroup` (the container's own, else the pod's) is `0`;
- a pod `fsGroup` of `0`;
- `0` in the pod's `supplementalGroups`.

A pod-level setting is reported once, not once per container. Windows pods are skipped.

## Why it matters
Group 0 owns much of a node's and an image's sensitive files (`/etc/shadow` on some images,
files mounted from the host, devices). A process in group root can read and often write them
even when its user is not root; with `fsGroup: 0` every volume of the pod is also made
root-group owned. Trivy and the NSA hardening guide flag it; it is hardening, so low severity.

## Example
```yaml
spec:
  securityContext:
    runAsUser: 10001
    runAsGroup: 0
    fsGroup: 0
```

## Fix
Use a dedicated non-zero GID (`runAsGroup: 10001`, `fsGroup: 10001`) and drop `0` from
`supplementalGroups`.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import Path

RULE = Rule(
    code="KS310",
    name="run-as-root-group",
    severity=Severity.LOW,
    category="security",
    summary="A pod or container runs with the root group (GID 0)",
    targets=("pod-spec",),
    equivalents=("KSV029",),
    references=("https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",),
)


def _is_zero(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.field("os", "name") == "windows":
        return
    reported: set[Path] = set()
    for container in pod.containers:
        group, where = container.effective("runAsGroup")
        if not _is_zero(group) or where is None or where in reported:
            continue
        reported.add(where)
        pod_level = where == (*pod.path, "securityContext", "runAsGroup")
        scope = "the pod" if pod_level else container.label
        yield container.finding_at(
            RULE,
            f"{scope} runs with the root group (`runAsGroup: 0`): its processes can read files "
            "owned by group root; use a non-zero GID",
            where,
            at_value=True,
        )
    context = pod.security_context
    if _is_zero(context.get("fsGroup")):
        yield pod.finding(
            RULE,
            "the pod sets `fsGroup: 0`: its volumes become owned by group root and every "
            "container gets that group; use a non-zero GID",
            "securityContext",
            "fsGroup",
            at_value=True,
        )
    groups = context.get("supplementalGroups")
    for index, item in enumerate(groups if isinstance(groups, list) else []):
        if _is_zero(item):
            yield pod.finding(
                RULE,
                "the pod adds the root group (0) to `supplementalGroups`: its processes can "
                "read files owned by group root; remove it",
                "securityContext",
                "supplementalGroups",
                index,
                at_value=True,
            )
