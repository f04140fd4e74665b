"""Run: discover, read, lint (or fix) and write back every file of one invocation, with
the results cache and, on request, several worker processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from noiselint import budget, heap
from noiselint.apis.dropout import PREFILTER_WORDS
from noiselint.apis.model_code import DATA_CALL_WORDS, MODEL_WORDS
from noiselint.cache_files import key_dir, library_versions, user_key
from noiselint.codes import CODES, INTERNAL_CODE, IO_CODE, SYNTAX_CODE, reads_models, selected_codes
from noiselint.dataclass_code import save_installed
from noiselint.diagnostics import Diagnostic, Edit, FileError, Span
from noiselint.file_result import FileResult, file_finding
from noiselint.files.discovery import DEFAULT_EXCLUDES, Filters, discover
from noiselint.files.lines import split_lines
from noiselint.files.safe_write import link_leaves_trees
from noiselint.files.source import SourceFile, decode_source, read_bounded
from noiselint.project import ProjectIndex, project_index
from noiselint.project.cache import Dependencies, dependency_digest
from noiselint.results_cache import ResultsCache, cacheable, settings_fingerprint
from noiselint.saved.read import is_model_artifact
from noiselint.settings import Settings, cache_dir_problem_of, default_cache_dir
from noiselint.shapes.pending import ShapesPending
from noiselint.syntax.prefilter import might_matter
from noiselint.version import __version__
from noiselint.workers import (
    LATER,
    LoadSample,
    auto_jobs,
    estimated_costs,
    idle_cpus,
    load_sample,
    model_files_at_least,
    run_here,
    run_in_workers,
)

# A run whose files are all in the results cache imports none of the analysis (the rules,
# libcst, the interpreter: two thirds of a warm run's time): they are imported where a file
# is read, fixed or given a noqa comment.
if TYPE_CHECKING:
    from noiselint.checks.base import Rule
    from noiselint.engine import ShapeInference
    from noiselint.files.ignore_patterns import IgnoreSpec
    from noiselint.files.notebook import Notebook
    from noiselint.project.names import ModuleNames
    from noiselint.shapes.facts import ShapeFacts
    from noiselint.shapes.service import RemoteShapes, ShapeService
    from noiselint.sites.dropout import Sites
    from noiselint.syntax.parse import ParsedModule
    from noiselint.values.evaluate import Evaluator



@dataclass(frozen=True)
class RunResult:
    """What a run checked: each file's result, the files it could not read."""

    files: tuple[FileResult, ...]
    errors: tuple[FileError, ...]
    # stdin with --fix: the fixed file as it is written to stdout (a notebook's JSON).
    stdin_fixed: bytes | None = None


@dataclass(frozen=True)
class Mode:
    """What a run does besides reporting: fix, write, add noqa comments."""

    fix: bool = False  # apply fixes (written unless `write` is False)
    unsafe: bool = False
    write: bool = True  # False for --diff and for stdin
    add_noqa: bool = False  # write a noqa comment for every finding instead of reporting it


def filters_for(settings: Settings) -> Filters:
    exclude = settings.exclude if settings.exclude is not None else DEFAULT_EXCLUDES
    return Filters(exclude=(*exclude, *settings.extend_exclude),
                   respect_gitignore=settings.respect_gitignore,
                   force_exclude=settings.force_exclude, root=Path(settings.project_root))


def run_paths(paths: Sequence[str], settings: Settings, mode: Mode = Mode(), jobs: int | None = 1,
              started: LoadSample | None = None) -> RunResult:
    """`jobs` None: as many workers as pay for themselves (workers.auto_jobs). The idle CPUs
    are measured from `started` (or from now) over the finding and reading of the files."""
    load = started or load_sample()
    found = discover(paths, filters_for(settings))
    worker = _Worker(settings, mode)
    files = [str(p) for p in found.files]
    models = reads_models(selected_codes(settings))
    might_matter = _might_matter_models if models else _might_matter_bytes
    # A run whose files are (nearly) all in the results cache takes one process at once: no
    # worker would pay for itself, and measuring the idle CPUs costs up to `_SAMPLE_SECONDS`.
    mostly_cached = worker.cached_except(files, might_matter, AHEAD_FILES)
    if jobs is None:
        # Enough model files for workers: the analysis is imported here either way (for the
        # forks to inherit, or for this process to use), so while the CPUs' load is measured.
        jobs = 1 if mostly_cached else auto_jobs(files, might_matter, load,
                                                 meanwhile=worker.import_analysis if models else None)
    heap.settle(heap.RUN_THRESHOLDS)  # what is loaded now outlives every file (noiselint/heap.py)
    parallel = jobs > 1 and len(files) > 1
    # One process asks Keras for all the workers: one TensorFlow, not one each. A run in one
    # process gets one too when a second CPU is idle and enough files are model code. When
    # the first file needs an answer the written formulas and the cache lack, that process
    # starts importing Keras and the file is given back, to be read again after the others,
    # while the workers read on: the import (seconds) overlaps the work instead of stalling
    # every worker, and a tree the formulas answer never imports it. keras-io, 4 paired
    # cold runs at load 0.6-3: --jobs 2 9.3 -> 8.8 s, with the same CPU time (11.2 s).
    ahead = settings.shapes and not mostly_cached and len(files) > 1 and models \
        and model_files_at_least(files, might_matter, 1 if parallel else AHEAD_FILES) \
        and (parallel or idle_cpus(load) >= 2)
    # Before the shape process is forked, which then inherits what it imports (the shape stage).
    if parallel and _workers_fork() and models and model_files_at_least(files, might_matter, 1):
        worker.import_analysis()
    shapes = None
    if settings.shapes and (parallel or ahead):
        from noiselint.shapes.service import start_service

        worker.service, shapes = start_service(settings.verbose)
        worker.defer = ahead
    try:
        if parallel:
            # A worker stuck far past the time budget's wall-clock bound is stuck in native
            # code: stopped, NL902.
            hang = 2 * budget.wall_seconds(settings.time_budget) if settings.time_budget else None
            outcomes = run_in_workers(worker, files, jobs, crashed=worker.crashed, hang_seconds=hang,
                                      costs=estimated_costs(files))
        else:
            outcomes = run_here(worker, files)
    finally:
        if shapes is not None:
            shapes.stop()
    unreadable = [worker.unlintable(e, IO_CODE) for e in found.errors]
    results = [r for r, _ in (*unreadable, *outcomes) if r is not None]
    errors = [e for _, errs in (*unreadable, *outcomes) for e in errs]
    return RunResult(tuple(results), tuple(errors))


def _workers_fork() -> bool:
    """Whether worker processes start as forks of this one (Linux's default before Python
    3.14), which then have what this process imported."""
    import multiprocessing  # as run_in_workers, which a parallel run calls next

    return multiprocessing.get_start_method() == "fork"


# Files of model code from which a run in one process has Keras imported ahead, in a shape
# process: fewer, and the import is paid about the same either way.
AHEAD_FILES = 8


def _might_matter_bytes(data: bytes) -> bool:
    # The prefilter's substring test, on bytes: only a worker count rests on it (a UTF-16 file is missed).
    return any(word in data for word in _PREFILTER_BYTES)


_PREFILTER_BYTES = tuple(word.encode() for word in PREFILTER_WORDS)


def _might_matter_models(data: bytes) -> bool:
    return any(word in data for word in _MODEL_BYTES) or _might_matter_bytes(data) or (
        b"import" in data and any(word in data for word in _DATA_CALL_BYTES))


_MODEL_BYTES = tuple(word.encode() for word in MODEL_WORDS)
_DATA_CALL_BYTES = tuple(word.encode() for word in DATA_CALL_WORDS)


def run_stdin(data: bytes, filename: str, settings: Settings, mode: Mode = Mode()) -> RunResult:
    worker = _Worker(replace(settings, no_cache=True), mode)
    read = worker.read(filename, data)
    if not isinstance(read[0], SourceFile):
        return _run_result(read)  # type: ignore[arg-type]
    source, notebook = read
    with budget.deadline(settings.time_budget):
        result = worker.check(source, worker.codes_for(filename))
    fixed = None
    if notebook is not None and result.fixed_text is not None:
        from noiselint.files.notebook import write_back  # a notebook's reader: see _Worker.read

        written = write_back(notebook, result.fixed_text)
        fixed = written if isinstance(written, bytes) else None
        if fixed is None:  # the layout cannot be reproduced: report, and give back the input
            return RunResult((_to_cells(replace(result, fixed_text=None, fixed=()), notebook),),
                             (FileError(filename, str(written)),), data)
    return RunResult((_to_cells(result, notebook),), (), fixed)


def _run_result(outcome: tuple[FileResult | None, tuple[FileError, ...]]) -> RunResult:
    result, errors = outcome
    return RunResult(() if result is None else (result,), errors)


def rules_for_path(settings: Settings, name: str) -> tuple[Rule, ...]:
    """The rules that apply to `name`: the selection less the file's per-file ignores."""
    from noiselint.engine import rules_of

    return rules_of(_Worker(settings, Mode()).codes_for(name))


def shape_inference(settings: Settings, when_needed: bool = False,
                    service: ShapeService | None = None, defer: bool = False) -> ShapeInference | None:
    """The shape stage; `when_needed` (a lint, which reads only findings): Keras and
    TensorFlow are imported only for a file where a shape can change a finding; `service`:
    the run's shape process asks them instead of this process."""
    if not settings.shapes:
        return None  # --no-shapes: the shape rules see no shapes and TensorFlow is never imported
    from noiselint.model.inference import make_shape_inference

    directory = usable_cache_dir(settings)
    return make_shape_inference(None if directory is None else directory / "shapes", verbose=settings.verbose,
                                when_needed=when_needed, remote=_remote(service) if service else None,
                                defer=defer)


def _remote(service: ShapeService) -> RemoteShapes:
    # Imported with a shape process only: it brings multiprocessing (3 ms).
    from noiselint.shapes.service import RemoteShapes

    return RemoteShapes(service)


def usable_cache_dir(settings: Settings) -> Path | None:
    """The cache directory, or None for --no-cache and for a directory that must not be used
    (a link, someone else's, the project root, a directory holding source)."""
    if settings.no_cache:
        return None
    directory = default_cache_dir(settings)
    return None if cache_dir_problem_of(settings) else directory


class _Worker:
    """Lints one path at a time; picklable, so `--jobs` can ship it to other processes."""

    def __init__(self, settings: Settings, mode: Mode) -> None:
        self.settings, self.mode = settings, mode
        self._per_file = _per_file_patterns(settings)
        self._shapes_degraded = False
        self.service: ShapeService | None = None  # `--jobs`: the run's shape process
        self.defer = False  # give back a file whose shapes wait for the shape process's import
        self._code_sets: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._rule_sets: dict[tuple[str, ...], tuple[Rule, ...]] = {}
        self._used: dict[str, list[str] | None] = {}
        self._caches: dict[tuple[str, ...], ResultsCache] = {}

    def __call__(self, name: str) -> tuple[FileResult | None, tuple[FileError, ...]]:
        try:
            return self._timed(name)
        finally:
            heap.file_done()

    def _timed(self, name: str) -> tuple[FileResult | None, tuple[FileError, ...]]:
        try:
            try:
                with budget.deadline(self.settings.time_budget), budget.clocked(self.settings.verbose) as clock:
                    outcome = self._one(name)
            except ShapesPending:
                return LATER  # type: ignore[return-value]
            slow = clock.report() if clock is not None else None
            if slow is not None and outcome[0] is not None:  # `--verbose`: where a slow file's time went
                result = outcome[0]
                return replace(result, notes=(*result.notes, f"{name}: {slow}")), outcome[1]
            return outcome
        except Exception as exc:  # outside the engine (reading, caches, writing): still one file
            return self._internal(name, f"noiselint failed on this file ({type(exc).__name__}: "
                                        f"{' '.join(str(exc).split())[:160]}); please report this")

    def crashed(self, name: str, why: str) -> tuple[FileResult | None, tuple[FileError, ...]]:
        """The outcome of a file whose worker process died on it (a native crash)."""
        return self._internal(name, f"noiselint crashed on this file ({why}); the file was skipped; "
                                    "please report this")

    def _internal(self, name: str, message: str) -> tuple[FileResult | None, tuple[FileError, ...]]:
        source = SourceFile(name, "")
        return FileResult(source, file_finding(source, self.codes_for(name), INTERNAL_CODE, message)), ()

    def read(self, name: str, data: bytes
             ) -> tuple[SourceFile, Notebook | None] | tuple[FileResult | None, tuple[FileError, ...]]:
        """The file's text (a notebook's cells joined, with the notebook), or the outcome for a
        file that cannot be read as Python: NL900 for invalid notebook JSON (as in ruff),
        NL901 for bytes that do not decode."""
        if Path(name).suffix == ".ipynb":
            # Imported with the first notebook: most runs read none.
            from noiselint.files.notebook import read_notebook

            read = read_notebook(name, data)
            if isinstance(read, FileError):
                return self.unlintable(read, SYNTAX_CODE)
            return SourceFile(name, read[0]), read[1]
        source = decode_source(name, data)
        if isinstance(source, FileError):
            return self.unlintable(source, IO_CODE)
        return source, None

    def _one(self, name: str) -> tuple[FileResult | None, tuple[FileError, ...]]:
        path = Path(name)
        if is_model_artifact(path):
            return self._check_artifact(path)
        data = read_bounded(path)
        if isinstance(data, FileError):
            return self.unlintable(FileError(name, data.message), IO_CODE)
        read = self.read(name, data)
        if not isinstance(read[0], SourceFile):
            return read  # type: ignore[return-value]
        source, notebook = read
        codes = self.codes_for(name)
        if not might_matter(source.text, reads_models(codes)):
            return FileResult(source), ()  # cheaper than a cache lookup
        cache = self._cache(codes)
        key = self._key(cache, name, data) if cache is not None else ""
        # --verbose says which star imports were found nowhere: the file must be read again.
        cached = cache.get(key, name, source.text) if cache is not None and not self.mode.fix \
            and not self.settings.verbose else None
        if cached is not None:
            result = FileResult(source, cached)
        else:
            with heap.importing():  # the analysis, with the first file read (see check)
                from noiselint.project.names import ModuleNames

            project = ModuleNames(self._project, name, source.text)
            result = self.check(source, codes, project)
            # Once the shape stage has warned (e.g. TensorFlow cannot be imported), findings
            # made without shapes must not stand in for a later run that has them.
            # A note about this file alone (its model code was followed only so far, within
            # budgets that count work, so the same next time) does not degrade later files.
            own = (f"{source.path}: ", f"warning: {source.path}: ")
            self._shapes_degraded = self._shapes_degraded or any(not n.startswith(own) for n in result.notes)
            if cache is not None and not self.mode.fix and not self._shapes_degraded and cacheable(result.diagnostics):
                cache.put(self._key_after(cache, name, data, project), result.diagnostics)
            if self.settings.verbose:
                result = replace(result, notes=(*result.notes, *(f"{name}: {n}" for n in project.assumptions())))
        if self.mode.add_noqa:
            result = _with_noqa(result, notebook)
        if self._cache_refused:
            result = replace(result, notes=(*result.notes, self._cache_refused))
        return self._write(path, data, result, notebook)

    def unlintable(self, error: FileError, code: str) -> tuple[FileResult | None, tuple[FileError, ...]]:
        """A path that cannot be linted is a finding (NL901, or NL900 for a notebook that is
        not JSON), as ruff reports E902; with the code not selected, a warning."""
        if code not in self.codes_for(error.path):
            return None, (replace(error, skipped=True),)
        rule = CODES[code]
        message = f"the file does not parse: it {error.message}" if code == SYNTAX_CODE else \
            f"this path {error.message}"
        diagnostic = Diagnostic(code, rule.name, message, error.path, Span(1, 1, 1, 1))
        return FileResult(SourceFile(error.path, ""), (diagnostic,)), ()

    def codes_for(self, name: str) -> tuple[str, ...]:
        extra: tuple[str, ...] = ()
        if self._per_file:
            relative = _relative(name, self.settings.project_root)
            extra = tuple(code for spec, codes in self._per_file
                          if spec.match_file(relative) or spec.match_file(Path(name).name) for code in codes)
        # Most files share one per-file-ignore outcome: resolve each selection once.
        if extra not in self._code_sets:
            self._code_sets[extra] = selected_codes(self.settings, extra)
        return self._code_sets[extra]

    def cached_except(self, files: list[str], might_matter: Callable[[bytes], bool], fewer_than: int) -> bool:
        """Whether fewer than `fewer_than` of `files` that may matter miss the results cache
        (an entry is looked for, not read)."""
        if self.mode.fix or self.settings.verbose or self.settings.no_cache:
            return False
        missing = 0
        for name in files:
            data = read_bounded(Path(name))
            if not isinstance(data, bytes) or not might_matter(data):
                continue
            cache = self._cache(self.codes_for(name))
            if cache is None:
                return False
            missing += not cache.holds(self._key(cache, name, data))
            if missing >= fewer_than:
                return False
        return True

    def _key(self, cache: ResultsCache, name: str, data: bytes) -> str:
        """The results key: the file's bytes and, when its results read other project files
        (the last run recorded which), the state of those files now."""
        base = cache.key(name, data)
        # Looked up once per content: `cached_except` asks for every key before the run.
        if base not in self._used:
            self._used[base] = self._dependencies(cache).get(base)
        used = self._used[base]
        return cache.key(name, data + dependency_digest(self._project, used)) if used else base

    def _key_after(self, cache: ResultsCache, name: str, data: bytes, project: ModuleNames) -> str:
        used = project.dependencies()
        if not used:
            return cache.key(name, data)
        base = cache.key(name, data)
        self._dependencies(cache).put(base, list(used))
        self._used[base] = list(used)
        return cache.key(name, data + dependency_digest(self._project, used))

    def _dependencies(self, cache: ResultsCache) -> Dependencies:
        return Dependencies(cache.directory.parent / "imports", self._secret or b"")

    @cached_property
    def _project(self) -> ProjectIndex:
        return project_index(self.settings)

    def import_analysis(self) -> None:
        """What the first file of model code imports (the rules, the model builder,
        the shape stage), imported before the workers are forked from this
        process: once, not once in each worker (about 0.15 s of CPU each). Nothing here
        starts a thread, so the forks copy none; TensorFlow is imported in the shape process
        alone. Frozen like the imports each file would make (heap.importing)."""
        with heap.importing():
            import noiselint.engine
            import noiselint.model.build
            import noiselint.model.inference
            import noiselint.project.names  # noqa: F401
            from noiselint.shapes.oracle import op_formulas

            op_formulas()  # imported with the first op otherwise: once here, not in each worker
        # What these imports compiled is written now: the forks inherit nothing left to write,
        # where each of them wrote it again as it stopped (workers._serve).
        save_installed()

    def check(self, source: SourceFile, codes: tuple[str, ...], project: ModuleNames | None = None) -> FileResult:
        """Findings (and fixes) of the rules `codes` in the coordinates of the text that was
        linted, with the shape stage's warnings (e.g. TensorFlow cannot be imported) as notes."""
        # The first file imports the analysis (the rules, the evaluator), with
        # the collector held off and what it loads frozen after (heap.importing).
        with heap.importing():
            from noiselint.engine import fix_text, lint_text
            from noiselint.project.names import ModuleNames

        rules = self._rules(codes)
        warnings: list[str] = []
        infer = self._shapes
        if infer is not None:
            shapes = infer

            def infer(parsed: ParsedModule, evaluator: Evaluator, sites: Sites, *,
                      whole_model: bool = False) -> ShapeFacts:
                facts = shapes(parsed, evaluator, sites, whole_model=whole_model)
                warnings.extend(facts.warnings)
                return facts

        if project is None:
            project = ModuleNames(self._project, source.path, source.text)
        if self.mode.fix:
            result = fix_text(source, rules, self.mode.unsafe, infer, project)
        else:
            result = FileResult(source, lint_text(source, rules, infer, project, quick=True))
        shown = (f"warning: {w}" for w in dict.fromkeys(warnings))
        return replace(result, notes=(*result.notes, *shown)) if warnings else result

    def _check_artifact(self, path: Path) -> tuple[FileResult | None, tuple[FileError, ...]]:
        """A saved model (`.keras`, `.h5`, SavedModel directory): read, never loaded."""
        from noiselint.saved.run import check_artifact, make_oracle

        rules = self._rules(self.codes_for(str(path)))
        return check_artifact(path, rules, make_oracle(self.settings), fix=self.mode.fix,
                              unsafe=self.mode.unsafe, write=self.mode.fix and self.mode.write,
                              trees=(Path.cwd(), Path(self.settings.project_root)))

    def _rules(self, codes: tuple[str, ...]) -> tuple[Rule, ...]:
        # Each rule set built once (the rules' modules are imported with the first).
        if codes not in self._rule_sets:
            from noiselint.engine import rules_of

            self._rule_sets[codes] = rules_of(codes)
        return self._rule_sets[codes]

    @cached_property
    def _shapes(self) -> ShapeInference | None:
        # Built on first use, inside the worker process (a closure does not pickle).
        return shape_inference(self.settings, when_needed=True, service=self.service, defer=self.defer)

    @cached_property
    def _cache_refused(self) -> str | None:
        if self.settings.no_cache:
            return None
        problem = cache_dir_problem_of(self.settings)
        refused = bool(problem) and problem == self.settings.cache_dir_refused  # the config's own, not used
        directory = Path(self.settings.project_root, self.settings.cache_dir or "") if refused \
            else default_cache_dir(self.settings)
        if problem is None and self._secret is None:
            problem = f"cannot be used: no private key could be kept in {key_dir()}"
        return f"warning: cache directory {directory} {problem}: running without the cache" if problem else None

    @cached_property
    def _secret(self) -> bytes | None:
        return user_key()

    @cached_property
    def _cache_dir(self) -> Path | None:
        return usable_cache_dir(self.settings)

    def _cache(self, codes: tuple[str, ...]) -> ResultsCache | None:
        directory = self._cache_dir
        if directory is None:
            return None
        # One per rule set and run: the versions come from package metadata (three reads of
        # it per file were half of a warm keras-io run) and the settings do not change.
        if codes not in self._caches:
            salt = "|".join((__version__, library_versions(), settings_fingerprint(self.settings), ",".join(codes)))
            self._caches[codes] = ResultsCache(directory / "results", salt, frozenset(codes), self._secret)
        return self._caches[codes]

    def _write(self, path: Path, data: bytes, result: FileResult, notebook: Notebook | None
               ) -> tuple[FileResult | None, tuple[FileError, ...]]:
        writes = (self.mode.fix or self.mode.add_noqa) and self.mode.write
        if not (writes and result.fixed_text is not None):
            return _to_cells(result, notebook), ()
        try:
            if notebook:
                from noiselint.files.notebook import write_back  # as in read

                new = write_back(notebook, result.fixed_text)
            else:
                new = result.source.encode(result.fixed_text)
        except (UnicodeError, LookupError) as exc:  # a codec that cannot encode the fix (e.g. idna)
            new = f"cannot be written back as {result.source.encoding}: {' '.join(str(exc).split())[:200]}"
        outside = link_leaves_trees(path, (Path.cwd(), Path(self.settings.project_root)))
        if outside is not None:
            new = (f"is a symbolic link to {outside}, outside the project; not fixed "
                   "(noiselint writes no file through a link the tree holds)")
        if isinstance(new, str):
            error = FileError(str(path), new)
        else:
            from noiselint.fixes.apply import ChangedOnDisk, write_atomically

            try:
                write_atomically(path, new, expected=data)
                return _to_cells(result, notebook), ()
            except ChangedOnDisk:
                error = FileError(str(path), "changed on disk while noiselint was fixing it; not overwritten")
            except OSError as exc:
                error = FileError(str(path), f"cannot be written: {exc.strerror}")
        # Nothing was written: what the fixes would have fixed is still in the file.
        remaining = tuple(sorted((*result.fixed, *result.diagnostics), key=lambda d: (d.span, d.code)))
        unfixed = replace(result, diagnostics=remaining, fixed_text=None, fixed=())
        return _to_cells(unfixed, notebook), (error,)


def _per_file_patterns(settings: Settings) -> list[tuple[IgnoreSpec, tuple[str, ...]]]:
    if not settings.per_file_ignores:
        return []  # the patterns' module not imported
    from noiselint.files.ignore_patterns import compile_patterns

    return [(compile_patterns([pattern], "`per-file-ignores`"), codes) for pattern, codes in settings.per_file_ignores]


def _with_noqa(result: FileResult, notebook: Notebook | None) -> FileResult:
    from noiselint.fixes.noqa_writer import add_noqa, rows_without_comment_room

    text, changed = add_noqa(result.source.text, result.diagnostics)
    if not changed:
        return result
    # A finding whose line cannot take a comment got none: it is still reported.
    closed = rows_without_comment_room(result.source.text)
    left = tuple(d for d in result.diagnostics if (d.noqa_row or d.span.start_row) in closed)
    before = split_lines(result.source.text)  # rows as findings count them
    rows = [row for row, line in enumerate(split_lines(text), start=1)
            if row > len(before) or line != before[row - 1]]
    where = (f"line{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))}" if notebook is None
             else ", ".join(_cell_row(row, notebook) for row in rows))
    note = f"{result.source.path}: added a noqa comment to {changed} line{'s' if changed > 1 else ''} ({where})"
    return replace(result, diagnostics=left, fixed_text=text, notes=(*result.notes, note), added_noqa=changed)


def _cell_row(row: int, notebook: Notebook) -> str:
    cell, line = notebook.locate(row)
    return f"cell {cell}, line {line}"


def _relative(name: str, root: str) -> str:
    try:
        return Path(name).absolute().relative_to(Path(root).absolute()).as_posix()
    except ValueError:
        return Path(name).as_posix()


def _to_cells(result: FileResult, notebook: Notebook | None) -> FileResult:
    """Notebook findings point into cells: rows relative to the cell, `cell` set, and every
    line a message names given as `cell N, line M`; a fix is also kept cell by cell."""
    if notebook is None:
        return result
    from noiselint.files.notebook import cell_sources  # as in _Worker.read

    cells: tuple[tuple[int, str, str], ...] = ()
    if result.fixed_text is not None:
        before, after = cell_sources(notebook, result.source.text), cell_sources(notebook, result.fixed_text)
        cells = tuple((n, before.get(n, ""), after[n]) for n in sorted(after) if after[n] != before.get(n, ""))
    shown = cell_sources(notebook, result.fixed_text or result.source.text)
    return replace(result, diagnostics=tuple(_cell_diagnostic(d, notebook) for d in result.diagnostics),
                   fixed=tuple(_cell_diagnostic(d, notebook) for d in result.fixed), cells=cells,
                   cell_texts=tuple(sorted(shown.items())))


def _cell_diagnostic(d: Diagnostic, notebook: Notebook) -> Diagnostic:
    from noiselint.files.notebook import cell_message  # as in _Worker.read

    def span(s: Span) -> Span:
        _, start = notebook.locate(s.start_row)
        _, end = notebook.locate(s.end_row)
        return Span(start, s.start_col, end, s.end_col)

    cell, _ = notebook.locate(d.span.start_row)
    fix = d.fix and replace(d.fix, edits=tuple(Edit(span(e.span), e.content) for e in d.fix.edits))
    noqa = notebook.locate(d.noqa_row)[1] if d.noqa_row is not None else None
    return replace(d, span=span(d.span), fix=fix, noqa_row=noqa, cell=cell,
                   message=cell_message(d.message, notebook))


__all__ = ["Mode", "RunResult", "filters_for", "rules_for_path", "run_paths", "run_stdin", "shape_inference"]
