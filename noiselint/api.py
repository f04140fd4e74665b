"""The Python API: lint text or paths and get diagnostics back."""

from __future__ import annotations

from collections.abc import Iterable

from noiselint.diagnostics import Diagnostic, FileError
from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, project_index
from noiselint.runner import run_paths, shape_inference
from noiselint.settings import Settings


def lint_source(text: str, filename: str = "<string>",
                settings: Settings | None = None) -> tuple[Diagnostic, ...]:
    settings = settings or Settings()
    # Imports of the project's modules resolve from where `filename` would be on disk.
    project = ModuleNames(project_index(settings), filename, text)
    return lint_text(SourceFile(filename, text), selected_rules(settings),
                     shape_inference(settings, when_needed=True), project, quick=True)


def lint_paths(paths: Iterable[str], settings: Settings | None = None
               ) -> tuple[tuple[Diagnostic, ...], tuple[FileError, ...]]:
    result = run_paths(list(paths), settings or Settings())
    return tuple(d for f in result.files for d in f.diagnostics), result.errors


class ModelReport(tuple):  # type: ignore[type-arg]
    """The findings of `check_model`: a tuple of diagnostics (each with `.code`, `.layer`,
    `.message`), whose `str` is the readable report."""

    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        from noiselint.report.text import location

        lines = [f"{location(d)}: {d.code} {d.message}" for d in self]
        return "\n".join(lines or ["no findings"])


def check_model(model: object, settings: Settings | None = None, name: str | None = None) -> ModelReport:
    """Check a live `keras.Model` (Keras 3 or tf_keras): functional, Sequential, nested, or
    subclassed after it was called once. Reads the object; imports no module the caller has
    not imported."""
    import sys

    from noiselint.saved.check import check_stored
    from noiselint.saved.live import live_config
    from noiselint.shapes.oracle import KerasShapes, load_keras

    settings = settings or Settings()

    def load() -> object:
        # Keras is asked for shapes only when the caller imported it (a tf_keras user may not).
        return load_keras() if "keras" in sys.modules and settings.shapes else "Keras 3 is not imported"

    checked = check_stored(live_config(model, name), selected_rules(settings), KerasShapes(None, load))  # type: ignore[arg-type]
    report = ModelReport(checked.result.diagnostics)
    report.notes = checked.result.notes
    return report


def assert_model_ok(model: object, settings: Settings | None = None) -> None:
    """For tests: raise AssertionError with the readable report when `check_model` finds anything."""
    report = check_model(model, settings)
    if report:
        raise AssertionError(f"noiselint found {len(report)} problem{'s' if len(report) > 1 else ''} "
                             f"in the model:\n{report}")
