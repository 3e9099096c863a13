"""JSON schemas shipped by ``check-jsonschema`` (compose, GitLab CI, ...) and their errors as
findings-ready issues.

The schemas are read from the installed package (``seawall[schemas]``), never vendored here; a
missing package gives ``None`` and the rule reports once that it skipped. ``schema_issues``
turns ``jsonschema`` errors into one issue per problem: unknown keys at the key (with the
closest declared name), repeated list entries at the repeat, anything else at the value, with
``oneOf``/``anyOf`` cascades reduced to their best match.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Protocol, TypeVar

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.parse.yaml import PathPart

_MAX_SHOWN = 60
# (unevaluatedProperties also fires on a mapping whose known keys failed: only unknown keys count)
_UNKNOWN = frozenset({"additionalProperties", "unevaluatedProperties"})

SchemaPath = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema problem: ``path`` to the key (``at_value`` False) or value it is about."""

    path: SchemaPath
    message: str
    at_value: bool


@cache
def vendored_validator(file_name: str) -> Any:
    """The compiled validator of ``check_jsonschema``'s vendored schema ``file_name``, or None
    when the package is not installed."""
    try:
        from importlib.resources import files

        from jsonschema.validators import validator_for  # type: ignore[import-untyped,unused-ignore]

        text = (files("check_jsonschema.builtin_schemas.vendor") / file_name).read_text(
            encoding="utf-8"
        )
    except (ImportError, OSError, ModuleNotFoundError):
        return None
    schema = json.loads(text)
    return validator_for(schema)(schema)


def skipped_notice(make: Callable[[str], Finding], what: str, schema: str) -> Finding:
    """The one info finding of a rule whose schema package is not installed; ``make`` turns
    the message into a finding at the first file."""
    finding = make(
        f"{what} schema validation was skipped: {schema} comes with "
        "`pip install seawall[schemas]` (check-jsonschema)"
    )
    return replace(finding, severity=Severity.INFO)


class SchemaFile(Protocol):
    """A validated file that places findings at a path of its data (compose, GitLab CI)."""

    def finding(
        self, rule: Rule, message: str, *path: PathPart, at_value: bool = False
    ) -> Finding: ...


FileT = TypeVar("FileT", bound=SchemaFile)


def schema_findings(
    rule: Rule,
    schema_file: str,
    files: Sequence[FileT],
    issues: Callable[[Any, FileT], Iterable[SchemaIssue]],
    *,
    report_skip: bool,
    what: str,
    schema: str,
) -> Iterator[Finding]:
    """The findings of validating each of ``files`` against the vendored ``schema_file``:
    ``issues(validator, file)`` gives a file's problems. Without the schema package, one notice
    at the first file, when ``report_skip`` (the first project or pipeline of the scan)."""
    validator = vendored_validator(schema_file)
    if validator is None:
        if report_skip and files:
            first = files[0]
            yield skipped_notice(lambda m: first.finding(rule, m), what, schema)
        return
    for file in files:
        for issue in issues(validator, file):
            yield file.finding(rule, issue.message, *issue.path, at_value=issue.at_value)


def schema_issues(
    validator: Any,
    data: Any,
    *,
    tool: str,
    rejected: str,
    skip: Callable[[SchemaPath], bool] = lambda path: False,
) -> Iterator[SchemaIssue]:
    """The problems of ``data``; messages say that ``tool`` rejects ``rejected`` (e.g.
    "Compose", "the file"). Errors at a path ``skip`` accepts are dropped."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped,unused-ignore]

    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    failed = [tuple(e.absolute_path) for e in errors]
    for error in errors:
        path = tuple(error.absolute_path)
        if skip(path):
            continue
        if error.validator == "unevaluatedProperties" and any(
            len(other) > len(path) and other[: len(path)] == path for other in failed
        ):
            continue  # a known key whose value failed: that error is reported below
        if error.context:
            # a list that is the right type but repeats an entry says more than "not a mapping"
            unique = [c for c in error.context if c.validator == "uniqueItems"]
            error = unique[0] if unique else best_match(error.context)
            path = tuple(error.absolute_path)
            if skip(path):
                continue
        if error.validator in _UNKNOWN and isinstance(error.instance, dict):
            yield from _unknown_keys(path, error, validator.schema, tool, rejected)
        elif error.validator == "uniqueItems" and isinstance(error.instance, list):
            yield from _duplicates(path, error.instance, tool)
        else:
            where = ".".join(map(str, path)) or "the top level"
            yield SchemaIssue(path, f"{where}: {_detail(error)}", bool(path))


def _declared(root: dict[str, Any], schema: Any, depth: int = 0) -> tuple[list[str], list[str]]:
    """Property names and patterns a schema declares, through ``allOf`` and local ``$ref``s."""
    if not isinstance(schema, dict) or depth > 8:
        return [], []
    names = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    ref = schema.get("$ref")
    parts = list(schema.get("allOf", []))
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        parts.append(target)
    for part in parts:
        more, more_patterns = _declared(root, part, depth + 1)
        names.extend(more)
        patterns.extend(more_patterns)
    return names, patterns


def _unknown_keys(
    path: SchemaPath, error: Any, root: dict[str, Any], tool: str, rejected: str
) -> Iterator[SchemaIssue]:
    known, declared = _declared(root, error.schema)
    patterns = [re.compile(p) for p in declared]
    where = ".".join(map(str, path)) or "the top level"
    for key in error.instance:
        if key in known or any(p.search(str(key)) for p in patterns):
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        yield SchemaIssue(
            (*path, key),
            f"`{key}` is not a known key of {where}, so {tool} rejects {rejected}{hint}",
            False,
        )


def _duplicates(path: SchemaPath, items: list[Any], tool: str) -> Iterator[SchemaIssue]:
    seen: list[Any] = []
    where = ".".join(map(str, path))
    for index, item in enumerate(items):
        if item in seen:
            yield SchemaIssue(
                (*path, index),
                f"{where}: {json.dumps(item)[:_MAX_SHOWN]} is listed twice; {tool} rejects "
                "duplicate entries",
                True,
            )
        else:
            seen.append(item)


def _detail(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= _MAX_SHOWN * 2 else message[: _MAX_SHOWN * 2] + "..."
