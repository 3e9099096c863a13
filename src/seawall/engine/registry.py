"""Finds every rule module by scanning the ``seawall.rules`` package."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

import seawall.rules
from seawall.core.finding import Finding
from seawall.core.rule import Rule
from seawall.rules.redirects import REDIRECTS

_MODULE = re.compile(r"^(?P<code>[A-Z]{2,3}\d{3})_[a-z0-9_]+$")

Check = Callable[[Any, Any], Iterable[Finding]]


class RegistryError(Exception):
    """A rule module breaks the rule contract (a bug in seawall, found at start-up)."""


@dataclass(frozen=True, slots=True)
class RegisteredRule:
    rule: Rule
    check: Check | None
    input_kinds: tuple[str, ...]
    module: str


@dataclass(frozen=True, slots=True)
class Registry:
    rules: dict[str, RegisteredRule]
    redirects: dict[str, str]

    def get(self, code: str) -> RegisteredRule | None:
        code = code.upper()
        return self.rules.get(self.redirects.get(code, code))

    def all_rules(self) -> list[Rule]:
        return [r.rule for r in self.rules.values()]

    def by_input_kind(self) -> dict[str, Rule]:
        return {kind: r.rule for r in self.rules.values() for kind in r.input_kinds}

    def foreign_ids(self) -> dict[str, list[str]]:
        """Peer tools' rule ids (``DL3008``, ``CKV_K8S_16``) to the seawall codes covering them."""
        out: dict[str, list[str]] = {}
        for code, registered in self.rules.items():
            for equivalent in registered.rule.equivalents:
                out.setdefault(equivalent.upper(), []).append(code)
        return out

    def matching(self, prefix: str) -> list[str]:
        """Codes a selector names: a code prefix, a redirected old code, a rule name or ALL."""
        wanted = prefix.strip().upper()
        if wanted == "ALL":
            return list(self.rules)
        if wanted in self.redirects:
            return [self.redirects[wanted]]
        by_name = [c for c, r in self.rules.items() if r.rule.name == prefix.strip().lower()]
        if by_name:
            return by_name
        return [c for c in self.rules if c.startswith(wanted)]


def _rule_modules() -> Iterator[ModuleType]:
    prefix = seawall.rules.__name__ + "."
    for info in pkgutil.walk_packages(seawall.rules.__path__, prefix):
        leaf = info.name.rsplit(".", 1)[-1]
        if not info.ispkg and _MODULE.match(leaf):
            yield importlib.import_module(info.name)


def _register(module: ModuleType) -> RegisteredRule:
    leaf = module.__name__.rsplit(".", 1)[-1]
    rule = getattr(module, "RULE", None)
    if not isinstance(rule, Rule):
        raise RegistryError(f"{module.__name__} has no RULE = Rule(...)")
    match = _MODULE.match(leaf)
    if match is None or match["code"] != rule.code:
        raise RegistryError(f"{module.__name__}: file name does not start with {rule.code}_")
    check = getattr(module, "check", None)
    declared = getattr(module, "INPUT_KIND", ())
    input_kinds = (declared,) if isinstance(declared, str) else tuple(declared)
    if check is None and not input_kinds and "engine" not in rule.targets:
        raise RegistryError(f"{module.__name__} has neither check() nor INPUT_KIND")
    return RegisteredRule(rule.with_doc(module.__doc__), check, input_kinds, module.__name__)


@cache
def load_registry() -> Registry:
    rules: dict[str, RegisteredRule] = {}
    for module in _rule_modules():
        registered = _register(module)
        code = registered.rule.code
        if code in rules:
            raise RegistryError(f"rule code {code} is used by {rules[code].module} and {module}")
        rules[code] = registered
    return Registry(dict(sorted(rules.items())), dict(REDIRECTS))
