"""A ValidatingAdmissionPolicyBinding names a policy or a parameter object that does not exist.

## What it checks
- `spec.policyName`: the `ValidatingAdmissionPolicy` the binding applies.
- `spec.paramRef.name`: when the bound policy (found in the scan) declares a `paramKind`, the
  parameter object of that kind, in `paramRef.namespace` (or cluster-wide for a cluster-scoped
  kind). References by `selector`, and names of a namespaced kind without a namespace (looked
  up in each request's namespace), are not judged.

Missing targets follow the external policy of the reference rules (`KG104` describes it): at
this rule's severity when the scan set manages the place where the target belongs, otherwise at
`low`, and not at all once declared under `external`. An expected parameter that is missing,
with `parameterNotFoundAction: Deny` in a binding whose `validationActions` include `Deny`, is
high.

## Why it matters
A binding whose policy does not exist is ignored: the rule it was meant to enforce is not
enforced, without an error anywhere. A missing parameter object makes the binding
misconfigured: with `parameterNotFoundAction: Allow` every request passes unchecked, with
`Deny` every request the policy matches is rejected (new pods, rollouts, everything it
covers), and the failure shows only in the clients' errors.

## Example
```yaml
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replicas-limit}
spec:
  policyName: replica-limit           # the policy is named replicas-limit
  validationActions: [Deny]
```

## Fix
Fix the name, add the policy or the parameter object, or declare one created elsewhere under
`external` (e.g. `external: ["ConfigMap/policy-config/limits"]`).

## References
- https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
- https://kubernetes.io/docs/reference/kubernetes-api/extend-resources/validating-admission-policy-binding-v1/
"""

from collections.abc import Iterator
from dataclasses import replace

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.edges import edges_from
from seawall.model.resource import Resource
from seawall.rules.references._policy import Presence, missing_finding, presence

RULE = Rule(
    code="KG113",
    name="admission-binding-reference-missing",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="An admission policy binding names a missing policy or parameter object",
    targets=("resource",),
    references=(
        "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/",
    ),
)


def _denies_without_param(binding: Resource) -> bool:
    spec = binding.body.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    param_ref = spec.get("paramRef")
    action = param_ref.get("parameterNotFoundAction") if isinstance(param_ref, dict) else None
    actions = spec.get("validationActions")
    return action == "Deny" and isinstance(actions, list) and "Deny" in actions


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if resource.kind != "ValidatingAdmissionPolicyBinding":
        return
    for edge in edges_from(ctx.graph, resource):
        if edge.kind not in ("admissionPolicy", "policyParam"):
            continue
        state = presence(edge, ctx)
        if state not in (Presence.EXPECTED, Presence.EXTERNAL):
            continue
        if edge.kind == "admissionPolicy":
            yield missing_finding(RULE, edge, state, "applies")
        elif state is Presence.EXPECTED and _denies_without_param(resource):
            finding = missing_finding(
                RULE, edge, state, "rejects every request its policy matches until it finds"
            )
            yield replace(finding, severity=Severity.HIGH)
        else:
            yield missing_finding(RULE, edge, state, "enforces nothing until it finds")
