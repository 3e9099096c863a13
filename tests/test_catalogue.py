"""The rule catalogue: every rule keeps the rule contract, is documented, tested and selectable."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import seawall.docs
import seawall.rules
from seawall.core.rule import DOC_SECTIONS, Rule
from seawall.core.severity import Severity
from seawall.engine.registry import RegisteredRule, Registry, load_registry
from seawall.engine.selection import SelectionError, select_rules
from seawall.rules.redirects import REDIRECTS

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "tests" / "rules"
DOCS_DIR = ROOT / "docs" / "rules"

KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MODULE = re.compile(r"^(?P<code>[A-Z]{2,3}\d{3})_[a-z0-9_]+$")
# Domains whose checks peer tools (Checkov, Trivy, kube-linter, kube-score, Polaris, kubesec, CIS)
# also make: their rules must say which peer ids they correspond to.
PEER_COVERED_PREFIXES = ("KS", "KR", "KI")
# rules of those families that no peer tool has (checked against peer_checks.yaml)
WITHOUT_PEER = frozenset(
    {"KR201", "KR206", "KR303", "KR304", "KR306", "KR309", "KR310", "KR311", "KS309", "KS402"}
)

REGISTRY = load_registry()
RULES = list(REGISTRY.rules.values())


def _ids(registered: RegisteredRule) -> str:
    return registered.rule.code


def _codes(chosen: list[RegisteredRule]) -> list[str]:
    return sorted(r.rule.code for r in chosen)


# --------------------------------------------------------------------------- identity


def test_the_registry_finds_rules() -> None:
    assert len(RULES) >= 20


def test_every_rule_module_is_registered_once() -> None:
    """Scan the package independently of the registry: each ``<CODE>_<slug>`` module is one
    rule, and no two modules share a code."""
    seen: dict[str, str] = {}
    prefix = seawall.rules.__name__ + "."
    for info in pkgutil.walk_packages(seawall.rules.__path__, prefix):
        leaf = info.name.rsplit(".", 1)[-1]
        if info.ispkg or leaf.startswith("_") or leaf == "redirects":
            continue
        match = MODULE.match(leaf)
        assert match, f"{info.name}: rule modules are named <CODE>_<slug>.py"
        module = importlib.import_module(info.name)
        rule = getattr(module, "RULE", None)
        assert isinstance(rule, Rule), f"{info.name} has no RULE = Rule(...)"
        assert rule.code == match["code"], f"{info.name} declares {rule.code}"
        assert rule.code not in seen, f"{rule.code} is used by {seen[rule.code]} and {info.name}"
        seen[rule.code] = info.name
    assert sorted(seen) == sorted(REGISTRY.rules)


@pytest.mark.parametrize("registered", RULES, ids=_ids)
def test_code_matches_module(registered: RegisteredRule) -> None:
    leaf = registered.module.rsplit(".", 1)[-1]
    assert leaf.startswith(registered.rule.code + "_")


def test_names_are_unique_kebab_case() -> None:
    names = [r.rule.name for r in RULES]
    for name in names:
        assert KEBAB.match(name), f"rule name {name!r} is not kebab-case"
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"rule names used twice: {duplicates}"


def test_names_do_not_look_like_codes() -> None:
    """Selectors accept names too, so a name must never shadow a code prefix."""
    codes = set(REGISTRY.rules)
    for registered in RULES:
        assert registered.rule.name.upper() not in codes


@pytest.mark.parametrize("registered", RULES, ids=_ids)
def test_rule_contract(registered: RegisteredRule) -> None:
    rule = registered.rule
    assert isinstance(rule.severity, Severity)
    assert rule.category.strip(), f"{rule.code} has no category"
    assert rule.summary.strip(), f"{rule.code} has no summary"
    assert not rule.summary.endswith("."), f"{rule.code}: summaries are titles, without a full stop"
    assert rule.targets, f"{rule.code} reads no view"
    has_check = registered.check is not None
    has_input = bool(registered.input_kinds)
    assert has_check or has_input or "engine" in rule.targets
    assert not (has_check and has_input), f"{rule.code} has both check() and INPUT_KIND"
    if has_input:
        # file-level problems: IN for any file, a format's 0xx block for its parser, SW for ours
        assert rule.code.startswith(("IN", "SW")) or rule.code[2] == "0", (
            f"{rule.code}: input rules use the IN prefix, their format's 0xx codes or SW"
        )


def test_input_kinds_are_unique() -> None:
    kinds = [kind for r in RULES for kind in r.input_kinds]
    assert len(kinds) == len(set(kinds)), f"two input rules share a kind: {kinds}"


@pytest.mark.parametrize("registered", RULES, ids=_ids)
def test_docstring_sections(registered: RegisteredRule) -> None:
    rule = registered.rule
    first = rule.doc.split("\n\n", 1)[0].strip()
    assert first and not first.startswith("#"), f"{rule.code}: the docstring starts with a summary"
    sections = rule.doc_sections()
    for name in DOC_SECTIONS:
        assert sections.get(name, "").strip(), f"{rule.code}: `## {name}` is missing or empty"
    order = [name for name in sections if name in DOC_SECTIONS]
    assert order == list(DOC_SECTIONS), f"{rule.code}: sections out of order: {order}"


@pytest.mark.parametrize(
    "registered",
    [
        r
        for r in RULES
        if r.rule.code.startswith(PEER_COVERED_PREFIXES) and r.rule.code not in WITHOUT_PEER
    ],
    ids=_ids,
)
def test_equivalents_for_peer_covered_rules(registered: RegisteredRule) -> None:
    equivalents = registered.rule.equivalents
    assert equivalents, f"{registered.rule.code}: name the peer tools' ids for the same check"
    assert len(equivalents) == len(set(equivalents)), f"{registered.rule.code}: duplicates"
    assert all(e.strip() == e and e for e in equivalents)


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize("registered", [r for r in RULES if r.rule.options], ids=_ids)
def test_option_defaults_pass_their_own_validation(registered: RegisteredRule) -> None:
    rule = registered.rule
    names = [o.name for o in rule.options]
    assert len(names) == len(set(names)), f"{rule.code}: an option is declared twice"
    documented = rule.doc_sections().get("Options", "")
    for option in rule.options:
        assert option.description.strip(), f"{rule.code}.{option.name} has no description"
        error = option.validate(option.default)
        assert error is None, f"{rule.code}.{option.name}: its default is invalid: {error}"
        assert f"`{option.name}`" in documented, (
            f"{rule.code}.{option.name} is not described in the docstring's `## Options`"
        )


def test_options_reject_wrong_values() -> None:
    """The validation the defaults pass is not a no-op."""
    checked = 0
    for registered in RULES:
        for option in registered.rule.options:
            assert option.validate(object()) is not None
            if option.choices and isinstance(option.default, list):
                assert option.validate(["no-such-choice"]) is not None
            checked += 1
    assert checked, "no rule declares an option"


# --------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("registered", RULES, ids=_ids)
def test_fixture_folder(registered: RegisteredRule) -> None:
    folder = RULES_DIR / registered.rule.code
    assert folder.is_dir(), f"{folder.name} has no fixture folder tests/rules/{folder.name}/"
    if (folder / "generated").exists():
        assert (folder / "README").is_file(), f"{folder.name}: say how the input is generated"
        assert (folder / "expected.json").is_file()
        return
    bad = [p for p in folder.iterdir() if p.name.split(".", 1)[0] == "bad"]
    assert len(bad) == 1, f"{folder.name} needs exactly one bad.* file"
    assert (folder / "expected.json").is_file(), f"{folder.name} has no expected.json"
    if registered.check is not None:
        good = [p for p in folder.iterdir() if p.name.split(".", 1)[0] == "good"]
        assert good, f"{folder.name}: a rule with a check needs a good.* fixture too"


def test_no_fixture_folder_without_a_rule() -> None:
    stray = sorted(
        p.name for p in RULES_DIR.iterdir() if p.is_dir() and REGISTRY.get(p.name) is None
    )
    assert not stray, f"fixture folders for rules that do not exist: {stray}"


# --------------------------------------------------------------------------- generated docs


def test_rule_docs_do_not_drift() -> None:
    expected = seawall.docs.expected_files()
    actual = {p.name: p.read_text(encoding="utf-8") for p in DOCS_DIR.glob("*.md")}
    hint = "docs/rules/ is out of date: run `python -m seawall.docs` and commit the result"
    assert sorted(actual) == sorted(expected), hint
    stale = sorted(name for name in expected if actual[name] != expected[name])
    assert not stale, f"{hint} (differs: {', '.join(stale)})"


def test_every_rule_has_a_doc_page_and_index_row() -> None:
    files = seawall.docs.expected_files()
    for registered in RULES:
        code = registered.rule.code
        page = files[f"{code}.md"]
        assert page.startswith(f"# {code}: {registered.rule.name}\n")
        assert f"[{code}]({code}.md)" in files["index.md"]


# --------------------------------------------------------------------------- redirects


def test_redirects_point_at_existing_codes() -> None:
    for old, new in REDIRECTS.items():
        assert new in REGISTRY.rules, f"redirect {old} -> {new}: {new} does not exist"
        assert old not in REGISTRY.rules, f"redirect {old} shadows an existing rule"
        assert old not in REDIRECTS.values(), f"redirect chain through {old}"
    assert REGISTRY.redirects == REDIRECTS


def test_redirected_code_selects_its_new_rule() -> None:
    registry = Registry(REGISTRY.rules, {"KS001": "KS101"})
    assert _codes(select_rules(registry, ["KS001"], [])) == ["KS101"]
    assert registry.get("ks001") is registry.get("KS101")
    chosen = _codes(select_rules(registry, ["KS1"], ["KS001"]))
    assert "KS101" not in chosen and "KS102" in chosen


# --------------------------------------------------------------------------- selection


def test_prefix_selects_exactly_its_rules() -> None:
    ks1 = sorted(c for c in REGISTRY.rules if c.startswith("KS1"))
    assert ks1, "no KS1xx rule"
    assert _codes(select_rules(REGISTRY, ["KS1"], [])) == ks1
    assert _codes(select_rules(REGISTRY, ["ks1"], [])) == ks1, "selectors are case-insensitive"
    assert _codes(select_rules(REGISTRY, ["KS101"], [])) == ["KS101"]
    # preview rules run only when selected by their full code
    everything = sorted(c for c, r in REGISTRY.rules.items() if r.rule.status != "preview")
    assert _codes(select_rules(REGISTRY, ["ALL"], [])) == everything
    assert _codes(select_rules(REGISTRY, None, [])) == everything


def test_most_specific_selector_wins() -> None:
    chosen = _codes(select_rules(REGISTRY, ["KS", "KS101"], ["KS1"]))
    assert "KS101" in chosen
    assert not [c for c in chosen if c.startswith("KS1") and c != "KS101"]
    others = sorted(c for c in REGISTRY.rules if c.startswith("KS") and not c.startswith("KS1"))
    assert [c for c in chosen if not c.startswith("KS1")] == others


def test_more_specific_ignore_beats_broader_select() -> None:
    chosen = _codes(select_rules(REGISTRY, ["KS1"], ["KS101"]))
    assert "KS101" not in chosen and "KS102" in chosen


def test_ignore_wins_a_tie() -> None:
    assert select_rules(REGISTRY, ["KS101"], ["KS101"]) == []
    assert "KS101" not in _codes(select_rules(REGISTRY, None, ["KS101"]))


def test_select_by_rule_name() -> None:
    assert _codes(select_rules(REGISTRY, ["privileged-container"], [])) == ["KS101"]


def test_unknown_selector_raises_with_a_suggestion() -> None:
    with pytest.raises(SelectionError, match=r"did you mean KS101\?"):
        select_rules(REGISTRY, ["KS1O1"], [])
    with pytest.raises(SelectionError, match=r"did you mean privileged-container\?"):
        select_rules(REGISTRY, ["privileged-containr"], [])
    with pytest.raises(SelectionError, match="ignore"):
        select_rules(REGISTRY, None, ["ZZ9"])
    assert issubclass(SelectionError, ValueError), "usage errors are ValueErrors (exit status 2)"
