from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.core.source import SourceFile


@dataclass(slots=True)
class ScanResult:
    """Everything a report needs. ``findings`` are the ones left after suppression and baseline,
    sorted by file, line and column."""

    findings: list[Finding]
    rules: list[Rule]
    sources: dict[str, SourceFile] = field(default_factory=dict)
    files: int = 0
    documents: int = 0
    resources: int = 0
    suppressed: int = 0
    baselined: int = 0
    duration_seconds: float = 0.0
    kubernetes_version: str | None = None
    kubernetes_version_source: str | None = None
    # ISO date the target version's support ended, when the scan runs after it
    kubernetes_version_end_of_life: str | None = None
    fail_on: Severity = Severity.LOW

    def by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity.value for f in self.findings)
        return {s.value: counts.get(s.value, 0) for s in Severity}

    def failed(self) -> bool:
        return any(f.severity >= self.fail_on for f in self.findings)

    def summary(self) -> dict[str, object]:
        return {
            "files": self.files,
            "documents": self.documents,
            "resources": self.resources,
            "findings": len(self.findings),
            "by_severity": self.by_severity(),
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "fixable": sum(1 for f in self.findings if f.fix is not None),
            "duration_seconds": round(self.duration_seconds, 3),
            "kubernetes_version": self.kubernetes_version,
            "kubernetes_version_source": self.kubernetes_version_source,
            "kubernetes_version_end_of_life": self.kubernetes_version_end_of_life,
            "fail_on": self.fail_on.value,
        }
