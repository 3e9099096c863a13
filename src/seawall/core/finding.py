from __future__ import annotations

from dataclasses import dataclass

from seawall.core.fix import Fix
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.span import Span


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """Identity of a Kubernetes object, as written in its manifest (namespace may be absent)."""

    api_version: str
    kind: str
    namespace: str | None
    name: str

    def label(self) -> str:
        ns = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {ns}{self.name}"

    def as_json(self) -> dict[str, str | None]:
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place; ``severity`` may differ from the rule's default by config."""

    rule: Rule
    severity: Severity
    message: str
    file: str
    span: Span
    resource: ResourceRef | None = None
    path: str | None = None
    fix: Fix | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.span.line, self.span.column, self.rule.code, self.message)
