"""The default StorageClass deletes a volume's data when its claim is deleted.

## What it checks
StorageClasses marked default (`storageclass.kubernetes.io/is-default-class: "true"`, or the
old beta annotation) whose `reclaimPolicy` is `Delete` or unset (the default is `Delete`).
Also, at medium severity, a default StorageClass when another StorageClass in the same folder
is marked default too.

## Why it matters
Every claim that names no class gets the default one, so its policy is what most data in the
cluster lives under. With `Delete`, deleting a PersistentVolumeClaim (a `helm uninstall`, a
deleted namespace, a StatefulSet cleanup, a mistyped `kubectl delete`) destroys the disk and
its data at once. `Retain` keeps the volume until an administrator releases it. With more
than one default class, Kubernetes gives new claims the most recently created one, so which
storage (and which policy) a claim gets depends on the order of creation.

## Example
```yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast-ssd
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: ebs.csi.aws.com
reclaimPolicy: Delete
```

## Fix
Set `reclaimPolicy: Retain` on the default class (a new class: the field cannot be changed),
or keep `Delete` on the default and give stateful data its own `Retain` class; take snapshots
either way. Mark exactly one class default.

## References
- https://kubernetes.io/docs/concepts/storage/storage-classes/#default-storageclass
- https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaim-policy
- https://kubernetes.io/docs/tasks/administer-cluster/change-default-storage-class/
"""

import dataclasses
import posixpath
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource

RULE = Rule(
    code="KT103",
    name="default-storage-class-deletes-data",
    severity=Severity.LOW,
    category="storage",
    summary="The default StorageClass deletes a volume's data when its claim is deleted",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/concepts/storage/storage-classes/#default-storageclass",
    ),
)

_DEFAULT_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)


def is_default(resource: Resource) -> bool:
    return any(
        resource.annotations.get(key, "").strip().lower() == "true" for key in _DEFAULT_ANNOTATIONS
    )


def _annotation_path(resource: Resource) -> tuple[str, ...]:
    for key in _DEFAULT_ANNOTATIONS:
        if resource.annotations.get(key, "").strip().lower() == "true":
            return ("metadata", "annotations", key)
    return ("metadata", "annotations")


def _folder(resource: Resource) -> str:
    return posixpath.dirname(resource.source.display.replace("\\", "/"))


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "StorageClass" or resource.is_config or not is_default(resource):
        return
    label = f'StorageClass "{resource.name or "<unnamed>"}"'
    others = sorted(
        other.name or "<unnamed>"
        for other in ctx.graph.of_kind("StorageClass")
        if other is not resource
        and not other.is_config
        and is_default(other)
        and _folder(other) == _folder(resource)
    )
    if others:
        finding = resource.finding(
            RULE,
            f"{label} is marked default, and so {'is' if len(others) == 1 else 'are'} "
            f"{', '.join(others)}: new claims get whichever was created last; mark exactly one "
            "class default",
            *_annotation_path(resource),
            at_value=True,
        )
        yield dataclasses.replace(finding, severity=Severity.MEDIUM)
    policy = resource.body.get("reclaimPolicy")
    if policy not in (None, "Delete"):
        return
    how = "`reclaimPolicy: Delete`" if policy == "Delete" else "no reclaimPolicy (so Delete)"
    yield resource.finding(
        RULE,
        f"{label} is the default class and has {how}: deleting a claim that names no class "
        "destroys its volume and data; use Retain for the default or a separate Retain class "
        "for stateful data",
        "reclaimPolicy",
        at_value=True,
        point_at=None if policy == "Delete" else _annotation_path(resource),
    )
