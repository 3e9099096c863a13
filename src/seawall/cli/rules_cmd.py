"""``seawall rules`` and ``seawall explain``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from seawall.core.rule import Rule
from seawall.docs import render_rule
from seawall.engine.errors import UsageError
from seawall.engine.registry import load_registry
from seawall.engine.selection import select_rules


def rule_json(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "category": rule.category,
        "summary": rule.summary,
        "status": rule.status.value,
        "fixable": rule.fixable,
        "targets": list(rule.targets),
        "equivalents": list(rule.equivalents),
        "references": list(rule.references),
        "options": [
            {"name": o.name, "default": o.default, "description": o.description}
            for o in rule.options
        ],
        "docs": rule.doc,
    }


def list_rules(fmt: str, select: Sequence[str] | None, out: TextIO) -> int:
    registry = load_registry()
    rules = (
        [r.rule for r in select_rules(registry, select, (), "--select")]
        if select
        else [r.rule for r in registry.rules.values()]
    )
    if fmt == "json":
        out.write(json.dumps([rule_json(r) for r in rules], indent=2, ensure_ascii=False) + "\n")
        return 0
    if fmt == "markdown":
        from seawall.docs import render_index

        out.write(render_index(rules))
        return 0
    width = max((len(r.name) for r in rules), default=4)
    out.write(f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX  SUMMARY\n")
    for rule in rules:
        fix = "yes" if rule.fixable else "   "
        out.write(
            f"{rule.code:<6} {rule.name:<{width}} {rule.severity.value:<8} {fix}  {rule.summary}\n"
        )
    out.write(f"\n{len(rules)} rules. `seawall explain CODE` shows one rule's documentation.\n")
    return 0


def explain(code: str, out: TextIO, err: TextIO) -> int:
    registry = load_registry()
    found = registry.get(code)
    if found is None:
        named = [r for r in registry.rules.values() if r.rule.name == code.lower()]
        if not named:
            raise UsageError(f"no rule {code!r}; `seawall rules` lists them")
        found = named[0]
    out.write(render_rule(found.rule))
    return 0
