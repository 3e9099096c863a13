"""``ChartView``: what chart rules (target ``helm-chart``) read about one top-level chart."""

from __future__ import annotations

from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.helm.chart import ChartTree
from seawall.parse.yaml import Path, format_path, locate


class ChartView:
    """A chart with its ``Chart.yaml``, default values and templates, and how rendering went.

    ``rendered`` is False when no Helm engine was available or rendering failed; ``objects``
    counts the Kubernetes objects the default render produced.
    """

    __slots__ = ("objects", "rendered", "source", "tree")

    def __init__(self, tree: ChartTree, source: SourceFile) -> None:
        self.tree = tree
        self.source = source  # Chart.yaml
        self.rendered = False
        self.objects = 0

    @property
    def chart_yaml(self) -> Any:
        return self.tree.chart_yaml

    @property
    def values(self) -> Any:
        return self.tree.values

    @property
    def label(self) -> str:
        return f"chart {self.tree.name}"

    def own_templates(self) -> list[SourceFile]:
        """The chart's own templates and helpers (not its subcharts')."""
        prefix = self.tree.key + "/templates/"
        return [s for k, s in self.tree.templates.items() if k.startswith(prefix)]

    def template_text(self) -> str:
        return "\n".join(s.text for s in self.own_templates())

    def finding(
        self, rule: Rule, message: str, span: Span, source: SourceFile | None = None
    ) -> Finding:
        where = source or self.source
        return Finding(rule, rule.severity, message, where.display, span)

    def chart_finding(
        self, rule: Rule, message: str, *path: str | int, at_value: bool = False
    ) -> Finding:
        """A finding at ``path`` in ``Chart.yaml`` (its nearest written ancestor if absent)."""
        return self._at(rule, message, self.source, self.tree.chart_yaml, path, at_value)

    def values_finding(
        self, rule: Rule, message: str, *path: str | int, at_value: bool = False
    ) -> Finding:
        """A finding at ``path`` in the chart's ``values.yaml``."""
        source = self.tree.values_source or self.source
        root = self.tree.values if self.tree.values_source is not None else self.tree.chart_yaml
        return self._at(rule, message, source, root, path, at_value)

    def _at(
        self,
        rule: Rule,
        message: str,
        source: SourceFile,
        root: Any,
        path: Path,
        at_value: bool,
    ) -> Finding:
        span = locate(root, path, key=not at_value) if root is not None else None
        return Finding(
            rule,
            rule.severity,
            message,
            source.display,
            span or Span.point(1),
            path=format_path(path) if path else None,
        )
