"""Parsing and rules split over forked children: same findings as one process, and any child
failure falls back to doing the work in the parent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seawall.engine import forked
from seawall.engine.run import ScanOptions, scan

ROOT = Path(__file__).parent.parent
needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="fork is used on Linux only")


def _rows(jobs: int, paths: list[str]) -> list[tuple[object, ...]]:
    result = scan(paths, ScanOptions(jobs=jobs))
    return [
        (f.rule.code, f.severity, f.file, f.span, f.message, f.path, f.resource, f.fix)
        for f in result.findings
    ]


@needs_fork
def test_two_processes_find_exactly_what_one_finds() -> None:
    # the hostile inputs too: a parse child must carry syntax errors, depth and alias problems
    paths = [str(ROOT / d) for d in ("examples/reference-platform", "tests/rules", "tests/hostile")]
    one = _rows(1, paths)
    assert len(one) > 500  # enough findings of the forked families and the others
    assert _rows(2, paths) == one


@needs_fork
def test_the_child_returns_its_value() -> None:
    def work() -> tuple[int, list[int]]:
        return os.getpid(), list(range(100_000))

    started = forked.fork(work)
    assert started is not None
    pid, rows = started.result()
    assert pid != os.getpid() and rows[-1] == 99_999


@needs_fork
def test_a_failing_child_is_redone_here() -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return 7

    started = forked.fork(work)
    assert started is not None and started.result() == 7


def test_without_fork_nothing_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert forked.fork(lambda: 1) is None
    result = scan([str(ROOT / "examples" / "reference-platform")], ScanOptions(jobs=2))
    assert any(f.rule.code.startswith("KS") for f in result.findings)  # run here instead
