"""A container is told to run as root (runAsUser: 0).

## What it checks
Containers whose effective `runAsUser` (the container's own, else the pod's) is `0`. When
`runAsNonRoot: true` is also in force the message says so: the kubelet then refuses to start the
container, so the workload never runs.

## Why it matters
UID 0 in a container is root on the node's kernel, held back only by namespaces and
capabilities; any escape bug becomes a node compromise. The Pod Security Standards' Restricted
level forbids `runAsUser: 0`.

## Example
```yaml
securityContext:
  runAsUser: 0
```

## Fix
Run as a dedicated non-root UID (`runAsUser: 10001`) that the image's files allow, and set
`runAsNonRoot: true`. If the process needs one root power (binding port 80, changing file
owners), add just that capability instead.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
- CIS Kubernetes Benchmark 5.2.7
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS106",
    name="run-as-root-uid",
    severity=Severity.HIGH,
    category="security",
    summary="A container is told to run as root (runAsUser: 0)",
    targets=("pod-spec",),
    equivalents=(
        "KSV105",
        "CKV_K8S_23",
        "kube-linter:run-as-non-root",
        "polaris:runAsRootAllowed",
        "CIS-5.2.7",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    reported: set[tuple[str | int, ...]] = set()
    for container in pod.containers:
        user, where = container.effective("runAsUser")
        if user != 0 or isinstance(user, bool) or where is None:
            continue
        if where in reported:
            continue  # one pod-level setting: one finding, not one per container
        reported.add(where)
        non_root, _ = container.effective("runAsNonRoot")
        consequence = (
            "; with `runAsNonRoot: true` also set, the kubelet refuses to start it"
            if non_root is True
            else ""
        )
        pod_level = where == (*pod.path, "securityContext", "runAsUser")
        scope = "the pod" if pod_level else container.label
        yield container.finding_at(
            RULE,
            f"{scope} runs as root (`runAsUser: 0`){consequence}; use a non-zero UID",
            where,
        )
