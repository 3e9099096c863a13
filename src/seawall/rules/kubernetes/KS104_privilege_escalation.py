"""A container may gain more privileges than its parent process.

## What it checks
Containers (init and ephemeral included) whose `securityContext.allowPrivilegeEscalation` is not
`false`: set to `true`, or not set at all (Kubernetes then allows escalation).

## Why it matters
With escalation allowed, a process can gain privileges through setuid binaries (`sudo`, `su`,
`ping` on some images) or file capabilities, turning a foothold as an unprivileged user into root
inside the container: the first step of most container escapes. Kubernetes cannot block it
unless the field is explicitly `false`, which sets the kernel's `no_new_privs` flag. The Pod
Security Standards' Restricted level requires `false`.

## Example
```yaml
containers:
  - name: api
    image: registry.example.com/api:3.2.0
    securityContext:
      runAsNonRoot: true
```

## Fix
```yaml
    securityContext:
      allowPrivilegeEscalation: false
      runAsNonRoot: true
```
A privileged container or one with `CAP_SYS_ADMIN` always escalates; remove those first.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
- https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html
- CIS Kubernetes Benchmark 5.2.6
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import insert_entries, replace_value
from seawall.model.podspec import ContainerView, PodSpecView
from seawall.parse.yaml import scalar_text

RULE = Rule(
    code="KS104",
    name="privilege-escalation-allowed",
    severity=Severity.MEDIUM,
    category="security",
    summary="A container may gain more privileges than its parent process",
    targets=("pod-spec",),
    fixable=True,
    equivalents=(
        "CKV_K8S_20",
        "KSV001",
        "kube-linter:privilege-escalation-container",
        "polaris:privilegeEscalationAllowed",
        "kubesec:AllowPrivilegeEscalation",
        "CIS-5.2.6",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",),
)

_DESCRIPTION = "set allowPrivilegeEscalation: false"


def _finding(container: ContainerView) -> Finding:
    context = container.security_context
    if "allowPrivilegeEscalation" in context:
        path = (*container.path, "securityContext", "allowPrivilegeEscalation")
        return container.finding_at(
            RULE,
            f"{container.label} sets `allowPrivilegeEscalation: "
            f"{scalar_text(context['allowPrivilegeEscalation'])}`; set it to false",
            path,
            fix=replace_value(container, path, "false", _DESCRIPTION),
        )
    if "securityContext" in container.body:
        fix = insert_entries(
            container,
            (*container.path, "securityContext"),
            ["allowPrivilegeEscalation: false"],
            _DESCRIPTION,
        )
    else:
        fix = insert_entries(
            container,
            container.path,
            ["securityContext:", "  allowPrivilegeEscalation: false"],
            _DESCRIPTION,
        )
    return container.finding(
        RULE,
        f"{container.label} does not set `allowPrivilegeEscalation: false`, so setuid binaries "
        "can make it root; add it to its securityContext",
        "securityContext",
        "allowPrivilegeEscalation",
        fix=fix,
    )


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        if container.security_context.get("allowPrivilegeEscalation") is not False:
            yield _finding(container)
