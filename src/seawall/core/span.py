from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a source file.

    Lines and columns are 1-based; ``end_column`` is exclusive (the column just after the region),
    as SARIF defines it. Offsets are character offsets into the decoded text, used by fixes.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int = 0
    end_offset: int = 0

    @staticmethod
    def point(line: int, column: int = 1, offset: int = 0) -> Span:
        return Span(line, column, line, column + 1, offset, offset + 1)


FILE_START = Span(1, 1, 1, 1, 0, 0)
