"""The scan date, which support and end-of-life rules judge on, settable for reproducible runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from seawall.core.rule import Option


@dataclass(frozen=True, slots=True)
class DateOption(Option):
    """A string option holding a date as ``YYYY-MM-DD`` (or empty)."""

    def validate(self, value: Any) -> str | None:
        problem = Option.validate(self, value)
        if problem is not None or value == "":
            return problem
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"expected a date as YYYY-MM-DD, got {value!r}"
        return None


def today_option() -> DateOption:
    return DateOption(
        "today", "", "the date to judge support on (YYYY-MM-DD); empty means the day of the scan"
    )


def scan_date(value: str) -> date:
    """The date a rule judges on: its ``today`` option, or the current date."""
    return date.fromisoformat(value) if value else date.today()
