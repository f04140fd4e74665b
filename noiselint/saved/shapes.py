"""`noiselint shapes model.keras`: the stored model's layers with their shapes, in the table
the shapes command prints for source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from noiselint.checks.base import Rule
from noiselint.diagnostics import Diagnostic, FileError
from noiselint.engine import lint_text
from noiselint.files.source import SourceFile
from noiselint.saved.check import Prepared, prepare, reader_message
from noiselint.saved.layer_lines import code_of
from noiselint.saved.read import read_artifact
from noiselint.saved.records import ConfigProblem
from noiselint.saved.run import make_oracle
from noiselint.settings import Settings
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.tables import FileShapes, file_shapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source


def shapes_of_artifact(path: Path, settings: Settings) -> FileShapes | FileError:
    read = _read(path, settings)
    if isinstance(read, FileError):
        return read
    facts = read[1]
    # Rows of the layer lines mean nothing to a reader of a saved model: row 0 is "no line".
    models = tuple(replace(m, row=0, layers=tuple(replace(f, row=0) for f in m.layers)) for m in facts.models)
    return file_shapes(str(path), replace(facts, models=models))


@dataclass(frozen=True)
class ArtifactPicture:
    """What the picture of a saved model needs: its tables with the rows of its layer lines
    (`saved/layer_lines.py`), the findings of `rules` on those rows, and for each row the
    layer it stands for and its line."""

    shapes: FileShapes
    findings: tuple[Diagnostic, ...]
    places: Mapping[int, tuple[str, str]]


def picture_of_artifact(path: Path, settings: Settings, rules: Sequence[Rule]) -> ArtifactPicture | FileError:
    read = _read(path, settings)
    if isinstance(read, FileError):
        return read
    prepared, facts = read
    # The layers keep their rows (findings and places are matched by them); the model's row
    # would title it with a line no reader can find.
    models = tuple(replace(m, row=0, layers=tuple(replace(f, call_row=f.row) for f in m.layers))
                   for m in facts.models)
    lines = prepared.lines
    findings = lint_text(SourceFile(str(path), lines.text), rules, prepared.infer(make_oracle(settings), []))
    # Their rows place them on the picture; their words name layers, as `noiselint check` does.
    findings = tuple(replace(d, message=reader_message(d.message, lines)) for d in findings)
    places: dict[int, tuple[str, str]] = {}
    for row, text in enumerate(lines.text.splitlines(), start=1):
        layer = lines.layer_at(row)
        if layer is not None:
            places[row] = (f"layer {layer.path}", code_of(text))
    return ArtifactPicture(file_shapes(str(path), replace(facts, models=models)), findings, places)


def _read(path: Path, settings: Settings) -> tuple[Prepared, ShapeFacts] | FileError:
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
    return prepared, facts
