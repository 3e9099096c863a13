"""Reviewed data files that ship inside the package."""

from __future__ import annotations

from importlib import resources


def read_data(name: str) -> str:
    """The text of the packaged data file ``name`` (works from a wheel, a zip or a checkout)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
