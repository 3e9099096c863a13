"""Types every layer shares: spans, severities, findings, fixes and rule metadata."""

from seawall.core.finding import Finding, ResourceRef
from seawall.core.fix import Applicability, Edit, Fix
from seawall.core.rule import Option, Rule, Status
from seawall.core.severity import Severity
from seawall.core.source import FileKind, SourceFile
from seawall.core.span import Span

__all__ = [
    "Applicability",
    "Edit",
    "FileKind",
    "Finding",
    "Fix",
    "Option",
    "ResourceRef",
    "Rule",
    "Severity",
    "SourceFile",
    "Span",
    "Status",
]
