"""A pod gets a Kubernetes API token it probably does not need.

## What it checks
Pods and pod templates that do not set `automountServiceAccountToken: false`, when their
ServiceAccount (found in the scan by namespace and name) does not set it either. Setting it on
either object is enough: the pod's value wins over the ServiceAccount's. When the ServiceAccount
is not in the scan, only the pod is judged, and the message says so.

## Why it matters
Every pod gets a token for its ServiceAccount at
`/var/run/secrets/kubernetes.io/serviceaccount/token` unless told otherwise. Most applications
never call the Kubernetes API, but anyone who compromises them can: with the token they act with
the ServiceAccount's permissions, which grow over time as teams add RoleBindings.

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
---
kind: Deployment
spec:
  template:
    spec:
      serviceAccountName: web
```

## Fix
Add `automountServiceAccountToken: false` to the ServiceAccount (covers every pod that uses it) or
to the pod spec. Pods that do call the API keep it, ideally with a projected token of short
lifetime and a narrow audience.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
- https://kubernetes.io/docs/concepts/security/service-accounts/
- CIS Kubernetes Benchmark 5.1.6
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS108",
    name="service-account-token-mounted",
    severity=Severity.LOW,
    category="security",
    summary="A pod gets a Kubernetes API token it probably does not need",
    targets=("pod-spec",),
    equivalents=(
        "CKV_K8S_38",
        "KSV036",
        "polaris:automountServiceAccountToken",
        "CIS-5.1.6",
    ),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    own = pod.spec.get("automountServiceAccountToken")
    if own is False:
        return
    name = str(pod.spec.get("serviceAccountName") or pod.spec.get("serviceAccount") or "default")
    account = ctx.graph.get("ServiceAccount", pod.resource.namespace, name)
    if own is None and account is not None:
        if account.body.get("automountServiceAccountToken") is False:
            return
        line = account.span_at("metadata", "name").line
        why = f"neither the pod nor the ServiceAccount ({account.source.display}:{line}) opts out"
    elif own is None:
        why = "the pod does not opt out, and the ServiceAccount is not in the scan"
    else:
        why = "the pod sets `automountServiceAccountToken: true`"
    named = "serviceAccountName" in pod.spec
    yield pod.finding(
        RULE,
        f'pods get an API token for ServiceAccount "{name}": {why}; set '
        "`automountServiceAccountToken: false` unless the application calls the Kubernetes API",
        "automountServiceAccountToken",
        point_at=("serviceAccountName",) if own is None and named else None,
    )
