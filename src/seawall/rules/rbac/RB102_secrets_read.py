"""A role lets its holders read Secrets.

## What it checks
A Role or ClusterRole rule that allows `get`, `list` or `watch` on `secrets` of the
core API group (directly or through `*`), without `resourceNames`. Severity follows reach: `high`
for a ClusterRole that a ClusterRoleBinding of the scan binds, or that is aggregated into the
built-in `admin`/`edit`/`view` roles; `medium` otherwise; `low` for a Role that only allows `get`
(it must know each Secret's name). A Role that reads the Secrets of its own namespace for the
operator that owns them is common; review it, but it is not a cluster compromise.

## Why it matters
Secrets hold database passwords, cloud keys and ServiceAccount tokens. Reading every
Secret of a namespace gives the holder every identity that namespace has, and `list` returns them
all in one call. CIS Kubernetes Benchmark 5.1.2 asks to minimise access to Secrets.

## Example
```yaml
kind: ClusterRole
metadata: {name: config-reader}
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list, watch]
```

## Fix
Limit the rule to the Secrets the workload needs with `resourceNames` (then `list` and
`watch` stop working, which is the point), bind it with a RoleBinding in one namespace rather than
a ClusterRoleBinding, or mount the Secret into the pod so no API access is needed.

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
- CIS Kubernetes Benchmark 5.1.2
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import SECRETS_READ, Grant, permission_findings

RULE = Rule(
    code="RB102",
    name="role-reads-secrets",
    severity=Severity.MEDIUM,
    category="security",
    summary="A role lets its holders read Secrets",
    targets=("resource",),
    equivalents=("kube-linter:access-to-secrets",),
    references=(
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets",
    ),
)


def _get_only_in_role(role: Resource, grant: Grant, severity: Severity) -> Severity:
    # `get` alone needs each Secret's name: the usual shape of an operator reading its own
    return Severity.LOW if role.kind == "Role" and grant.verbs == ("get",) else severity


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        SECRETS_READ,
        advice="name the Secrets it needs in `resourceNames`, or mount them into the pod instead",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.MEDIUM,
        role_in_namespace=Severity.MEDIUM,
        adjust=_get_only_in_role,
    )
