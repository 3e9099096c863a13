"""The containers of a pod share one process namespace.

## What it checks
Pods and pod templates that set `shareProcessNamespace: true`.

## Why it matters
With a shared process namespace every container sees every other container's processes: it can
signal them, read their command lines and environment (credentials a sidecar was given
included) and, with the same user or `SYS_PTRACE`, their memory and their root filesystem under
`/proc/<pid>/root`. One compromised container then reaches the secrets of all of them.
Debugging is better done with an ephemeral container (`kubectl debug --target`), which shares
one process namespace only while it is needed.

## Example
```yaml
spec:
  shareProcessNamespace: true
  containers:
    - name: app
      image: registry.example.com/app:2.0.0
    - name: vault-agent
      image: hashicorp/vault:1.17.2
```

## Fix
Remove `shareProcessNamespace` (the default is `false`); use `kubectl debug --target=<container>`
for debugging.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
- https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS309",
    name="shared-process-namespace",
    severity=Severity.LOW,
    category="security",
    summary="The containers of a pod share one process namespace",
    targets=("pod-spec",),
    fixable=True,
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.spec.get("shareProcessNamespace") is not True:
        return
    path = (*pod.path, "shareProcessNamespace")
    names = ", ".join(c.name for c in pod.containers if c.group != "ephemeralContainers")
    yield pod.finding_at(
        RULE,
        f"`shareProcessNamespace: true`: the containers ({names}) can see, signal and read the "
        "environment and files of each other's processes; remove it and debug with "
        "`kubectl debug --target`",
        path,
        fix=replace_value(pod, path, "false", "set shareProcessNamespace: false"),
    )
