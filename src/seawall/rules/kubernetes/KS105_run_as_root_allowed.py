"""A container may run as root: nothing requires a non-root user.

## What it checks
Containers whose effective security context (the container's own `securityContext`, else the
pod's) neither sets `runAsNonRoot: true` nor a `runAsUser` above 0. Then the user is whatever
the image says, and most images say root. Windows pods (`spec.os.name: windows`) are skipped;
an explicit `runAsUser: 0` is reported by KS106 instead.

## Why it matters
Root in a container is root on the node's kernel, held back only by namespaces, capabilities and
seccomp. A kernel or runtime bug, a writable host mount or a mis-set capability turns it into
root on the node. With `runAsNonRoot: true` the kubelet refuses to start a container whose image
would run as UID 0. The Pod Security Standards' Restricted level requires it.

## Example
```yaml
spec:
  containers:
    - name: web
      image: registry.example.com/web:5.0.1
```

## Fix
```yaml
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
```
Set it once at pod level; containers inherit it. The image must then run as a numeric non-root
user (`USER 10001` in the Dockerfile), or the kubelet cannot verify it.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- CIS Kubernetes Benchmark 5.2.7
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS105",
    name="run-as-root-allowed",
    severity=Severity.MEDIUM,
    category="security",
    summary="A container may run as root: nothing requires a non-root user",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_23",
        "KSV012",
        "kube-linter:run-as-non-root",
        "polaris:runAsRootAllowed",
        "kubesec:RunAsNonRoot",
        "CIS-5.2.7",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.field("os", "name") == "windows":
        return
    pod_level = pod.security_context.get("runAsNonRoot")
    for container in pod.containers:
        non_root, where = container.effective("runAsNonRoot")
        user, _ = container.effective("runAsUser")
        if non_root is True:
            continue
        if isinstance(user, int) and not isinstance(user, bool):
            continue  # a positive UID is non-root; UID 0 is KS106's finding
        if where is None:
            yield container.finding(
                RULE,
                f"{container.label} may run as root: neither it nor the pod sets "
                "`runAsNonRoot: true` or a non-zero `runAsUser`; set them in the pod's "
                "securityContext",
                "securityContext",
                "runAsNonRoot",
            )
            continue
        if where[: len(container.path)] == container.path and pod_level is True:
            why = "overrides the pod's `runAsNonRoot: true` with `false`"
        elif where[: len(container.path)] == container.path:
            why = "sets `runAsNonRoot: false`"
        else:
            why = "inherits the pod's `runAsNonRoot: false`"
        yield container.finding_at(
            RULE,
            f"{container.label} may run as root: it {why} and sets no non-zero `runAsUser`; "
            "set `runAsNonRoot: true`",
            where,
        )
