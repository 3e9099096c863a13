"""A ServiceAccount, PersistentVolumeClaim, StorageClass, PersistentVolume or PriorityClass that
an object refers to does not exist.

## What it checks
- pods and pod templates: `serviceAccountName` (and the deprecated `serviceAccount`),
  `persistentVolumeClaim.claimName` volumes and `priorityClassName`;
- `PersistentVolumeClaim`s: `storageClassName` (an empty string asks for no class and is not a
  reference; an absent one means the cluster's default class) and `volumeName`;
- `PersistentVolume`s and StatefulSet `volumeClaimTemplates`: `storageClassName`.

Built-in objects always exist: the `default` ServiceAccount of every namespace and the
`system-cluster-critical` and `system-node-critical` PriorityClasses.

External objects: a missing namespaced object (ServiceAccount, claim) is reported at this
rule's severity (`medium`) when the scan set holds other objects of its namespace, and a missing
cluster-scoped one (StorageClass, PersistentVolume, PriorityClass) when the scan set defines
other objects of that kind. Otherwise it may come from elsewhere (the cluster installer creates
StorageClasses, a platform chart the PriorityClasses): the finding is `low` and says how to
declare it, and declared objects are not reported:

```yaml
external: [StorageClass/gp3, ServiceAccount/ci/deployer]
```

How "other objects of the namespace" is judged (folders for objects written without a
namespace, system namespaces, operator-made objects) is described in `KG104`.

## Why it matters
A pod naming a ServiceAccount that does not exist is rejected by the ServiceAccount admission
controller, so its ReplicaSet never creates it. A missing claim leaves the pod `Pending`, and a
claim whose StorageClass does not exist is never provisioned. A missing PriorityClass makes the
API server reject the pod.

## Example
```yaml
spec:
  serviceAccountName: user-service      # no ServiceAccount user-service in the namespace
  priorityClassName: business-critical  # not defined anywhere
```

## Fix
Fix the name, add the object, or declare an object created elsewhere under `external`.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
- https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
- https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import Presence, missing_finding, presence

RULE = Rule(
    code="KG105",
    name="object-reference-missing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A referenced ServiceAccount, claim, StorageClass, volume or PriorityClass is missing",
    targets=("resource",),
    equivalents=("kube-linter:non-existent-service-account",),
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
        "https://kubernetes.io/docs/concepts/storage/persistent-volumes/",
    ),
)

_WHAT = {
    "serviceaccount": "runs as",
    "pvc": "mounts",
    "storageclass": "asks for storage of",
    "pv": "binds",
    "priorityClass": "is scheduled with",
}


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    for edge in edges_from(ctx.graph, resource):
        what = _WHAT.get(edge.kind)
        if what is None:
            continue
        state = presence(edge, ctx)
        if state in (Presence.EXPECTED, Presence.EXTERNAL):
            yield missing_finding(RULE, edge, state, what)
