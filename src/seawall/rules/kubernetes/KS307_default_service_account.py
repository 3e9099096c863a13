"""A pod runs as its namespace's `default` ServiceAccount, with the API token mounted.

## What it checks
Pods and pod templates that name no ServiceAccount (`serviceAccountName` missing or empty; the
deprecated `serviceAccount` field counts too) or name `default`, and that still get its API
token: the pod does not set `automountServiceAccountToken: false`, and neither does the
`default` ServiceAccount of its namespace when that is in the scan. A pod that opts out of the
token has no identity to share and is not reported (kube-linter reports it anyway).

## Why it matters
Every pod of the namespace that names no ServiceAccount shares `default`. A permission granted
to one of them (a RoleBinding "for the app" to `default`) is granted to all of them, and no
audit log or NetworkPolicy can tell them apart. A dedicated ServiceAccount per workload keeps
permissions and identities separate. Advisory: the token itself is KS108's finding.

## Example
```yaml
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:3.2.0
```

## Fix
Create a ServiceAccount for the workload (with `automountServiceAccountToken: false` unless it
calls the API) and set `serviceAccountName` to it.

## References
- https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.podspec import PodSpecView

RULE = Rule(
    code="KS307",
    name="default-service-account",
    severity=Severity.INFO,
    category="security",
    summary="A pod runs as the namespace's default ServiceAccount with its API token",
    targets=("pod-spec",),
    equivalents=("kube-linter:default-service-account", "kubesec:ServiceAccountName"),
    references=(
        "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts",
    ),
)


def check(pod: PodSpecView, ctx: RuleContext) -> Iterator[Finding]:
    if pod.spec.get("automountServiceAccountToken") is False:
        return
    field = "serviceAccountName" if pod.spec.get("serviceAccountName") else "serviceAccount"
    named = pod.spec.get(field)
    if named not in (None, "", "default"):
        return
    account = ctx.graph.get("ServiceAccount", pod.resource.namespace, "default")
    if account is not None and account.body.get("automountServiceAccountToken") is False:
        return
    how = "names the `default` ServiceAccount" if named else "names no ServiceAccount"
    yield pod.finding(
        RULE,
        f"the pod {how}, so it shares `default` (and whatever is bound to it) with every other "
        "such pod of the namespace; create a ServiceAccount for this workload and set "
        "`serviceAccountName`",
        field if named else "serviceAccountName",
        at_value=bool(named),
    )
