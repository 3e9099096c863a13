"""An object is placed in the `default` namespace.

## What it checks
Objects of the built-in namespaced kinds (workloads, Services, ConfigMaps, Secrets,
ServiceAccounts, Roles and RoleBindings, PersistentVolumeClaims, Ingresses,
PodDisruptionBudgets, HorizontalPodAutoscalers) whose
`metadata.namespace` is `default`. Objects without a namespace are not reported: where they
land is decided when they are applied (`kubectl -n`, a kustomization's `namespace:`, Helm's
`--namespace`), not in the file. Cluster-scoped kinds and custom resources are not checked; the
`kubernetes` Service and the `default` ServiceAccount, which Kubernetes itself creates there,
are skipped, and so are NetworkPolicies, ResourceQuotas and LimitRanges: placed in `default`,
they guard it.

## Why it matters
`default` is where everything lands by accident, so it is the namespace nobody owns: it usually
has no Pod Security labels, no NetworkPolicies, no ResourceQuota, and every user with access to
the cluster can read and change it. Workloads sharing it cannot be separated by RBAC or network
policy. Low severity: it is hygiene, not an exploit.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: default
```

## Fix
Create a namespace per application or team (with Pod Security labels, a default-deny
NetworkPolicy and a quota) and set `metadata.namespace` to it (or leave it out and set the
namespace when deploying).

## References
- https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
- CIS Kubernetes Benchmark 5.7.4
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KS206",
    name="default-namespace",
    severity=Severity.LOW,
    category="security",
    summary="An object is placed in the default namespace",
    targets=("resource",),
    equivalents=("CKV_K8S_21", "KSV110", "CIS-5.7.4", "kube-linter:use-namespace"),
    references=("https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",),
)

NAMESPACED_KINDS = frozenset(
    {
        "Pod",
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
        "ReplicationController",
        "Job",
        "CronJob",
        "PodTemplate",
        "Service",
        "ConfigMap",
        "Secret",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "PersistentVolumeClaim",
        "Ingress",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
    }
)
# created by Kubernetes in the default namespace
_BUILT_IN = {("Service", "kubernetes"), ("ServiceAccount", "default")}


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind not in NAMESPACED_KINDS or resource.is_config:
        return
    if (resource.kind, resource.name) in _BUILT_IN:
        return
    if resource.namespace is None or resource.namespace.strip() != "default":
        return
    yield resource.finding(
        RULE,
        f'{resource.kind} "{resource.name or "<unnamed>"}" is placed in the `default` '
        "namespace, which usually has no Pod Security labels, NetworkPolicies or quota; use "
        "the application's own namespace",
        "metadata",
        "namespace",
        at_value=True,
    )
