"""`noiselint shapes model.keras`: the stored model's layers with their shapes, in the table
the shapes command prints for source."""

from __future__ import annotations

import re
from pathlib import Path

from noiselint.diagnostics import FileError
from noiselint.files.source import SourceFile
from noiselint.lint.parse import ParsedModule, parse_source
from noiselint.lint.sites import find_sites
from noiselint.report.shapes_text import render_shapes
from noiselint.saved.check import prepare
from noiselint.saved.read import read_artifact
from noiselint.saved.records import ConfigProblem
from noiselint.saved.run import make_oracle
from noiselint.settings import Settings


def shapes_of_artifact(path: Path, settings: Settings) -> tuple[str, FileError | None]:
    stored = read_artifact(path)
    if isinstance(stored, FileError):
        return "", stored
    try:
        prepared = prepare(stored)
    except ConfigProblem as exc:
        return "", FileError(str(path), str(exc))
    parsed = parse_source(SourceFile(str(path), prepared.lines.text))
    assert isinstance(parsed, ParsedModule)  # the layer lines always parse
    facts = prepared.infer(make_oracle(settings), [])(parsed, None, find_sites(parsed))  # type: ignore[arg-type]
    text = render_shapes(facts, str(path))
    # Rows of the layer lines mean nothing to a reader of a saved model.
    text = re.sub(r" \(line \d+\)", "", text)
    return re.sub(r"dropout site, line \d+", "dropout site", text), None
