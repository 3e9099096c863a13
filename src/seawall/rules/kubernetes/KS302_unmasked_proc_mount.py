"""A container asks for an unmasked /proc (procMount).

## What it checks
Containers whose `securityContext.procMount` is anything but `Default` (in practice
`Unmasked`), decided by the same check as Pod Security admission's Baseline `procMount`: from
policy version 1.35 a pod in its own user namespace (`hostUsers: false`) may use it, and is not
reported when the target Kubernetes version is 1.35 or later (or not set).

## Why it matters
The runtime normally masks and makes read-only the parts of `/proc` that reach the node's
kernel: `/proc/sys`, `/proc/sysrq-trigger`, `/proc/kcore`, `/proc/keys` and others. With
`Unmasked` a process running as root in the container can write kernel parameters of the node,
trigger SysRq (reboot, crash) and read kernel memory. The Pod Security Standards' Baseline level
forbids it.

## Example
```yaml
containers:
  - name: builder
    image: registry.example.com/builder:1.2.0
    securityContext:
      procMount: Unmasked
```

## Fix
Remove `procMount` (or set it to `Default`). Nested container builds that need it should run
in a user namespace (`hostUsers: false`).

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import node_at, scalar_text
from seawall.rules.kubernetes._pss import offences, owner

RULE = Rule(
    code="KS302",
    name="unmasked-proc-mount",
    severity=Severity.HIGH,
    category="security",
    summary="A container asks for an unmasked /proc (procMount)",
    targets=("pod-spec",),
    fixable=True,
    equivalents=("KSV027", "kube-linter:unsafe-proc-mount", "polaris:procMount"),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for offence in offences(pod, ctx, "procMount"):
        value = scalar_text(node_at(pod.root, offence.path))
        yield pod.finding_at(
            RULE,
            f"{owner(pod, offence.relative)} sets `procMount: {value}`: as root it can write the "
            "node's kernel settings under /proc/sys and trigger SysRq; remove it (or run the pod "
            "with `hostUsers: false`)",
            offence.path,
            at_value=True,
            fix=replace_value(pod, offence.path, "Default", "set procMount: Default"),
        )
