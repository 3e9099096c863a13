"""A hand-made local or hostPath PersistentVolume asks to be deleted on release.

## What it checks
PersistentVolumes with a `local` or `hostPath` source and
`persistentVolumeReclaimPolicy: Delete`. A hostPath volume under `/tmp/` is skipped: that is
the one case the built-in hostPath deleter handles.

## Why it matters
`Delete` asks a volume plugin to destroy the storage when the claim goes away. The `local`
plugin has no deleter at all, and the hostPath deleter refuses every path outside `/tmp/`. So
when the claim is deleted the volume goes to `Failed` ("no deletable volume plugin matched", or
"host_path deleter only supports /tmp/.+"): the data stays on the node, nobody can bind the
volume again, and an administrator has to clean the disk and delete the PersistentVolume by
hand. Only the local static provisioner, which cleans the disk itself, handles `Delete` for
local volumes, and it creates its PersistentVolumes itself rather than from the repository.

## Example
```yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv-1
spec:
  persistentVolumeReclaimPolicy: Delete
  storageClassName: local-storage
  local:
    path: /mnt/disks/ssd1
```

## Fix
Use `persistentVolumeReclaimPolicy: Retain` (the default for hand-made volumes) and clean and
recreate the volume deliberately, or let the local static provisioner manage the disks.

## References
- https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming
- https://kubernetes.io/docs/concepts/storage/volumes/#local
- https://github.com/kubernetes-sigs/sig-storage-local-static-provisioner
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KT102",
    name="local-volume-delete-reclaim",
    severity=Severity.MEDIUM,
    category="storage",
    summary="A hand-made local or hostPath PersistentVolume asks to be deleted on release",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "PersistentVolume" or resource.is_config:
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict) or spec.get("persistentVolumeReclaimPolicy") != "Delete":
        return
    label = f'PersistentVolume "{resource.name or "<unnamed>"}"'
    if isinstance(spec.get("local"), dict):
        why = "the local volume plugin cannot delete anything"
    elif isinstance(spec.get("hostPath"), dict):
        path = str(spec["hostPath"].get("path", ""))
        if path.startswith("/tmp/") and len(path) > len("/tmp/"):
            return
        why = "the hostPath deleter only removes paths under /tmp/"
    else:
        return
    yield resource.finding(
        RULE,
        f"{label} is a hand-made node-local volume with `persistentVolumeReclaimPolicy: "
        f"Delete`, but {why}: when its claim is deleted the volume goes to Failed and keeps "
        "its data on the node; use Retain and clean it deliberately",
        "spec",
        "persistentVolumeReclaimPolicy",
        at_value=True,
    )
