"""Checking one document for the server: the project's settings for its path, the shape-free
findings first, then the findings with shapes (and the shapes the hovers show)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from noiselint import budget
from noiselint.checks import BY_CODE
from noiselint.diagnostics import Diagnostic
from noiselint.engine import ShapeInference, lint_text
from noiselint.files.source import SourceFile
from noiselint.lint.evaluate import Evaluator
from noiselint.lint.parse import ParsedModule
from noiselint.lint.sites import Sites
from noiselint.project import ModuleNames, project_index
from noiselint.runner import rules_for_path, shape_inference
from noiselint.server.documents import Document
from noiselint.settings import ConfigError, Settings, find_config, load_settings
from noiselint.shapes.facts import ShapeFacts


@dataclass(frozen=True)
class CheckResult:
    document: Document
    diagnostics: tuple[Diagnostic, ...]
    # The file has dropout sites whose rules need shapes: a second pass with shapes follows.
    wants_shapes: bool = False
    with_shapes: bool = False
    parsed: ParsedModule | None = None  # the module the shapes belong to (hovers)
    facts: ShapeFacts | None = None
    warnings: tuple[str, ...] = ()


class Checker:
    """Holds what outlives one check: settings per config file and one shape stage per cache,
    so Keras, once imported, and its answers stay in memory for the next edit."""

    def __init__(self, default: Settings | None = None) -> None:
        self._default = default or Settings()
        self._settings: dict[Path | None, tuple[Settings, str | None]] = {}
        self._inference: dict[tuple[bool, str | None, str], ShapeInference | None] = {}

    def settings_for(self, path: str) -> tuple[Settings, str | None]:
        """The settings of the project `path` is in, and why they are the defaults if its
        config cannot be used."""
        config = find_config(Path(path).parent) if Path(path).is_absolute() else None
        if config not in self._settings:
            try:
                self._settings[config] = (load_settings(config, tuple(BY_CODE)), None) if config \
                    else (self._default, None)
            except ConfigError as exc:
                self._settings[config] = (self._default, f"{exc}; using the default settings")
        return self._settings[config]

    def check(self, document: Document, shapes: bool) -> CheckResult:
        settings, problem = self.settings_for(document.path)
        rules = rules_for_path(settings, document.path)
        seen: list[tuple[ParsedModule, ShapeFacts]] = []
        asked: list[bool] = []
        infer = self._shape_stage(settings) if shapes else None

        def stage(parsed: ParsedModule, evaluator: Evaluator, sites: Sites) -> ShapeFacts:
            asked.append(True)
            facts = infer(parsed, evaluator, sites) if infer is not None else ShapeFacts()
            seen.append((parsed, facts))
            return facts

        # A fresh index per check: the other files may have changed since the last edit (their
        # exports summaries stay cached on disk by content).
        project = ModuleNames(project_index(settings), document.path, document.text)
        with budget.deadline(settings.time_budget):  # a hostile buffer costs NL903, not the server
            diagnostics = lint_text(SourceFile(document.path, document.text), rules, stage, project,
                                    every_site=True)
        parsed, facts = seen[-1] if seen and shapes else (None, None)
        warnings = (*((problem,) if problem else ()), *(facts.warnings if facts else ()))
        return CheckResult(document, diagnostics, wants_shapes=bool(asked) and infer is None and
                           settings.shapes, with_shapes=infer is not None, parsed=parsed, facts=facts,
                           warnings=warnings)

    def _shape_stage(self, settings: Settings) -> ShapeInference | None:
        key = (settings.shapes, settings.cache_dir, settings.project_root)
        if key not in self._inference:
            self._inference[key] = shape_inference(settings)
        return self._inference[key]
