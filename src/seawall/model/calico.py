"""Typed helpers for Calico objects: IP pools (operator ``Installation`` and ``IPPool``), the
policy kinds, and a parser/evaluator for Calico's label-selector language.

The selector grammar covered here is the part policies use in practice::

    expr    := or
    or      := and ("||" and)*
    and     := unary ("&&" unary)*
    unary   := "!" unary | "(" expr ")" | term
    term    := "all()" | "global()" | "has(" key ")"
             | key ("==" | "!=") string
             | key ("in" | "not in") "{" [string ("," string)*] "}"
             | key ("contains" | "starts with" | "ends with") string

An empty selector matches everything, as ``all()`` does.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seawall.graph.graph import ResourceGraph
from seawall.model.resource import Resource
from seawall.parse.yaml import Path

CALICO_GROUP = "projectcalico.org"
OPERATOR_GROUP = "operator.tigera.io"
POLICY_KINDS = frozenset({"NetworkPolicy", "GlobalNetworkPolicy"})

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Encapsulation overhead in bytes, as the Calico MTU documentation gives it.
OVERHEAD = {
    ("VXLAN", 4): 50,
    ("VXLAN", 6): 70,
    ("IPIP", 4): 20,
    ("WireGuard", 4): 60,
    ("WireGuard", 6): 80,
}


def is_calico(resource: Resource) -> bool:
    return resource.group == CALICO_GROUP


def is_operator(resource: Resource) -> bool:
    return resource.group == OPERATOR_GROUP


def is_calico_policy(resource: Resource) -> bool:
    return is_calico(resource) and resource.kind in POLICY_KINDS


# --------------------------------------------------------------------------- IP pools


@dataclass(frozen=True, slots=True)
class Pool:
    """One IP pool, written either as an ``IPPool`` object or in an operator ``Installation``.

    ``encapsulation`` is ``"IPIP"``, ``"VXLAN"`` or ``"None"``; ``cross_subnet`` says it is used
    only between subnets. ``both_modes`` is set when an ``IPPool`` enables IPIP and VXLAN at once.
    """

    resource: Resource
    path: Path  # from the resource body to the pool's mapping
    cidr_text: str
    network: Network | None
    encapsulation: str
    cross_subnet: bool
    nat_outgoing: bool
    node_selector: str
    disabled: bool
    from_operator: bool
    both_modes: bool = False

    @property
    def cidr_path(self) -> Path:
        return (*self.path, "cidr")

    @property
    def encapsulation_label(self) -> str:
        if self.encapsulation == "None":
            return "no encapsulation"
        return self.encapsulation + (" (cross-subnet only)" if self.cross_subnet else "")

    @property
    def label(self) -> str:
        """The origin with the CIDR, written once."""
        if self.from_operator:
            return self.origin
        return f"{self.origin} ({self.cidr_text})"

    @property
    def origin(self) -> str:
        if self.from_operator:
            return f"Installation {self.resource.name or '<unnamed>'} pool {self.cidr_text}"
        return f"IPPool {self.resource.name or '<unnamed>'}"


def parse_network(text: str) -> Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _mode(value: Any) -> str:
    return str(value) if value is not None else "Never"


def _ippool(resource: Resource) -> Pool | None:
    spec = resource.body.get("spec")
    if not isinstance(spec, dict) or spec.get("cidr") is None:
        return None
    cidr = str(spec.get("cidr"))
    ipip, vxlan = _mode(spec.get("ipipMode")), _mode(spec.get("vxlanMode"))
    encapsulation, cross = "None", False
    if ipip != "Never":
        encapsulation, cross = "IPIP", ipip == "CrossSubnet"
    elif vxlan != "Never":
        encapsulation, cross = "VXLAN", vxlan == "CrossSubnet"
    nat = spec.get("natOutgoing")
    return Pool(
        resource=resource,
        path=("spec",),
        cidr_text=cidr,
        network=parse_network(cidr),
        encapsulation=encapsulation,
        cross_subnet=cross,
        nat_outgoing=nat is True or str(nat).lower() == "true",
        node_selector=str(spec.get("nodeSelector") or "all()"),
        disabled=spec.get("disabled") is True,
        from_operator=False,
        both_modes=ipip != "Never" and vxlan != "Never",
    )


# The operator's EncapsulationType values; IPIP is the operator's default.
_OPERATOR_ENCAPSULATION = {
    "IPIP": ("IPIP", False),
    "IPIPCrossSubnet": ("IPIP", True),
    "VXLAN": ("VXLAN", False),
    "VXLANCrossSubnet": ("VXLAN", True),
    "None": ("None", False),
}


def _installation_pools(resource: Resource) -> Iterator[Pool]:
    spec = resource.body.get("spec")
    network = spec.get("calicoNetwork") if isinstance(spec, dict) else None
    pools = network.get("ipPools") if isinstance(network, dict) else None
    if not isinstance(pools, list):
        return
    for index, pool in enumerate(pools):
        if not isinstance(pool, dict) or pool.get("cidr") is None:
            continue
        cidr = str(pool.get("cidr"))
        encapsulation, cross = _OPERATOR_ENCAPSULATION.get(
            str(pool.get("encapsulation") or "IPIP"), ("IPIP", False)
        )
        yield Pool(
            resource=resource,
            path=("spec", "calicoNetwork", "ipPools", index),
            cidr_text=cidr,
            network=parse_network(cidr),
            encapsulation=encapsulation,
            cross_subnet=cross,
            nat_outgoing=str(pool.get("natOutgoing") or "Enabled") == "Enabled",
            node_selector=str(pool.get("nodeSelector") or "all()"),
            disabled=str(pool.get("disableNewAllocations") or "") == "true",
            from_operator=True,
        )


def pools_of(resource: Resource) -> list[Pool]:
    """The IP pools a single object declares (none for other kinds)."""
    if resource.kind == "IPPool" and is_calico(resource):
        pool = _ippool(resource)
        return [pool] if pool is not None else []
    if resource.kind == "Installation" and is_operator(resource):
        return list(_installation_pools(resource))
    return []


def all_pools(resources: Iterator[Resource] | list[Resource]) -> list[Pool]:
    return [pool for resource in resources for pool in pools_of(resource)]


# --------------------------------------------------------------------------- selectors


class SelectorError(ValueError):
    """The text is not a selector this parser understands."""


@dataclass(frozen=True, slots=True)
class Selector:
    """A parsed selector; ``matches(labels)`` evaluates it."""

    text: str
    node: tuple[Any, ...]

    def matches(self, labels: Mapping[str, str]) -> bool:
        return _eval(self.node, labels)

    @property
    def is_all(self) -> bool:
        return self.node == ("all",)

    def label_keys(self) -> set[str]:
        """Every label key the selector mentions."""
        found: set[str] = set()
        _keys(self.node, found)
        return found


def _keys(node: tuple[Any, ...], found: set[str]) -> None:
    op = node[0]
    if op in ("and", "or"):
        _keys(node[1], found)
        _keys(node[2], found)
    elif op == "not":
        _keys(node[1], found)
    elif op not in ("all", "global"):
        found.add(node[1])


def _eval(node: tuple[Any, ...], labels: Mapping[str, str]) -> bool:
    op = node[0]
    if op in ("all", "global"):
        return True
    if op == "and":
        return _eval(node[1], labels) and _eval(node[2], labels)
    if op == "or":
        return _eval(node[1], labels) or _eval(node[2], labels)
    if op == "not":
        return not _eval(node[1], labels)
    key = node[1]
    if op == "has":
        return key in labels
    value = labels.get(key)
    if op == "==":
        return bool(value == node[2])
    if op == "!=":
        return bool(value != node[2])  # an absent label is "not equal" too
    if op == "in":
        return value is not None and value in node[2]
    if op == "not in":
        return value is None or value not in node[2]
    if value is None:
        return False
    if op == "contains":
        return bool(node[2] in value)
    if op == "starts with":
        return bool(value.startswith(node[2]))
    return bool(value.endswith(node[2]))  # "ends with"


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"[^"]*"|'[^']*')
      | (?P<op>&&|\|\||==|!=|!|\(|\)|\{|\}|,)
      | (?P<word>[A-Za-z0-9_./\-]+)
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise SelectorError(f"unexpected {text[pos:].strip()[:1]!r} at column {pos + 1}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append((kind, value[1:-1] if kind == "string" else value))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise SelectorError("unexpected end of selector")
        self.pos += 1
        return token

    def expect(self, value: str) -> None:
        kind, got = self.take()
        if got != value or kind == "string":
            raise SelectorError(f"expected {value!r}, found {got!r}")

    def at(self, value: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token[0] != "string" and token[1] == value

    def parse(self) -> tuple[Any, ...]:
        node = self.or_expr()
        if self.peek() is not None:
            raise SelectorError(f"unexpected {self.take()[1]!r}")
        return node

    def or_expr(self) -> tuple[Any, ...]:
        node = self.and_expr()
        while self.at("||"):
            self.take()
            node = ("or", node, self.and_expr())
        return node

    def and_expr(self) -> tuple[Any, ...]:
        node = self.unary()
        while self.at("&&"):
            self.take()
            node = ("and", node, self.unary())
        return node

    def unary(self) -> tuple[Any, ...]:
        if self.at("!"):
            self.take()
            return ("not", self.unary())
        if self.at("("):
            self.take()
            node = self.or_expr()
            self.expect(")")
            return node
        return self.term()

    def string(self) -> str:
        kind, value = self.take()
        if kind != "string":
            raise SelectorError(f"expected a quoted string, found {value!r}")
        return value

    def term(self) -> tuple[Any, ...]:
        kind, word = self.take()
        if kind != "word":
            raise SelectorError(f"expected a label key, found {word!r}")
        if word in ("all", "global") and self.at("("):
            self.take()
            self.expect(")")
            return (word,)
        if word == "has" and self.at("("):
            self.take()
            kind, key = self.take()
            if kind != "word":
                raise SelectorError(f"expected a label key in has(), found {key!r}")
            self.expect(")")
            return ("has", key)
        if self.at("==") or self.at("!="):
            return (self.take()[1], word, self.string())
        if self.at("in"):
            self.take()
            return ("in", word, self.value_set())
        if self.at("not") and self.at("in", 1):
            self.take()
            self.take()
            return ("not in", word, self.value_set())
        if self.at("contains"):
            self.take()
            return ("contains", word, self.string())
        for first in ("starts", "ends"):
            if self.at(first) and self.at("with", 1):
                self.take()
                self.take()
                return (f"{first} with", word, self.string())
        token = self.peek()
        raise SelectorError(
            f"expected an operator after {word!r}, found "
            + (repr(token[1]) if token else "the end of the selector")
        )

    def value_set(self) -> frozenset[str]:
        self.expect("{")
        values: set[str] = set()
        if self.at("}"):
            self.take()
            return frozenset()
        values.add(self.string())
        while self.at(","):
            self.take()
            values.add(self.string())
        self.expect("}")
        return frozenset(values)


def parse_selector(text: str | None) -> Selector:
    """Parse a Calico selector; raises ``SelectorError`` on text it cannot read."""
    source = (text or "").strip()
    if not source:
        return Selector(source, ("all",))
    return Selector(source, _Parser(source).parse())


def workload_labels(
    labels: Mapping[str, str], namespace: str, service_account: str | None = None
) -> dict[str, str]:
    """A pod's labels as Calico sees them on its workload endpoint, with the automatic
    ``projectcalico.org/*`` labels added."""
    seen = dict(labels)
    seen.setdefault("projectcalico.org/namespace", namespace)
    seen.setdefault("projectcalico.org/orchestrator", "k8s")
    seen.setdefault("projectcalico.org/serviceaccount", service_account or "default")
    return seen


# --------------------------------------------------------------------------- policies


def namespace_of(resource: Resource) -> str:
    """Where a namespaced object lands when applied: its namespace, else ``default``."""
    return resource.namespace or "default"


def pod_label_sets(graph: ResourceGraph) -> dict[str, list[dict[str, str]]]:
    """Each namespace's pod templates, as the label sets Calico evaluates selectors against;
    computed once per scan (``graph.derived``), not once per policy."""
    return graph.derived("calico-pod-labels", _pod_label_sets)


def _pod_label_sets(graph: ResourceGraph) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for pod in graph.pod_specs:
        namespace = namespace_of(pod.resource)
        account = pod.spec.get("serviceAccountName") if isinstance(pod.spec, dict) else None
        account_name = None if account is None else str(account)
        found.setdefault(namespace, []).append(
            workload_labels(pod.template_labels, namespace, account_name)
        )
    return found


def policy_types(spec: Mapping[str, Any]) -> set[str]:
    """The directions a policy applies to: ``types`` when written, else Calico's default
    (Ingress, plus Egress when the policy has egress rules)."""
    written = spec.get("types")
    if isinstance(written, list):
        return {str(t) for t in written}
    types = {"Ingress"}
    if spec.get("egress"):
        types.add("Egress")
    return types


# Labels the cluster adds to pods at run time; a selector using them cannot be judged from
# pod templates.
RUNTIME_LABELS = frozenset(
    {
        "pod-template-hash",
        "controller-revision-hash",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "batch.kubernetes.io/job-name",
        "batch.kubernetes.io/controller-uid",
        "job-name",
        "controller-uid",
    }
)
_MODELLED = frozenset(workload_labels({}, "x"))


def judgeable(selector: Selector) -> bool:
    """Whether evaluating ``selector`` against pod-template labels tells the truth: it uses no
    label that only exists at run time or that Calico adds and this model does not."""
    for key in selector.label_keys():
        if key in RUNTIME_LABELS:
            return False
        if key.startswith("projectcalico.org/") and key not in _MODELLED:
            return False
    return True


@dataclass(frozen=True, slots=True)
class EntityRule:
    """The ``source`` or ``destination`` of one policy rule."""

    direction: str  # "ingress" or "egress"
    index: int
    side: str  # "source" or "destination"
    rule: Mapping[str, Any]
    entity: Mapping[str, Any]

    @property
    def path(self) -> Path:
        return ("spec", self.direction, self.index, self.side)


def entity_rules(spec: Mapping[str, Any]) -> Iterator[EntityRule]:
    for direction in ("ingress", "egress"):
        rules = spec.get(direction)
        if not isinstance(rules, list):
            continue
        for index, rule in enumerate(rules):
            if not isinstance(rule, dict):
                continue
            for side in ("source", "destination"):
                entity = rule.get(side)
                yield EntityRule(
                    direction, index, side, rule, entity if isinstance(entity, dict) else {}
                )
