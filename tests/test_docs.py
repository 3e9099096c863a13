"""Generated documentation pages that are not per-rule pages."""

from __future__ import annotations

from seawall.docs import CIS_PAGE, PEER_PAGE, cis_rules, render_cis, render_peers
from seawall.policy.cis_controls import CONTROLS, Decidable
from tests.conftest import ROOT


def test_cis_coverage_page_does_not_drift() -> None:
    page = ROOT / CIS_PAGE
    assert page.read_text(encoding="utf-8") == render_cis(), (
        f"{CIS_PAGE} is out of date; run `python -m seawall.docs`"
    )


def test_cis_table_agrees_with_rule_equivalents() -> None:
    """The table's own rule lists and the rules' CIS equivalents must tell the same story."""
    covered = cis_rules()
    known = {c.number for c in CONTROLS}
    for control in CONTROLS:
        if control.number.split(".")[0] in {"1", "2", "3", "4"}:
            assert sorted(control.rules) == sorted(covered.get(control.number, [])), control
        if covered.get(control.number):
            assert control.decidable is Decidable.STATIC, control
    named = {n for n in covered if n.split(".")[0] in {"1", "2", "3", "4"}}
    assert named <= known, f"rules name CIS controls the table lacks: {sorted(named - known)}"


def test_peer_coverage_page_does_not_drift() -> None:
    page = ROOT / PEER_PAGE
    assert page.read_text(encoding="utf-8") == render_peers(), (
        f"{PEER_PAGE} is out of date; run `python -m seawall.docs`"
    )
