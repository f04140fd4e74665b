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
                     shape_inference(settings), project)


def lint_paths(paths: Iterable[str], settings: Settings | None = None
               ) -> tuple[tuple[Diagnostic, ...], tuple[FileError, ...]]:
    result = run_paths(list(paths), settings or Settings())
    return tuple(d for f in result.files for d in f.diagnostics), result.errors
