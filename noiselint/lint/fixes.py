"""Fix: apply text edits to a file's text, refuse any result that does not parse, and
write files atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from noiselint.diagnostics import Diagnostic, Edit, Span


@dataclass(frozen=True)
class Applied:
    text: str
    applied: tuple[Diagnostic, ...]
    refused: tuple[tuple[Diagnostic, str], ...] = ()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _offset(starts: list[int], row: int, col: int) -> int:
    return starts[row - 1] + col - 1


def _offsets(starts: list[int], span: Span) -> tuple[int, int]:
    return _offset(starts, span.start_row, span.start_col), \
        _offset(starts, span.end_row, span.end_col)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (checked by the caller); later text first."""
    starts = _line_starts(text)
    for edit in sorted(edits, key=lambda e: e.span, reverse=True):
        begin, end = _offsets(starts, edit.span)
        text = text[:begin] + edit.content + text[end:]
    return text


def parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return False
    return True


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> Applied:
    """Apply each diagnostic's fix that does not overlap an earlier one.

    A fix whose result does not parse is refused (and reported); the rest still apply.
    """
    starts = _line_starts(text)
    taken: list[tuple[int, int]] = []
    chosen: list[Diagnostic] = []
    refused: list[tuple[Diagnostic, str]] = []
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        ranges = [_offsets(starts, e.span) for e in diagnostic.fix.edits]
        if any((b < e2 and b2 < e) or b == b2 for b, e in ranges for b2, e2 in taken):
            continue  # overlaps: the next pass of the fix loop gets it
        candidate = apply_edits(text, [e for d in (*chosen, diagnostic)
                                       for e in d.fix.edits])  # type: ignore[union-attr]
        if not parses(candidate):
            refused.append((diagnostic, "the fixed text would not parse"))
            continue
        taken.extend(ranges)
        chosen.append(diagnostic)
    edits = [e for d in chosen for e in d.fix.edits]  # type: ignore[union-attr]
    return Applied(apply_edits(text, edits), tuple(chosen), tuple(refused))


class ChangedOnDisk(Exception):
    """The file changed between reading and writing: it is left alone."""


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace `path` with `data` via a temporary file and rename, keeping permissions.

    With `expected`, a file whose bytes are no longer `expected` is not overwritten.
    """
    if expected is not None and path.read_bytes() != expected:
        raise ChangedOnDisk(str(path))
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
    else:  # a new file (e.g. --output-file): what open() would give it
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".noiselint",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
