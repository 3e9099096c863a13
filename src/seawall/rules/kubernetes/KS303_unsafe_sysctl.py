"""A pod sets a kernel parameter (sysctl) outside the safe set.

## What it checks
Every entry of the pod's `securityContext.sysctls` whose name is not in the safe set that Pod
Security admission's Baseline `sysctls` check allows at the target Kubernetes version (for
example `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
`net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_keepalive_time` from 1.29). Names are
compared as written, as admission does: the slash form (`net/ipv4/...`) is not in the set.

## Why it matters
Unsafe sysctls are either not isolated per pod (they change the whole node's kernel) or can
starve other pods (memory, connection tables). The kubelet refuses them unless it was started
with `--allowed-unsafe-sysctls`: without that the pod fails with `SysctlForbidden` and never
runs; with it, one workload tunes the kernel every other pod on the node shares. The Pod
Security Standards' Baseline level forbids them.

## Example
```yaml
spec:
  securityContext:
    sysctls:
      - name: kernel.msgmax
        value: "65536"
```

## Fix
Remove the sysctl. If the workload really needs it, run it on a dedicated node pool whose
kubelet allows that one sysctl, keep it in its own namespace, and suppress with a reason.

## References
- https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import node_at
from seawall.rules.kubernetes._pss import offences

RULE = Rule(
    code="KS303",
    name="unsafe-sysctl",
    severity=Severity.MEDIUM,
    category="security",
    summary="A pod sets a kernel parameter (sysctl) outside the safe set",
    targets=("pod-spec",),
    equivalents=("KSV026", "kube-linter:unsafe-sysctls"),
    references=("https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for offence in offences(pod, ctx, "sysctls"):
        name = node_at(pod.root, offence.path)
        shown = name if isinstance(name, str) and name else "(no name)"
        yield pod.finding_at(
            RULE,
            f"the pod sets sysctl `{shown}`, which is not in the safe set: the kubelet refuses "
            "the pod unless it allows unsafe sysctls, and then the setting reaches beyond the "
            "pod; remove it",
            offence.path,
            at_value=True,
        )
