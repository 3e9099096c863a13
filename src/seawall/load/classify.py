"""Decide what a file is from its name first, then from its parsed content."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from seawall.core.source import FileKind

YAML_SUFFIXES = (".yaml", ".yml")
_DOCKERFILE_NAMES = ("dockerfile", "containerfile")
_COMPOSE_PATTERNS = (
    "compose.yaml",
    "compose.yml",
    "compose.*.yaml",
    "compose.*.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
    "docker-compose.*.yaml",
    "docker-compose.*.yml",
    "docker-compose-*.yaml",
    "docker-compose-*.yml",
)
_GITLAB_PATTERNS = (".gitlab-ci.yml", ".gitlab-ci.yaml", "*.gitlab-ci.yml", "*.gitlab-ci.yaml")
_CONFIG_API_GROUPS = ("kubeadm.k8s.io/", "kubelet.config.k8s.io/", "kubeproxy.config.k8s.io/")
_CONFIG_KINDS = frozenset(
    {
        "InitConfiguration",
        "ClusterConfiguration",
        "JoinConfiguration",
        "ResetConfiguration",
        "UpgradeConfiguration",
        "KubeletConfiguration",
        "KubeProxyConfiguration",
        # the API server's encryption at rest file: read by kube-apiserver, never applied
        "EncryptionConfiguration",
    }
)
_GITLAB_KEYWORDS = frozenset({"stages", "include", "default", "workflow", "variables"})
_COMPOSE_KEYS = frozenset({"services", "version", "volumes", "networks", "secrets", "configs"})


def is_dockerfile_name(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".dockerignore"):  # `Dockerfile.dockerignore` is the ignore file for it
        return False
    if lower in _DOCKERFILE_NAMES or lower.endswith(".dockerfile"):
        return True
    return any(lower.startswith(base + ".") for base in _DOCKERFILE_NAMES)


def kind_from_name(path: PurePath, chart_root: PurePath | None) -> FileKind | None:
    """The kind a file's name (and place in a Helm chart) decides; None when content must."""
    name = path.name
    if is_dockerfile_name(name):
        return FileKind.DOCKERFILE
    if chart_root is not None:
        relative = path.relative_to(chart_root).parts
        if relative == ("Chart.yaml",):
            return FileKind.HELM_CHART
        if relative and relative[0] == "templates":
            return FileKind.HELM_TEMPLATE
        if len(relative) == 1 and fnmatch.fnmatch(name, "values*.y*ml"):
            return FileKind.HELM_VALUES
        if len(relative) == 2 and relative[0] == "ci" and name.endswith(YAML_SUFFIXES):
            return FileKind.HELM_VALUES
    lower = name.lower()
    if any(fnmatch.fnmatch(lower, p) for p in _GITLAB_PATTERNS):
        return FileKind.GITLAB_CI
    if any(fnmatch.fnmatch(lower, p) for p in _COMPOSE_PATTERNS):
        return FileKind.COMPOSE
    return None


def is_config_api(api_version: object, kind: object) -> bool:
    """kubeadm, kubelet and kube-proxy configuration, and the API server's EncryptionConfiguration
    (read by tools and components, never sent to a cluster)."""
    if isinstance(api_version, str) and api_version.startswith(_CONFIG_API_GROUPS):
        return True
    return isinstance(kind, str) and kind in _CONFIG_KINDS


def kind_from_content(roots: Sequence[Any]) -> FileKind:
    """Classify parsed YAML documents whose file name did not decide."""
    objects = [r for r in roots if isinstance(r, dict)]
    if not objects:
        return FileKind.YAML
    if any(is_config_api(o.get("apiVersion"), o.get("kind")) for o in objects):
        return FileKind.KUBEADM
    if any("apiVersion" in o and "kind" in o for o in objects):
        return FileKind.KUBERNETES
    first = objects[0]
    services = first.get("services")
    if isinstance(services, dict) and set(first) <= _COMPOSE_KEYS | {"name", "include"} | {
        k for k in first if isinstance(k, str) and k.startswith("x-")
    }:
        return FileKind.COMPOSE
    if _looks_like_gitlab_ci(first):
        return FileKind.GITLAB_CI
    return FileKind.YAML


def _looks_like_gitlab_ci(root: dict[Any, Any]) -> bool:
    jobs = [v for v in root.values() if isinstance(v, dict) and "script" in v]
    return bool(jobs) and (bool(_GITLAB_KEYWORDS & set(root)) or len(jobs) >= 2)
