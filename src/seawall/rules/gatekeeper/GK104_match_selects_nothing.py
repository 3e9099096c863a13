"""A Gatekeeper constraint's `match` selects no object of the kinds it names.

## What it checks
For each constraint whose `spec.match.kinds` names kinds that the scan set has objects of, the
whole `match` block (namespaces, excludedNamespaces, labelSelector, namespaceSelector, scope,
name) is applied to those objects; a constraint that selects none of them is reported at its
`match`. Scans without objects of the matched kinds say nothing (the objects may live
elsewhere).

## Why it matters
A constraint that matches nothing enforces nothing: a namespace list with a typo
(`prodution`), a label selector on a label no workload carries, or `scope: Cluster` on a
namespaced kind turns the policy off without any error.

## Example
```yaml
spec:
  match:
    kinds: [{apiGroups: [apps], kinds: [Deployment]}]
    namespaces: [prodution]    # the Deployments are in production
```

## Fix
Correct the match fields so they select the objects the policy is meant for.

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/howto#the-match-field
"""

from __future__ import annotations

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import constraint_of
from seawall.model.resource import Resource
from seawall.policy.gatekeeper_eval import reviewable

RULE = Rule(
    code="GK104",
    name="match-selects-nothing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A Gatekeeper constraint's match selects no object of the kinds it names",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/howto",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    constraint = constraint_of(resource)
    if constraint is None or constraint.match.errors:
        return
    kinds = constraint.match.kinds
    if kinds is None:
        return  # every kind: too broad to call empty
    objects = ctx.graph.derived("gatekeeper-reviewable", lambda g: reviewable(g.resources))
    candidates = [o for o in objects if any(k.matches(o.group, o.kind) for k in kinds)]
    if not candidates:
        return
    labels = ctx.graph.namespace_labels()
    if any(constraint.match.matches(o, labels) for o in candidates):
        return
    names = sorted({o.kind for o in candidates})
    yield resource.finding(
        RULE,
        f"constraint {constraint.kind}/{constraint.name} matches none of the "
        f"{len(candidates)} {'/'.join(names)} object(s) in the scan set, so it enforces "
        "nothing here; check its namespaces, selectors, scope and name",
        "spec",
        "match",
    )
