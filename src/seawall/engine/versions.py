"""Which Kubernetes version the scan targets, and why."""

from __future__ import annotations

from collections.abc import Sequence

from seawall.engine.config import parse_version
from seawall.model.resource import Resource
from seawall.policy.kubernetes_releases import NEWEST_KNOWN


def resolve_kubernetes_version(
    requested: str | None, requested_source: str | None, resources: Sequence[Resource]
) -> tuple[tuple[int, int], str]:
    if requested:
        return parse_version(requested), requested_source or "--kubernetes-version"
    for resource in resources:
        if resource.kind == "ClusterConfiguration" and resource.is_config:
            value = resource.body.get("kubernetesVersion")
            try:
                version = parse_version(str(value))
            except ValueError:
                continue
            line = resource.span_at("kubernetesVersion").line
            return version, f"kubeadm ClusterConfiguration at {resource.source.display}:{line}"
    return NEWEST_KNOWN, "the newest version seawall knows"
