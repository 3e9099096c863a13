"""The public value types: policy levels and violations."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PathPart = str | int
FieldPath = tuple[PathPart, ...]


class Level(StrEnum):
    """A Pod Security Standards level. Each level includes every check of the level below it."""

    PRIVILEGED = "privileged"
    BASELINE = "baseline"
    RESTRICTED = "restricted"


@dataclass(frozen=True, slots=True)
class Violation:
    """One offending (or missing) field of a pod, and the upstream check it fails.

    ``path`` is relative to the Pod object root (``("spec", "containers", 0, ...)``); when a
    required field is missing it names the field that should be set.
    """

    check: str
    level: Level
    path: FieldPath
    message: str
    fix: str

    @property
    def dotted_path(self) -> str:
        """``spec.containers[0].securityContext.privileged``: the path as kubectl writes it."""
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            elif "." in part or "/" in part:
                # annotation keys carry dots and slashes; bracket them like field.Path.Key does
                out += f"[{part}]"
            else:
                out += f".{part}" if out else part
        return out
