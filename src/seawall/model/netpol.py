"""An exact evaluator of Kubernetes ``networking.k8s.io/v1`` NetworkPolicy semantics.

Written from the API reference (``NetworkPolicySpec``, ``NetworkPolicyPeer``, ``IPBlock``,
``NetworkPolicyPort``) and the "Network Policies" concept page:

- a policy applies to the pods its ``podSelector`` selects in its own namespace (empty: all);
- ``policyTypes`` says which directions it isolates; when absent it is ``Ingress``, plus
  ``Egress`` when the policy has an ``egress`` section;
- a pod is isolated for a direction only when some policy selecting it has that type; traffic
  of an isolated direction passes only when a rule of such a policy allows it, and the rules of
  all policies are unioned;
- a rule allows a connection when one of its peers matches the other end (no ``from``/``to``,
  or an empty list: every peer) and one of its ports matches (no ``ports``: every port);
- a peer is a ``podSelector`` (the policy's namespace), a ``namespaceSelector`` (every pod of the
  matching namespaces), both in one peer (pods matching both), or an ``ipBlock`` (addresses in
  ``cidr`` and not in ``except``). Pod IPs are implementation-defined for ``ipBlock``, so here an
  ``ipBlock`` matches addresses only, never pods;
- a port has a protocol (default TCP), a number, a name resolved against the destination pod's
  container ports, or a range ``port``..``endPort``.

Traffic from one end to the other passes when the source's egress and the destination's
ingress both allow it. Namespaces whose labels the scan set does not declare make some selector
results unknown: ``Verdict.allowed`` is then None, and rules stay silent.

Parsing never raises: a broken part of a policy (an invalid selector, CIDR or port) matches
nothing and is recorded in ``NetworkPolicy.problems``.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from seawall.model.selectors import LabelSelector, SelectorError, from_label_selector
from seawall.parse.yaml import Path

INGRESS = "Ingress"
EGRESS = "Egress"
PROTOCOLS = ("TCP", "UDP", "SCTP")
NAME_LABEL = "kubernetes.io/metadata.name"
# Before the automatic name label (1.21) namespaces were commonly labelled ``name: <namespace>``;
# for a namespace the scan set does not declare, that convention is assumed.
CONVENTIONAL_NAME_LABEL = "name"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


# --------------------------------------------------------------------------- endpoints


@dataclass(frozen=True, slots=True, eq=False)
class PodEndpoint:
    """A pod: its namespace, labels and named container ports (name → (number, protocol)).
    ``name`` is how messages call it, e.g. ``Deployment/web``."""

    namespace: str
    labels: Mapping[str, str]
    ports: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    name: str = "pod"
    # the docs leave NetworkPolicy undefined for pods on the host network: any verdict that
    # involves one is unknown
    host_network: bool = False
    # the folder of its file, and whether the namespace is written or decided at deploy time
    # (``kubectl -n``, kustomize ``namespace:``); see ``in_same_scope``
    scope: str | None = None
    namespace_written: bool = True

    def describe(self) -> str:
        return f"{self.name} in namespace {self.namespace}"


@dataclass(frozen=True, slots=True)
class AddressEndpoint:
    """An address outside the pod network model (an external host, a node)."""

    address: Address

    def describe(self) -> str:
        return f"address {self.address}"


Endpoint = PodEndpoint | AddressEndpoint


def address(text: str) -> AddressEndpoint:
    return AddressEndpoint(ipaddress.ip_address(text))


# --------------------------------------------------------------------------- policy parts


@dataclass(frozen=True, slots=True)
class Problem:
    """A part of a policy the API server would reject; ``path`` is from the object root."""

    path: Path
    message: str
    is_selector: bool = False


@dataclass(frozen=True, slots=True)
class PolicyPort:
    protocol: str
    port: int | str | None  # None: every port; str: a named container port
    end_port: int | None = None
    broken: bool = False

    def matches(self, port: int, protocol: str, destination: Endpoint) -> bool:
        if self.broken or protocol != self.protocol:
            return False
        if self.port is None:
            return True
        if isinstance(self.port, str):
            # a named port is looked up in the destination pod's container ports; an address
            # has no container ports, so a name never matches it
            if not isinstance(destination, PodEndpoint):
                return False
            named = destination.ports.get(self.port)
            return named is not None and named == (port, protocol)
        if self.end_port is not None:
            return self.port <= port <= self.end_port
        return self.port == port

    def describe(self) -> str:
        if self.port is None:
            return f"any {self.protocol} port"
        if self.end_port is not None:
            return f"{self.protocol} {self.port}-{self.end_port}"
        return f"{self.protocol} {self.port}"


@dataclass(frozen=True, slots=True)
class IPBlock:
    network: Network
    excepted: tuple[Network, ...] = ()

    def contains(self, value: Address) -> bool:
        if value.version != self.network.version or value not in self.network:
            return False
        return not any(value.version == e.version and value in e for e in self.excepted)


@dataclass(frozen=True, slots=True)
class Peer:
    """One ``from``/``to`` item. ``None`` selectors are absent; ``broken`` peers match nothing."""

    pod_selector: LabelSelector | None = None
    namespace_selector: LabelSelector | None = None
    ip_block: IPBlock | None = None
    broken: bool = False
    path: Path = ()

    def matches(self, other: Endpoint, policy_namespace: str, namespaces: NamespaceView) -> bool:
        """True/False; raises ``_Unknown`` when the answer depends on labels of a namespace the
        scan set does not declare."""
        if self.broken:
            return False
        if self.ip_block is not None:
            return isinstance(other, AddressEndpoint) and self.ip_block.contains(other.address)
        if not isinstance(other, PodEndpoint):
            return False
        if other.host_network:
            raise _Unknown
        if self.namespace_selector is None:
            namespace_ok = other.namespace == policy_namespace
        else:
            namespace_ok = namespaces.matches(self.namespace_selector, other.namespace)
        if not namespace_ok:
            return False
        return self.pod_selector is None or self.pod_selector.matches(other.labels)


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """One ingress or egress rule: ``peers`` None allows every peer, ``ports`` None every port."""

    peers: tuple[Peer, ...] | None
    ports: tuple[PolicyPort, ...] | None
    path: Path = ()

    def port_matches(self, port: int, protocol: str, destination: Endpoint) -> bool:
        return self.ports is None or any(p.matches(port, protocol, destination) for p in self.ports)


@dataclass(frozen=True, slots=True, eq=False)
class NetworkPolicy:
    name: str
    namespace: str
    pod_selector: LabelSelector | None  # None: invalid, the policy selects nothing
    types: frozenset[str]
    ingress: tuple[PolicyRule, ...] = ()
    egress: tuple[PolicyRule, ...] = ()
    problems: tuple[Problem, ...] = ()
    source: Any = None  # the Resource it was read from, for findings
    scope: str | None = None  # like ``PodEndpoint.scope``
    namespace_written: bool = True

    def selects(self, pod: PodEndpoint) -> bool:
        return (
            pod.namespace == self.namespace
            and in_same_scope(self, pod)
            and self.pod_selector is not None
            and self.pod_selector.matches(pod.labels)
        )

    def rules(self, direction: str) -> tuple[PolicyRule, ...]:
        return self.ingress if direction == INGRESS else self.egress

    def describe(self) -> str:
        return f"NetworkPolicy {self.namespace}/{self.name}"


def in_same_scope(policy: NetworkPolicy, pod: PodEndpoint) -> bool:
    """Whether a policy and a pod of one namespace may really meet. An object written without
    a namespace lands wherever it is applied, so when either has none the two are taken to
    share a namespace only when one's folder contains the other's: unrelated projects scanned
    together do not isolate each other's pods."""
    if policy.namespace_written and pod.namespace_written:
        return True
    if policy.scope is None or pod.scope is None:
        return True
    return _nested(policy.scope, pod.scope)


@cache
def _nested(one: str, other: str) -> bool:
    """Whether one folder contains the other; asked for every policy and pod of a namespace,
    over a handful of distinct folders."""
    return _inside(one, other) or _inside(other, one)


def _inside(folder: str, parent: str) -> bool:
    return folder == parent or folder.startswith(parent.rstrip("/") + "/")


# --------------------------------------------------------------------------- namespaces


class _Unknown(Exception):
    """A selector result that depends on labels the scan set does not declare."""


class NamespaceView:
    """Namespace labels. ``declared`` namespaces have known labels; any other namespace has
    the automatic name label, the conventional ``name`` label, and unknown others."""

    def __init__(self, labels: Mapping[str, Mapping[str, str]], declared: Iterable[str]) -> None:
        self.labels = labels
        self.declared = frozenset(declared)

    def matches(self, selector: LabelSelector, namespace: str) -> bool:
        if namespace in self.declared:
            return selector.matches(self.labels.get(namespace, {NAME_LABEL: namespace}))
        assumed = {NAME_LABEL: namespace, CONVENTIONAL_NAME_LABEL: namespace}
        for requirement in selector.requirements:
            if requirement.key in assumed:
                if not requirement.matches(assumed):
                    return False
            else:
                raise _Unknown
        return True


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True, slots=True)
class DirectionVerdict:
    """One side of a connection: ``isolating`` policies select the pod for this direction,
    ``allowing`` ones have a rule that matches. ``allowed`` None means unknown."""

    direction: str
    pod: PodEndpoint | None
    isolating: tuple[NetworkPolicy, ...] = ()
    allowing: tuple[NetworkPolicy, ...] = ()
    unknown: bool = False

    @property
    def allowed(self) -> bool | None:
        if not self.isolating or self.allowing:
            return True
        return None if self.unknown else False


@dataclass(frozen=True, slots=True)
class Verdict:
    source: Endpoint
    destination: Endpoint
    port: int
    protocol: str
    egress: DirectionVerdict
    ingress: DirectionVerdict

    @property
    def allowed(self) -> bool | None:
        """True, False, or None when it depends on namespace labels the scan set lacks."""
        sides = (self.egress.allowed, self.ingress.allowed)
        if False in sides:
            return False
        return None if None in sides else True

    @property
    def denying(self) -> tuple[DirectionVerdict, ...]:
        return tuple(s for s in (self.egress, self.ingress) if s.allowed is False)

    def explain(self) -> str:
        """Why the connection is denied, naming the policies, for finding messages."""
        reasons = []
        what = f"{self.protocol} {self.port}"
        for side in self.denying:
            assert side.pod is not None
            names = ", ".join(p.describe() for p in side.isolating)
            if side.direction == INGRESS:
                other = self.source.describe()
                reasons.append(
                    f"{side.pod.name} is isolated for ingress by {names} and no policy allows "
                    f"{what} from {other}"
                )
            else:
                other = self.destination.describe()
                reasons.append(
                    f"{side.pod.name} is isolated for egress by {names} and no policy allows "
                    f"{what} to {other}"
                )
        return "; ".join(reasons) or "allowed"


# --------------------------------------------------------------------------- the model


class NetworkModel:
    """Policies indexed by namespace; ``allowed`` answers one connection at a time."""

    def __init__(
        self,
        policies: Iterable[NetworkPolicy],
        namespace_labels: Mapping[str, Mapping[str, str]],
        declared_namespaces: Iterable[str] | None = None,
    ) -> None:
        self.by_namespace: dict[str, list[NetworkPolicy]] = defaultdict(list)
        for policy in policies:
            self.by_namespace[policy.namespace].append(policy)
        declared = namespace_labels.keys() if declared_namespaces is None else declared_namespaces
        self.namespaces = NamespaceView(namespace_labels, declared)
        # endpoints compare by identity: each pod's selecting policies are found once per scan,
        # not once per connection asked about it
        self._selecting: dict[PodEndpoint, tuple[NetworkPolicy, ...]] = {}

    def policies_in(self, namespace: str) -> list[NetworkPolicy]:
        return self.by_namespace.get(namespace, [])

    def selecting(self, pod: PodEndpoint, direction: str | None = None) -> list[NetworkPolicy]:
        """Policies that select ``pod`` (for ``direction`` when given: those that isolate it)."""
        chosen = self._selecting.get(pod)
        if chosen is None:
            chosen = tuple(p for p in self.policies_in(pod.namespace) if p.selects(pod))
            self._selecting[pod] = chosen
        return [p for p in chosen if direction is None or direction in p.types]

    def side(
        self, direction: str, pod: Endpoint, other: Endpoint, port: int, protocol: str
    ) -> DirectionVerdict:
        """The verdict of ``pod``'s policies for traffic with ``other`` in ``direction``."""
        if not isinstance(pod, PodEndpoint):
            return DirectionVerdict(direction, None)
        isolating = tuple(self.selecting(pod, direction))
        if isolating and pod.host_network:
            return DirectionVerdict(direction, pod, isolating, unknown=True)
        destination = pod if direction == INGRESS else other
        allowing: list[NetworkPolicy] = []
        unknown = False
        for policy in isolating:
            for rule in policy.rules(direction):
                if not rule.port_matches(port, protocol, destination):
                    continue
                try:
                    if rule.peers is None or any(
                        peer.matches(other, policy.namespace, self.namespaces)
                        for peer in rule.peers
                    ):
                        allowing.append(policy)
                        break
                except _Unknown:
                    unknown = True
        return DirectionVerdict(direction, pod, isolating, tuple(allowing), unknown)

    def allowed(
        self, source: Endpoint, destination: Endpoint, port: int, protocol: str = "TCP"
    ) -> Verdict:
        protocol = protocol.upper()
        return Verdict(
            source,
            destination,
            port,
            protocol,
            egress=self.side(EGRESS, source, destination, port, protocol),
            ingress=self.side(INGRESS, destination, source, port, protocol),
        )


# --------------------------------------------------------------------------- parsing


def is_network_policy(resource: Any) -> bool:
    """A Kubernetes (not Calico) NetworkPolicy object."""
    return (
        getattr(resource, "kind", None) == "NetworkPolicy"
        and getattr(resource, "api_version", None) == "networking.k8s.io/v1"
    )


def parse_policy(
    body: Mapping[str, Any], namespace: str, name: str, *, base: Path = (), source: Any = None
) -> NetworkPolicy:
    """A policy from an object's mapping (``base`` is its path in the document)."""
    problems: list[Problem] = []
    raw_spec = body.get("spec")
    spec: Mapping[str, Any] = raw_spec if isinstance(raw_spec, Mapping) else {}
    spec_path = (*base, "spec")
    pod_selector = _selector(spec.get("podSelector"), (*spec_path, "podSelector"), problems)
    rules: dict[str, tuple[PolicyRule, ...]] = {}
    for direction, key, peers_key in ((INGRESS, "ingress", "from"), (EGRESS, "egress", "to")):
        items = spec.get(key)
        parsed: list[PolicyRule] = []
        if isinstance(items, list):
            for index, item in enumerate(items):
                where = (*spec_path, key, index)
                parsed.append(_rule(item, peers_key, where, problems))
        rules[direction] = tuple(parsed)
    return NetworkPolicy(
        name=name,
        namespace=namespace,
        pod_selector=pod_selector,
        types=_types(spec),
        ingress=rules[INGRESS],
        egress=rules[EGRESS],
        problems=tuple(problems),
        source=source,
    )


def policy_of(resource: Any, namespace: str, scope: str | None = None) -> NetworkPolicy:
    """A policy from a ``Resource`` (namespace as the graph resolves it, ``scope`` its file's
    folder)."""
    parsed = parse_policy(
        resource.body, namespace, resource.name or "<unnamed>", base=resource.path, source=resource
    )
    return replace(parsed, scope=scope, namespace_written=resource.namespace is not None)


def _types(spec: Mapping[str, Any]) -> frozenset[str]:
    written = spec.get("policyTypes")
    if isinstance(written, list) and written:
        return frozenset(str(t) for t in written if str(t) in (INGRESS, EGRESS))
    # the documented default: Ingress always, Egress when the policy has egress rules
    return frozenset({INGRESS, EGRESS}) if spec.get("egress") is not None else frozenset({INGRESS})


def _selector(value: Any, where: Path, problems: list[Problem]) -> LabelSelector | None:
    try:
        return from_label_selector(value)
    except SelectorError as error:
        problems.append(Problem((*where, *error.field), str(error), is_selector=True))
        return None


def _rule(item: Any, peers_key: str, where: Path, problems: list[Problem]) -> PolicyRule:
    if not isinstance(item, Mapping):
        # `- null` (an empty rule as a template renders it) allows everything, like `{}`
        return PolicyRule(None, None, where)
    raw_peers = item.get(peers_key)
    peers: tuple[Peer, ...] | None = None
    if isinstance(raw_peers, list) and raw_peers:
        peers = tuple(
            _peer(peer, (*where, peers_key, index), problems)
            for index, peer in enumerate(raw_peers)
        )
    raw_ports = item.get("ports")
    ports: tuple[PolicyPort, ...] | None = None
    if isinstance(raw_ports, list) and raw_ports:
        ports = tuple(
            _port(port, (*where, "ports", index), problems) for index, port in enumerate(raw_ports)
        )
    return PolicyRule(peers, ports, where)


def _peer(value: Any, where: Path, problems: list[Problem]) -> Peer:
    if not isinstance(value, Mapping):
        problems.append(Problem(where, "a peer must be a mapping"))
        return Peer(broken=True, path=where)
    fields = [f for f in ("podSelector", "namespaceSelector", "ipBlock") if f in value]
    if not fields:
        problems.append(Problem(where, "a peer needs podSelector, namespaceSelector or ipBlock"))
        return Peer(broken=True, path=where)
    if "ipBlock" in fields:
        if len(fields) > 1:
            problems.append(Problem(where, "ipBlock cannot be combined with selectors"))
            return Peer(broken=True, path=where)
        block = _ip_block(value.get("ipBlock"), (*where, "ipBlock"), problems)
        return Peer(ip_block=block, broken=block is None, path=where)
    pods = namespaces = None
    broken = False
    if "podSelector" in value:
        pods = _selector(value.get("podSelector"), (*where, "podSelector"), problems)
        broken = pods is None
    if "namespaceSelector" in value:
        namespaces = _selector(
            value.get("namespaceSelector"), (*where, "namespaceSelector"), problems
        )
        broken = broken or namespaces is None
    return Peer(pods, namespaces, None, broken, where)


def _ip_block(value: Any, where: Path, problems: list[Problem]) -> IPBlock | None:
    if not isinstance(value, Mapping):
        problems.append(Problem(where, "ipBlock must be a mapping"))
        return None
    try:
        network = ipaddress.ip_network(str(value.get("cidr")), strict=False)
    except ValueError:
        problems.append(Problem((*where, "cidr"), f"{value.get('cidr')!r} is not a CIDR"))
        return None
    excepted: list[Network] = []
    raw = value.get("except")
    for index, text in enumerate(raw if isinstance(raw, list) else []):
        try:
            excepted.append(ipaddress.ip_network(str(text), strict=False))
        except ValueError:
            problems.append(Problem((*where, "except", index), f"{text!r} is not a CIDR"))
            return None
    return IPBlock(network, tuple(excepted))


def _port(value: Any, where: Path, problems: list[Problem]) -> PolicyPort:
    if not isinstance(value, Mapping):
        problems.append(Problem(where, "a port must be a mapping"))
        return PolicyPort("TCP", None, broken=True)
    protocol = str(value.get("protocol") or "TCP").upper()
    if protocol not in PROTOCOLS:
        problems.append(Problem((*where, "protocol"), f"protocol {protocol} is not TCP/UDP/SCTP"))
        return PolicyPort(protocol, None, broken=True)
    raw = value.get("port")
    port: int | str | None
    if raw is None:
        port = None
    elif isinstance(raw, int) and not isinstance(raw, bool):
        port = raw
    else:
        text = str(raw)
        port = int(text) if text.isdigit() else text
    end = value.get("endPort")
    if end is None:
        return PolicyPort(protocol, port)
    if not isinstance(end, int) or isinstance(end, bool) or not isinstance(port, int):
        problems.append(
            Problem((*where, "endPort"), "endPort needs a numeric port and must be a number")
        )
        return PolicyPort(protocol, port, broken=True)
    if end < port:
        problems.append(Problem((*where, "endPort"), f"endPort {end} is below port {port}"))
        return PolicyPort(protocol, port, broken=True)
    return PolicyPort(protocol, port, end)
