"""Helm's ``kubeVersion`` constraints (the Masterminds semver v3 range syntax) checked against a
Kubernetes release.

Helm refuses to install a chart whose ``Chart.yaml`` constraint rejects the cluster's version,
and reads the constraint with the Masterminds semver library. Its rules, from that library's
documentation: ``||`` separates alternatives; within one, comparators separated by commas or
spaces must all hold; operators ``=`` ``!=`` ``>`` ``<`` ``>=`` (``=>``) ``<=`` (``=<``), tilde
``~`` (``~>``: the last written part may grow), caret ``^`` (the first non-zero part is fixed),
hyphen ranges ``1.2 - 1.4.5``, and ``x``, ``X`` or ``*`` wildcards. A version with a
pre-release part (``1.28.3-eks-4f4795d``, as EKS and GKE report) satisfies an alternative only
when one of its comparators has a pre-release part too (the common ``>=1.19.0-0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Release = tuple[int, int, int]

_COMPARATOR = re.compile(
    r"(?P<op>!=|>=|=>|<=|=<|~>|=|>|<|~|\^)?\s*"
    r"v?(?P<parts>[0-9xX*]+(?:\.[0-9xX*]+){0,2})"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?"
)
_HYPHEN = re.compile(r"(\S+)\s+-\s+(\S+)")
_WILD = frozenset({"x", "X", "*"})


class ConstraintError(ValueError):
    """A constraint Helm cannot read."""


@dataclass(frozen=True, slots=True)
class _Bound:
    """``version op release`` for op one of >=, >, <=, <, ==, != and "outside" (below
    ``release`` or at ``high`` and above: a `!=` with wildcards); ``pre``: the bound's
    pre-release identifiers (empty for a release)."""

    op: str
    release: Release
    pre: tuple[str, ...] = ()
    high: Release = (0, 0, 0)


@dataclass(frozen=True, slots=True)
class Constraint:
    """Alternatives, each a list of bounds that must all hold, and whether the alternative lets
    pre-release versions through."""

    alternatives: tuple[tuple[tuple[_Bound, ...], bool], ...]

    def allows(self, release: Release, pre: tuple[str, ...] = ()) -> bool:
        for bounds, takes_pre in self.alternatives:
            if pre and not takes_pre:
                continue
            if all(_holds(b, release, pre) for b in bounds):
                return True
        return False


def parse_constraint(text: str) -> Constraint:
    """``text`` as a constraint; ``ConstraintError`` when Helm would not read it."""
    alternatives = []
    for alternative in text.split("||"):
        alternative = _HYPHEN.sub(r">= \1, <= \2", alternative.strip())
        if not alternative:
            raise ConstraintError("an empty alternative")
        bounds: list[_Bound] = []
        takes_pre = False
        position = 0
        while position < len(alternative):
            if alternative[position] in ", \t":
                position += 1
                continue
            match = _COMPARATOR.match(alternative, position)
            if match is None or match.end() == position:
                raise ConstraintError(f"cannot read `{alternative[position:]}`")
            position = match.end()
            if position < len(alternative) and alternative[position] not in ", \t":
                raise ConstraintError(f"cannot read `{alternative[match.start() :]}`")
            pre = tuple(match["pre"].split(".")) if match["pre"] else ()
            takes_pre = takes_pre or bool(pre)
            bounds.extend(_bounds(match["op"] or "=", match["parts"].split("."), pre))
        alternatives.append((tuple(bounds), takes_pre))
    return Constraint(tuple(alternatives))


def _bounds(op: str, parts: list[str], pre: tuple[str, ...]) -> list[_Bound]:
    """The plain bounds an operator with a (possibly partial or wildcard) version stands for."""
    written = 0
    numbers: list[int] = []
    for part in parts:
        if part in _WILD:
            break
        if not part.isdigit():
            raise ConstraintError(f"`{part}` is not a number")
        numbers.append(int(part))
        written += 1
    low = _release(numbers)
    if written == 0:
        return [] if op in ("=", ">=", "<=", "~", "~>", "^") else _never(op)
    partial = written < 3
    high = _next(numbers)  # the first release above everything the written parts cover
    if op in ("~", "~>"):
        upper = _next(numbers[:2]) if written >= 2 else _next(numbers[:1])
        return [_Bound(">=", low, pre), _Bound("<", upper)]
    if op == "^":
        significant = next((i for i, n in enumerate(numbers) if n != 0), written - 1)
        return [_Bound(">=", low, pre), _Bound("<", _next(numbers[: significant + 1]))]
    if op == "=":
        return [_Bound(">=", low, pre), _Bound("<", high)] if partial else [_Bound("==", low, pre)]
    if op == "!=":
        return [_Bound("outside", low, pre, high)] if partial else [_Bound("!=", low, pre)]
    if op in (">=", "=>"):
        return [_Bound(">=", low, pre)]
    if op == ">":
        return [_Bound(">=", high)] if partial else [_Bound(">", low, pre)]
    if op in ("<=", "=<"):
        return [_Bound("<", high)] if partial else [_Bound("<=", low, pre)]
    return [_Bound("<", low, pre)]  # "<"


def _never(op: str) -> list[_Bound]:
    # `> *`, `< *`, `!= *`: nothing is above, below or outside everything
    return [_Bound("<", (0, 0, 0))]


def _release(numbers: list[int]) -> Release:
    padded = [*numbers, 0, 0, 0]
    return padded[0], padded[1], padded[2]


def _next(numbers: list[int]) -> Release:
    """The first release after every version that starts with ``numbers``."""
    if not numbers:
        return (1 << 30, 0, 0)
    return _release([*numbers[:-1], numbers[-1] + 1])


def _holds(bound: _Bound, release: Release, pre: tuple[str, ...]) -> bool:
    order = _compare(release, pre, bound.release, bound.pre)
    op = bound.op
    if op == ">=":
        return order >= 0
    if op == ">":
        return order > 0
    if op == "<=":
        return order <= 0
    if op == "<":
        return order < 0
    if op == "==":
        return order == 0
    if op == "!=":
        return order != 0
    return order < 0 or _compare(release, pre, bound.high, ()) >= 0  # "outside"


def _compare(a: Release, a_pre: tuple[str, ...], b: Release, b_pre: tuple[str, ...]) -> int:
    if a != b:
        return -1 if a < b else 1
    if a_pre == b_pre:
        return 0
    if not a_pre or not b_pre:  # a release is above its own pre-releases
        return 1 if not a_pre else -1
    for x, y in zip(a_pre, b_pre, strict=False):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1  # numeric identifiers sort first
        return -1 if x < y else 1
    return -1 if len(a_pre) < len(b_pre) else 1


def minor_allowed(
    constraint: Constraint, minor: tuple[int, int], pre: tuple[str, ...] = ()
) -> bool:
    """Whether some patch release of ``minor`` (``1.28.0`` to ``1.28.99``, with ``pre`` as its
    pre-release part) satisfies the constraint."""
    return any(constraint.allows((*minor, patch), pre) for patch in range(100))


def written_kube_version(chart_yaml: Any) -> str | None:
    """A ``Chart.yaml``'s ``kubeVersion`` as written, when it has one."""
    value = chart_yaml.get("kubeVersion") if isinstance(chart_yaml, dict) else None
    return value if isinstance(value, str) and value.strip() else None
