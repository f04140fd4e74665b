"""The results cache: a file's findings keyed by its bytes, the settings that shape them and
the versions of noiselint and Keras, so an unchanged file is never parsed twice (and never
needs TensorFlow)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from noiselint.cache_files import mark_cache_dir, write_json
from noiselint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span


@dataclass(frozen=True)
class ResultsCache:
    directory: Path
    salt: str  # noiselint version, Keras version and the settings that change findings

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256()
        for part in (self.salt.encode(), path.encode(), b"\0", data):
            digest.update(part)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[Diagnostic, ...] | None:
        try:
            rows = json.loads((self.directory / key[:2] / f"{key}.json").read_text("utf-8"))
            return tuple(_from_dict(row) for row in rows)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a missing or damaged entry is a miss

    def put(self, key: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        try:
            mark_cache_dir(self.directory.parent)
            write_json(self.directory / key[:2] / f"{key}.json", [_to_dict(d) for d in diagnostics])
        except OSError:
            pass  # a cache that cannot be written only costs time


def _span(row: list[int]) -> Span:
    return Span(*row)


def _to_dict(d: Diagnostic) -> dict[str, object]:
    fix = None if d.fix is None else {
        "applicability": d.fix.applicability.value, "message": d.fix.message,
        "edits": [[list(_fields(e.span)), e.content] for e in d.fix.edits]}
    return {"code": d.code, "name": d.name, "message": d.message, "path": d.path,
            "span": list(_fields(d.span)), "fix": fix, "noqa_row": d.noqa_row, "cell": d.cell}


def _fields(span: Span) -> tuple[int, int, int, int]:
    return span.start_row, span.start_col, span.end_row, span.end_col


def _from_dict(row: dict) -> Diagnostic:
    fix = row["fix"]
    return Diagnostic(
        row["code"], row["name"], row["message"], row["path"], _span(row["span"]),
        None if fix is None else Fix(Applicability(fix["applicability"]), fix["message"],
                                     tuple(Edit(_span(s), c) for s, c in fix["edits"])),
        noqa_row=row["noqa_row"], cell=row["cell"])
