"""A Calico policy selector is invalid or matches no workload in its namespace.

## What it checks
Every selector of a Calico `NetworkPolicy` or `GlobalNetworkPolicy` (`spec.selector`,
`spec.namespaceSelector`, and the `selector`, `notSelector` and `namespaceSelector` of each
rule's `source` and `destination`) is parsed with Calico's selector grammar; text that does not
parse is reported.

For a namespaced `NetworkPolicy`, `spec.selector` is then evaluated against the labels of every
pod template in the policy's namespace (with the `projectcalico.org/namespace`,
`/orchestrator` and `/serviceaccount` labels Calico adds), and so is each rule selector that has
no `namespaceSelector`: in a namespaced policy such a selector only looks at the policy's own
namespace. A selector that matches none of them is reported. To stay conservative, this is done
only when the scan holds at least one workload in that namespace, and never for selectors that
use labels only set at run time (`pod-template-hash`, `controller-revision-hash`, ...).

## Why it matters
An invalid selector makes the API server reject the policy. A selector that matches nothing
makes a policy that looks protective do nothing: a `selector: app == 'api'` on pods labelled
`app.kubernetes.io/name: api` leaves them wide open, and an allow rule whose selector points at
pods of another namespace without a `namespaceSelector` never allows anything, so the traffic it
was written for is denied.

## Example
```yaml
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  selector: app == 'api'       # the shop pods carry app.kubernetes.io/name=api
```

## Fix
Use labels the pods actually carry, and add a `namespaceSelector` (for instance
`projectcalico.org/name == 'kube-system'`) to rule selectors aimed at another namespace.

## References
- https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
- https://docs.tigera.io/calico/latest/network-policy/policy-rules/namespace-policy
"""

from collections.abc import Iterator

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import (
    Selector,
    SelectorError,
    entity_rules,
    is_calico_policy,
    judgeable,
    namespace_of,
    parse_selector,
    pod_label_sets,
)
from seawall.model.resource import Resource
from seawall.parse.yaml import Path

RULE = Rule(
    code="CN201",
    name="selector-never-matches",
    severity=Severity.MEDIUM,
    category="correctness",
    summary="A Calico policy selector is invalid or matches no workload in its namespace",
    targets=("resource",),
    references=("https://docs.tigera.io/calico/latest/reference/resources/networkpolicy",),
)


def _selectors(resource: Resource) -> Iterator[tuple[Path, str, bool]]:
    """(path, text, scoped to the policy's namespace) of every selector in the policy."""
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return
    namespaced = resource.kind == "NetworkPolicy"
    for field in ("selector", "namespaceSelector"):
        if isinstance(spec.get(field), str):
            yield ("spec", field), spec[field], namespaced and field == "selector"
    for entity in entity_rules(spec):
        has_ns = entity.entity.get("namespaceSelector") is not None
        for field in ("selector", "notSelector", "namespaceSelector"):
            value = entity.entity.get(field)
            if isinstance(value, str):
                scoped = namespaced and field == "selector" and not has_ns
                yield (*entity.path, field), value, scoped


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_calico_policy(resource):
        return
    namespace = namespace_of(resource)
    pods = pod_label_sets(ctx.graph).get(namespace, [])
    for path, text, scoped in _selectors(resource):
        try:
            selector: Selector = parse_selector(text)
        except SelectorError as error:
            yield resource.finding(
                RULE,
                f"{text!r} is not a valid Calico selector ({error}): the API server rejects "
                "the policy",
                *path,
                at_value=True,
            )
            continue
        if not scoped or not pods or not judgeable(selector):
            continue
        if any(selector.matches(labels) for labels in pods):
            continue
        what = "the policy applies to" if path == ("spec", "selector") else "this rule matches"
        yield resource.finding(
            RULE,
            f"selector {text!r} matches none of the {len(pods)} pod template(s) in namespace "
            f"{namespace}, so {what} nothing; use labels the pods carry"
            + ("" if path == ("spec", "selector") else " or add a namespaceSelector"),
            *path,
            at_value=True,
        )
