"""An object violates a Gatekeeper constraint in the scan set.

## What it checks
Every Gatekeeper constraint in the scan set is evaluated, offline,
against every object its `spec.match` selects (kinds, namespaces, excludedNamespaces,
labelSelector, namespaceSelector, scope, name), with its template's Rego and the constraint's
`parameters`, the way the admission webhook would for a request creating the object;
`data.inventory` holds the scan set for templates that look at other objects. Each violation is
reported with the constraint's message at the object, naming the constraint and the template.
The severity follows `enforcementAction`: `deny` is high, `warn` medium, `dryrun` info.

Evaluation needs the optional Rego engine (`pip install 'seawall[rego]'`, the rego-cpp
binding `regopy`); without it GK003 says once that the policies were not evaluated.

## Why it matters
Teams learn that a manifest breaks their own policy only when the webhook rejects it during a
deploy, or in an audit report weeks later. Evaluating the same constraints in the same scan
moves that answer to the merge request.

## Example
```yaml
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sRequiredLabels
metadata: {name: must-have-owner}
spec:
  match:
    kinds: [{apiGroups: [apps], kinds: [Deployment]}]
  parameters: {labels: [owner]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}          # no owner label: denied at admission
```

## Fix
Change the object so it satisfies the constraint, or narrow the constraint's `match` (an
`excludedNamespaces` entry, a label selector) when the object is a deliberate exception.

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/howto
- https://open-policy-agent.github.io/gatekeeper/website/docs/gator
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.resource import Resource
from seawall.parse.yaml import Path, locate
from seawall.rules.gatekeeper._shared import evaluation

RULE = Rule(
    code="GK001",
    name="constraint-violation",
    severity=Severity.HIGH,
    category="policy",
    summary="An object violates a Gatekeeper constraint in the scan set",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/howto",),
)

# a dotted field path written in a message, e.g. spec.template.spec.containers[0].image
_FIELD = re.compile(r"\b((?:metadata|spec)(?:\.[A-Za-z0-9_-]+|\[\d+\])+)")


def _field(resource: Resource, message: str) -> Path | None:
    """The field a message names by its full path, when it exists in the object: messages name
    fields loosely, so only a path from ``metadata`` or ``spec`` that resolves is trusted."""
    for found in _FIELD.finditer(message):
        path: list[str | int] = []
        for part in re.findall(r"[A-Za-z0-9_-]+|\[\d+\]", found.group(1)):
            path.append(int(part[1:-1]) if part.startswith("[") else part)
        if locate(resource.root, resource.path + tuple(path)) is not None:
            return tuple(path)
    return None


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    found = evaluation(ctx).violations.get(id(resource))
    for violation in found or ():
        constraint = violation.constraint
        message = (
            f"{violation.message} (constraint {constraint.kind}/{constraint.name}, template "
            f"{violation.template.name}, enforcementAction: {constraint.action})"
        )
        field = _field(resource, violation.message)
        finding = resource.finding(RULE, message, *(field or ()))
        yield replace(finding, severity=constraint.severity)
