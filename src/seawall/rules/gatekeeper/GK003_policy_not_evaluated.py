"""A Gatekeeper policy in the scan set was not evaluated.

## What it checks
Reports, as information, each case where seawall could not give a Gatekeeper answer:

- the optional Rego engine is not installed (once per scan, with the install command);
- a template has only a CEL (`K8sNativeValidation`) engine, which seawall does not evaluate;
- a template calls a network builtin (`http.send`, `net.lookup_ip_addr`): evaluation is
  offline and sandboxed, so such a template is never run;
- one evaluation of a constraint against an object failed at run time, crashed the engine, or
  exceeded the time limit (3 seconds per evaluation; the engine runs in a separate process that
  is stopped when it overruns), reported at the object.

## Why it matters
A policy that was not evaluated is not a policy that passed. Saying so keeps a clean report from
being read as compliance.

## Example
```yaml
apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: {name: k8sexternalcheck}
spec:
  crd: {spec: {names: {kind: K8sExternalCheck}}}
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package k8sexternalcheck
        violation[{"msg": "denied"}] {
          http.send({"method": "get", "url": "https://policy.example.com"}).body.deny
        }
```

## Fix
Install the engine (`pip install 'seawall[rego]'`); test CEL templates and templates that call
out with `gator verify` or in a cluster; make slow Rego cheaper (avoid comprehensions over
comprehensions).

## References
- https://open-policy-agent.github.io/gatekeeper/website/docs/validating-admission-policy
- https://github.com/microsoft/rego-cpp
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
from seawall.policy.rego_engine import INSTALL_HINT
from seawall.rules.gatekeeper._shared import evaluation, problem_span, templates_by_kind

RULE = Rule(
    code="GK003",
    name="policy-not-evaluated",
    severity=Severity.INFO,
    category="policy",
    summary="A Gatekeeper policy in the scan set was not evaluated",
    targets=("resource",),
    references=("https://github.com/microsoft/rego-cpp",),
)


def _first_template(ctx: RuleContext) -> Resource | None:
    firsts = [group[0].resource for group in templates_by_kind(ctx).values()]
    return min(firsts, key=lambda r: (r.source.display, r.document), default=None)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    result = evaluation(ctx)
    if result.engine_missing and resource is _first_template(ctx):
        yield resource.finding(
            RULE,
            "the Gatekeeper policies in the scan set were not evaluated: the Rego engine is not "
            f"installed; `{INSTALL_HINT}` adds it",
        )
    if is_template(resource):
        for problem in result.template_problems.get(id(resource), ()):
            if problem.kind == "compile":
                continue  # GK002
            finding = resource.finding(RULE, problem.message, "spec", "targets")
            span = problem_span(resource, problem)
            if span is not None:
                finding = replace(finding, span=span)
            yield finding
    for problem in result.object_problems.get(id(resource), ()):
        constraint = problem.constraint
        name = f"{constraint.kind}/{constraint.name}" if constraint else problem.template.kind
        what = "was stopped" if problem.kind == "timeout" else "failed"
        yield resource.finding(
            RULE,
            f"constraint {name} (template {problem.template.name}) {what} on this object: "
            f"{problem.message}; the result is unknown",
        )
