"""The NetworkPolicy evaluator against the documented semantics of ``networking.k8s.io/v1``.

Every test cites the behaviour it checks, from the API reference
(https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/) or the
concept page (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from seawall.model.netpol import (
    EGRESS,
    INGRESS,
    NAME_LABEL,
    NetworkModel,
    NetworkPolicy,
    PodEndpoint,
    address,
    parse_policy,
)

# --------------------------------------------------------------------------- helpers

NAMESPACES = {
    "shop": {NAME_LABEL: "shop", "team": "shop"},
    "ops": {NAME_LABEL: "ops", "team": "operations"},
    "other": {NAME_LABEL: "other"},
}

DB = PodEndpoint("shop", {"role": "db"}, {"pg": (5432, "TCP")}, name="db")
WEB = PodEndpoint("shop", {"role": "frontend"}, {"http": (8080, "TCP")}, name="web")
OPS_MONITOR = PodEndpoint("ops", {"type": "monitoring"}, name="ops-monitor")
OPS_OTHER = PodEndpoint("ops", {"type": "batch"}, name="ops-batch")
OTHER_MONITOR = PodEndpoint("other", {"type": "monitoring"}, name="other-monitor")


def policy(text: str, namespace: str = "shop", name: str = "p") -> NetworkPolicy:
    body: dict[str, Any] = {"spec": yaml.safe_load(text)}
    return parse_policy(body, namespace, name)


def model(*policies: NetworkPolicy) -> NetworkModel:
    return NetworkModel(policies, NAMESPACES)


def allowed(m: NetworkModel, src: Any, dst: Any, port: int, proto: str = "TCP") -> bool | None:
    return m.allowed(src, dst, port, proto).allowed


# --------------------------------------------------------------------------- isolation


def test_pods_without_policies_accept_everything() -> None:
    # concept page: "By default, a pod is non-isolated for ingress; all inbound connections are
    # allowed", and the same for egress
    m = model()
    assert allowed(m, WEB, DB, 5432) is True
    assert allowed(m, address("203.0.113.9"), DB, 1) is True


def test_ingress_is_the_default_policy_type() -> None:
    # API reference, policyTypes: when absent, Ingress is always set; a policy without an
    # egress section does not isolate egress
    deny = policy("podSelector: {}")
    assert deny.types == {INGRESS}
    m = model(deny)
    assert allowed(m, WEB, DB, 5432) is False  # DB's ingress is isolated, nothing allowed
    assert m.allowed(WEB, DB, 5432, "TCP").egress.allowed is True  # WEB's egress is not


def test_egress_type_is_inferred_from_an_egress_section() -> None:
    # API reference, policyTypes: "policies that contain an egress section are assumed to
    # affect egress"; an empty `egress: []` is a section too
    inferred = policy("podSelector: {}\negress: []")
    assert inferred.types == {INGRESS, EGRESS}
    m = model(inferred)
    assert m.allowed(WEB, address("198.51.100.1"), 443).egress.allowed is False


def test_explicit_egress_only_policy_does_not_isolate_ingress() -> None:
    # API reference: an egress-only policy must say `policyTypes: [Egress]`; it then leaves
    # ingress alone
    egress_only = policy("podSelector: {}\npolicyTypes: [Egress]")
    m = model(egress_only)
    assert m.allowed(address("198.51.100.1"), DB, 5432).allowed is True
    assert m.allowed(DB, address("198.51.100.1"), 443).allowed is False


def test_empty_pod_selector_selects_every_pod_of_the_namespace() -> None:
    # API reference, podSelector: "An empty podSelector selects all pods in this namespace"
    deny = policy("podSelector: {}")
    m = model(deny)
    assert m.selecting(DB) == [deny] and m.selecting(WEB) == [deny]
    assert m.selecting(OPS_OTHER) == []  # a pod of another namespace is not selected


def test_a_policy_of_another_namespace_does_not_apply() -> None:
    # concept page: a NetworkPolicy is namespaced and selects pods in its own namespace only
    deny_ops = policy("podSelector: {}", namespace="ops")
    m = model(deny_ops)
    assert allowed(m, WEB, DB, 5432) is True
    assert allowed(m, WEB, OPS_OTHER, 80) is False


def test_unselected_pods_stay_open_next_to_isolated_ones() -> None:
    # concept page: pods not selected by any policy for a direction stay non-isolated
    db_only = policy("podSelector: {matchLabels: {role: db}}")
    m = model(db_only)
    assert allowed(m, DB, WEB, 8080) is True
    assert allowed(m, WEB, DB, 5432) is False


def test_empty_ingress_list_denies_all_and_empty_rule_allows_all() -> None:
    # API reference, ingress: an empty list allows no traffic (the policy only isolates);
    # a rule `{}` has no `from` and no `ports`, so it matches all sources on all ports
    deny = policy("podSelector: {}\ningress: []")
    allow_all = policy("podSelector: {}\ningress: [{}]")
    assert allowed(model(deny), WEB, DB, 5432) is False
    assert allowed(model(allow_all), WEB, DB, 5432) is True
    assert allowed(model(deny, allow_all), OTHER_MONITOR, DB, 1, "UDP") is True


def test_policies_are_additive() -> None:
    # concept page: "Network policies do not conflict; they are additive" - the union of the
    # rules of every policy selecting the pod applies
    deny = policy("podSelector: {}", name="deny")
    from_web = policy(
        "podSelector: {matchLabels: {role: db}}\n"
        "ingress: [{from: [{podSelector: {matchLabels: {role: frontend}}}]}]",
        name="from-web",
    )
    m = model(deny, from_web)
    verdict = m.allowed(WEB, DB, 5432)
    assert verdict.allowed is True
    assert [p.name for p in verdict.ingress.isolating] == ["deny", "from-web"]
    assert [p.name for p in verdict.ingress.allowing] == ["from-web"]
    assert allowed(m, OPS_MONITOR, DB, 5432) is False


def test_verdict_explains_the_denial() -> None:
    deny = policy("podSelector: {}", name="deny")
    text = model(deny).allowed(WEB, DB, 5432).explain()
    assert "db is isolated for ingress by NetworkPolicy shop/deny" in text
    assert "TCP 5432 from web in namespace shop" in text


# --------------------------------------------------------------------------- peers

AND_PEER = """
podSelector: {matchLabels: {role: db}}
ingress:
  - from:
      - namespaceSelector: {matchLabels: {team: operations}}
        podSelector: {matchLabels: {type: monitoring}}
"""

OR_PEERS = """
podSelector: {matchLabels: {role: db}}
ingress:
  - from:
      - namespaceSelector: {matchLabels: {team: operations}}
      - podSelector: {matchLabels: {type: monitoring}}
"""


def test_namespace_and_pod_selector_in_one_peer_is_an_and() -> None:
    # concept page, "Behavior of to and from selectors": one element with both selectors allows
    # pods matching the podSelector in namespaces matching the namespaceSelector
    m = model(policy(AND_PEER))
    assert allowed(m, OPS_MONITOR, DB, 5432) is True
    assert allowed(m, OPS_OTHER, DB, 5432) is False  # right namespace, wrong pod
    assert allowed(m, OTHER_MONITOR, DB, 5432) is False  # right pod, wrong namespace


def test_namespace_and_pod_selector_as_two_peers_is_an_or() -> None:
    # same section: two elements allow pods of the policy's namespace matching the
    # podSelector OR any pod in namespaces matching the namespaceSelector
    m = model(policy(OR_PEERS))
    assert allowed(m, OPS_OTHER, DB, 5432) is True  # any pod of the namespace
    shop_monitor = PodEndpoint("shop", {"type": "monitoring"})
    assert allowed(m, shop_monitor, DB, 5432) is True  # the pod selector, own namespace
    assert allowed(m, OTHER_MONITOR, DB, 5432) is False  # pod selector is not cluster-wide


def test_pod_selector_alone_only_selects_the_policy_namespace() -> None:
    # API reference, NetworkPolicyPeer.podSelector: without namespaceSelector it selects pods
    # in the policy's own namespace
    m = model(policy("podSelector: {}\ningress: [{from: [{podSelector: {}}]}]"))
    assert allowed(m, WEB, DB, 5432) is True
    assert allowed(m, OPS_OTHER, DB, 5432) is False


def test_empty_namespace_selector_selects_all_namespaces() -> None:
    # API reference, NetworkPolicyPeer.namespaceSelector: "if present but empty, it selects
    # all namespaces"
    m = model(policy("podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]"))
    assert allowed(m, OPS_OTHER, DB, 5432) is True
    assert allowed(m, OTHER_MONITOR, DB, 5432) is True
    assert allowed(m, address("203.0.113.9"), DB, 5432) is False  # pods only, not addresses


def test_automatic_namespace_name_label() -> None:
    # namespaces carry kubernetes.io/metadata.name; selecting on it selects by name
    text = "podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {%s: ops}}}]}]"
    m = model(policy(text % NAME_LABEL))
    assert allowed(m, OPS_OTHER, DB, 5432) is True
    assert allowed(m, OTHER_MONITOR, DB, 5432) is False


def test_undeclared_namespace_labels_are_unknown() -> None:
    # the scan set does not say which labels an undeclared namespace carries: beyond its name
    # labels, the answer is unknown rather than a denial
    text = "podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: %s}}]}]"
    outsider = PodEndpoint("monitoring", {})
    by_purpose = NetworkModel([policy(text % "{purpose: monitoring}")], NAMESPACES, ["shop"])
    assert allowed(by_purpose, outsider, DB, 9090) is None
    by_name = NetworkModel([policy(text % "{name: production}")], NAMESPACES, ["shop"])
    assert allowed(by_name, outsider, DB, 9090) is False


def test_ip_block_with_except() -> None:
    # API reference, IPBlock: cidr is the allowed range, except removes sub-ranges from it
    text = """
podSelector: {}
policyTypes: [Egress]
egress:
  - to:
      - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
      - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:dead::/48"]}
"""
    m = model(policy(text))
    assert allowed(m, WEB, address("10.2.3.4"), 443) is True
    assert allowed(m, WEB, address("10.1.3.4"), 443) is False
    assert allowed(m, WEB, address("192.168.0.1"), 443) is False
    assert allowed(m, WEB, address("2001:db8::1"), 443) is True
    assert allowed(m, WEB, address("2001:db8:dead::1"), 443) is False


def test_ip_block_does_not_match_pods() -> None:
    # concept page: ipBlock is meant for cluster-external IPs; how pod IPs are treated is
    # implementation-defined, so the model never lets an ipBlock select a pod
    text = "podSelector: {}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]"
    m = model(policy(text))
    assert allowed(m, WEB, address("10.0.0.1"), 5432) is True
    assert allowed(m, WEB, DB, 5432) is False


# --------------------------------------------------------------------------- ports


def test_rule_without_ports_allows_every_port_and_protocol() -> None:
    # API reference, ports: "If this field is empty or missing, this rule matches all ports"
    m = model(policy("podSelector: {}\ningress: [{from: [{podSelector: {}}]}]"))
    assert allowed(m, WEB, DB, 1, "UDP") is True
    assert allowed(m, WEB, DB, 65535, "SCTP") is True


def test_protocol_defaults_to_tcp() -> None:
    # API reference, NetworkPolicyPort.protocol: "If not specified, this field defaults to TCP"
    m = model(policy("podSelector: {}\ningress: [{ports: [{port: 5432}]}]"))
    assert allowed(m, WEB, DB, 5432, "TCP") is True
    assert allowed(m, WEB, DB, 5432, "UDP") is False
    assert allowed(m, WEB, DB, 5433, "TCP") is False


def test_port_without_number_matches_every_port_of_its_protocol() -> None:
    # API reference, NetworkPolicyPort.port: "If this field is not provided, this matches all
    # port names and numbers"
    m = model(policy("podSelector: {}\ningress: [{ports: [{protocol: UDP}]}]"))
    assert allowed(m, WEB, DB, 53, "UDP") is True
    assert allowed(m, WEB, DB, 53, "TCP") is False


def test_end_port_range_is_inclusive() -> None:
    # API reference, endPort: the range port..endPort, inclusive, is allowed
    m = model(policy("podSelector: {}\ningress: [{ports: [{port: 32000, endPort: 32768}]}]"))
    assert allowed(m, WEB, DB, 32000) is True
    assert allowed(m, WEB, DB, 32768) is True
    assert allowed(m, WEB, DB, 32769) is False
    assert allowed(m, WEB, DB, 31999) is False


def test_end_port_with_a_named_port_is_rejected() -> None:
    # API reference, endPort: cannot be set when port is a named port; the part matches nothing
    parsed = policy("podSelector: {}\ningress: [{ports: [{port: pg, endPort: 6000}]}]")
    assert [p.path[-1] for p in parsed.problems] == ["endPort"]
    assert allowed(model(parsed), WEB, DB, 5432) is False


def test_named_port_is_resolved_on_the_destination_pod_for_ingress() -> None:
    # API reference, port: "either a numerical or named port on a pod"; for ingress the pod is
    # the selected (destination) pod
    m = model(policy("podSelector: {}\ningress: [{ports: [{port: pg}]}]"))
    assert allowed(m, WEB, DB, 5432) is True
    assert allowed(m, WEB, DB, 5433) is False
    assert allowed(m, DB, WEB, 8080) is False  # web has no port named pg


def test_named_port_for_egress_is_resolved_on_the_destination() -> None:
    # for egress the name is a port of the pod the traffic goes to; an address has no named
    # ports, so a named port never allows traffic to it
    text = (
        "podSelector: {matchLabels: {role: frontend}}\npolicyTypes: [Egress]\n"
        "egress: [{ports: [{port: pg}]}]"
    )
    m = model(policy(text))
    assert allowed(m, WEB, DB, 5432) is True
    assert allowed(m, WEB, address("10.0.0.5"), 5432) is False


def test_named_port_must_match_the_protocol() -> None:
    # a named container port has a protocol; the policy port (TCP by default) must agree
    udp_db = PodEndpoint("shop", {"role": "db"}, {"stats": (8125, "UDP")})
    m = model(policy("podSelector: {}\ningress: [{ports: [{port: stats}]}]"))
    assert allowed(m, WEB, udp_db, 8125, "UDP") is False
    m = model(policy("podSelector: {}\ningress: [{ports: [{port: stats, protocol: UDP}]}]"))
    assert allowed(m, WEB, udp_db, 8125, "UDP") is True


def test_ports_and_peers_must_both_match() -> None:
    # API reference, NetworkPolicyIngressRule: traffic must match both ports and from
    text = """
podSelector: {}
ingress:
  - from: [{podSelector: {matchLabels: {role: frontend}}}]
    ports: [{port: 5432}]
"""
    m = model(policy(text))
    assert allowed(m, WEB, DB, 5432) is True
    assert allowed(m, WEB, DB, 22) is False
    assert allowed(m, PodEndpoint("shop", {"role": "x"}), DB, 5432) is False


# --------------------------------------------------------------------------- both ends


def test_source_egress_and_destination_ingress_both_apply() -> None:
    # traffic between two pods passes only when the source's egress and the destination's
    # ingress policies both allow it
    egress = policy(
        "podSelector: {matchLabels: {role: frontend}}\npolicyTypes: [Egress]\n"
        "egress: [{to: [{podSelector: {matchLabels: {role: cache}}}]}]",
        name="web-egress",
    )
    verdict = model(egress).allowed(WEB, DB, 5432)
    assert verdict.allowed is False
    assert verdict.ingress.allowed is True and verdict.egress.allowed is False
    assert "web is isolated for egress by NetworkPolicy shop/web-egress" in verdict.explain()


# --------------------------------------------------------------------------- broken input


def test_invalid_selector_matches_nothing_and_is_reported() -> None:
    # the API server rejects the operator; the evaluator lets the broken part match nothing
    text = """
podSelector: {}
ingress:
  - from:
      - podSelector: {matchExpressions: [{key: role, operator: Equals, values: [frontend]}]}
"""
    parsed = policy(text)
    assert [p.is_selector for p in parsed.problems] == [True]
    assert parsed.problems[0].path[-1] == "operator"
    assert allowed(model(parsed), WEB, DB, 5432) is False


def test_invalid_policy_selector_selects_no_pod() -> None:
    parsed = policy("podSelector: {matchExpressions: [{key: role, operator: In}]}")
    assert parsed.pod_selector is None
    assert allowed(model(parsed), WEB, DB, 5432) is True


def test_garbage_never_raises() -> None:
    for spec in (
        "[]",
        "null",
        "{ingress: 3}",
        "{ingress: [3, null, {from: [7, {}]}]}",
        "{egress: [{to: [{ipBlock: {cidr: nope}}], ports: [{port: {}}]}]}",
        "{ingress: [{ports: [{protocol: ICMP}, {port: true}, {port: 1, endPort: x}]}]}",
    ):
        parsed = parse_policy({"spec": yaml.safe_load(spec)}, "shop", "g")
        model(parsed).allowed(WEB, DB, 5432)
        model(parsed).allowed(DB, address("10.0.0.1"), 1)


def test_host_network_pods_are_unknown() -> None:
    # the docs leave NetworkPolicy behaviour for host-network pods undefined
    node_pod = PodEndpoint("shop", {"role": "db"}, host_network=True)
    m = model(policy("podSelector: {}"))
    assert allowed(m, WEB, node_pod, 5432) is None


def test_objects_without_namespace_meet_only_within_their_folder() -> None:
    # scan-set rule, not API semantics: objects without metadata.namespace land wherever they
    # are applied, so a policy and a pod of that kind share a namespace only in related folders
    deny = policy("podSelector: {}", namespace="default")
    loose = replace(deny, scope="repo-a/policies", namespace_written=False)
    near = PodEndpoint("default", {}, scope="repo-a", namespace_written=False)
    far = PodEndpoint("default", {}, scope="repo-b/app", namespace_written=False)
    m = model(loose)
    assert m.selecting(near) == [loose]
    assert m.selecting(far) == []
