"""A ConstraintTemplate declares a parameter its Rego never reads.

## What it checks
Each property of a template's parameter schema (`openAPIV3Schema.properties`) is looked up in
the template's Rego and libs as `input.parameters.NAME` or `input.parameters["NAME"]`. A
property never read is reported at its declaration. Templates that pass `input.parameters`
around as a whole (`params := input.parameters`) are not judged.

## Why it matters
A parameter the policy ignores looks like configuration: a constraint that sets
`cpu: "2"` believes it caps CPU, while the template only checks that a request exists.

## Example
```yaml
openAPIV3Schema:
  properties:
    cpu: {type: string}      # never read: the rego checks only that requests exist
```

## Fix
Use the parameter in the Rego, or remove it from the schema (and from the constraints).

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import template_of
from seawall.model.resource import Resource

RULE = Rule(
    code="GK105",
    name="unused-template-parameter",
    severity=Severity.LOW,
    category="correctness",
    summary="A ConstraintTemplate declares a parameter its Rego never reads",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates",),
)

_READS = re.compile(r"input\.parameters(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*\"([^\"]+)\"\s*\])")
_WHOLE = re.compile(r"input\.parameters(?![.\[A-Za-z0-9_])")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    template = template_of(resource)
    if template is None or template.rego is None or not isinstance(template.schema, Mapping):
        return
    properties = template.schema.get("properties")
    if not isinstance(properties, Mapping):
        return
    text = "\n".join(template.rego.texts())
    if _WHOLE.search(text):
        return
    read = {a or b for a, b in _READS.findall(text)}
    for name in properties:
        if str(name) in read:
            continue
        yield resource.finding(
            RULE,
            f"parameter {name!r} is declared in the schema of template {template.name} but its "
            "Rego never reads `input.parameters." + f"{name}`: constraints that set it have no "
            "effect; use it or remove it",
            "spec",
            "crd",
            "spec",
            "validation",
            "openAPIV3Schema",
            "properties",
            name,
        )
