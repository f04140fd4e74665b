"""One file's outcome (its findings, fixes and notes), and the finding about a file as a whole.

Apart from the engine, which makes them: a run whose files are all in the results cache
builds its results from these alone, without the rules, libcst or the interpreter."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from noiselint import budget
from noiselint.codes import CODES
from noiselint.diagnostics import Diagnostic, Span
from noiselint.files.source import SourceFile
from noiselint.suppress import is_suppressed, noqa_comments


@dataclass(frozen=True)
class FileResult:
    """What checking one file found, and what fixing it changed."""

    source: SourceFile
    diagnostics: tuple[Diagnostic, ...] = ()
    # Findings fixed by the fix loop (the text is then `fixed_text`).
    fixed: tuple[Diagnostic, ...] = ()
    fixed_text: str | None = None
    notes: tuple[str, ...] = field(default=())
    added_noqa: int = 0  # --add-noqa: how many noqa directives were written
    # A notebook's fix, cell by cell: (cell number, source before, source after) for --diff.
    cells: tuple[tuple[int, str, str], ...] = ()
    # A notebook's code cells as the user sees them (magics restored; after the fix when
    # fixed), by cell number: the rows of its findings are rows of these.
    cell_texts: tuple[tuple[int, str], ...] = ()


def file_finding(source: SourceFile, codes: Collection[str], code: str, message: str
                 ) -> tuple[Diagnostic, ...]:
    """The finding `code` about the whole file (NL902, NL903), on its first row; none when
    the code is not among the selected `codes` or the first row's noqa suppresses it."""
    if code not in codes:
        return ()
    diagnostic = Diagnostic(code, CODES[code].name, budget.abbreviate_numbers(message), source.path,
                            Span(1, 1, 1, 1), noqa_row=1)
    # Only the first line can hold its noqa; tokenizing a 10 MB file for it would cost seconds.
    first_line = source.text.split("\n", 1)[0][:10_000]
    return () if is_suppressed(diagnostic, noqa_comments(first_line + "\n")) else (diagnostic,)
