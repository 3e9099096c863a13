"""Output formats: each module turns a ``ScanResult`` into the text one consumer expects.

Every renderer is a pure function of the result (plus, for SARIF, the current directory that
relative paths are resolved against); none writes files or reads configuration.
"""

from __future__ import annotations

from typing import Protocol

from seawall.engine.result import ScanResult
from seawall.report.github import render as _github
from seawall.report.gitlab import render as _gitlab
from seawall.report.json import render as _json
from seawall.report.junit import render as _junit
from seawall.report.sarif import render as _sarif
from seawall.report.text import render as _text


class Renderer(Protocol):
    def __call__(self, result: ScanResult, *, color: bool = False) -> str: ...


FORMATS: dict[str, Renderer] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "junit": _junit,
    "gitlab": _gitlab,
    "github": _github,
}


def render(fmt: str, result: ScanResult, *, color: bool = False) -> str:
    """Render ``result`` in format ``fmt``; ``color`` only affects formats meant for terminals."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown output format {fmt!r}; expected one of {known}") from None
    return renderer(result, color=color)


__all__ = ["FORMATS", "Renderer", "render"]
