"""One saved-model path of a run: read its config, check it, and (for `--fix` on a `.keras`
file) write the fixed file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from noiselint import budget
from noiselint.checks.base import Rule
from noiselint.codes import TOO_COMPLEX_CODE
from noiselint.diagnostics import FileError
from noiselint.file_result import FileResult, file_finding
from noiselint.files.safe_write import link_leaves_trees
from noiselint.files.source import SourceFile
from noiselint.saved.check import check_stored
from noiselint.saved.keras_zip import write_fixed_keras
from noiselint.saved.read import read_artifact
from noiselint.saved.records import ConfigProblem
from noiselint.settings import Settings, cache_dir_problem_of, default_cache_dir
from noiselint.shapes.facts import Shape
from noiselint.shapes.specs import LayerSpec, ShapeOracle, ShapeOutcome


def make_oracle(settings: Settings) -> ShapeOracle:
    from noiselint.shapes.cache import ShapeCache
    from noiselint.shapes.oracle import KerasShapes

    if not settings.shapes:
        return _RecordedOnly()
    directory = default_cache_dir(settings)
    # The same refusals as the results cache (a link, someone else's, the project root, source).
    usable = not settings.no_cache and cache_dir_problem_of(settings) is None
    return KerasShapes(ShapeCache(directory / "shapes") if usable else None)


class _RecordedOnly:
    """`--no-shapes`: Keras is never asked; the shapes a file records still count."""

    def output_shapes(self, spec: LayerSpec, inputs: tuple[Shape | None, ...], exact: bool,
                      built_on: tuple[Shape, ...] | None = None) -> ShapeOutcome:
        return ShapeOutcome(None, False, "shapes are off (--no-shapes)")

    def warnings(self) -> tuple[str, ...]:
        return ()


def check_artifact(path: Path, rules: Sequence[Rule], oracle: ShapeOracle, *, fix: bool = False,
                   unsafe: bool = False, write: bool = True, trees: tuple[Path, ...] = ()
                   ) -> tuple[FileResult | None, tuple[FileError, ...]]:
    try:
        stored = read_artifact(path)
        if isinstance(stored, FileError):
            return None, (stored,)
        checked = check_stored(stored, rules, oracle, fix=fix, unsafe=unsafe)
    except ConfigProblem as exc:
        return None, (FileError(str(path), str(exc)),)
    except budget.TooComplex as exc:  # a hostile keras_metadata.pb or config: NL903, as for source
        source = SourceFile(str(path), "")
        codes = {rule.code for rule in rules}
        return FileResult(source, file_finding(source, codes, TOO_COMPLEX_CODE, f"{exc}; the file was skipped")), ()
    if checked.fixed_config is None or not write:
        return checked.result, ()
    outside = link_leaves_trees(path, trees)
    error = FileError(str(path), f"is a symbolic link to {outside}, outside the project; not fixed (noiselint "
                                 "writes no file through a link the tree holds)") if outside is not None \
        else write_fixed_keras(path, checked.fixed_config)
    if error is not None:  # nothing was written: the fixed findings are still there
        result = checked.result
        return replace(result, diagnostics=result.diagnostics + result.fixed, fixed=()), (error,)
    return checked.result, ()
