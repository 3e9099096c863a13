"""Character offsets to 1-based lines and columns, computed once per text."""

from __future__ import annotations

from bisect import bisect_right

from seawall.core.span import Span


class LineIndex:
    """Turns character offsets into 1-based lines and columns; shared by every node of a file.

    Nodes keep only offsets because a scan holds every document in memory at once for the
    resource graph; line numbers are computed only for the few nodes that get reported.
    """

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self.starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end) if end > start else (line, column)
        return Span(line, column, end_line, end_column, start, end)
