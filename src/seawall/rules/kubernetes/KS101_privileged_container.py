"""A container runs privileged.

## What it checks
Every container, init container and ephemeral container of every pod-bearing object (Pod,
Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)
whose `securityContext.privileged` is `true`.

## Why it matters
A privileged container has every capability and every host device; it can load kernel modules,
mount the host's disks and escape to the node. One compromised privileged pod is a compromised
node, and from there usually the cluster. The Pod Security Standards' Baseline level forbids it.

## Example
```yaml
containers:
  - name: agent
    image: registry.example.com/agent:2.1.0
    securityContext:
      privileged: true
```

## Fix
Remove `privileged: true` (or set it to `false`) and grant only the capabilities the process
needs with `capabilities.add`. Node agents that truly need the host belong in a dedicated,
tightly controlled namespace; suppress there with `seawall.dev/ignore: KS101` and a reason.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
- CIS Kubernetes Benchmark 5.2.2
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS101",
    name="privileged-container",
    severity=Severity.CRITICAL,
    category="security",
    summary="A container runs privileged",
    targets=("pod-spec",),
    fixable=True,
    equivalents=(
        "CKV_K8S_16",
        "KSV017",
        "kube-linter:privileged-container",
        "kube-score:container-security-context-privileged",
        "polaris:runAsPrivileged",
        "kubesec:Privileged",
        "CIS-5.2.2",
    ),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for container in pod.containers:
        if container.security_context.get("privileged") is True:
            path = (*container.path, "securityContext", "privileged")
            yield container.finding_at(
                RULE,
                f"{container.label} runs privileged: it has full access to the node; remove "
                "`privileged: true` and add only the capabilities it needs",
                path,
                fix=replace_value(container, path, "false", "set privileged: false"),
            )
