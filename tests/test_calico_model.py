"""Unit tests for the Calico selector parser/evaluator and pool helpers."""

from __future__ import annotations

import pytest

from seawall.model.calico import (
    SelectorError,
    judgeable,
    parse_selector,
    workload_labels,
)

WEB = {"app": "web", "tier": "frontend", "env": "prod"}
DB = {"app": "db", "tier": "backend"}
BARE: dict[str, str] = {}


@pytest.mark.parametrize(
    ("text", "web", "db", "bare"),
    [
        ("", True, True, True),
        ("all()", True, True, True),
        ("global()", True, True, True),
        ("has(env)", True, False, False),
        ("!has(env)", False, True, True),
        ("app == 'web'", True, False, False),
        ('app == "web"', True, False, False),
        ("app != 'web'", False, True, True),  # an absent label is "not equal"
        ("app in {'web', 'api'}", True, False, False),
        ("app in {}", False, False, False),
        ("app not in {'web'}", False, True, True),
        ("app == 'web' && tier == 'frontend'", True, False, False),
        ("app == 'web' || app == 'db'", True, True, False),
        ("!(app == 'web')", False, True, True),
        ("!app == 'web'", False, True, True),
        ("has(env) || tier == 'backend' && app == 'db'", True, True, False),
        ("(has(env) || tier == 'backend') && app == 'db'", False, True, False),
        ("tier contains 'end'", True, True, False),
        ("tier starts with 'front'", True, False, False),
        ("tier ends with 'end'", True, True, False),
        ("k8s-app == 'kube-dns'", False, False, False),
        ("  app   ==   'db'  ", False, True, False),
    ],
)
def test_selector_evaluation(text: str, web: bool, db: bool, bare: bool) -> None:
    selector = parse_selector(text)
    assert (selector.matches(WEB), selector.matches(DB), selector.matches(BARE)) == (
        web,
        db,
        bare,
    )


def test_and_binds_tighter_than_or() -> None:
    left = parse_selector("a == '1' || b == '1' && c == '1'")
    assert left.matches({"a": "1"})
    assert not left.matches({"b": "1"})
    assert left.matches({"b": "1", "c": "1"})


def test_label_keys() -> None:
    selector = parse_selector("has(a) && (b == 'x' || !c in {'y'}) && all()")
    assert selector.label_keys() == {"a", "b", "c"}
    assert parse_selector("all()").is_all
    assert parse_selector("").is_all


@pytest.mark.parametrize(
    "text",
    [
        "app = 'web'",
        "app == web",
        "app ==",
        "(app == 'web'",
        "app == 'web')",
        "app in {'a' 'b'}",
        "app in 'a'",
        "has(",
        "&& app == 'x'",
        "app == 'web' &&",
        "app == 'unterminated",
        "app",
        "app not 'x'",
    ],
)
def test_invalid_selectors_raise(text: str) -> None:
    with pytest.raises(SelectorError):
        parse_selector(text)


def test_workload_labels_add_calico_labels() -> None:
    labels = workload_labels({"app": "web"}, "shop", "api")
    assert labels["projectcalico.org/namespace"] == "shop"
    assert labels["projectcalico.org/serviceaccount"] == "api"
    assert parse_selector("projectcalico.org/namespace == 'shop' && app == 'web'").matches(labels)
    assert workload_labels({}, "x")["projectcalico.org/serviceaccount"] == "default"


def test_judgeable() -> None:
    assert judgeable(parse_selector("app == 'web'"))
    assert judgeable(parse_selector("projectcalico.org/namespace == 'a'"))
    assert not judgeable(parse_selector("pod-template-hash == 'abc'"))
    assert not judgeable(parse_selector("projectcalico.org/name == 'a'"))
