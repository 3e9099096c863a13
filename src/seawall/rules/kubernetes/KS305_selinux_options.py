"""A pod or container sets SELinux options that escape the container policy.

## What it checks
The `securityContext.seLinuxOptions` of the pod and of every container, decided by the same
check as Pod Security admission's Baseline `seLinuxOptions`: `type` must be empty or one of the
container types (`container_t`, `container_init_t`, `container_kvm_t`, and
`container_engine_t` from 1.31), and `user` and `role` must not be set. `spc_t` ("super
privileged container") and `unconfined_t` are reported at high severity; other types, users and
roles at medium.

## Why it matters
On SELinux nodes the container types confine every container to its own files and processes.
Another type, user or role changes which host objects the process may touch: `spc_t` and
`unconfined_t` switch confinement off entirely, as good as privileged. The Pod Security
Standards' Baseline level forbids them.

## Example
```yaml
securityContext:
  seLinuxOptions:
    type: spc_t
```

## Fix
Remove `type`, `user` and `role` (keep `level` if you assign MCS categories), or use one of the
container types.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container
"""

import dataclasses
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import node_at
from seawall.rules.kubernetes._pss import offences, owner

RULE = Rule(
    code="KS305",
    name="selinux-options",
    severity=Severity.HIGH,
    category="security",
    summary="A pod or container sets SELinux options that escape the container policy",
    targets=("pod-spec",),
    equivalents=("KSV025",),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",),
)

_UNCONFINED = frozenset({"spc_t", "unconfined_t"})


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for offence in offences(pod, ctx, "seLinuxOptions"):
        value = node_at(pod.root, offence.path)
        text = value if isinstance(value, str) else ""
        field = offence.relative[-1]
        who = owner(pod, offence.relative)
        if field == "type" and text in _UNCONFINED:
            yield pod.finding_at(
                RULE,
                f"{who} sets SELinux type `{text}`: it runs unconfined by SELinux, as good as "
                "privileged; remove seLinuxOptions.type",
                offence.path,
                at_value=True,
            )
            continue
        if field == "type":
            what = f"sets SELinux type `{text}`, which is not a container type"
            advice = "use container_t (or remove it)"
        else:
            what = f"sets SELinux {field} `{text}`"
            advice = f"remove seLinuxOptions.{field}"
        finding = pod.finding_at(
            RULE,
            f"{who} {what}: it changes which node objects the process may touch and Baseline "
            f"Pod Security refuses it; {advice}",
            offence.path,
            at_value=True,
        )
        yield dataclasses.replace(finding, severity=Severity.MEDIUM)
