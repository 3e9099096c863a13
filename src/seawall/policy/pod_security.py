"""Which Pod Security level each namespace demands, and who says so.

The sources, strongest first:
1. ``--pod-security NAMESPACE:MODE=LEVEL[@VERSION]`` on the command line;
2. the ``pod-security.kubernetes.io/<mode>[-version]`` labels of a ``Namespace`` object in the scan
   (what the cluster will actually hold);
3. ``pod_security.namespaces`` in the configuration;
4. defaults for every other namespace: ``--pod-security MODE=LEVEL[@VERSION]``, then
   ``pod_security.default`` in the configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.policy.pss import LATEST, Level, parse_policy_version

MODES = ("enforce", "warn", "audit")
LABEL_PREFIX = "pod-security.kubernetes.io/"
_SETTING = re.compile(
    r"^(?:(?P<ns>[a-z0-9]([-a-z0-9]*[a-z0-9])?):)?(?P<mode>enforce|warn|audit)="
    r"(?P<level>[a-z]+)(?:@(?P<version>\S+))?$"
)


@dataclass(frozen=True, slots=True)
class ModePolicy:
    """One mode of one namespace: the level, the policy version, and where they were set."""

    mode: str
    level: Level
    version: tuple[int, int]
    version_label: str
    source: str


@dataclass(frozen=True, slots=True)
class LevelSetting:
    level: Level
    version: str = "latest"
    source: str = ""


@dataclass(frozen=True, slots=True)
class PodSecurityConfig:
    """Configured levels: ``default`` for namespaces with nothing better, ``namespaces`` by name.
    ``overrides`` (from the command line) beat the Namespace objects in the scan."""

    default: Mapping[str, LevelSetting] = field(default_factory=dict)
    namespaces: Mapping[str, Mapping[str, LevelSetting]] = field(default_factory=dict)
    overrides: Mapping[str, Mapping[str, LevelSetting]] = field(default_factory=dict)


def version_label(version: tuple[int, int]) -> str:
    return f"v{version[0]}.{version[1]}"


def _mode_policy(mode: str, setting: LevelSetting) -> ModePolicy:
    version = parse_policy_version(setting.version)
    label = "latest" if setting.version == "latest" else version_label(version)
    return ModePolicy(mode, setting.level, version, label, setting.source)


def parse_level(text: str) -> Level:
    try:
        return Level(text.strip().lower())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a Pod Security level; use privileged, baseline or restricted"
        ) from None


def parse_setting(text: str) -> tuple[str | None, str, LevelSetting]:
    """``[NAMESPACE:]MODE=LEVEL[@VERSION]`` from the command line."""
    match = _SETTING.match(text.strip())
    if not match:
        raise ValueError(
            f"{text!r}: write [NAMESPACE:]MODE=LEVEL[@VERSION], e.g. enforce=baseline or "
            "prod:enforce=restricted@v1.30"
        )
    level = parse_level(match["level"])
    version = match["version"] or "latest"
    parse_policy_version(version)
    return match["ns"], match["mode"], LevelSetting(level, version, f"--pod-security {text}")


def namespace_policy(
    namespace: str, graph: ResourceGraph, config: PodSecurityConfig
) -> dict[str, ModePolicy]:
    """The modes in force for ``namespace`` (a mode absent from the result is not set)."""
    result: dict[str, ModePolicy] = {}
    for mode, setting in config.default.items():
        result[mode] = _mode_policy(mode, setting)
    for mode, setting in config.namespaces.get(namespace, {}).items():
        result[mode] = _mode_policy(mode, setting)
    obj = graph.get("Namespace", None, namespace)
    if obj is not None:
        result.update(_from_labels(obj.labels, obj, namespace))
    for mode, setting in config.overrides.get(namespace, {}).items():
        result[mode] = _mode_policy(mode, setting)
    return result


def _from_labels(labels: Mapping[str, str], obj: Resource, namespace: str) -> dict[str, ModePolicy]:
    out: dict[str, ModePolicy] = {}
    for mode in MODES:
        key = LABEL_PREFIX + mode
        if key not in labels:
            continue
        try:
            level = parse_level(labels[key])
        except ValueError:
            continue  # reported by the label rule; the admission controller ignores it too
        raw_version = labels.get(f"{key}-version", "latest") or "latest"
        try:
            version = parse_policy_version(raw_version)
        except ValueError:
            version, raw_version = LATEST, "latest"
        line = obj.span_at("metadata", "labels", key).line
        source = f'Namespace "{namespace}" ({obj.source.display}:{line}) label {key}'
        label = "latest" if raw_version == "latest" else version_label(version)
        out[mode] = ModePolicy(mode, level, version, label, source)
    return out
