"""Kubernetes minor releases and their end-of-life dates.

Sources: the release pages at https://kubernetes.io/releases/1.N/ ("End Of Life Date"), read on
2026-11-27 for 1.30 and 1.33 to 1.37. For 1.25 to 1.29, 1.31 and 1.32 the dates are the ones the
release team's schedule planned (two months after the maintenance-mode start). Those releases are
long past their end either way, so a few weeks of difference cannot change a finding made today.
Review this table at every Kubernetes minor release (three a year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class KubernetesRelease:
    version: tuple[int, int]
    end_of_life: date
    confirmed: bool  # read from the release's own page rather than the planned schedule

    @property
    def label(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


RELEASES: dict[tuple[int, int], KubernetesRelease] = {
    release.version: release
    for release in (
        KubernetesRelease((1, 25), date(2023, 10, 28), False),
        KubernetesRelease((1, 26), date(2024, 2, 28), False),
        KubernetesRelease((1, 27), date(2024, 6, 28), False),
        KubernetesRelease((1, 28), date(2024, 10, 28), False),
        KubernetesRelease((1, 29), date(2025, 2, 28), False),
        KubernetesRelease((1, 30), date(2025, 7, 15), True),
        KubernetesRelease((1, 31), date(2025, 10, 28), False),
        KubernetesRelease((1, 32), date(2026, 2, 28), False),
        KubernetesRelease((1, 33), date(2026, 6, 28), True),
        KubernetesRelease((1, 34), date(2026, 10, 27), True),
        KubernetesRelease((1, 35), date(2027, 2, 28), True),
        KubernetesRelease((1, 36), date(2027, 6, 28), True),
        KubernetesRelease((1, 37), date(2027, 10, 28), True),
    )
}

NEWEST_KNOWN: tuple[int, int] = max(RELEASES)
OLDEST_LISTED: tuple[int, int] = min(RELEASES)


def supported_on(day: date) -> list[KubernetesRelease]:
    return [r for r in RELEASES.values() if r.end_of_life > day]


def is_end_of_life(version: tuple[int, int], day: date) -> bool | None:
    """True past the end of life; None for a version this table does not know."""
    release = RELEASES.get(version)
    if release is None:
        return True if version < OLDEST_LISTED else None
    return day >= release.end_of_life
