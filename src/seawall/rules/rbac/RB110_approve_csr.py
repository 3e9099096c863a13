"""A role lets its holders approve certificate signing requests.

## What it checks
A Role or ClusterRole whose rules allow both `update` or `patch` on
`certificatesigningrequests/approval` and `approve` on `signers` of `certificates.k8s.io`,
without `resourceNames`; each entry of the pair is reported. `high` for ClusterRoles.

## Why it matters
A CSR for the `kubernetes.io/kube-apiserver-client` signer can name any user and group,
`system:masters` included. Whoever can approve such requests can mint a client certificate for
cluster-admin, valid until it expires and impossible to revoke.

## Example
```yaml
kind: ClusterRole
metadata: {name: csr-approver}
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [certificatesigningrequests/approval]
    verbs: [update]
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    verbs: [approve]
```

## Fix
Restrict the `signers` rule to the one signer the approver handles (for example
`example.com/my-signer`) with `resourceNames`.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import CSR_APPROVE, permission_findings

RULE = Rule(
    code="RB110",
    name="role-approves-certificates",
    severity=Severity.HIGH,
    category="security",
    summary="A role lets its holders approve certificate signing requests",
    targets=("resource",),
    equivalents=("CKV_K8S_156",),
    references=(
        "https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    yield from permission_findings(
        RULE,
        resource,
        ctx,
        CSR_APPROVE,
        advice="name the signer it approves for in `resourceNames` of the `signers` rule",
        cluster_wide=Severity.HIGH,
        cluster_role=Severity.HIGH,
        role_in_namespace=Severity.LOW,
    )
