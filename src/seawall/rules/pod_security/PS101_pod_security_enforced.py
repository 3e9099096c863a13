"""The pods would be rejected by the Pod Security level their namespace enforces.

## What it checks
Every Pod and pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet,
ReplicationController, Job, CronJob, PodTemplate) is evaluated exactly as the Pod Security
Admission controller evaluates the pods it creates, at the level and policy version that its
namespace enforces: the `pod-security.kubernetes.io/enforce` and `enforce-version` labels of
the `Namespace` object in the scan, else the `pod_security` configuration, else
`--pod-security`. Each failing check is reported at the offending field, naming the namespace
object and label that demand the level.

## Why it matters
The admission controller rejects non-conforming pods when they are created. For a Pod,
`kubectl apply` fails; for a Deployment, the apply succeeds and its ReplicaSet then silently
creates no pods, so the rollout hangs and the failure shows only in the ReplicaSet's events.

## Example
```yaml
apiVersion: v1
kind: Namespace
metadata:
  name: production
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: production}
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:3.2.0   # no seccompProfile, no runAsNonRoot
```

## Fix
Change the pod template as each message says (most often: `runAsNonRoot: true`,
`allowPrivilegeEscalation: false`, `capabilities: {drop: [ALL]}`, `seccompProfile: {type:
RuntimeDefault}`), or, if the workload truly needs more, move it to a namespace with a laxer
level rather than weakening the namespace for everyone.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/
- https://kubernetes.io/docs/concepts/security/pod-security-admission/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView
from seawall.rules.pod_security._admission import mode_findings

RULE = Rule(
    code="PS101",
    name="pod-security-enforced",
    severity=Severity.HIGH,
    category="pod-security",
    summary="The pods would be rejected by the Pod Security level their namespace enforces",
    targets=("pod-spec",),
    equivalents=("pod-security-admission:enforce", "kubectl:dry-run=server"),
    references=("https://kubernetes.io/docs/concepts/security/pod-security-admission/",),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    yield from mode_findings(pod, ctx, RULE, "enforce", "the API server rejects these pods")
