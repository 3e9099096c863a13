"""Validate documents against JSON schemas, with every error listed when one fails."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from jsonschema.validators import validator_for

REPORT_SCHEMAS = Path(__file__).parent / "report_schemas"


def validate(instance: Any, schema: dict[str, Any]) -> None:
    cls = validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


def load_schema(name: str) -> dict[str, Any]:
    """One of the report schemas kept beside the tests."""
    data: dict[str, Any] = json.loads((REPORT_SCHEMAS / name).read_text(encoding="utf-8"))
    return data


def vendored_schema(name: str) -> dict[str, Any]:
    """A schema the check-jsonschema package maintains (GitLab CI, GitHub workflows)."""
    text = (files("check_jsonschema.builtin_schemas.vendor") / name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
