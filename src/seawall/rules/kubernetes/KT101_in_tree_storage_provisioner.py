"""A StorageClass names an in-tree volume provisioner that moved to a CSI driver.

## What it checks
StorageClasses whose `provisioner` is one of the in-tree plugins Kubernetes migrated to CSI:
`kubernetes.io/aws-ebs` (CSI driver `ebs.csi.aws.com`, in-tree code removed in 1.27),
`kubernetes.io/gce-pd` (`pd.csi.storage.gke.io`, removed in 1.28), `kubernetes.io/azure-disk`
(`disk.csi.azure.com`, removed in 1.27), `kubernetes.io/cinder` (`cinder.csi.openstack.org`,
removed in 1.26), `kubernetes.io/azure-file` (`file.csi.azure.com`),
The message says, for the target Kubernetes version, whether the in-tree plugin still exists.

## Why it matters
Since CSI migration, every operation on these classes is redirected to the CSI driver, and
once the in-tree code is gone nothing else can serve them: without the CSI driver installed,
new claims stay `Pending` and existing volumes cannot be attached. The class also keeps the
in-tree parameter names, and features that only the CSI driver offers (snapshots, newer volume
types, volume attributes classes) are unavailable through it.

## Example
```yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast-ssd
provisioner: kubernetes.io/aws-ebs
parameters:
  type: gp3
```

## Fix
Install the CSI driver and create a new StorageClass that names it (a StorageClass's
provisioner cannot be changed in place):
```yaml
provisioner: ebs.csi.aws.com
parameters:
  type: gp3
```
Then point new claims at it; existing volumes keep working through migration.

## References
- https://kubernetes.io/docs/concepts/storage/volumes/#csi-migration
- https://kubernetes.io/docs/concepts/storage/storage-classes/#provisioner
- https://kubernetes-csi.github.io/docs/drivers.html
"""

from collections.abc import Iterator
from typing import NamedTuple

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KT101",
    name="in-tree-storage-provisioner",
    severity=Severity.MEDIUM,
    category="storage",
    summary="A StorageClass names an in-tree provisioner that moved to a CSI driver",
    targets=("resource",),
    references=("https://kubernetes.io/docs/concepts/storage/volumes/#csi-migration",),
)


class InTree(NamedTuple):
    csi_driver: str | None
    removed_in: tuple[int, int] | None


IN_TREE: dict[str, InTree] = {
    "kubernetes.io/aws-ebs": InTree("ebs.csi.aws.com", (1, 27)),
    "kubernetes.io/gce-pd": InTree("pd.csi.storage.gke.io", (1, 28)),
    "kubernetes.io/azure-disk": InTree("disk.csi.azure.com", (1, 27)),
    "kubernetes.io/cinder": InTree("cinder.csi.openstack.org", (1, 26)),
    "kubernetes.io/azure-file": InTree("file.csi.azure.com", None),
    "kubernetes.io/vsphere-volume": InTree("csi.vsphere.vmware.com", None),
    "kubernetes.io/glusterfs": InTree(None, (1, 26)),
}


def _version(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "StorageClass" or resource.is_config:
        return
    provisioner = resource.body.get("provisioner")
    if not isinstance(provisioner, str) or provisioner.strip() not in IN_TREE:
        return
    name = provisioner.strip()
    entry = IN_TREE[name]
    target = ctx.settings.kubernetes_version
    label = f'StorageClass "{resource.name or "<unnamed>"}"'
    if entry.csi_driver is None:
        removed = _version(entry.removed_in) if entry.removed_in else "a past release"
        if target is not None and entry.removed_in is not None and target < entry.removed_in:
            state = f"is deprecated and removed in {removed}, with no CSI migration"
        else:
            state = f"was removed in {removed} with no CSI migration: claims of this class fail"
        yield resource.finding(
            RULE,
            f"{label} uses the in-tree provisioner {name}, which {state}; move the data to a "
            "CSI-backed storage class",
            "provisioner",
            at_value=True,
        )
        return
    driver = entry.csi_driver
    if entry.removed_in is None:
        state = "is deprecated and redirected to"
    elif target is not None and target < entry.removed_in:
        state = (
            f"still exists at {_version(target)} but is removed in "
            f"{_version(entry.removed_in)}; operations are already redirected to"
        )
    else:
        where = f"at {_version(target)}" if target is not None else "now"
        state = (
            f"was removed in {_version(entry.removed_in)}; {where} the class works only "
            "through CSI migration, served by"
        )
    yield resource.finding(
        RULE,
        f"{label} uses the in-tree provisioner {name}, which {state} the CSI driver {driver}, "
        f"which the cluster must run; create a class with `provisioner: {driver}`",
        "provisioner",
        at_value=True,
    )
