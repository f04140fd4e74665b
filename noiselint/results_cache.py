"""The results cache: a file's findings keyed by its bytes, the settings that shape them and
the versions of noiselint and Keras, so an unchanged file is never parsed twice (and never
needs TensorFlow). Entries are signed and checked (cache_files.py): the linted tree can
delete or damage entries, which costs time, but cannot make one say anything."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from noiselint.cache_files import mark_cache_dir, read_entry, user_key, write_entry
from noiselint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from noiselint.digests import content_digest, new_digest
from noiselint.files.lines import split_lines
from noiselint.settings import Settings

_PURPOSE = "results"
_MAX_TEXT = 100_000  # a message or an edit longer than this was not written by noiselint


class _Invalid(Exception):
    """A stored entry that does not fit the schema."""


# Findings that say the run was cut short or went wrong, not what the file holds: a time
# budget depends on the machine's load, an internal error may be a passing one (memory).
_NOT_CACHED = frozenset({"NL902", "NL903"})
# Settings that cannot change a file's findings: where the cache is and how much is printed.
_NOT_IN_KEY = {"cache_dir": None, "no_cache": False, "verbose": False}


def settings_fingerprint(settings: Settings) -> str:
    """Every setting that can change a result, for the cache key: all of them but `_NOT_IN_KEY`
    (a new setting is in the key until it is shown not to matter), with the project root
    made absolute, since `src` and per-file patterns are anchored there."""
    keyed = replace(settings, project_root=os.path.realpath(settings.project_root), **_NOT_IN_KEY)
    return content_digest(repr(keyed).encode("utf-8", "surrogatepass"))


def cacheable(diagnostics: tuple[Diagnostic, ...]) -> bool:
    return not any(d.code in _NOT_CACHED for d in diagnostics)


@dataclass(frozen=True)
class ResultsCache:
    """Each file's findings kept on disk, keyed by its text and the settings."""

    directory: Path
    salt: str  # noiselint version, Keras version and the settings that change findings
    codes: frozenset[str] = frozenset()  # the rule codes an entry may hold (empty: any)
    secret: bytes | None = field(default_factory=user_key, repr=False)

    def key(self, path: str, data: bytes) -> str:
        digest = new_digest()
        for part in (self.salt.encode(), path.encode("utf-8", "surrogatepass"), b"\0", data):
            digest.update(part)
        return digest.hexdigest()

    def holds(self, key: str) -> bool:
        """Whether an entry for `key` is there (not whether it is valid: `get` checks that)."""
        return self.secret is not None and (self.directory / key[:2] / f"{key}.json").is_file()

    def get(self, key: str, path: str, text: str) -> tuple[Diagnostic, ...] | None:
        """The findings stored for `key`, checked to be findings of `path` inside `text`;
        None for a miss, and for any entry that is damaged, unsigned or out of schema."""
        if self.secret is None:
            return None
        rows = read_entry(self.directory / key[:2] / f"{key}.json", self.secret, _PURPOSE)
        if rows is None:
            return None
        try:
            return _diagnostics(rows, path, text, self.codes)
        except (_Invalid, KeyError, TypeError, ValueError, RecursionError):
            return None

    def put(self, key: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        if self.secret is None:
            return
        try:
            mark_cache_dir(self.directory.parent)
            write_entry(self.directory, (key[:2],), f"{key}.json", self.secret, _PURPOSE,
                        [_to_dict(d) for d in diagnostics])
        except OSError:
            pass  # a cache that cannot be written only costs time


def _to_dict(d: Diagnostic) -> dict[str, object]:
    fix = None if d.fix is None else {
        "applicability": d.fix.applicability.value, "message": d.fix.message,
        "edits": [[list(_fields(e.span)), e.content] for e in d.fix.edits]}
    return {"code": d.code, "name": d.name, "message": d.message, "path": d.path,
            "span": list(_fields(d.span)), "fix": fix, "noqa_row": d.noqa_row, "cell": d.cell}


def _fields(span: Span) -> tuple[int, int, int, int]:
    return span.start_row, span.start_col, span.end_row, span.end_col


def _diagnostics(rows: object, path: str, text: str, codes: frozenset[str]) -> tuple[Diagnostic, ...]:
    if not isinstance(rows, list):
        raise _Invalid
    if not rows:
        return ()  # most files: no finding, so no position to check against the text
    widths = [len(line) for line in split_lines(text, keepends=True)] + [0]
    return tuple(_diagnostic(row, path, widths, codes) for row in rows)


def _diagnostic(row: object, path: str, widths: list[int], codes: frozenset[str]) -> Diagnostic:
    if not isinstance(row, dict) or set(row) != {"code", "name", "message", "path", "span", "fix", "noqa_row", "cell"}:
        raise _Invalid
    code, name, message = row["code"], _text(row["name"]), _text(row["message"])
    if not isinstance(code, str) or (codes and code not in codes) or row["path"] != path:
        raise _Invalid
    fix = row["fix"]
    if fix is not None:
        if not isinstance(fix, dict) or set(fix) != {"applicability", "message", "edits"} \
                or not isinstance(fix["edits"], list):
            raise _Invalid
        fix = Fix(Applicability(fix["applicability"]), _text(fix["message"]),
                  tuple(_edit(edit, widths) for edit in fix["edits"]))
    return Diagnostic(code, name, message, path, _span(row["span"], widths), fix,
                      noqa_row=_row(row["noqa_row"], widths), cell=_row(row["cell"], None))


def _edit(edit: object, widths: list[int]) -> Edit:
    if not isinstance(edit, list) or len(edit) != 2:
        raise _Invalid
    return Edit(_span(edit[0], widths), _text(edit[1]))


def _span(value: object, widths: list[int]) -> Span:
    """A span whose both ends are positions of the text (a column may sit just past a
    line's last character, as an end or an insertion point does)."""
    if not isinstance(value, list) or len(value) != 4 or not all(type(v) is int for v in value):
        raise _Invalid
    span = Span(*value)
    for row, col in ((span.start_row, span.start_col), (span.end_row, span.end_col)):
        if not (1 <= row <= len(widths) and 1 <= col <= widths[row - 1] + 1):
            raise _Invalid
    if (span.start_row, span.start_col) > (span.end_row, span.end_col):
        raise _Invalid
    return span


def _row(value: object, widths: list[int] | None) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 1 or (widths is not None and value > len(widths)):
        raise _Invalid
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise _Invalid
    return value
