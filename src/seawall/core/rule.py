from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from seawall.core.severity import Severity


class Status(StrEnum):
    """Lifecycle of a rule, as ruff has it: preview rules run only when selected by full code."""

    STABLE = "stable"
    PREVIEW = "preview"
    DEPRECATED = "deprecated"


DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Fix", "References")


@dataclass(frozen=True, slots=True)
class Option:
    """A setting a rule reads from ``ctx.options``; declared beside the rule, set in configuration
    under ``options: {CODE: {name: value}}``."""

    name: str
    default: Any
    description: str
    choices: tuple[str, ...] = ()

    def validate(self, value: Any) -> str | None:
        """An error message when ``value`` does not fit this option, else None."""
        expected = type(self.default)
        if isinstance(self.default, bool) or not isinstance(self.default, list | tuple):
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                return f"expected {expected.__name__}, got {type(value).__name__}"
            if self.choices and value not in self.choices:
                return f"expected one of {', '.join(self.choices)}"
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expected a list of strings"
        if self.choices:
            wrong = [v for v in value if v not in self.choices]
            if wrong:
                return f"unknown value {wrong[0]!r}; expected any of {', '.join(self.choices)}"
        return None


_CODE = re.compile(r"^[A-Z]{2,3}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata. Rules are matched and displayed by ``code``; ``name`` is for humans."""

    code: str
    name: str
    severity: Severity
    category: str
    summary: str
    targets: tuple[str, ...]
    fixable: bool = False
    equivalents: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    status: Status = Status.STABLE
    doc: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must be 2-3 capitals and 3 digits")
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")

    def with_doc(self, doc: str | None) -> Rule:
        return Rule(
            code=self.code,
            name=self.name,
            severity=self.severity,
            category=self.category,
            summary=self.summary,
            targets=self.targets,
            fixable=self.fixable,
            equivalents=self.equivalents,
            references=self.references,
            options=self.options,
            status=self.status,
            doc=inspect.cleandoc(doc or ""),
        )

    def doc_sections(self) -> dict[str, str]:
        """The docstring split at its ``## Heading`` lines."""
        sections: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in self.doc.splitlines():
            if line.startswith("## "):
                if current is not None:
                    sections[current] = "\n".join(lines).strip()
                current, lines = line[3:].strip(), []
            elif current is not None:
                lines.append(line)
        if current is not None:
            sections[current] = "\n".join(lines).strip()
        return sections
