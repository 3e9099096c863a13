"""A Gatekeeper constraint's kind has no ConstraintTemplate in the scan set.

## What it checks
Each constraint (`constraints.gatekeeper.sh/*`) whose kind no `ConstraintTemplate` in the scan
set defines (`spec.crd.spec.names.kind`). Reported only when the scan holds at least one
template, since a repository of constraints alone usually relies on templates installed from
elsewhere (the Gatekeeper library, a Helm chart); the severity is low for that reason.

## Why it matters
A constraint kind exists only once its template is installed: applying the constraint before
(or without) the template fails with "no matches for kind", and a typo in the kind
(`K8sRequiredLabel`) leaves the policy silently missing.

## Example
```yaml
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sRequiredLabel        # the template defines K8sRequiredLabels
```

## Fix
Correct the kind, or add the template to the repository (or note where it is installed from).

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/howto
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import is_constraint
from seawall.model.resource import Resource
from seawall.rules.gatekeeper._shared import templates_by_kind

RULE = Rule(
    code="GK102",
    name="constraint-without-template",
    severity=Severity.LOW,
    category="correctness",
    summary="A Gatekeeper constraint's kind has no ConstraintTemplate in the scan set",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/howto",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_constraint(resource):
        return
    kinds = templates_by_kind(ctx)
    if not kinds or resource.kind in kinds:
        return
    close = difflib.get_close_matches(resource.kind, list(kinds), n=1)
    hint = (
        f"; did you mean {close[0]}?"
        if close
        else "; add the template, or make sure it is installed from elsewhere"
    )
    yield resource.finding(
        RULE,
        f"no ConstraintTemplate in the scan set defines kind {resource.kind}, so constraint "
        f"{resource.name} cannot be created or evaluated{hint}",
        "kind",
        at_value=True,
    )
