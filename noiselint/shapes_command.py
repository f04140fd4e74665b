"""`noiselint shapes PATH...`: files (and directories, walked as the check command walks
them) to the model tables found in them. Rendering is report/shapes_text.py (text) and
report/shapes_json.py (`--output-format json`); this module only finds the tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from noiselint import budget
from noiselint.checks.base import Rule
from noiselint.diagnostics import FileError
from noiselint.engine import ShapeInference, lint_text, selected_rules
from noiselint.files.discovery import discover
from noiselint.files.lines import split_lines
from noiselint.files.notebook import Notebook, read_notebook
from noiselint.files.source import SourceFile, read_bounded, read_source
from noiselint.project import ModuleNames, ProjectIndex, project_index
from noiselint.report.picture_model import PictureFile
from noiselint.runner import filters_for, shape_inference
from noiselint.saved.read import is_model_artifact
from noiselint.settings import Settings
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.tables import FileShapes, file_shapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import SyntaxProblem, parse_source
from noiselint.syntax.precheck import precheck
from noiselint.syntax.reduce import reduce_text
from noiselint.values.evaluate import Evaluator

# Words without which a file found by walking a directory cannot build a Keras model.
_MODEL_WORDS = ("keras", "tensorflow", "tf_keras")


def model_tables(paths: Sequence[str], settings: Settings) -> tuple[tuple[FileShapes, ...], tuple[FileError, ...]]:
    """The model tables of every file under `paths`. A file named on the command line is
    always read; one found in a directory only if it can mention Keras, and it is listed only
    if it has a model."""
    files, errors = _read_all(paths, settings, None)
    return tuple(f.shapes for f in files), errors


def model_pictures(paths: Sequence[str], settings: Settings) -> tuple[tuple[PictureFile, ...], tuple[FileError, ...]]:
    """`model_tables` with what a picture adds: each file's findings (the rules `settings`
    selects, on the text the tables were read from, so their rows agree) and the source line
    and place of every row a layer or a finding is on."""
    return _read_all(paths, settings, selected_rules(settings))


def _read_all(paths: Sequence[str], settings: Settings, rules: Sequence[Rule] | None
              ) -> tuple[tuple[PictureFile, ...], tuple[FileError, ...]]:
    found = discover(paths, filters_for(settings))
    named = {str(Path(p)) for p in paths}
    infer = shape_inference(settings)
    index = project_index(settings)
    shown: list[PictureFile] = []
    errors = list(found.errors)
    for path in found.files:
        explicit = str(path) in named
        if is_model_artifact(path):
            result: PictureFile | FileError | None = _artifact(path, settings, rules)
        else:
            result = _isolated(path, infer, explicit, index, settings.time_budget, rules)
        if isinstance(result, FileError):
            errors.append(result)
        elif result is not None and (explicit or result.shapes.tables):
            shown.append(result)
    return tuple(shown), tuple(errors)


def _artifact(path: Path, settings: Settings, rules: Sequence[Rule] | None) -> PictureFile | FileError:
    if rules is None:
        from noiselint.saved.shapes import shapes_of_artifact  # reads .keras/.h5/SavedModel configs

        shapes = shapes_of_artifact(path, settings)
        return shapes if isinstance(shapes, FileError) else PictureFile(shapes)
    from noiselint.saved.shapes import picture_of_artifact

    picture = picture_of_artifact(path, settings, rules)
    if isinstance(picture, FileError):
        return picture
    return PictureFile(picture.shapes, picture.findings, picture.places)


Infer = ShapeInference | None


def _isolated(path: Path, infer: Infer, explicit: bool, index: ProjectIndex, seconds: float,
              rules: Sequence[Rule] | None) -> PictureFile | FileError | None:
    """One file's tables under its time budget; whatever goes wrong is that file's error."""
    try:
        with budget.deadline(seconds):
            return _file_shapes(path, infer, explicit, index, rules)
    except budget.TooComplex as exc:
        return FileError(str(path), f"is too complex to read: {exc}")
    except Exception as exc:  # one file, one message (design.md §5)
        return FileError(str(path), f"noiselint failed on it ({type(exc).__name__}: "
                                    f"{' '.join(str(exc).split())[:160]}); please report this")


def _file_shapes(path: Path, infer: Infer, explicit: bool, index: ProjectIndex, rules: Sequence[Rule] | None
                 ) -> PictureFile | FileError | None:
    notebook: Notebook | None = None
    if path.suffix == ".ipynb":
        data = read_bounded(path)
        if isinstance(data, FileError):
            return data
        read = read_notebook(str(path), data)
        if isinstance(read, FileError):
            return read
        source: SourceFile | FileError = SourceFile(str(path), read[0])
        notebook = read[1]
    else:
        source = read_source(path)
    if isinstance(source, FileError):
        return source
    if not explicit and not any(word in source.text for word in _MODEL_WORDS):
        return None
    checked = precheck(source.text)  # libcst must not see it whole (a segfault, a hang)
    if checked.too_complex is not None:
        reduction = reduce_text(source.text, checked)  # only the statements that matter (syntax/reduce.py)
        if reduction is None:
            return FileError(str(path), f"is too complex to read: {checked.too_complex}")
        checked, source = reduction.checked, replace(source, text=reduction.text)
    project = ModuleNames(index, source.path, source.text)
    parsed = parse_source(source, project, checked.tree)  # CPython's tree, read once
    if isinstance(parsed, SyntaxProblem):
        return FileError(str(path), f"does not parse: {parsed.message} (line {parsed.row})")
    from noiselint.model.build import with_rows  # the model builder: only once shapes are asked for

    facts = with_rows(parsed, infer(parsed, Evaluator(parsed), find_sites(parsed))) if infer is not None \
        else ShapeFacts(warnings=("shape inference is not available",))
    # Names taken on trust (a star import of a module the project does not hold) are said.
    facts = replace(facts, warnings=(*facts.warnings, *project.assumptions()))
    shapes = file_shapes(str(path), facts)
    if rules is None:
        return PictureFile(shapes)
    # The rules read the same text (a reduced file's reduction), so a finding's row is a
    # layer's row.
    findings = lint_text(source, rules, infer, ModuleNames(index, source.path, source.text))
    return PictureFile(shapes, findings, _places(source.text, notebook))


def _places(text: str, notebook: Notebook | None) -> dict[int, tuple[str, str]]:
    """Each row's place as a reader names it (`line 18`; `cell 3, line 2` in a notebook) and
    its source line."""
    places: dict[int, tuple[str, str]] = {}
    for row, line in enumerate(split_lines(text), start=1):  # rows as findings count them
        cell, cell_row = notebook.locate(row) if notebook is not None else (None, row)
        places[row] = (f"cell {cell}, line {cell_row}" if cell is not None else f"line {row}", line)
    return places
