"""The values every later stage passes on: spans, edits, fixes, diagnostics, file errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A source range, 1-based rows and columns, end exclusive (ruff's convention)."""

    start_row: int
    start_col: int
    end_row: int
    end_col: int


class Applicability(enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    message: str
    path: str
    span: Span
    fix: Fix | None = None
    # The row a noqa comment must be on to silence this finding (first line of the statement).
    noqa_row: int | None = None
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class FileError:
    """A file noiselint could not lint: unreadable, undecodable, not a notebook."""

    path: str
    message: str
    # Not linted because the rule that reports it (NL900/NL901) is not selected: a warning,
    # as ruff's "Failed to lint", that does not change the exit code.
    skipped: bool = False
