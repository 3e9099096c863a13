"""Which rules run: ``select`` and ``ignore`` code prefixes, the most specific one winning."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from seawall.core.rule import Status
from seawall.engine.errors import UsageError
from seawall.engine.registry import RegisteredRule, Registry


class SelectionError(UsageError):
    pass


def _check_known(registry: Registry, selectors: Sequence[str], where: str) -> None:
    for selector in selectors:
        if not registry.matching(selector):
            known = list(registry.rules) + [r.rule.name for r in registry.rules.values()]
            close = difflib.get_close_matches(
                selector.upper(), known, n=1
            ) or difflib.get_close_matches(selector.lower(), known, n=1)
            hint = f"; did you mean {close[0]}?" if close else "; `seawall rules` lists them"
            raise SelectionError(f"{where}: {selector!r} matches no rule{hint}")


def _specificity(registry: Registry, selector: str, code: str) -> int:
    """How closely ``selector`` names ``code``: -1 when it does not; longer prefixes score more."""
    if code not in registry.matching(selector):
        return -1
    wanted = selector.strip().upper()
    return 0 if wanted == "ALL" else 100 if not code.startswith(wanted) else len(wanted)


def select_rules(
    registry: Registry,
    select: Sequence[str] | None,
    ignore: Sequence[str],
    where: str = "selection",
) -> list[RegisteredRule]:
    """Rules to run. With no ``select`` every stable rule runs; preview rules run only when named
    by their full code. For each rule the most specific matching selector decides, and an
    ``ignore`` wins a tie."""
    if select is not None:
        _check_known(registry, select, f"{where} (select)")
    _check_known(registry, ignore, f"{where} (ignore)")
    chosen: list[RegisteredRule] = []
    for code, registered in registry.rules.items():
        if select is None:
            best_select = 0
        else:
            best_select = max((_specificity(registry, s, code) for s in select), default=-1)
        best_ignore = max((_specificity(registry, s, code) for s in ignore), default=-1)
        if best_select < 0 or best_ignore >= best_select:
            continue
        if registered.rule.status is Status.PREVIEW and best_select < len(code):
            continue
        chosen.append(registered)
    return chosen
