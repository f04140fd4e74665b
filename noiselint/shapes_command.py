"""`noiselint shapes PATH`: the models of one file with their inferred layer shapes."""

from __future__ import annotations

from pathlib import Path

from noiselint import budget
from noiselint.diagnostics import FileError
from noiselint.files.notebook import read_notebook
from noiselint.files.source import SourceFile, read_bounded, read_source
from noiselint.lint.complexity import precheck
from noiselint.lint.evaluate import Evaluator
from noiselint.lint.parse import SyntaxProblem, parse_source
from noiselint.lint.sites import find_sites
from noiselint.report.shapes_text import render_shapes
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.shapes.facts import ShapeFacts


def shapes_of_path(path: Path, settings: Settings) -> tuple[str, FileError | None]:
    if path.suffix == ".ipynb":
        data = read_bounded(path)
        if isinstance(data, FileError):
            return "", data
        read = read_notebook(str(path), data)
        source: SourceFile | FileError = read if isinstance(read, FileError) else SourceFile(str(path), read[0])
    else:
        source = read_source(path)
    if isinstance(source, FileError):
        return "", source
    try:
        with budget.deadline(settings.time_budget):
            return _shapes_of_source(path, source, settings)
    except budget.TooComplex as exc:
        return "", FileError(str(path), f"is too complex to read: {exc}")
    except Exception as exc:  # one file, one message (design.md §5)
        return "", FileError(str(path), f"noiselint failed on it ({type(exc).__name__}: "
                                        f"{' '.join(str(exc).split())[:160]}); please report this")


def _shapes_of_source(path: Path, source: SourceFile, settings: Settings) -> tuple[str, FileError | None]:
    too_complex = precheck(source.text).too_complex
    if too_complex is not None:
        return "", FileError(str(path), f"is too complex to read: {too_complex}")
    parsed = parse_source(source)
    if isinstance(parsed, SyntaxProblem):
        return "", FileError(str(path), f"does not parse: {parsed.message} (line {parsed.row})")
    infer = shape_inference(settings)
    sites = find_sites(parsed)
    facts = infer(parsed, Evaluator(parsed), sites) if infer is not None else ShapeFacts(
        warnings=("shape inference is not available",))
    return render_shapes(facts, str(path)), None
