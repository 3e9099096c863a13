"""Restricted volume types: only inline sources that cannot reach the node or the network."""

from __future__ import annotations

from seawall.policy.pss.base import Issue
from seawall.policy.pss.pod import Pod, as_map, get_list, get_map, get_str, quote

# image was added in place to the single v1.0 revision (Kubernetes 1.33), so it is allowed at
# every policy version.
ALLOWED = (
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
)
# The other VolumeSource members, in upstream's reporting order.
FORBIDDEN = (
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
)


def restricted_volumes_1_0(pod: Pod) -> list[Issue]:
    issues: list[Issue] = []
    for index, item in enumerate(get_list(pod.spec, "volumes")):
        volume = as_map(item)
        if volume is None or any(get_map(volume, key) is not None for key in ALLOWED):
            continue
        kind = next((key for key in FORBIDDEN if get_map(volume, key) is not None), None)
        if kind is None:
            # No known source at all: the API server defaults such a volume to emptyDir before
            # admission runs, so it is allowed.
            continue
        name = get_str(volume, "name") or ""
        issues.append(
            Issue(
                ("spec", "volumes", index, kind),
                f"volume {quote(name)} must not use the restricted volume type {kind}",
                "Use a persistentVolumeClaim (or configMap, secret, emptyDir, projected, csi, "
                "ephemeral) instead.",
            )
        )
    return issues
