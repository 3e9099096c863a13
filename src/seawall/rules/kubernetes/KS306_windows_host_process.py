"""A Windows pod or container runs as a HostProcess on the node.

## What it checks
`securityContext.windowsOptions.hostProcess: true` on the pod or on any container, decided by the
same check as Pod Security admission's Baseline `windowsHostProcess`.

## Why it matters
A HostProcess container is not isolated at all: it runs as a process of the Windows node, with
the node's network and file system, under a node account such as `SYSTEM`. Whoever controls it
controls the node. The Pod Security Standards' Baseline level forbids it.

## Example
```yaml
spec:
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\SYSTEM"
  hostNetwork: true
```

## Fix
Remove `hostProcess` (or set it to `false`). Node agents that need it (CNI, CSI, log
collectors) belong in a dedicated namespace; suppress there with a reason.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.podspec import PodSpecView
from seawall.rules.kubernetes._pss import offences, owner

RULE = Rule(
    code="KS306",
    name="windows-host-process",
    severity=Severity.HIGH,
    category="security",
    summary="A Windows pod or container runs as a HostProcess on the node",
    targets=("pod-spec",),
    fixable=True,
    equivalents=("KSV103", "polaris:hostProcess"),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for offence in offences(pod, ctx, "windowsHostProcess"):
        yield pod.finding_at(
            RULE,
            f"{owner(pod, offence.relative)} sets `windowsOptions.hostProcess: true`: it runs as "
            "a process of the Windows node, with no isolation; remove it",
            offence.path,
            fix=replace_value(pod, offence.path, "false", "set hostProcess: false"),
        )
