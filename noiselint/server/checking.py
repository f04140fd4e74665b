"""Checking one document for the server: the project's settings for its path, the shape-free
findings first, then the findings with shapes (and the shapes the hovers show)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from noiselint import budget
from noiselint.checks import BY_CODE
from noiselint.diagnostics import Diagnostic
from noiselint.engine import ShapeInference, lint_parsed, lint_text
from noiselint.files.ignore_patterns import check_patterns
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, project_index
from noiselint.runner import rules_for_path, shape_inference
from noiselint.server.documents import Document
from noiselint.server.reparse import Reparser
from noiselint.server.statement_positions import StatementPositions
from noiselint.settings import ConfigError, Settings, cache_dir_named, find_config, load_settings
from noiselint.shapes.facts import ShapeFacts
from noiselint.sites.dropout import Sites
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator


@dataclass(frozen=True)
class CheckResult:
    """A document's findings from the server, and whether a pass with shapes follows."""

    document: Document
    diagnostics: tuple[Diagnostic, ...]
    # The file has dropout sites whose rules need shapes: a second pass with shapes follows.
    wants_shapes: bool = False
    with_shapes: bool = False
    # The module the shapes belong to (hovers), or that the pass with shapes will reuse.
    parsed: ParsedModule | None = None
    facts: ShapeFacts | None = None
    warnings: tuple[str, ...] = ()


class Checker:
    """Holds what outlives one check: settings per config file and one shape stage per cache,
    so Keras, once imported, and its answers stay in memory for the next edit."""

    def __init__(self, default: Settings | None = None) -> None:
        self._default = default or Settings()
        # config file -> (its stat when read, its settings, why they are the defaults)
        self._settings: dict[Path | None, tuple[tuple[int, int, int] | None, Settings, str | None]] = {}
        self._configs: dict[Path, tuple[tuple[tuple[int, int, int] | None, ...], Path | None]] = {}
        self._inference: dict[tuple[bool, str | None, str], ShapeInference | None] = {}
        self._reparser = Reparser()  # an edit's parse reuses the last module's unchanged statements

    def settings_for(self, path: str) -> tuple[Settings, str | None]:
        """The settings of the project `path` is in, and why they are the defaults if its
        config cannot be used. A config is read again only when its file changes."""
        config = self._find_config(Path(path).parent) if Path(path).is_absolute() else None
        stamp = _stamp(config)
        kept = self._settings.get(config)
        if kept is None or kept[0] != stamp:
            try:
                found = (load_settings(config, tuple(BY_CODE)), None) if config else (self._without_project(), None)
                check_patterns(found[0])
            except ConfigError as exc:
                found = (self._without_project(), f"{exc}; using the default settings")
            kept = self._settings[config] = (stamp, *found)
        return kept[1], kept[2]

    def _without_project(self) -> Settings:
        """Settings for a document in no project: no cache, unless the user named one. The
        CLI's default (`.noiselint_cache` in the working directory) would be the server's own
        working directory, wherever the editor started it."""
        if cache_dir_named(self._default):
            return self._default
        return replace(self._default, no_cache=True)

    def _find_config(self, directory: Path) -> Path | None:
        """`find_config`, looked for again only when a `pyproject.toml` on the way up
        appears, changes or goes (a stat each, where looking reads and parses each)."""
        directory = directory.resolve()
        stamps = tuple(_stamp(d / "pyproject.toml") for d in (directory, *directory.parents))
        kept = self._configs.get(directory)
        if kept is None or kept[0] != stamps:
            kept = self._configs[directory] = (stamps, find_config(directory))
        return kept[1]

    def check(self, document: Document, shapes: bool) -> CheckResult:
        """The document's findings, shape-free or with shapes."""
        settings, problem = self.settings_for(document.path)
        infer = self._shape_stage(settings) if shapes else None
        # A fresh index per check: the other files may have changed since the last edit (their
        # exports summaries stay cached on disk by content).
        project = ModuleNames(project_index(settings), document.path, document.text)
        stage = _Stage(infer)
        with budget.deadline(settings.time_budget):  # a hostile buffer costs NL903, not the server
            # Every site, plain `Dropout(0.3)` ones too: the hovers show their shapes.
            diagnostics = lint_text(SourceFile(document.path, document.text),
                                    rules_for_path(settings, document.path), stage, project, every_site=True,
                                    parse=self._reparser.parse)
        return self._result(document, settings, problem, diagnostics, stage)

    def with_shapes(self, result: CheckResult) -> CheckResult:
        """The findings with shapes of a shape-free result, on the module it parsed: one
        parse per edit."""
        if result.with_shapes or not result.wants_shapes:
            return result
        if result.parsed is None or result.parsed.source.text != result.document.text:
            return self.check(result.document, True)  # a reduced file: its findings are mapped back
        settings, problem = self.settings_for(result.document.path)
        stage = _Stage(self._shape_stage(settings))
        with budget.deadline(settings.time_budget):
            diagnostics = lint_parsed(result.parsed, rules_for_path(settings, result.document.path), stage)
        return self._result(result.document, settings, problem, diagnostics, stage)

    def _result(self, document: Document, settings: Settings, problem: str | None,
                diagnostics: tuple[Diagnostic, ...], stage: _Stage) -> CheckResult:
        facts = stage.facts if stage.infer is not None else None
        warnings = (*((problem,) if problem else ()), *(facts.warnings if facts else ()))
        return CheckResult(document, diagnostics,
                           wants_shapes=stage.parsed is not None and stage.infer is None and settings.shapes,
                           with_shapes=stage.infer is not None, parsed=stage.parsed, facts=facts,
                           warnings=warnings)

    def _shape_stage(self, settings: Settings) -> ShapeInference | None:
        key = (settings.shapes, settings.cache_dir, settings.project_root)
        if key not in self._inference:
            self._inference[key] = shape_inference(settings)
        return self._inference[key]


def _stamp(path: Path | None) -> tuple[int, int, int] | None:
    """What tells that a file changed without reading it: inode, size, modification time."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns) if stat is not None else None


class _Stage:
    """The engine's shape stage for one check: it sees the parsed module (the engine asks
    only when the file has sites whose rules need shapes) and infers shapes if it can."""

    def __init__(self, infer: ShapeInference | None) -> None:
        self.infer = infer
        self.parsed: ParsedModule | None = None
        self.facts: ShapeFacts | None = None

    def __call__(self, parsed: ParsedModule, evaluator: Evaluator, sites: Sites, *,
                 whole_model: bool = False) -> ShapeFacts:
        self.parsed = parsed
        if parsed.quick is None:  # before the rules: a finding's span needs its statement only
            parsed.memo.setdefault("positions", StatementPositions(parsed))
        self.facts = self.infer(parsed, evaluator, sites, whole_model=whole_model) if self.infer is not None \
            else ShapeFacts()
        return self.facts
