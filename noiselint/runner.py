"""Run: discover, read, lint (or fix) and write back every file of one invocation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from noiselint.checks.base import Rule
from noiselint.diagnostics import FileError
from noiselint.discovery import discover
from noiselint.engine import FileResult, ShapeInference, fix_text, lint_text, selected_rules
from noiselint.fixes import ChangedOnDisk, write_atomically
from noiselint.settings import Settings
from noiselint.source import SourceFile, decode_source, read_source


@dataclass(frozen=True)
class RunResult:
    files: tuple[FileResult, ...]
    errors: tuple[FileError, ...]


@dataclass(frozen=True)
class Mode:
    fix: bool = False  # apply fixes (written unless `write` is False)
    unsafe: bool = False
    write: bool = True  # False for --diff and for stdin


def run_paths(paths: Sequence[str], settings: Settings, mode: Mode = Mode()) -> RunResult:
    rules = selected_rules(settings)
    found = discover(paths)
    results: list[FileResult] = []
    errors = list(found.errors)
    for path in found.files:
        source = read_source(path)
        if isinstance(source, FileError):
            errors.append(source)
            continue
        result = _one(source, rules, mode, settings)
        if mode.fix and mode.write and result.fixed_text is not None:
            try:
                write_atomically(path, source.encode(result.fixed_text),
                                 expected=source.encode(source.text))
            except ChangedOnDisk:
                errors.append(FileError(str(path), "changed on disk while noiselint was "
                                                   "fixing it; not overwritten"))
                result = replace(result, fixed_text=None, fixed=())
            except OSError as exc:
                errors.append(FileError(str(path), f"cannot be written: {exc.strerror}"))
                result = replace(result, fixed_text=None, fixed=())
        results.append(result)
    return RunResult(tuple(results), tuple(errors))


def run_stdin(data: bytes, filename: str, settings: Settings, mode: Mode = Mode()
              ) -> RunResult:
    source = decode_source(filename, data)
    if isinstance(source, FileError):
        return RunResult((), (source,))
    return RunResult((_one(source, selected_rules(settings), mode, settings),), ())


def _one(source: SourceFile, rules: Sequence[Rule], mode: Mode,
         settings: Settings) -> FileResult:
    infer = shape_inference(settings)
    if mode.fix:
        return fix_text(source, rules, mode.unsafe, infer)
    return FileResult(source, lint_text(source, rules, infer))


def shape_inference(settings: Settings) -> ShapeInference | None:
    # The graph builder lands with the shape rules (issue 3); until then no shapes.
    return None

