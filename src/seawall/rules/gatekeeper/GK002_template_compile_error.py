"""A ConstraintTemplate's Rego does not compile.

## What it checks
Each template that a constraint in the scan set uses is compiled once, with its `libs`, by the
embedded Rego engine (rego-cpp). A compiler error is reported at the offending place of the
`rego` (or lib) text when it is written as a literal block scalar (`rego: |`), else at the field.
Rego v0 (`violation[{"msg": msg}] { ... }`, Gatekeeper's default) and v1 (`import rego.v1`, or
`version: v1` in a `code` source) are both read.

## Why it matters
Gatekeeper refuses a template whose Rego does not compile: its constraint kind is never
created, so every constraint of that kind fails to apply and nothing is enforced.

## Example
```yaml
targets:
  - target: admission.k8s.gatekeeper.sh
    rego: |
      package k8sdemo
      violation[{"msg": msg}] {
        x := input.review.object.
      }
```

## Fix
Correct the Rego; `seawall policy verify` runs the template against test cases without a
cluster.

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
- https://www.openpolicyagent.org/docs/policy-language
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.gatekeeper import is_template
from seawall.model.resource import Resource
from seawall.rules.gatekeeper._shared import evaluation, problem_span

RULE = Rule(
    code="GK002",
    name="template-compile-error",
    severity=Severity.HIGH,
    category="policy",
    summary="A ConstraintTemplate's Rego does not compile",
    targets=("resource",),
    references=("https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates",),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_template(resource):
        return
    for problem in evaluation(ctx).template_problems.get(id(resource), ()):
        if problem.kind != "compile" or problem.template.rego is None:
            continue
        rego = problem.template.rego
        message = (
            f"the Rego of template {problem.template.name} does not compile: {problem.message}; "
            f"Gatekeeper rejects the template and no {problem.template.kind} constraint applies"
        )
        finding = resource.finding(RULE, message, *rego.path, at_value=True)
        span = problem_span(resource, problem)
        if span is not None:
            finding = replace(finding, span=span)
        yield finding
