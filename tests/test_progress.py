from __future__ import annotations

import io

import pytest

from seawall.cli import progress
from seawall.cli.progress import ProgressBar


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bar_waits_a_second_then_draws_and_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(progress.time, "monotonic", clock)
    stream = io.StringIO()
    with ProgressBar(stream, enabled=True) as bar:
        bar.update(1, 10)
        assert stream.getvalue() == ""  # quick scans never show a bar
        clock.now += 1.5
        bar.update(5, 10)
        assert "5/10 files" in stream.getvalue()
        assert "#" * 15 + "-" * 15 in stream.getvalue()
    assert stream.getvalue().endswith("\r")  # the line is wiped when the scan ends


def test_disabled_bar_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(progress.time, "monotonic", clock)
    stream = io.StringIO()
    with ProgressBar(stream, enabled=False) as bar:
        clock.now += 5
        bar.update(5, 10)
    assert stream.getvalue() == ""
