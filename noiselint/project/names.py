"""One module's view of the project: what its imports of project modules (relative,
absolute, star) refer to, and which files those answers read, so that the results cache
of the module can depend on them."""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterable
from pathlib import Path

from noiselint.apis.model_code import is_model_module
from noiselint.files.source import SourceFile
from noiselint.project.exports import Binding, ModuleSummary, summarize
from noiselint.project.index import External, ProjectIndex, Target, Used
from noiselint.syntax.parse import ParsedModule, parse_source, quick_parse
from noiselint.values.evaluate import Evaluator

# Imports followed from a file to find model code in the project: real chains are short.
_MODEL_CODE_HOPS = 2


def _qualified(binding: Binding) -> str:
    """An import binding as a qualified name (`.blocks.conv`, `models`), as `resolve` takes it."""
    dots = "." * binding.level
    if binding.kind == "from":
        return f"{dots}{binding.module}.{binding.target}" if binding.module else f"{dots}{binding.target}"
    return f"{dots}{binding.module}"


class ModuleNames:
    """`quick`: the view of the engine's quick pass (engine.py), whose findings are all made
    again on libcst's trees: the other modules a call reaches are read from the quick tree
    too (syntax/quick_tree.py), a tenth of libcst's parse. The view of any other pass reads
    them with libcst, so that no message, span or fix comes from a quick tree. The two trees
    of a module are kept apart, per pass, in the index (`ProjectIndex.parsed_modules`)."""

    def __init__(self, index: ProjectIndex, path: str, text: str, quick: bool = False) -> None:
        self.index = index
        self.path = Path(path).absolute()
        self.quick = quick
        self._text = text
        self._summary: ModuleSummary | None = None
        self.used: Used = {}  # files consulted: path -> content hash (None: absent)
        self.notes: list[str] = []  # names taken on trust (a star import noiselint cannot read)
        self._units: set[Path] = set()  # other modules whose code was read
        self._evaluators: dict[Path, Evaluator] = {}
        # First parts of absolute names found to be no project module (`numpy`, `os`): each
        # call of `np.zeros` asked the index again, which builds a path per search root.
        self._not_project: set[str] = set()

    def quick_view(self) -> ModuleNames:
        """This view for the quick pass: the same record of what was read (so the results
        cache key covers both passes), the other modules read from their quick trees."""
        if self.quick:
            return self
        view = copy.copy(self)  # the same `used`, `notes` and units: one record for both passes
        view.quick = True
        view._evaluators = {}  # evaluators are of one tree
        return view

    def targets(self, qualified: str) -> list[Target] | None:
        """What a qualified name libcst gives for an import refers to; None when it is not
        an import of a project module."""
        # What the index records in `used` for such a first part it records again the same.
        root = qualified.partition(".")[0]
        if root in self._not_project:
            return None
        found = self.index.resolve(self.path, qualified, self.used, self.notes)
        if found is None and root:
            self._not_project.add(root)
        return found

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

    def imports_model_code(self, imported: Iterable[str]) -> bool:
        """Whether one of these imports (qualified names, as the file writes them) reaches a
        project module that imports Keras or TensorFlow: directly, or through the modules it
        imports in turn (two hops: `train.py` -> `helpers.py` -> `model.py`; a re-export is followed as part of one)."""
        return self._reaches_model_code(self.path, imported, _MODEL_CODE_HOPS, set())

    def _reaches_model_code(self, importer: Path, imported: Iterable[str], hops: int, seen: set[Path]) -> bool:
        for qualified in imported:
            for target in self.index.resolve(importer, qualified, self.used, self.notes) or ():
                if isinstance(target, External):
                    if is_model_module(target.name):
                        return True
                    continue
                path = target.path
                if path is None or path in seen:
                    continue
                seen.add(path)
                summary = self.index.summary(path, self.used)
                if summary.libraries:
                    return True
                if hops > 1 and self._reaches_model_code(
                        path, [_qualified(b) for b in summary.bindings if b.kind in ("module", "from", "star")],
                        hops - 1, seen):
                    return True
        return False

    def extend(self, targets: list[Target], parts: list[str]) -> list[Target]:
        for part in parts:
            targets = [t for target in targets for t in self.index.member(target, part, self.used, self.notes)]
        return targets

    def parsed(self, path: Path) -> ParsedModule | None:
        """Another module of the project, parsed the first time a call reaches it (with its
        own view of this index, of the same pass), and kept in the index for the rest of the
        run: with libcst, or in the quick pass from CPython's tree (libcst's parse where the
        quick tree cannot be built)."""
        self._units.add(path)
        modules = self.index.parsed_modules[self.quick]
        if path not in modules:
            modules[path] = self._read(path)
        return modules[path]

    def _read(self, path: Path) -> ParsedModule | None:
        index = self.index
        text = index.text(path)
        if text is None:
            return None
        if self.quick:
            parsed = _quick_parse(SourceFile(str(path), text), ModuleNames(index, str(path), text, quick=True))
            if parsed is not None:
                return parsed
            # A construct the quick tree lacks (or a text CPython rejects): libcst's parse,
            # the one the libcst pass reads.
            libcst = index.parsed_modules[False]
            if path not in libcst:
                libcst[path] = _libcst_parse(index, path, text)
            return libcst[path]
        return _libcst_parse(index, path, text)

    def evaluator(self, path: Path) -> Evaluator | None:
        """Another module's evaluator: its bindings collected once a run (per pass), its step
        budgets this file's own."""
        if path not in self._evaluators:
            evaluators = self.index.evaluators[self.quick]
            if path not in evaluators:
                parsed = self.parsed(path)
                if parsed is None:
                    return None
                evaluators[path] = Evaluator(parsed)
            self._evaluators[path] = evaluators[path].for_another_file()
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
            deps[str(path)] = self.index.digest(path)
            for modules in self.index.parsed_modules.values():  # what it read in either pass
                parsed = modules.get(path)
                view = parsed.project if parsed is not None else None
                if isinstance(view, ModuleNames):
                    deps.update(view.used)
                    stack.extend(view._units)
        deps.pop(str(self.path), None)
        return deps

    def assumptions(self) -> tuple[str, ...]:
        return tuple(self.notes)


def _libcst_parse(index: ProjectIndex, path: Path, text: str) -> ParsedModule | None:
    result = parse_source(SourceFile(str(path), text), project=ModuleNames(index, str(path), text))
    return result if isinstance(result, ParsedModule) else None


def _quick_parse(source: SourceFile, project: ModuleNames) -> ParsedModule | None:
    try:
        tree = ast.parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return quick_parse(source, tree, project)
