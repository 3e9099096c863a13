"""An object is placed in the `kube-system` namespace.

## What it checks
Objects of the built-in namespaced kinds that KS206 checks (workloads, Services, ConfigMaps,
Secrets, ServiceAccounts, Roles and RoleBindings, claims, Ingresses, budgets and autoscalers)
whose `metadata.namespace` is `kube-system`.

## Why it matters
`kube-system` holds the control plane's add-ons and their credentials: the service accounts of
the controllers, bootstrap tokens, the cloud provider's secrets. Many clusters exempt it from
Pod Security, NetworkPolicies and admission policies so that those add-ons can run. An
application placed there inherits these exemptions, and whoever may deploy it gets write access
to a namespace where one mistake can take the cluster down. Info severity: cluster add-ons
(CNI, DNS, metrics-server, CSI drivers) are legitimately installed there; the finding asks to
confirm that the object is one.

## Example
```yaml
kind: Deployment
metadata:
  name: shop-api
  namespace: kube-system
```

## Fix
Deploy applications into their own namespace. Keep `kube-system` for the cluster's own
components, and suppress the finding on those.

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
- https://kubernetes.io/docs/concepts/security/multi-tenancy/
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.rules.kubernetes.KS206_default_namespace import NAMESPACED_KINDS

RULE = Rule(
    code="KM101",
    name="kube-system-namespace",
    severity=Severity.INFO,
    category="tenancy",
    summary="An object is placed in the kube-system namespace",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces",
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in NAMESPACED_KINDS or resource.is_config:
        return
    if resource.namespace is None or resource.namespace.strip() != "kube-system":
        return
    yield resource.finding(
        RULE,
        f'{resource.kind} "{resource.name or "<unnamed>"}" is placed in `kube-system`, the '
        "namespace of the cluster's own components, often exempt from Pod Security and network "
        "policy; deploy applications to their own namespace",
        "metadata",
        "namespace",
        at_value=True,
    )
