"""A container runs without AppArmor confinement, or names a profile that cannot apply.

## What it checks
The `securityContext.appArmorProfile` of the pod and of every container, and the deprecated
`container.apparmor.security.beta.kubernetes.io/<container>` annotations of the pod (template),
decided by the same check as Pod Security admission's Baseline `appArmorProfile`: a profile type
other than `RuntimeDefault` or `Localhost` (that is `Unconfined`, or a misspelling) and an
annotation other than `runtime/default` or `localhost/<profile>` (that is `unconfined`) are
reported. Not setting a profile is not reported: on nodes with AppArmor the runtime applies its
default profile then. That the annotation itself is deprecated is KA104's finding.

## Why it matters
AppArmor's runtime default profile denies mounts, writes to `/proc` and `/sys` and other
operations that container escapes rely on. `Unconfined` switches that off for the container. The
Pod Security Standards' Baseline level forbids it; a misspelt type is rejected by the API server.

## Example
```yaml
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  containers:
    - name: app
      securityContext:
        appArmorProfile:
          type: Unconfined
```

## Fix
Remove the setting (the runtime default applies), or use `type: RuntimeDefault`, or a
`Localhost` profile written for the workload.

## References
- https://kubernetes.io/docs/tutorials/security/apparmor/
- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.edits import replace_value
from seawall.model.podspec import PodSpecView
from seawall.parse.yaml import node_at
from seawall.policy.pss.checks.apparmor import ANNOTATION_PREFIX
from seawall.rules.kubernetes._pss import offences, owner

RULE = Rule(
    code="KS304",
    name="apparmor-unconfined",
    severity=Severity.MEDIUM,
    category="security",
    summary="A container runs without AppArmor confinement",
    targets=("pod-spec",),
    fixable=True,
    equivalents=("KSV002",),
    references=("https://kubernetes.io/docs/tutorials/security/apparmor/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    for offence in offences(pod, ctx, "appArmorProfile"):
        value = node_at(pod.root, offence.path)
        text = value if isinstance(value, str) else ""
        key = offence.relative[-1]
        if offence.relative[:2] == ("metadata", "annotations") and isinstance(key, str):
            who = f'container "{key.removeprefix(ANNOTATION_PREFIX)}"'
            where, good = f"annotation {key}", "runtime/default"
        else:
            who = owner(pod, offence.relative)
            where, good = "appArmorProfile.type", "RuntimeDefault"
        if text.lower() == "unconfined":
            what = f"{who} runs without AppArmor confinement ({where}: {text})"
            consequence = "the runtime's default profile no longer blocks mounts and /proc writes"
        else:
            what = f"{who} names AppArmor profile `{text}` in {where}"
            consequence = "it is not a valid profile, so the API server rejects the pod"
        yield pod.finding_at(
            RULE,
            f"{what}: {consequence}; use {good} or a localhost profile, or remove it",
            offence.path,
            at_value=True,
            fix=replace_value(pod, offence.path, good, f"use {good}"),
        )
