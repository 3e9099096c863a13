"""Calico egress policy without a working DNS allowance.

## What it checks
Every Calico `NetworkPolicy` or `GlobalNetworkPolicy` that applies to egress (`types` includes
`Egress`, or egress rules are present when `types` is omitted). Once a policy selects a pod for
egress, Calico denies whatever no policy allows, so the rule looks for a working DNS allowance
for those pods: an egress `Allow` rule for UDP or TCP (or any protocol) to port 53 (or any port)
in the same policy, in another Calico policy of the same namespace, in a
`GlobalNetworkPolicy`, or in a Kubernetes `NetworkPolicy` of the same namespace.

An allowance whose destination is a `selector` without a `namespaceSelector` in a namespaced
`NetworkPolicy` only reaches pods of the policy's own namespace. It counts only when the policy
lives in `kube-system` or the scan has pods matching it in that namespace; otherwise it is
reported where it is written, because the cluster DNS pods (`k8s-app: kube-dns`) live in
`kube-system`. Policies whose selector matches none of the namespace's pod templates are left to
CN201.

## Why it matters
Without DNS, every name lookup times out: pods fail their readiness probes, cannot reach
Services by name and crash-loop, usually minutes after the policy was applied and with
nothing in the logs but timeouts. The `allow-dns` policy that is meant to prevent it is a
classic miss: written like a Kubernetes `podSelector` rule it silently allows nothing.

## Example
```yaml
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: default}
spec:
  selector: all()
  types: [Egress]
  egress:
    - action: Allow
      protocol: UDP
      destination:
        selector: k8s-app == "kube-dns"    # looks in namespace default only
        ports: [53]
```

## Fix
Add `namespaceSelector: projectcalico.org/name == "kube-system"` next to the destination
selector (or write the allowance once in a `GlobalNetworkPolicy`), and allow both UDP and TCP 53.

## References
- https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
- https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-default-deny
- https://docs.tigera.io/calico/latest/network-policy/get-started/calico-policy/calico-labels
"""

from collections.abc import Iterator, Mapping
from typing import Any

from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.core.severity import Severity
from seawall.engine.context import RuleContext
from seawall.model.calico import (
    EntityRule,
    SelectorError,
    entity_rules,
    is_calico_policy,
    judgeable,
    namespace_of,
    parse_selector,
    pod_label_sets,
    policy_types,
)
from seawall.model.resource import Resource

RULE = Rule(
    code="CN202",
    name="default-deny-without-dns",
    severity=Severity.HIGH,
    category="reliability",
    summary="A Calico egress policy leaves its pods without a working DNS allowance",
    targets=("resource",),
    references=(
        "https://docs.tigera.io/calico/latest/reference/resources/networkpolicy",
        "https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-default-deny",
    ),
)

DNS_PORT = 53
DNS_NAMESPACE = "kube-system"


def _port_allows_dns(port: Any) -> bool:
    if isinstance(port, bool):
        return False
    if isinstance(port, int):
        return port == DNS_PORT
    text = str(port).strip()
    if ":" in text:
        low, _, high = text.partition(":")
        if low.isdigit() and high.isdigit():
            return int(low) <= DNS_PORT <= int(high)
        return False
    return text == str(DNS_PORT) or not text.isdigit()  # a named port may be "dns"


def _dns_rule(rule: Mapping[str, Any], entity: Mapping[str, Any]) -> bool:
    """An egress Allow rule whose protocol and destination ports let DNS through."""
    if str(rule.get("action")) != "Allow":
        return False
    protocol = rule.get("protocol")
    if protocol is not None and str(protocol).upper() not in ("UDP", "TCP", "17", "6"):
        return False
    ports = entity.get("ports")
    return not isinstance(ports, list) or any(_port_allows_dns(p) for p in ports)


def _reaches(resource: Resource, entity: Mapping[str, Any], pods: list[dict[str, str]]) -> bool:
    """Whether the destination can include the cluster DNS pods."""
    if resource.kind != "NetworkPolicy" or entity.get("namespaceSelector") is not None:
        return True
    text = entity.get("selector")
    if text is None or namespace_of(resource) == DNS_NAMESPACE:
        return True
    if entity.get("nets") is not None or entity.get("services") is not None:
        return True
    try:
        selector = parse_selector(str(text))
    except SelectorError:
        return True  # CN201 reports it
    if not judgeable(selector):
        return True
    return any(selector.matches(labels) for labels in pods)


def _allowances(
    policy: Resource, pods: list[dict[str, str]]
) -> tuple[list[EntityRule], list[EntityRule]]:
    """(working, broken) DNS allowances of one Calico policy."""
    spec = policy.body.get("spec")
    if not isinstance(spec, dict) or "Egress" not in policy_types(spec):
        return [], []
    working: list[EntityRule] = []
    broken: list[EntityRule] = []
    for entity in entity_rules(spec):
        if entity.direction != "egress" or entity.side != "destination":
            continue
        if _dns_rule(entity.rule, entity.entity):
            (working if _reaches(policy, entity.entity, pods) else broken).append(entity)
    return working, broken


def _kubernetes_allows_dns(policy: Resource) -> bool:
    spec = policy.body.get("spec")
    egress = spec.get("egress") if isinstance(spec, dict) else None
    if not isinstance(egress, list):
        return False
    for rule in egress:
        if not isinstance(rule, dict):
            continue
        ports = rule.get("ports")
        if not isinstance(ports, list) or not ports:
            return True
        for port in ports:
            if isinstance(port, dict) and (
                port.get("port") is None or _port_allows_dns(port.get("port"))
            ):
                return True
    return False


def _selects_pods(spec: Mapping[str, Any], pods: list[dict[str, str]]) -> bool:
    try:
        selector = parse_selector(str(spec.get("selector") or ""))
    except SelectorError:
        return False
    if not pods or not judgeable(selector):
        return True
    return any(selector.matches(labels) for labels in pods)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Finding]:
    if not is_calico_policy(resource):
        return
    spec = resource.body.get("spec")
    if not isinstance(spec, dict) or "Egress" not in policy_types(spec):
        return
    by_namespace = pod_label_sets(ctx.graph)
    namespace = namespace_of(resource)
    is_global = resource.kind == "GlobalNetworkPolicy"
    pods = [] if is_global else by_namespace.get(namespace, [])
    if not _selects_pods(spec, pods):
        return
    broken_elsewhere: list[str] = []
    for kind in ("NetworkPolicy", "GlobalNetworkPolicy"):
        for other in ctx.graph.of_kind(kind):
            if not is_calico_policy(other):
                same_namespace = not is_global and namespace_of(other) == namespace
                kubernetes = other.group == "networking.k8s.io"
                if same_namespace and kubernetes and _kubernetes_allows_dns(other):
                    return
                continue
            if not is_global and kind == "NetworkPolicy" and namespace_of(other) != namespace:
                continue
            other_pods = by_namespace.get(namespace_of(other), [])
            working, broken = _allowances(other, other_pods)
            if working:
                return
            if broken and other is not resource:
                broken_elsewhere.append(
                    f"{other.name or '<unnamed>'} reach only namespace {namespace_of(other)}"
                )
    _, own_broken = _allowances(resource, pods)
    scope = "all namespaces" if is_global else f"namespace {namespace}"
    for entity in own_broken:
        yield resource.finding(
            RULE,
            f"this DNS allowance has a destination selector "
            f"{entity.entity.get('selector')!r} without a namespaceSelector, so it only "
            f"reaches pods in namespace {namespace}, not the cluster DNS in {DNS_NAMESPACE}; "
            f"add namespaceSelector: projectcalico.org/name == '{DNS_NAMESPACE}'",
            *entity.path,
            "selector",
            at_value=True,
        )
    if own_broken:
        return
    extra = ""
    if broken_elsewhere:
        extra = (
            f" (the DNS rules of {'; '.join(sorted(set(broken_elsewhere)))}, not {DNS_NAMESPACE})"
        )
    types = spec.get("types")
    path: tuple[str | int, ...] = ("spec", "egress")
    if isinstance(types, list) and "Egress" in [str(t) for t in types]:
        path = ("spec", "types", [str(t) for t in types].index("Egress"))
    yield resource.finding(
        RULE,
        f"{resource.kind} {resource.name or '<unnamed>'} restricts egress in {scope} but no "
        f"policy allows DNS (UDP/TCP 53) to the cluster DNS{extra}: name lookups time out; "
        "allow egress to kube-dns in kube-system",
        *path,
        at_value=True,
    )
