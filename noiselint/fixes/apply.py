"""Fix: apply text edits to a file's text, refuse any result that does not parse or whose
edits did not land where they were meant to, and write files back without breaking links,
owners or modes."""

from __future__ import annotations

import ast
import contextlib
import errno
import io
import os
import re
import stat
import tempfile
import tokenize
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from noiselint.diagnostics import Diagnostic, Edit, Span
from noiselint.files.lines import line_starts, offset
from noiselint.files.source import read_bounded


@dataclass(frozen=True)
class Applied:
    """A text after fixing: the fixes that went in, and those refused with why."""

    text: str
    applied: tuple[Diagnostic, ...]
    refused: tuple[tuple[Diagnostic, str], ...] = ()


def _offsets(starts: list[int], span: Span) -> tuple[int, int]:
    return offset(starts, span.start_row, span.start_col), offset(starts, span.end_row, span.end_col)


def _inside(starts: list[int], size: int, span: Span) -> bool:
    """Whether both ends of `span` are positions of the text (a stale or forged span is not)."""
    if not (1 <= span.start_row <= len(starts) and 1 <= span.end_row <= len(starts)):
        return False
    if span.start_col < 1 or span.end_col < 1:
        return False
    begin, end = _offsets(starts, span)
    limits = [*starts[1:], size]
    return begin <= end <= size and begin <= limits[span.start_row - 1] and end <= limits[span.end_row - 1]


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (checked by the caller); later text first."""
    starts = line_starts(text)
    for edit in sorted(edits, key=lambda e: e.span, reverse=True):
        begin, end = _offsets(starts, edit.span)
        text = text[:begin] + edit.content + text[end:]
    return text


def parses(text: str) -> bool:
    # Here: `--fix` on files with nothing to fix (a pre-commit hook's usual run) never needs
    # libcst (0.1 s of imports).
    import libcst

    try:
        libcst.parse_module(text)
    except (libcst.ParserSyntaxError, RecursionError):
        return False
    return True


def compile_error(text: str, top_level_await: bool = False) -> str | None:
    """CPython's reason for rejecting the text (compiled to bytecode, never run), or None
    when it compiles. libcst accepts more (Python 2 `except E, e:`, a module-level `return`,
    newer syntax), and a file CPython rejects is not one noiselint may rewrite. Notebook
    cells may `await` at the top level (IPython runs them in an event loop)."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if top_level_await else 0
    try:
        with warnings.catch_warnings():
            # An invalid escape sequence is a warning, not a rejection (nor output).
            warnings.simplefilter("ignore")
            compile(text, "<noiselint>", "exec", flags=flags, dont_inherit=True)
    except SyntaxError as exc:
        return f"{exc.msg} (line {exc.lineno})"
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return str(exc) or type(exc).__name__
    return None


_LAYOUT = frozenset({tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER})
_SPACE = re.compile(r"\s+")
Token = tuple[str, tuple[int, int], tuple[int, int]]


def _significant_tokens(text: str) -> list[Token] | None:
    """The tokens that are not layout, with 1-based rows and 0-based columns, counted by the
    tokenizer itself: `io.StringIO(newline="")` splits lines on `\n`, `\r\n`, `\r` in its
    own code, so this check does not share the line-splitting it guards."""
    try:
        return [(t.string, t.start, t.end)
                for t in tokenize.generate_tokens(io.StringIO(text, newline="").readline)
                if t.type not in _LAYOUT and not (t.type == tokenize.ERRORTOKEN and t.string.isspace())]
    except (tokenize.TokenError, IndentationError, SyntaxError, RecursionError):
        return None


def lands_as_intended(before: list[Token] | None, after_text: str, edits: Iterable[Edit]) -> bool:
    """Whether the fixed text is the old text with exactly the tokens inside each edit's span
    replaced by the edit's content (compared without whitespace), the tokens located by the
    tokenizer. An offset computed with the wrong line breaks edits other characters and
    fails here, even when the result still parses."""
    after = _significant_tokens(after_text)
    if before is None or after is None:
        return False
    expected: list[str] = []
    spans = sorted(((e.span.start_row, e.span.start_col - 1), (e.span.end_row, e.span.end_col - 1), e.content)
                   for e in edits)
    index = 0
    for start, end, content in spans:
        while index < len(before) and before[index][2] <= start:
            expected.append(before[index][0])  # wholly before the edit: kept
            index += 1
        while index < len(before) and start <= before[index][1] and before[index][2] <= end:
            index += 1  # wholly inside the edit: replaced
        if index < len(before) and before[index][1] < end:
            return False  # the edit would cut a token in two
        expected.append(content)
    expected.extend(token[0] for token in before[index:])
    return _SPACE.sub("", "".join(expected)) == _SPACE.sub("", "".join(t[0] for t in after))


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic], must_compile: bool = False,
                top_level_await: bool = False) -> Applied:
    """Apply each diagnostic's fix that does not overlap an earlier one.

    A fix whose result does not parse, or whose edits do not land on the tokens they were
    meant to replace, is refused (and reported); the rest still apply. With `must_compile`,
    a result CPython would reject is refused too.
    """
    starts = line_starts(text)
    before = _significant_tokens(text)
    taken: list[tuple[int, int]] = []
    chosen: list[Diagnostic] = []
    refused: list[tuple[Diagnostic, str]] = []
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        if not all(_inside(starts, len(text), e.span) for e in diagnostic.fix.edits):
            refused.append((diagnostic, "its edits lie outside the file"))
            continue
        ranges = [_offsets(starts, e.span) for e in diagnostic.fix.edits]
        if all(text[b:e] == edit.content for (b, e), edit in zip(ranges, diagnostic.fix.edits, strict=True)):
            continue  # changes no byte: nothing was fixed, so nothing is counted as fixed
        if any((b < e2 and b2 < e) or b == b2 for b, e in ranges for b2, e2 in taken):
            continue  # overlaps: the next pass of the fix loop gets it
        candidate = apply_edits(text, [e for d in (*chosen, diagnostic)
                                       for e in d.fix.edits])  # type: ignore[union-attr]
        if not parses(candidate):
            refused.append((diagnostic, "the fixed text would not parse"))
            continue
        if must_compile and compile_error(candidate, top_level_await) is not None:
            refused.append((diagnostic, "Python would reject the fixed text"))
            continue
        if not lands_as_intended(before, candidate, [e for d in (*chosen, diagnostic)
                                                     for e in d.fix.edits]):  # type: ignore[union-attr]
            refused.append((diagnostic, "its edits would not land on the code they were made for"))
            continue
        taken.extend(ranges)
        chosen.append(diagnostic)
    edits = [e for d in chosen for e in d.fix.edits]  # type: ignore[union-attr]
    return Applied(apply_edits(text, edits), tuple(chosen), tuple(refused))


class ChangedOnDisk(Exception):
    """The file changed between reading and writing: it is left alone."""


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], None], expected: bytes | None = None,
                     unchanged: Callable[[Path], bool] | None = None) -> None:
    """Replace the contents of `path` with `data`, keeping what the file system says about
    the file: a symbolic link is followed and its target fixed (the link stays a link); the
    mode, owner and group stay. The new bytes go to a temporary file that is renamed over
    the old one (a kill leaves the old file or the new one, never half of each), except for
    a file with other hard links or another owner, which is rewritten in place so the links
    and the owner stay. A read-only file is refused (PermissionError).

    With `expected`, a file whose bytes are no longer `expected` is not overwritten; with
    `unchanged`, one for which it says False. `data` is the bytes, or a function that writes
    them to a handle (a `.keras` file's weights are streamed, never held in memory).
    """
    target = Path(os.path.realpath(path))
    # Read back with the bounded reader: a file swapped for a FIFO meanwhile must not block.
    if expected is not None and read_bounded(target, len(expected) + 1) != expected:
        raise ChangedOnDisk(str(path))
    if unchanged is not None and not unchanged(target):
        raise ChangedOnDisk(str(path))
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None  # a new file (e.g. --output-file)
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, "the file is read-only; make it writable to let noiselint fix it")
        if info.st_nlink > 1 or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            _write_in_place(target, data)
            return
        mode = stat.S_IMODE(info.st_mode)
    else:  # what open() would give a new file
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".noiselint", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _put(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if info is not None and info.st_gid != os.getegid():
            with contextlib.suppress(OSError):  # keep the group where the user may
                os.chown(tmp, -1, info.st_gid)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _put(handle: BinaryIO, data: bytes | Callable[[BinaryIO], None]) -> None:
    if isinstance(data, bytes):
        handle.write(data)
    else:
        data(handle)


def _write_in_place(target: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    with open(target, "r+b") as handle:
        _put(handle, data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
