"""A container runs without a seccomp profile.

## What it checks
Containers (init and ephemeral included) whose effective `securityContext.seccompProfile`
(the container's own, else the pod's) is missing or `Unconfined`. The deprecated annotations
`seccomp.security.alpha.kubernetes.io/pod` and
`container.seccomp.security.alpha.kubernetes.io/<name>` count as set for clusters that still
honour them (Kubernetes ignores them from 1.27 on, so they do not count for a target version of
1.27 or later). Windows pods are skipped.

## Why it matters
Without a profile the container may make any of the kernel's ~400 system calls, including the
rarely needed ones behind most container-escape exploits. `RuntimeDefault` blocks those while
almost every application keeps working. The Pod Security Standards' Restricted level requires
`RuntimeDefault` or `Localhost`: in a namespace that enforces it, pods without one are rejected
and the workload never starts.

## Example
```yaml
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: api
      image: registry.example.com/api:3.2.0
```

## Fix
```yaml
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
```
Set it once at pod level; containers inherit it.

## References
- https://kubernetes.io/docs/tutorials/security/seccomp/
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
- CIS Kubernetes Benchmark 5.7.2
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.fix import Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import insert_entries, replace_value
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS107",
    name="seccomp-profile-missing",
    severity=Severity.MEDIUM,
    category="security",
    summary="A container runs without a seccomp profile",
    targets=("pod-spec",),
    fixable=True,
    equivalents=(
        "CKV_K8S_31",
        "KSV030",
        "kube-score:container-seccomp-profile",
        "CIS-5.7.2",
        "kubesec:SeccompAny",
        "kubesec:SeccompUnconfined",
    ),
    references=("https://kubernetes.io/docs/tutorials/security/seccomp/",),
)

_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"
_ANNOTATIONS_IGNORED_FROM = (1, 27)


_ADVICE = "every system call is allowed, and namespaces enforcing the Restricted Pod Security "
_ADVICE += "level reject the pod"


def _pod_fix(pod: PodSpecView) -> Fix | None:
    context = pod.security_context
    description = "set seccompProfile: RuntimeDefault at pod level"
    if isinstance(context.get("seccompProfile"), dict):
        path = (*pod.path, "securityContext", "seccompProfile", "type")
        return replace_value(pod, path, "RuntimeDefault", description)
    if "securityContext" in pod.spec:
        return insert_entries(
            pod,
            (*pod.path, "securityContext"),
            ["seccompProfile:", "  type: RuntimeDefault"],
            description,
        )
    return insert_entries(
        pod,
        pod.path,
        ["securityContext:", "  seccompProfile:", "    type: RuntimeDefault"],
        description,
    )


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.field("os", "name") == "windows":
        return
    target = ctx.settings.kubernetes_version
    annotations = pod.template_annotations
    honour_annotations = target is None or target < _ANNOTATIONS_IGNORED_FROM
    annotated = False
    inheriting: list[str] = []
    for container in pod.containers:
        profile, where = container.effective("seccompProfile")
        kind = profile.get("type") if isinstance(profile, dict) else None
        if kind in ("RuntimeDefault", "Localhost"):
            continue
        named = (
            _POD_ANNOTATION in annotations or _CONTAINER_ANNOTATION + container.name in annotations
        )
        if kind is None and named:
            if honour_annotations:
                continue
            annotated = True
        if where is not None and where[: len(container.path)] == container.path:
            path = (*where, "type")
            yield container.finding_at(
                RULE,
                f"{container.label} sets seccomp profile `{kind}`: {_ADVICE}; use RuntimeDefault",
                path,
                fix=replace_value(container, path, "RuntimeDefault", "use RuntimeDefault"),
            )
        else:
            inheriting.append(container.label)
    if not inheriting:
        return
    pod_kind = pod.security_context.get("seccompProfile")
    unconfined = isinstance(pod_kind, dict) and pod_kind.get("type") not in (None, "")
    what = "the pod's seccomp profile is Unconfined" if unconfined else "no seccomp profile"
    note = " (the seccomp annotations are ignored from Kubernetes 1.27 on)" if annotated else ""
    yield pod.finding(
        RULE,
        f"{what} for {', '.join(inheriting)}: {_ADVICE}{note}; set "
        "`seccompProfile: {type: RuntimeDefault}` in the pod's securityContext",
        "securityContext",
        "seccompProfile",
        *(("type",) if unconfined else ()),
        fix=_pod_fix(pod),
    )
