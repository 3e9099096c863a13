"""The peer check lists behind docs/peer-coverage.md, and their agreement with rule metadata.

Every check a peer tool runs on static manifests must be covered by a rule (its id in that
rule's `equivalents`) or carry a reason for not being covered; these tests fail when a new peer
check is added without either, or when a rule names a peer id the lists do not know.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from seawall.docs import NOT_COVERED_REASONS, Peer, load_peers, peer_rules
from seawall.engine.registry import load_registry

PEER_PREFIXES = ("kube-linter:", "kube-score:", "polaris:", "kubesec:", "CKV_K8S_")
_ID_SHAPE = {
    "kube-linter:": re.compile(r"^kube-linter:[a-z0-9]+(-[a-z0-9]+)*$"),
    "kube-score:": re.compile(r"^kube-score:[a-z0-9]+(-[a-z0-9]+)*$"),
    "polaris:": re.compile(r"^polaris:[a-zA-Z0-9]+$"),
    "kubesec:": re.compile(r"^kubesec:[A-Z][A-Za-z0-9]+$"),
    "CKV_K8S_": re.compile(r"^CKV_K8S_[1-9][0-9]*$"),
}


@pytest.fixture(scope="module")
def peers() -> list[Peer]:
    return load_peers()


@pytest.fixture(scope="module")
def covered() -> dict[str, list[str]]:
    return peer_rules(PEER_PREFIXES)


def test_every_peer_is_listed_once_with_its_source(peers: list[Peer]) -> None:
    assert sorted(p.prefix for p in peers) == sorted(PEER_PREFIXES)
    for peer in peers:
        assert peer.source.startswith("https://"), peer.name
        assert peer.read.strip(), peer.name
        assert peer.checks, peer.name


def test_entries_are_well_formed(peers: list[Peer]) -> None:
    ids = Counter(check.id for peer in peers for check in peer.checks)
    assert not [i for i, n in ids.items() if n > 1], "duplicate peer ids"
    for peer in peers:
        for check in peer.checks:
            assert _ID_SHAPE[peer.prefix].match(check.id), check.id
            assert check.what.strip() and "\n" not in check.what, check.id
            if check.reason is not None:
                assert check.reason in NOT_COVERED_REASONS, (check.id, check.reason)
                assert check.why, f"{check.id}: say why it is not covered"


def test_every_peer_check_is_covered_or_explained(
    peers: list[Peer], covered: dict[str, list[str]]
) -> None:
    unaccounted = [
        check.id
        for peer in peers
        for check in peer.checks
        if not covered.get(check.id) and check.reason is None
    ]
    assert not unaccounted, (
        f"peer checks neither covered by a rule's equivalents nor given a not_covered reason in "
        f"peer_checks.yaml: {unaccounted}"
    )


def test_no_check_is_both_covered_and_not_covered(
    peers: list[Peer], covered: dict[str, list[str]]
) -> None:
    both = [
        f"{check.id} (covered by {', '.join(covered[check.id])})"
        for peer in peers
        for check in peer.checks
        if covered.get(check.id) and check.reason is not None
    ]
    assert not both, f"drop the not_covered reason of: {both}"


def test_rule_equivalents_name_known_peer_checks(peers: list[Peer]) -> None:
    known = {check.id for peer in peers for check in peer.checks}
    unknown = sorted(
        f"{rule.code}: {equivalent}"
        for rule in load_registry().all_rules()
        for equivalent in rule.equivalents
        if equivalent.startswith(PEER_PREFIXES) and equivalent not in known
    )
    assert not unknown, f"peer ids in equivalents that peer_checks.yaml does not list: {unknown}"


def test_duplicate_reasons_name_a_check_of_the_same_tool(peers: list[Peer]) -> None:
    for peer in peers:
        ids = {check.id for check in peer.checks}
        for check in peer.checks:
            if check.reason == "duplicate-of":
                assert check.why.split()[0] in ids, check.id
