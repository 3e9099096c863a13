"""The pods' namespace enforces no Pod Security level; seawall suggests one.

## What it checks
Pods and pod templates whose namespace has no `enforce` level from any source (a Namespace
object's labels, the `pod_security` configuration, `--pod-security`). The message gives the
strictest level the pods already pass at the latest policy version, so the label can be added
without breaking them.

## Why it matters
Without an enforced level, any pod can run in the namespace, privileged ones included; the
cluster's only guard is review. Adding the strictest level the workloads already meet locks in
today's good state at no cost.

## Example
A Deployment in namespace `shop`, with no `Namespace` object for `shop` in the repository.

## Fix
Label the namespace as suggested:
```yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
```

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.policy.pss import LATEST, Level, evaluate
from seawall.rules.pod_security._admission import mode_policies, namespace_of

RULE = Rule(
    code="PS104",
    name="pod-security-unset",
    severity=Severity.INFO,
    category="pod-security",
    summary="The pods' namespace enforces no Pod Security level",
    targets=("pod-spec",),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/",
    ),
)


def strictest_level(pod: PodSpecView) -> Level:
    for level in (Level.RESTRICTED, Level.BASELINE):
        if not evaluate(pod.pod_object, level, LATEST):
            return level
    return Level.PRIVILEGED


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if "enforce" in mode_policies(pod, ctx):
        return
    namespace = namespace_of(pod)
    level = strictest_level(pod)
    if level is Level.PRIVILEGED:
        advice = (
            "these pods pass neither baseline nor restricted; label the namespace "
            "`pod-security.kubernetes.io/enforce: baseline` once they are fixed"
        )
    else:
        advice = (
            f"these pods already pass {level.value}: label the namespace "
            f"`pod-security.kubernetes.io/enforce: {level.value}` to keep it that way"
        )
    yield pod.resource.finding(
        RULE,
        f'namespace "{namespace}" enforces no Pod Security level (no Namespace object or '
        f"configuration sets one), so any pod may run there; {advice}",
        "metadata",
        "namespace",
    )
