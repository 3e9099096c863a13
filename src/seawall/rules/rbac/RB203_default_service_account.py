"""A binding grants permissions to a namespace's `default` ServiceAccount.

## What it checks
Subjects of RoleBindings and ClusterRoleBindings of kind `ServiceAccount` named `default`.
Severity: `high` when the role allows a dangerous permission (reading Secrets, exec, creating
pods, impersonation, escalate/bind, RBAC changes, nodes/proxy, admission webhooks, certificate
approval, or everything), `low` otherwise (and when the role is not in the scan).

## Why it matters
Every pod that names no ServiceAccount runs as `default`, so a permission given to it goes to
every such pod of the namespace, including ones added later by people who never saw the binding.
CIS Kubernetes Benchmark 5.1.5 asks that default ServiceAccounts are not actively used.

## Example
```yaml
kind: RoleBinding
metadata: {name: app, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
subjects:
  - {kind: ServiceAccount, name: default, namespace: shop}
```

## Fix
Create a ServiceAccount for the workload that needs the permissions, bind the role to it and set
`serviceAccountName` on that workload's pods.

## References
- https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/
- CIS Kubernetes Benchmark 5.1.5
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.rbac import subjects_of
from seawall.model.resource import Resource
from seawall.rules.rbac._permissions import (
    at_subject,
    judged_binding,
    what_it_grants,
    with_severity,
)

RULE = Rule(
    code="RB203",
    name="default-service-account-binding",
    severity=Severity.LOW,
    category="security",
    summary="A binding grants permissions to a namespace's default ServiceAccount",
    targets=("resource",),
    equivalents=("CKV_K8S_42", "CIS-5.1.5"),
    references=("https://kubernetes.io/docs/concepts/security/service-accounts/",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    bound = judged_binding(resource, ctx)
    if bound is None:
        return
    dangerous, granted = what_it_grants(bound)
    for subject in subjects_of(resource):
        if subject.kind != "ServiceAccount" or subject.name != "default":
            continue
        message = (
            f"{resource.kind} {resource.name} grants {granted} to {subject.label}, which every "
            "pod of that namespace without a serviceAccountName runs as; bind a dedicated "
            "ServiceAccount instead"
        )
        severity = Severity.HIGH if dangerous else Severity.LOW
        yield with_severity(at_subject(RULE, resource, subject, message), severity)
