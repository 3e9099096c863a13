"""A progress bar on stderr for scans that take more than a second on a terminal."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

_DELAY_SECONDS = 1.0
_REDRAW_SECONDS = 0.1
_WIDTH = 30


class ProgressBar:
    """Silent unless enabled; draws nothing during the first second, so quick scans stay clean."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self.started < _DELAY_SECONDS or (
            now - self.last_draw < _REDRAW_SECONDS and done < total
        ):
            return
        self.last_draw = now
        filled = int(_WIDTH * done / total)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.stream.write(f"\rseawall [{bar}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (_WIDTH + 40) + "\r")
            self.stream.flush()
