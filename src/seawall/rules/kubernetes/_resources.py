"""Shared by the resource-requirement rules (KR101, KR102, KR201)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

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


_QUANTITY = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$")
_SUFFIXES: dict[str, Fraction] = {
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 1000),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "P": Fraction(10**15),
    "E": Fraction(10**18),
    "Ki": Fraction(2**10),
    "Mi": Fraction(2**20),
    "Gi": Fraction(2**30),
    "Ti": Fraction(2**40),
    "Pi": Fraction(2**50),
    "Ei": Fraction(2**60),
}


def parse_quantity(value: object) -> Fraction | None:
    """A Kubernetes quantity (``500m``, ``0.5``, ``128Mi``, ``1e3``) as an exact number; None
    for anything else (templates, typos: KV001 reports malformed quantities)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value))
    if not isinstance(value, str):
        return None
    match = _QUANTITY.match(value.strip())
    if match is None:
        return None
    number, suffix = Fraction(match[1]), match[2]
    if suffix is None:
        return number
    if suffix[0] in "eE":
        return number * Fraction(10) ** int(suffix[1:])
    return number * _SUFFIXES[suffix]
