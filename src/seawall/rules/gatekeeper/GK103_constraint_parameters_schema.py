"""A constraint's `parameters` do not match its template's parameter schema.

## What it checks
The `spec.parameters` of each constraint are validated against the `openAPIV3Schema` of the
template that defines its kind (when that template is in the scan set): wrong types, missing
required values and enum violations (with `jsonschema`, installed with `seawall[schemas]`), and
keys the schema does not declare, with the closest declared name.

## Why it matters
Gatekeeper rejects a constraint whose parameters break the schema. Worse, with a structural
(`v1`) schema an unknown key is pruned silently: `lables: [owner]` instead of `labels` is
dropped, and the constraint enforces nothing.

## Example
```yaml
kind: K8sRequiredLabels
spec:
  parameters:
    lables: ["owner"]      # the schema declares `labels`
```

## Fix
Use the names and types the template's schema declares.

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import is_constraint
from seawall.model.resource import Resource
from seawall.rules.gatekeeper._shared import templates_by_kind

RULE = Rule(
    code="GK103",
    name="constraint-parameters-schema",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A constraint's parameters do not match its template's parameter schema",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates",),
)


def _open(schema: Mapping[str, Any]) -> bool:
    return bool(
        schema.get("x-kubernetes-preserve-unknown-fields") or schema.get("additionalProperties")
    )


def _unknown_keys(
    value: Any, schema: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if not isinstance(schema, Mapping):
        return
    if isinstance(value, Mapping) and isinstance(schema.get("properties"), Mapping):
        properties = schema["properties"]
        for key, item in value.items():
            if key in properties:
                yield from _unknown_keys(item, properties[key], (*path, key))
            elif not _open(schema):
                close = difflib.get_close_matches(str(key), [str(k) for k in properties], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                known = ", ".join(map(str, properties))
                yield (
                    (*path, key),
                    f"parameter {key!r} is not in the template's schema (declared: {known}); "
                    f"Gatekeeper drops or rejects it{hint}",
                )
    elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            yield from _unknown_keys(item, schema["items"], (*path, index))


def _schema_errors(value: Any, schema: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    try:
        from jsonschema import Draft7Validator  # type: ignore[import-untyped,unused-ignore]
        from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return
    try:
        Draft7Validator.check_schema(schema)
    except SchemaError:
        return  # a schema Gatekeeper would also refuse: not this rule's business
    for error in Draft7Validator(schema).iter_errors(value):
        if error.validator == "additionalProperties":
            continue  # reported with a suggestion by _unknown_keys
        where = ".".join(map(str, error.absolute_path)) or "parameters"
        yield tuple(error.absolute_path), f"{where}: {error.message}"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_constraint(resource):
        return
    templates = templates_by_kind(ctx).get(resource.kind)
    if not templates or not isinstance(templates[0].schema, Mapping):
        return
    schema = templates[0].schema
    spec = resource.body.get("spec")
    parameters = spec.get("parameters") if isinstance(spec, Mapping) else None
    if parameters is None:
        return
    name = templates[0].name
    seen: set[tuple[str | int, ...]] = set()
    for path, message in _unknown_keys(parameters, schema, ()):
        seen.add(path)
        yield resource.finding(RULE, f"{message} (template {name})", "spec", "parameters", *path)
    for path, message in _schema_errors(parameters, schema):
        if path in seen:
            continue
        yield resource.finding(
            RULE,
            f"{message}: the parameters do not match template {name}'s schema, and Gatekeeper "
            "rejects the constraint",
            "spec",
            "parameters",
            *path,
            at_value=bool(path),
        )
