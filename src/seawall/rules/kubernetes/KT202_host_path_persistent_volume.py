"""A PersistentVolume is backed by a hostPath directory of whichever node mounts it.

## What it checks
PersistentVolumes with a `hostPath` source. (hostPath volumes written in pod specs are KS103's
case; `local` volumes, which are pinned to a node with `nodeAffinity`, are not reported.)

## Why it matters
A hostPath PersistentVolume hands a node directory to every pod that binds a claim to it, so
the RBAC right to create a PersistentVolumeClaim becomes access to the node's filesystem, past
Pod Security admission, which checks pod specs, not volumes behind claims. Its data is also
not portable: the directory is on whichever node the pod lands on, so a rescheduled pod
silently sees a different, empty directory. Kubernetes documents hostPath PersistentVolumes as
for single-node testing only.

## Example
```yaml
apiVersion: v1
kind: PersistentVolume
metadata: {name: data}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /var/data}
```

## Fix
Use a CSI-provisioned volume through a StorageClass, or a `local` PersistentVolume with
`nodeAffinity` (and `Retain`) when node-local disks are really wanted.

## References
- https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
- https://kubernetes.io/docs/concepts/storage/persistent-volumes/#types-of-persistent-volumes
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KT202",
    name="host-path-persistent-volume",
    severity=Severity.MEDIUM,
    category="storage",
    summary="A PersistentVolume is backed by a hostPath directory",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "PersistentVolume" or resource.is_config:
        return
    spec = resource.body.get("spec")
    host_path = spec.get("hostPath") if isinstance(spec, dict) else None
    if not isinstance(host_path, dict):
        return
    path = host_path.get("path")
    where = f" ({path})" if isinstance(path, str) else ""
    yield resource.finding(
        RULE,
        f'PersistentVolume "{resource.name or "<unnamed>"}" is a hostPath volume{where}: any '
        "pod whose claim binds it gets a directory of the node's filesystem, past Pod Security, "
        "and its data stays on one node; use a CSI-provisioned or `local` volume",
        "spec",
        "hostPath",
    )
