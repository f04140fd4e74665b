"""One module's view of the project: what its imports of project modules (relative,
absolute, star) refer to, and which files those answers read, so that the results cache
of the module can depend on them."""

from __future__ import annotations

from pathlib import Path

from noiselint.files.source import SourceFile
from noiselint.project.exports import ModuleSummary, summarize
from noiselint.project.index import ProjectIndex, Target, Used
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator


class ModuleNames:
    def __init__(self, index: ProjectIndex, path: str, text: str) -> None:
        self.index = index
        self.path = Path(path).absolute()
        self._text = text
        self._summary: ModuleSummary | None = None
        self.used: Used = {}  # files consulted: path -> content hash (None: absent)
        self.notes: list[str] = []  # names taken on trust (a star import noiselint cannot read)
        self._units: set[Path] = set()  # other modules whose code was read with libcst
        self._evaluators: dict[Path, Evaluator] = {}

    def targets(self, qualified: str) -> list[Target] | None:
        """What a qualified name libcst gives for an import refers to; None when it is not
        an import of a project module."""
        return self.index.resolve(self.path, qualified, self.used, self.notes)

    def star(self, dotted: str) -> list[Target]:
        """What a name no statement of this module binds comes to through its star imports
        (the last one that brings it)."""
        if self._summary is None:
            self._summary = summarize(self._text)
        root, *rest = dotted.split(".")
        for binding in reversed(self._summary.bindings):
            if binding.kind == "star":
                found = self.index.star(self.path, self._summary, binding, root, self.used, self.notes)
                if found:
                    return self.extend(found, rest)
        return []

    def extend(self, targets: list[Target], parts: list[str]) -> list[Target]:
        for part in parts:
            targets = [t for target in targets for t in self.index.member(target, part, self.used, self.notes)]
        return targets

    def parsed(self, path: Path) -> ParsedModule | None:
        """Another module of the project, parsed with libcst the first time a call reaches it
        (with its own view of this index), and kept in the index for the rest of the run."""
        self._units.add(path)
        index = self.index
        if path not in index.parsed_modules:
            text = index.text(path)
            parsed = None
            if text is not None:
                result = parse_source(SourceFile(str(path), text), project=ModuleNames(index, str(path), text))
                parsed = result if isinstance(result, ParsedModule) else None
            index.parsed_modules[path] = parsed
        return index.parsed_modules[path]

    def evaluator(self, path: Path) -> Evaluator | None:
        """Another module's evaluator: its bindings collected once a run, its step budgets
        this file's own."""
        if path not in self._evaluators:
            if path not in self.index.evaluators:
                parsed = self.parsed(path)
                if parsed is None:
                    return None
                self.index.evaluators[path] = Evaluator(parsed)
            self._evaluators[path] = self.index.evaluators[path].for_another_file()
        self._units.add(path)
        return self._evaluators[path]

    def dependencies(self) -> Used:
        """Every other file whose content went into this module's results: those this view
        consulted, and those consulted by the modules whose code it read."""
        deps = dict(self.used)
        seen: set[Path] = set()
        stack = list(self._units)
        while stack:
            path = stack.pop()
            if path in seen:
                continue
            seen.add(path)
            parsed = self.index.parsed_modules.get(path)
            view = parsed.project if parsed is not None else None
            deps[str(path)] = self.index.digest(path)
            if isinstance(view, ModuleNames):
                deps.update(view.used)
                stack.extend(view._units)
        deps.pop(str(self.path), None)
        return deps

    def assumptions(self) -> tuple[str, ...]:
        return tuple(self.notes)
