"""`noiselint shapes model.keras`: the stored model's layers with their shapes, in the table
the shapes command prints for source."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from noiselint.diagnostics import FileError
from noiselint.files.source import SourceFile
from noiselint.saved.check import prepare
from noiselint.saved.read import read_artifact
from noiselint.saved.records import ConfigProblem
from noiselint.saved.run import make_oracle
from noiselint.settings import Settings
from noiselint.shapes.tables import FileShapes, file_shapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source


def shapes_of_artifact(path: Path, settings: Settings) -> FileShapes | FileError:
    stored = read_artifact(path)
    if isinstance(stored, FileError):
        return stored
    try:
        prepared = prepare(stored)
    except ConfigProblem as exc:
        return FileError(str(path), str(exc))
    parsed = parse_source(SourceFile(str(path), prepared.lines.text))
    assert isinstance(parsed, ParsedModule)  # the layer lines always parse
    facts = prepared.infer(make_oracle(settings), [])(parsed, None, find_sites(parsed))  # type: ignore[arg-type]
    # Rows of the layer lines mean nothing to a reader of a saved model: row 0 is "no line".
    models = tuple(replace(m, row=0, layers=tuple(replace(f, row=0) for f in m.layers)) for m in facts.models)
    return file_shapes(str(path), replace(facts, models=models))
