"""One module's view of the project: what its imports of project modules (relative,
absolute, star) refer to, and which files those answers read, so that the results cache
of the module can depend on them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from noiselint.project.exports import ModuleSummary, summarize
from noiselint.project.index import ProjectIndex, Target, Used

if TYPE_CHECKING:
    from noiselint.lint.evaluate import Evaluator
    from noiselint.lint.parse import ParsedModule


class ModuleNames:
    def __init__(self, index: ProjectIndex, path: str, text: str) -> None:
        self.index = index
        self.path = Path(path).absolute()
        self._text = text
        self._summary: ModuleSummary | None = None
        self.used: Used = {}  # files consulted: path -> content hash (None: absent)
        self.notes: list[str] = []  # names taken on trust (a star import noiselint cannot read)
        self._units: set[Path] = set()  # other modules whose code was read with libcst

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
        self._units.add(path)
        return self.index.parsed(path)

    def evaluator(self, path: Path) -> Evaluator | None:
        self._units.add(path)
        return self.index.evaluator(path)

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
            parsed = self.index.parsed(path)
            view = parsed.project if parsed is not None else None
            deps[str(path)] = self.index.digest(path)
            if isinstance(view, ModuleNames):
                deps.update(view.used)
                stack.extend(view._units)
        deps.pop(str(self.path), None)
        return deps

    def assumptions(self) -> tuple[str, ...]:
        return tuple(self.notes)
