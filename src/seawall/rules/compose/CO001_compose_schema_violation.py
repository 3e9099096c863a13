"""A compose file does not follow the compose specification's schema.

## What it checks
Every file of a compose project, after interpolation, against the JSON schema of the compose
specification (the copy maintained in the `check-jsonschema` package; install
`seawall[schemas]`). Unknown keys are reported at the key, with the closest known key when one
is near (`enviroment` → `environment`); wrong types, values and repeated list entries at the value.

Without the schema package the rule reports once that it was skipped.

## Why it matters
`docker compose` rejects a file that breaks the schema, and an unknown key that slips through an
older tool is silently ignored: a misspelt `read_only` or `mem_limit` is a protection that was
never applied.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    enviroment:
      DEBUG: "0"
```

## Fix
Correct the key or value the finding names; `docker compose config` shows the model Compose
reads.

## References
- https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json
- https://docs.docker.com/reference/compose-file/
"""

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.compose import ComposeFile, ComposeProject, plain_data

RULE = Rule(
    code="CO001",
    name="compose-schema-violation",
    severity=Severity.HIGH,
    category="input",
    summary="A compose file does not follow the compose specification's schema",
    targets=("compose",),
    references=(
        "https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json",
        "https://docs.docker.com/reference/compose-file/",
    ),
)

_MAX_SHOWN = 60
# (unevaluatedProperties also fires on a mapping whose known keys failed: only unknown keys count)
_UNKNOWN = frozenset({"additionalProperties", "unevaluatedProperties"})


@cache
def _validator() -> Any:
    """The compiled schema validator, or None when the schema package is not installed."""
    try:
        from importlib.resources import files

        from jsonschema.validators import validator_for  # type: ignore[import-untyped,unused-ignore]

        text = (files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text(
            encoding="utf-8"
        )
    except (ImportError, OSError, ModuleNotFoundError):
        return None
    schema = json.loads(text)
    return validator_for(schema)(schema)


def check(project: ComposeProject, ctx: RuleContext) -> Iterator[Finding]:
    validator = _validator()
    if validator is None:
        if project.index == 0:
            skipped = project.files[0].finding(
                RULE,
                "compose schema validation was skipped: the compose specification's schema "
                "comes with `pip install seawall[schemas]` (check-jsonschema)",
            )
            yield replace(skipped, severity=Severity.INFO)
        return
    for file in project.files:
        yield from _validate(validator, file)


def _validate(validator: Any, file: ComposeFile) -> Iterator[Finding]:
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped,unused-ignore]

    data = plain_data(file.data)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    failed = [tuple(e.absolute_path) for e in errors]
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "unevaluatedProperties" and any(
            len(other) > len(path) and other[: len(path)] == path for other in failed
        ):
            continue  # a known key whose value failed: that error is reported below
        if error.context:
            # a list that is the right type but repeats an entry says more than "not a mapping"
            unique = [c for c in error.context if c.validator == "uniqueItems"]
            error = unique[0] if unique else best_match(error.context)
            path = tuple(error.absolute_path)
        if error.validator in _UNKNOWN and isinstance(error.instance, dict):
            yield from _unknown_keys(file, path, error, validator.schema)
        elif error.validator == "uniqueItems" and isinstance(error.instance, list):
            yield from _duplicates(file, path, error.instance)
        else:
            where = ".".join(map(str, path)) or "the top level"
            yield file.finding(RULE, f"{where}: {_detail(error)}", *path, at_value=bool(path))


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
    file: ComposeFile, path: tuple[Any, ...], error: Any, root: dict[str, Any]
) -> Iterator[Finding]:
    known, declared = _declared(root, error.schema)
    patterns = [re.compile(p) for p in declared]
    where = ".".join(map(str, path)) or "the top level"
    for key in error.instance:
        if key in known or any(p.search(str(key)) for p in patterns):
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        yield file.finding(
            RULE,
            f"`{key}` is not a known key of {where}, so Compose rejects the file{hint}",
            *path,
            key,
        )


def _duplicates(file: ComposeFile, path: tuple[Any, ...], items: list[Any]) -> Iterator[Finding]:
    seen: list[Any] = []
    where = ".".join(map(str, path))
    for index, item in enumerate(items):
        if item in seen:
            yield file.finding(
                RULE,
                f"{where}: {json.dumps(item)[:_MAX_SHOWN]} is listed twice; Compose rejects "
                "duplicate entries",
                *path,
                index,
                at_value=True,
            )
        else:
            seen.append(item)


def _detail(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= _MAX_SHOWN * 2 else message[: _MAX_SHOWN * 2] + "..."
