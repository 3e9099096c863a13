"""The one way a view turns a field path into a finding with a file, a span and a resource."""

from __future__ import annotations

from typing import Any, Protocol

from seawall.core.finding import Finding, ResourceRef
from seawall.core.fix import Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.source import SourceFile
from seawall.core.span import Span
from seawall.parse.yaml import Path, PathPart, format_path, locate


class Located:
    """Anything that lives at ``path`` inside the YAML document ``root`` of ``source``."""

    __slots__ = ("path", "ref", "root", "source")

    def __init__(self, source: SourceFile, root: Any, path: Path, ref: ResourceRef | None) -> None:
        self.source = source
        self.root = root
        self.path = path
        self.ref = ref

    def span_at(self, *rel: PathPart, key: bool = True) -> Span:
        """The span of the field ``rel`` below this view."""
        return self.span_for(self.path + rel, key=key)

    def span_for(self, full: Path, *, key: bool = True) -> Span:
        """The span of the field at ``full``, a path from the document root."""
        span = locate(self.root, full, key=key)
        return span if span is not None else Span.point(1)

    def finding(
        self,
        rule: Rule,
        message: str,
        *rel: PathPart,
        fix: Fix | None = None,
        at_value: bool = False,
        point_at: Path | None = None,
    ) -> Finding:
        """A finding at the field ``rel`` below this view (its nearest written ancestor if absent).

        ``point_at`` (relative to this view) moves the reported position to a more telling field
        than the nearest ancestor, e.g. ``serviceAccountName`` for a missing token setting.

        The JSON ``path`` names the field the message is about even when it is missing from the
        file, so that tools can act on it.
        """
        return self.finding_at(
            rule,
            message,
            self.path + rel,
            fix=fix,
            at_value=at_value,
            point_at=None if point_at is None else self.path + point_at,
        )

    def finding_at(
        self,
        rule: Rule,
        message: str,
        full: Path,
        *,
        fix: Fix | None = None,
        at_value: bool = False,
        point_at: Path | None = None,
    ) -> Finding:
        """Like ``finding`` with paths from the document root (as ``effective`` returns)."""
        span = self.span_for(full if point_at is None else point_at, key=not at_value)
        return Finding(
            rule=rule,
            severity=rule.severity,
            message=message,
            file=self.source.display,
            span=span,
            resource=self.ref,
            path=format_path(full) if full else None,
            fix=fix,
        )


class WrittenAt(Protocol):
    """Where a merged value (compose, GitLab CI) was written: its file and its span there."""

    @property
    def source(self) -> SourceFile: ...

    def span(self, *, key: bool = True) -> Span: ...


def finding_written_at(
    rule: Rule,
    message: str,
    origin: WrittenAt | None,
    fallback: SourceFile,
    path: str | None,
    *,
    at_value: bool = False,
    span: Span | None = None,
    fix: Fix | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A finding in the file that wrote a merged value (``fallback`` when nothing did), at its
    key or value; ``span`` narrows the position within that file."""
    source = origin.source if origin else fallback
    where = span or (origin.span(key=not at_value) if origin else Span.point(1))
    return Finding(
        rule, severity or rule.severity, message, source.display, where, path=path, fix=fix
    )
