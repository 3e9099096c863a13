from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from seawall.core.lines import LineIndex


class FileKind(StrEnum):
    """What a file is, decided from its name and content."""

    KUBERNETES = "kubernetes"
    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    HELM_CHART = "helm-chart"
    HELM_TEMPLATE = "helm-template"
    HELM_VALUES = "helm-values"
    KUBEADM = "kubeadm"
    GITLAB_CI = "gitlab-ci"
    YAML = "yaml"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class SourceFile:
    """One input file as read from disk (or stdin), before and after decoding.

    ``display`` is the path shown to users and written into reports: relative to the current
    directory when the file lies below it, else absolute; ``-`` names stdin.
    """

    path: Path
    display: str
    kind: FileKind
    text: str = ""
    _lines: LineIndex | None = field(default=None, repr=False)
    # which alternative rendering this is (a Helm chart rendered with a `ci/` values scenario):
    # objects of different variants are never applied together
    variant: str | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None or self._lines.text is not self.text:
            self._lines = LineIndex(self.text)
        return self._lines

    def line_starts(self) -> list[int]:
        return self.lines.starts()

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its newline ('' when out of range)."""
        starts = self.line_starts()
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")
