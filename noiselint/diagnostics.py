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
    """Replace the text of `span` with `content`."""

    span: Span
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """The edits one fix makes, and how safe applying them is."""

    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class ArtifactLocation:
    """Where a finding is in a saved or live model, which has no source lines."""

    layer: str  # the layer path, `model/block_2/drop1`
    class_name: str  # the layer's Keras class, e.g. `Dropout`
    pointer: str | None = None  # a JSON pointer into a `.keras` file's config.json
    code: str | None = None  # the layer written as the Keras call the rules read


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: its rule, message, place and fix."""

    code: str
    name: str
    message: str
    path: str
    span: Span
    fix: Fix | None = None
    # The row a noqa comment must be on to silence this finding (first line of the statement).
    noqa_row: int | None = None
    cell: int | None = None
    # Set for a saved or live model: the layer, in place of `span` (which is then 1:1).
    artifact: ArtifactLocation | None = None

    @property
    def layer(self) -> str | None:
        return self.artifact.layer if self.artifact is not None else None


@dataclass(frozen=True, slots=True)
class FileError:
    """A file noiselint could not lint: unreadable, undecodable, not a notebook."""

    path: str
    message: str
    # Not linted because the rule that reports it (NL900/NL901) is not selected: a warning,
    # as ruff's "Failed to lint", that does not change the exit code.
    skipped: bool = False
