"""CronJob schedules, parsed as the Kubernetes API server parses them.

The CronJob controller and its validation use the "standard" parser of robfig/cron v3: five
fields (minute, hour, day of month, month, day of week), each a ``*`` or ``?``, a number or
name, a range ``a-b``, a step ``/n`` after either (``a/n`` means ``a-max/n``), or a comma
list of those; month and weekday names (``JAN``, ``mon``) in any case; and the descriptors
``@yearly``, ``@annually``, ``@monthly``, ``@weekly``, ``@daily``, ``@midnight``, ``@hourly``
and ``@every <duration>``. Since Kubernetes 1.25 a new CronJob may not carry a ``TZ=`` or
``CRON_TZ=`` prefix: the ``timeZone`` field replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DESCRIPTORS = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# a Go duration: one or more number+unit pairs
_DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    low: int
    high: int
    names: dict[str, int]


_FIELDS = (
    _Field("minute", 0, 59, {}),
    _Field("hour", 0, 23, {}),
    _Field("day of month", 1, 31, {}),
    _Field("month", 1, 12, {name: index + 1 for index, name in enumerate(_MONTHS)}),
    _Field("day of week", 0, 6, {name: index for index, name in enumerate(_DAYS)}),
)


def schedule_error(schedule: str) -> str | None:
    """Why the API server rejects ``schedule``, or None when it accepts it."""
    text = schedule.strip()
    if not text:
        return "the schedule is empty"
    if "TZ" in text:
        return (
            "a TZ= or CRON_TZ= prefix is rejected since Kubernetes 1.25; set spec.timeZone instead"
        )
    if text.startswith("@"):
        return _descriptor_error(text)
    fields = text.split()
    if len(fields) != 5:
        return (
            f"it has {len(fields)} field(s); Kubernetes expects 5 "
            "(minute hour day-of-month month day-of-week)"
        )
    for value, field in zip(fields, _FIELDS, strict=True):
        error = _field_error(value, field)
        if error is not None:
            return f"{field.name} field {value!r}: {error}"
    return None


def _descriptor_error(text: str) -> str | None:
    if text.lower() in DESCRIPTORS:
        return None
    if text.startswith("@every "):
        duration = text[len("@every ") :].strip()
        return None if _DURATION.match(duration) else f"{duration!r} is not a duration"
    return f"{text.split()[0]!r} is not a known descriptor"


def _field_error(value: str, field: _Field) -> str | None:
    for part in value.split(","):
        error = _range_error(part, field)
        if error is not None:
            return error
    return None


def _range_error(part: str, field: _Field) -> str | None:
    span, _, step = part.partition("/")
    if "/" in part:
        if not step.isdigit():
            return f"step {step!r} is not a number"
        if int(step) == 0:
            return "a step of 0 never matches"
    if span in ("*", "?"):
        return None
    low_text, dash, high_text = span.partition("-")
    low = _number(low_text, field)
    if low is None:
        return _not_valid(low_text, field)
    if not dash:
        return None
    high = _number(high_text, field)
    if high is None:
        return _not_valid(high_text, field)
    if high < low:
        return f"range {span!r} ends before it starts"
    return None


def _number(text: str, field: _Field) -> int | None:
    if text.isdigit():
        number = int(text)
    elif text.upper() in field.names:
        number = field.names[text.upper()]
    else:
        return None
    return number if field.low <= number <= field.high else None


def _not_valid(text: str, field: _Field) -> str:
    return f"{text!r} is not a valid {field.name} ({field.low}-{field.high})"
