"""`noiselint shapes PATH...`: files (and directories, walked as the check command walks
them) to the model tables found in them. Rendering is report/shapes_text.py (text) and
report/shapes_json.py (`--output-format json`); this module only finds the tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from noiselint import budget
from noiselint.diagnostics import FileError
from noiselint.files.discovery import discover
from noiselint.files.notebook import read_notebook
from noiselint.files.source import SourceFile, read_bounded, read_source
from noiselint.project import ModuleNames, ProjectIndex, project_index
from noiselint.runner import filters_for, shape_inference
from noiselint.saved.read import is_model_artifact
from noiselint.settings import Settings
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.tables import FileShapes, file_shapes
from noiselint.sites.dropout import Sites, find_sites
from noiselint.syntax.parse import ParsedModule, SyntaxProblem, parse_source
from noiselint.syntax.precheck import precheck
from noiselint.syntax.reduce import reduce_text
from noiselint.values.evaluate import Evaluator

# Words without which a file found by walking a directory cannot build a Keras model.
_MODEL_WORDS = ("keras", "tensorflow", "tf_keras")


def model_tables(paths: Sequence[str], settings: Settings) -> tuple[tuple[FileShapes, ...], tuple[FileError, ...]]:
    """The model tables of every file under `paths`. A file named on the command line is
    always read; one found in a directory only if it can mention Keras, and it is listed only
    if it has a model."""
    found = discover(paths, filters_for(settings))
    named = {str(Path(p)) for p in paths}
    infer = shape_inference(settings)
    index = project_index(settings)
    shown: list[FileShapes] = []
    errors = list(found.errors)
    for path in found.files:
        explicit = str(path) in named
        if is_model_artifact(path):
            from noiselint.saved.shapes import shapes_of_artifact  # reads .keras/.h5/SavedModel configs

            result: FileShapes | FileError | None = shapes_of_artifact(path, settings)
        else:
            result = _isolated(path, infer, explicit, index, settings.time_budget)
        if isinstance(result, FileError):
            errors.append(result)
        elif result is not None and (explicit or result.tables):
            shown.append(result)
    return tuple(shown), tuple(errors)


Infer = Callable[[ParsedModule, Evaluator, Sites], ShapeFacts] | None


def _isolated(path: Path, infer: Infer, explicit: bool, index: ProjectIndex, seconds: float
              ) -> FileShapes | FileError | None:
    """One file's tables under its time budget; whatever goes wrong is that file's error."""
    try:
        with budget.deadline(seconds):
            return _file_shapes(path, infer, explicit, index)
    except budget.TooComplex as exc:
        return FileError(str(path), f"is too complex to read: {exc}")
    except Exception as exc:  # one file, one message (design.md §5)
        return FileError(str(path), f"noiselint failed on it ({type(exc).__name__}: "
                                    f"{' '.join(str(exc).split())[:160]}); please report this")


def _file_shapes(path: Path, infer: Infer, explicit: bool, index: ProjectIndex) -> FileShapes | FileError | None:
    if path.suffix == ".ipynb":
        data = read_bounded(path)
        if isinstance(data, FileError):
            return data
        read = read_notebook(str(path), data)
        source: SourceFile | FileError = read if isinstance(read, FileError) else SourceFile(str(path), read[0])
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
    from noiselint.model.build import with_rows  # networkx: only once shapes are asked for

    facts = with_rows(parsed, infer(parsed, Evaluator(parsed), find_sites(parsed))) if infer is not None \
        else ShapeFacts(warnings=("shape inference is not available",))
    # Names taken on trust (a star import of a module the project does not hold) are said.
    facts = replace(facts, warnings=(*facts.warnings, *project.assumptions()))
    return file_shapes(str(path), facts)
