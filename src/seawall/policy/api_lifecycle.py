"""Kubernetes API versions that were removed, with the release that removed them.

A view of the reviewed data file ``policy/data/api_lifecycle.yaml`` (see
``seawall.policy.lifecycle``), keyed by ``(apiVersion, kind)``: only the Kubernetes removals,
which the schema rules (KV001, KV003) leave to KA101.
"""

from __future__ import annotations

from dataclasses import dataclass

from seawall.policy.lifecycle import api_entry, label


@dataclass(frozen=True, slots=True)
class Removal:
    api_version: str
    kind: str
    removed_in: tuple[int, int]
    replacement: str | None

    @property
    def removed_label(self) -> str:
        return label(self.removed_in)


def removal_of(api_version: str, kind: str) -> Removal | None:
    """The Kubernetes release that removed this apiVersion/kind, if one did."""
    entry = api_entry(api_version, kind)
    if entry is None or entry.removed_in is None:
        return None
    return Removal(entry.api_version, entry.kind, entry.removed_in, entry.replacement)
