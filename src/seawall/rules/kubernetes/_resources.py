"""Shared by the resource-requirement rules (KR101, KR102)."""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.model.podspec import PodSpecView

RESOURCE_NAMES = ("cpu", "memory", "ephemeral-storage")


def _declared(resources: object, section: str, name: str) -> bool:
    values = resources.get(section) if isinstance(resources, dict) else None
    return isinstance(values, dict) and values.get(name) not in (None, "")


def missing_resources(
    pod: PodSpecView, rule: Rule, section: str, wanted: list[str], why: str
) -> Iterator[Finding]:
    """One finding per container that lacks any of ``wanted`` under ``resources.<section>``."""
    for container in pod.containers:
        if container.group == "ephemeralContainers":
            continue  # the API forbids resources on ephemeral containers
        resources = container.body.get("resources")
        missing = [
            name
            for name in wanted
            if not _declared(resources, section, name)
            # Kubernetes uses a limit as the request when no request is given
            and not (section == "requests" and _declared(resources, "limits", name))
        ]
        if not missing:
            continue
        names = " and ".join(missing)
        # the path names the missing field; its span falls back to the nearest written ancestor
        yield container.finding(
            rule, f"{container.label} has no {names} {section[:-1]}; {why}", "resources", section
        )
