from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seawall.graph.external import ExternalObjects
from seawall.policy.pod_security import PodSecurityConfig

if TYPE_CHECKING:
    from seawall.graph.graph import ResourceGraph


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-wide settings a rule may read."""

    kubernetes_version: tuple[int, int] | None = None
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    pod_security: PodSecurityConfig = field(default_factory=PodSecurityConfig)
    # image repository -> Dockerfiles that build it (configuration `images`)
    images: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    # objects created outside the scanned files (configuration `external`)
    external: ExternalObjects = field(default_factory=ExternalObjects)


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule's ``check`` may read besides its view: the resource graph, the settings and
    its own options (defaults merged with configuration)."""

    graph: ResourceGraph
    settings: Settings
    options: Mapping[str, Any]

    def option(self, name: str) -> Any:
        return self.options[name]
