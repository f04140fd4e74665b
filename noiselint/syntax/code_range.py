"""Where a node is: libcst's `CodePosition` and `CodeRange`, for trees that are not libcst's
(rows 1-based, columns 0-based, the end exclusive, as libcst's)."""

from __future__ import annotations

from typing import NamedTuple


class CodePosition(NamedTuple):
    """A row (1-based) and a column (0-based)."""

    line: int
    column: int


class CodeRange(NamedTuple):
    """From `start` to `end`, the end exclusive."""

    start: CodePosition
    end: CodePosition
