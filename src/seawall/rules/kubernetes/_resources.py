"""Shared by the resource-requirement rules (KR101, KR102)."""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.model.podspec import PodSpecView

RESOURCE_NAMES = ("cpu", "memory", "ephemeral-storage")


def missing_resources(
    pod: PodSpecView, rule: Rule, section: str, wanted: list[str], why: str
) -> Iterator[Finding]:
    """One finding per container that lacks any of ``wanted`` under ``resources.<section>``."""
    for container in pod.containers:
        if container.group == "ephemeralContainers":
            continue  # the API forbids resources on ephemeral containers
        resources = container.body.get("resources")
        declared = resources.get(section) if isinstance(resources, dict) else None
        have = declared if isinstance(declared, dict) else {}
        missing = [name for name in wanted if have.get(name) in (None, "")]
        if not missing:
            continue
        names = " and ".join(missing)
        # the path names the missing field; its span falls back to the nearest written ancestor
        yield container.finding(
            rule, f"{container.label} has no {names} {section[:-1]}; {why}", "resources", section
        )
