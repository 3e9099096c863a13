"""What a check function returns, before the registry stamps its id and level on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from seawall.policy.pss.model import FieldPath
from seawall.policy.pss.pod import Pod


class Issue(NamedTuple):
    path: FieldPath
    message: str
    fix: str


CheckFn = Callable[[Pod], list[Issue]]
