"""Kubernetes label selectors (``matchLabels`` and ``matchExpressions``) with API semantics.

Services use the plain map form (``spec.selector: {app: web}``); workloads, NetworkPolicies,
PodDisruptionBudgets and most newer APIs use ``LabelSelector``. Both parse to one
``LabelSelector`` so every rule and the graph match labels the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


class SelectorError(ValueError):
    """A selector the API server rejects; ``field`` is the path below the selector."""

    def __init__(self, message: str, field: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Requirement:
    key: str
    operator: str
    values: frozenset[str] = frozenset()

    def matches(self, labels: Mapping[str, str]) -> bool:
        if self.operator == "In":
            return labels.get(self.key) in self.values
        if self.operator == "NotIn":
            # a pod without the key satisfies NotIn, as in the API server
            return labels.get(self.key) not in self.values
        if self.operator == "Exists":
            return self.key in labels
        return self.key not in labels


@dataclass(frozen=True, slots=True)
class LabelSelector:
    """Requirements that must all hold. An empty selector matches everything; ``None`` where a
    selector is optional means "nothing" or "everything" depending on the API, so callers decide
    what a missing selector means."""

    requirements: tuple[Requirement, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.requirements

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(r.matches(labels) for r in self.requirements)

    def equality_labels(self) -> dict[str, str]:
        """The ``key=value`` pairs the selector requires (from ``matchLabels`` or single-value
        ``In``): what an index can look up before checking the rest."""
        return {
            r.key: next(iter(r.values))
            for r in self.requirements
            if r.operator == "In" and len(r.values) == 1
        }

    def describe(self) -> str:
        parts = []
        for r in self.requirements:
            if r.operator == "In" and len(r.values) == 1:
                parts.append(f"{r.key}={next(iter(r.values))}")
            elif r.operator in ("In", "NotIn"):
                word = "in" if r.operator == "In" else "notin"
                parts.append(f"{r.key} {word} ({','.join(sorted(r.values))})")
            elif r.operator == "Exists":
                parts.append(r.key)
            else:
                parts.append(f"!{r.key}")
        return ",".join(parts) or "<everything>"


def from_map(value: Any) -> LabelSelector:
    """A Service-style selector (``{key: value}``); non-mapping input raises ``SelectorError``."""
    if not isinstance(value, Mapping):
        raise SelectorError("a selector must be a mapping of label keys to values")
    return LabelSelector(
        tuple(Requirement(str(k), "In", frozenset({label_text(v)})) for k, v in value.items())
    )


def from_label_selector(value: Any) -> LabelSelector:
    """A ``LabelSelector`` (``matchLabels`` and ``matchExpressions``); raises ``SelectorError``
    at the offending field for what the API server would reject."""
    if value is None:
        return LabelSelector()
    if not isinstance(value, Mapping):
        raise SelectorError("a label selector must be a mapping")
    requirements: list[Requirement] = []
    labels = value.get("matchLabels")
    if labels is not None:
        try:
            requirements.extend(from_map(labels).requirements)
        except SelectorError as error:
            raise SelectorError(str(error), ("matchLabels",)) from None
    expressions = value.get("matchExpressions")
    if expressions is not None:
        if not isinstance(expressions, list):
            raise SelectorError("matchExpressions must be a list", ("matchExpressions",))
        for index, item in enumerate(expressions):
            requirements.append(_requirement(item, ("matchExpressions", index)))
    return LabelSelector(tuple(requirements))


def _requirement(item: Any, where: tuple[str | int, ...]) -> Requirement:
    if not isinstance(item, Mapping):
        raise SelectorError("a match expression must be a mapping", where)
    key, operator, values = item.get("key"), item.get("operator"), item.get("values")
    if not isinstance(key, str) or not key:
        raise SelectorError("a match expression needs a `key`", where)
    if operator not in OPERATORS:
        raise SelectorError(
            f"operator {operator!r} is not one of {', '.join(OPERATORS)}", (*where, "operator")
        )
    if values is not None and not isinstance(values, list):
        raise SelectorError("`values` must be a list", (*where, "values"))
    texts = frozenset(label_text(v) for v in values or ())
    if operator in ("In", "NotIn") and not texts:
        raise SelectorError(f"operator {operator} needs at least one value", where)
    if operator in ("Exists", "DoesNotExist") and texts:
        raise SelectorError(f"operator {operator} takes no values", (*where, "values"))
    return Requirement(key, operator, texts)


def label_text(value: Any) -> str:
    """Label values as the API server stores them: YAML ``true`` or ``1`` is rejected there, but
    a scanner reads it as the text the author meant."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)
