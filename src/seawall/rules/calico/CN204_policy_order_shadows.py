"""A Calico allow rule can never take effect: an earlier policy denies everything first.

## What it checks
Calico evaluates the `NetworkPolicy` and `GlobalNetworkPolicy` objects that select an endpoint
tier by tier, and inside a tier by `order` (lowest first; a policy without `order` comes after
every policy that has one; equal orders are taken by name). The first rule whose action is
`Allow`, `Deny` or `Pass` ends the evaluation in that tier (`Log` does not), so a policy is
never reached once an earlier policy of the same tier has a catch-all rule for the direction.

An `Allow` rule is reported when another policy of the same tier (`default` when `tier` is not
written) comes earlier and has, for the same direction (both policies' `types` including it), a
`Deny` rule with no match criteria at all (no `source`, `destination`, `protocol`, ports or
`ipVersion`). To stay conservative, the deny policy must cover the allow policy's endpoints
without any doubt:

- its `selector` is `all()` (or empty), or means exactly the same as the allow policy's;
- a namespaced deny policy only shadows policies of its own namespace; a global one also needs no
  `namespaceSelector` or `serviceAccountSelector` other than the allow policy's;
- both are applied at the same stage (same `doNotTrack` and `preDNAT`);
- equal orders are compared by name only for two policies of the same kind and namespace.

Kubernetes `NetworkPolicy` objects (Calico gives them order 1000) are not considered.

## Why it matters
The allow policy looks like it opens a path, and reviews take it at its word, but every packet it
was written for has already been dropped by the earlier deny-all (or decided by a rule written
before it in the same policy). A global default deny with a low `order` silently overrides every
namespace team's allow policy: the service stays unreachable and the allow policy only misleads.

## Example
```yaml
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default-deny}
spec:
  order: 100                 # evaluated before the allow below
  selector: all()
  types: [Ingress]
  ingress:
    - action: Deny
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  order: 200
  selector: app == 'web'
  ingress:
    - action: Allow          # never reached
      protocol: TCP
      destination: {ports: [8080]}
```

## Fix
Give the deny-all a higher `order` than every allow policy (the Calico documentation uses 2000 for
a global default deny, after the order 1000 it gives Kubernetes policies), or lower the allow
policy's `order` below the deny's, or put the allow in a tier evaluated earlier.

## References
- https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
- https://docs.tigera.io/calico/latest/reference/resources/tier
- https://docs.tigera.io/calico/latest/network-policy/get-started/calico-policy/calico-network-policy
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.graph.graph import ResourceGraph
from seawall.model.calico import (
    POLICY_KINDS,
    Selector,
    SelectorError,
    is_calico_policy,
    namespace_of,
    parse_selector,
    policy_types,
)
from seawall.model.resource import Resource

RULE = Rule(
    code="CN204",
    name="policy-order-shadows-allow",
    severity=Severity.MEDIUM,
    category="network",
    summary="A Calico allow rule is shadowed by an earlier deny-all policy in the same tier",
    targets=("resource",),
    references=(
        "https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy",
        "https://docs.tigera.io/calico/latest/reference/resources/tier",
    ),
)

DEFAULT_TIER = "default"
# Fields a rule may carry without narrowing what it matches.
_NOT_CRITERIA = frozenset({"action", "metadata"})
# Policy fields that narrow the endpoints a global policy applies to.
_ENDPOINT_FILTERS = ("namespaceSelector", "serviceAccountSelector")
# Fields that move a policy to another stage of packet processing.
_STAGES = ("doNotTrack", "preDNAT")


@dataclass(frozen=True, slots=True)
class _Policy:
    resource: Resource
    spec: Mapping[str, Any]
    tier: str
    order: float  # math.inf when not written: applied after every ordered policy
    selector: Selector

    @property
    def label(self) -> str:
        where = "" if self.is_global else f"{namespace_of(self.resource)}/"
        shown = "no order" if self.order == math.inf else f"order {_number(self.order)}"
        return f"{self.resource.kind} {where}{self.resource.name or '<unnamed>'} ({shown})"

    @property
    def is_global(self) -> bool:
        return self.resource.kind == "GlobalNetworkPolicy"

    def sort_key(self) -> tuple[float, str]:
        return (self.order, self.resource.name)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _order(spec: Mapping[str, Any]) -> float | None:
    """The written ``order`` as a number, ``inf`` when absent, ``None`` when unreadable."""
    value = spec.get("order")
    if value is None:
        return math.inf
    # The API takes a number; a quoted or boolean value is rejected, so it orders nothing.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _policy(resource: Resource) -> _Policy | None:
    spec = resource.body.get("spec")
    if not isinstance(spec, dict):
        return None
    order = _order(spec)
    selector_text = spec.get("selector")
    if order is None or not isinstance(selector_text, str | None):
        return None
    try:
        selector = parse_selector(selector_text)
    except SelectorError:
        return None  # CN201 reports it
    tier = spec.get("tier")
    return _Policy(resource, spec, str(tier) if tier else DEFAULT_TIER, order, selector)


def _policies(graph: ResourceGraph) -> list[_Policy]:
    found: list[_Policy] = []
    for kind in sorted(POLICY_KINDS):
        for resource in graph.of_kind(kind):
            if is_calico_policy(resource):
                policy = _policy(resource)
                if policy is not None:
                    found.append(policy)
    return found


def _comes_first(deny: _Policy, allow: _Policy) -> bool:
    if deny.order != allow.order:
        return deny.order < allow.order
    # Ties go by name; compare only names Calico certainly compares as written.
    same_scope = deny.resource.kind == allow.resource.kind and (
        deny.is_global or namespace_of(deny.resource) == namespace_of(allow.resource)
    )
    return same_scope and deny.resource.name < allow.resource.name


def _unrestricted(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "all()"))


def _covers(deny: _Policy, allow: _Policy) -> bool:
    """Whether ``deny`` certainly applies to every endpoint ``allow`` applies to."""
    if deny.tier != allow.tier:
        return False
    if any(bool(deny.spec.get(f)) != bool(allow.spec.get(f)) for f in _STAGES):
        return False
    # A namespaced policy reaches only its own namespace's workloads.
    same_namespace = not allow.is_global and namespace_of(deny.resource) == namespace_of(
        allow.resource
    )
    if not deny.is_global and not same_namespace:
        return False
    for field in _ENDPOINT_FILTERS:
        mine = deny.spec.get(field)
        if not _unrestricted(mine) and mine != allow.spec.get(field):
            return False
    return deny.selector.is_all or deny.selector.node == allow.selector.node


def _matches_everything(rule: Mapping[str, Any]) -> bool:
    for key, value in rule.items():
        if key in _NOT_CRITERIA:
            continue
        if key in ("source", "destination") and (value is None or value == {}):
            continue
        return False
    return True


def _catch_all_deny(policy: _Policy, direction: str) -> int | None:
    """Index of the first criteria-free ``Deny`` rule of ``direction``, if the policy has one
    and applies to that direction."""
    if direction.capitalize() not in policy_types(policy.spec):
        return None
    rules = policy.spec.get(direction)
    if not isinstance(rules, list):
        return None
    for index, rule in enumerate(rules):
        if isinstance(rule, dict) and rule.get("action") == "Deny" and _matches_everything(rule):
            return index
    return None


def _describe(rule: Mapping[str, Any], direction: str) -> str:
    """A short reminder of what the allow rule was meant to let through."""
    parts = ["Allow"]
    if rule.get("protocol") is not None:
        parts.append(str(rule["protocol"]))
    peer = rule.get("source" if direction == "ingress" else "destination")
    if isinstance(peer, dict) and isinstance(peer.get("selector"), str):
        parts.append(("from " if direction == "ingress" else "to ") + repr(peer["selector"]))
    ports = rule.get("destination")
    ports = ports.get("ports") if isinstance(ports, dict) else None
    if isinstance(ports, list) and ports:
        parts.append("port " + ", ".join(str(p) for p in ports))
    return " ".join(parts)


def _advice(deny: _Policy, allow: _Policy) -> str:
    if allow.order == math.inf:
        if deny.order == math.inf:
            return "give the allow policy an order (ordered policies come before unordered ones)"
        return (
            f"give the allow policy an order below {_number(deny.order)} (a policy without "
            "order comes after every ordered one)"
        )
    example = " (for instance 2000)" if allow.order < 2000 else ""
    return (
        f"give the deny a higher order than {_number(allow.order)}{example} or the allow an "
        f"order below {_number(deny.order)}"
    )


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_calico_policy(resource):
        return
    policies = ctx.graph.derived("calico-policy-order", _policies)
    allow = next((p for p in policies if p.resource is resource), None)
    if allow is None:
        return
    earlier = sorted(
        (p for p in policies if p is not allow and _comes_first(p, allow) and _covers(p, allow)),
        key=_Policy.sort_key,
    )
    for direction in ("ingress", "egress"):
        rules = allow.spec.get(direction)
        if not isinstance(rules, list) or direction.capitalize() not in policy_types(allow.spec):
            continue
        shadow = next(
            ((p, i) for p in earlier if (i := _catch_all_deny(p, direction)) is not None), None
        )
        if shadow is None:
            continue
        deny, deny_index = shadow
        for index, rule in enumerate(rules):
            if not isinstance(rule, dict) or rule.get("action") != "Allow":
                continue
            yield resource.finding(
                RULE,
                f"{direction} rule {index} ({_describe(rule, direction)}) of {allow.label} "
                f"never takes effect: {deny.label} in tier {deny.tier} comes first, applies to "
                f"the same endpoints and ends every {direction} decision with its catch-all "
                f"Deny ({direction} rule {deny_index}); {_advice(deny, allow)}",
                "spec",
                direction,
                index,
                "action",
                at_value=True,
            )
