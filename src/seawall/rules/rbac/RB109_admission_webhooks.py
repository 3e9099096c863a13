"""A role lets its holders create or change admission webhook configurations.

## What it checks
A Role or ClusterRole rule that allows `create`, `update` or `patch` on
`mutatingwebhookconfigurations` or `validatingwebhookconfigurations` of
`admissionregistration.k8s.io`, without `resourceNames`. `high` for a ClusterRole bound
cluster-wide, `medium` for other ClusterRoles. Controllers that serve webhooks (cert-manager's CA
injector, policy engines, service meshes) legitimately patch *their own* configuration and should
name it in `resourceNames`.

## Why it matters
A mutating webhook sees, and can rewrite, every object it registers for, Secrets and
pods included; changing a validating webhook can switch off a policy engine. Whoever controls
webhook configurations controls admission for the whole cluster.

## Example
```yaml
kind: ClusterRole
metadata: {name: injector}
rules:
  - apiGroups: [admissionregistration.k8s.io]
    resources: [mutatingwebhookconfigurations]
    verbs: [get, list, watch, update, patch]
```

## Fix
Name the controller's own webhook configurations in `resourceNames` for `update` and
`patch`; create them from the deployment, not from the running controller.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import WEBHOOKS, permission_findings

RULE = Rule(
    code="RB109",
    name="role-changes-admission-webhooks",
    severity=Severity.MEDIUM,
    category="security",
    summary="A role lets its holders create or change admission webhook configurations",
    targets=("resource",),
    equivalents=("CKV_K8S_155",),
    references=(
        "https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        WEBHOOKS,
        advice="restrict `update`/`patch` with `resourceNames` to the webhook the controller owns",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.MEDIUM,
        role_in_namespace=Severity.LOW,
    )
