"""The project index: which file a module name means (packages, `src/` layouts, sibling
scripts, relative imports) and what a name imported from it is, following re-exports, star
imports, `__all__` and aliases across files. Files are read, summarised with `ast` and
(only when the model interpreter calls into them) parsed with libcst; never imported.

One index serves one run (one worker process): every module is read once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from noiselint.apis.dropout import api_for
from noiselint.digests import content_digest
from noiselint.files.source import SourceFile, decode_source, read_bounded
from noiselint.project.exports import Binding, ModuleSummary, summarize
from noiselint.shapes.catalog import is_keras_layer_name, keras_kind, layer_class, merge_function

if TYPE_CHECKING:
    from noiselint.project.cache import ExportsCache
    from noiselint.syntax import nodes as cst
    from noiselint.syntax.parse import ParsedModule
    from noiselint.values.evaluate import Evaluator

# Top-level names that are always the libraries noiselint models, never a project module
# (a tree's own `keras.py` must not turn `keras.layers.Dropout` into something else).
LIBRARIES = ("keras", "tensorflow", "tf_keras")
# What a star import of a library namespace brings that attribute chains start from.
_LIBRARY_MODULES = frozenset({"keras", "layers", "models", "backend", "ops", "random", "nn", "compat", "v1", "v2"})
_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
_MAX_MODULE_BYTES = 8 << 20
_MAX_TARGETS = 8  # bindings of one name followed at once; more is a module noiselint cannot read
# Modules one name is followed through (a chain of star imports or re-exports): each hop costs
# several Python frames, so 350 hops ran out of stack. Real chains are a handful long.
_MAX_HOPS = 48
_TOO_LONG = f"a name is re-exported through more than {_MAX_HOPS} modules; its value is not followed further"


@dataclass(frozen=True, slots=True)
class External:
    """A name outside the project, e.g. `keras.layers.Dropout`."""

    name: str
    assumed: str | None = None  # why it is only assumed (a star import noiselint cannot read)


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """A project module: its file (a `.py` or a package's `__init__.py`; None for a
    namespace package) and, for a package, its directory."""

    path: Path | None
    package_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    """A name a project module binds itself: kind "def", "class" or "value" (anything else,
    including names noiselint cannot follow)."""

    path: Path
    name: str
    kind: str
    line: int


Target = External | ModuleRef | Definition
# Files consulted while resolving: path -> sha256 of the content, or None when absent.
Used = dict[str, str | None]


class ProjectIndex:
    def __init__(self, src_roots: Sequence[Path] = (), cache: ExportsCache | None = None,
                 environment: Sequence[Path] = ()) -> None:
        self._src = tuple(p.resolve() for p in src_roots)
        # The installed packages' directories (project/environment.py): where a star import of
        # a module the project does not hold is read.
        self._environment = tuple(environment)
        self._cache = cache
        self._content: dict[Path, bytes | None] = {}
        self._hashes: dict[Path, str | None] = {}
        self._summaries: dict[Path, ModuleSummary] = {}
        self._search: dict[Path, tuple[Path, ...]] = {}
        self._is_file: dict[Path, bool] = {}
        self._is_dir: dict[Path, bool] = {}
        self._modules: dict[tuple[Path, str], tuple[ModuleRef | None, tuple[str, ...]]] = {}
        self._lookups: dict[tuple[Path | None, str], tuple[tuple[Target, ...], Used, list[str]]] = {}
        # Other modules a call reached, parsed, and their evaluators: filled by the modules'
        # views (project/names.py), which parse them. Keyed first by the pass: True for the
        # engine's quick pass (quick trees), False for libcst's trees; a pass never reads the
        # other's (tests/test_project.py).
        self.parsed_modules: dict[bool, dict[Path, ParsedModule | None]] = {False: {}, True: {}}
        self.evaluators: dict[bool, dict[Path, Evaluator]] = {False: {}, True: {}}

    # files ----------------------------------------------------------------------------

    def content(self, path: Path) -> bytes | None:
        if path not in self._content:
            # Only regular files of a sane size, read as the CLI reads sources: the tree is
            # untrusted (a module that is a FIFO or a link to /dev/zero must not hang or
            # exhaust the run).
            data = read_bounded(path, _MAX_MODULE_BYTES) if self._exists(path) else None
            self._content[path] = data if isinstance(data, bytes) else None
        return self._content[path]

    @staticmethod
    def _exists(path: Path) -> bool:
        try:
            return path.is_file()
        except OSError:
            return False

    def digest(self, path: Path) -> str | None:
        if path not in self._hashes:
            data = self.content(path)
            self._hashes[path] = content_digest(data) if data is not None else None
        return self._hashes[path]

    def summary(self, path: Path | None, used: Used) -> ModuleSummary:
        if path is None:
            return ModuleSummary()
        used[str(path)] = self.digest(path)
        if path not in self._summaries:
            data = self.content(path)
            found = self._cache.get(data) if self._cache is not None and data is not None else None
            if found is None:
                found = summarize(_decode(data)) if data is not None else ModuleSummary(parses=False)
                if self._cache is not None and data is not None:
                    self._cache.put(data, found)
            self._summaries[path] = found
        return self._summaries[path]

    def text(self, path: Path) -> str | None:
        data = self.content(path)
        return _decode(data) if data is not None else None

    def _file(self, path: Path, used: Used) -> bool:
        if path not in self._is_file:
            self._is_file[path] = path.is_file()
        if not self._is_file[path]:
            used.setdefault(str(path), None)  # a module that appears later changes what resolves
        return self._is_file[path]

    # modules --------------------------------------------------------------------------

    def search_roots(self, directory: Path) -> tuple[Path, ...]:
        """Where an absolute import in a file of `directory` is looked for: the `src` roots,
        the project root (as ruff finds it) and its `src/`, the directory above the file's
        package, and the file's own directory (a script's siblings)."""
        if directory not in self._search and self._installed_root(directory) is not None:
            # An installed package imports from its environment, never from the project.
            self._search[directory] = self._environment
        if directory not in self._search:
            root = project_root(directory)
            package_root = directory
            while (package_root / "__init__.py").is_file() and package_root.parent != package_root:
                package_root = package_root.parent
            candidates = (*self._src, root, root / "src", package_root, directory)
            self._search[directory] = tuple(dict.fromkeys(c for c in candidates if c.is_dir()))
        return self._search[directory]

    def _installed_root(self, directory: Path) -> Path | None:
        return next((r for r in self._environment if directory == r or r in directory.parents), None)

    def installed(self, module: str, used: Used, notes: list[str]) -> list[Target] | None:
        """The installed module `module` (dotted), from the environment; None when it is not
        installed there."""
        first, *rest = module.split(".")
        if first in LIBRARIES or not first.isidentifier():
            return None
        top = next((m for m in (self._module_at(r, first, used) for r in self._environment) if m is not None), None)
        if top is None:
            return None
        targets: list[Target] = [top]
        for part in rest:
            targets = [t for target in targets for t in self.member(target, part, used, notes)][:_MAX_TARGETS]
        return targets

    def _module_at(self, base: Path, name: str, used: Used) -> ModuleRef | None:
        # Asked again and again (every import and attribute chain of every file, each search
        # root): found once per run, with the absent files it looked for, which every asker
        # records (`used`) as the first did.
        key = (base, name)
        found = self._modules.get(key)
        if found is None:
            found = self._modules[key] = self._find_module(base, name)
        module, absent = found
        for path in absent:
            used.setdefault(path, None)
        return module

    def _find_module(self, base: Path, name: str) -> tuple[ModuleRef | None, tuple[str, ...]]:
        absent: Used = {}
        init = base / name / "__init__.py"
        if self._file(base / f"{name}.py", absent):
            return ModuleRef(base / f"{name}.py"), tuple(absent)
        if self._file(init, absent):
            return ModuleRef(init, base / name), tuple(absent)
        directory = base / name
        if directory not in self._is_dir:
            self._is_dir[directory] = name.isidentifier() and directory.is_dir()
        return (ModuleRef(None, directory) if self._is_dir[directory] else None), tuple(absent)  # a namespace package

    def top_module(self, importer: Path, name: str, used: Used) -> ModuleRef | None:
        if name in LIBRARIES or not name.isidentifier():
            return None
        for root in self.search_roots(importer.parent):
            found = self._module_at(root, name, used)
            if found is not None:
                return found
        return None

    def _package(self, importer: Path, level: int, used: Used) -> ModuleRef | None:
        directory = importer.parent
        for _ in range(level - 1):
            if directory.parent == directory:
                return None
            directory = directory.parent
        init = directory / "__init__.py"
        return ModuleRef(init if self._file(init, used) else None, directory)

    # names ----------------------------------------------------------------------------

    def resolve(self, importer: Path, qualified: str, used: Used, notes: list[str],
                seen: frozenset[tuple[Path | None, str]] = frozenset()) -> list[Target] | None:
        """What a qualified name (`.layers_util.Input`, `blocks.conv_block`) written in
        `importer` refers to; None when its first part is not a project module."""
        level = len(qualified) - len(qualified.lstrip("."))
        rest = qualified[level:]
        parts = rest.split(".") if rest else []
        if level:
            base = self._package(importer, level, used)
            if base is None:
                return []
            targets: list[Target] = [base]
        else:
            top = self.top_module(importer, parts[0], used) if parts else None
            if top is None:
                return None
            targets, parts = [top], parts[1:]
        for part in parts:
            targets = [t for target in targets for t in self.member(target, part, used, notes, seen)][:_MAX_TARGETS]
        return targets

    def member(self, target: Target, name: str, used: Used, notes: list[str],
               seen: frozenset[tuple[Path | None, str]] = frozenset()) -> list[Target]:
        if isinstance(target, External):
            return [External(f"{target.name}.{name}", target.assumed)]
        if isinstance(target, Definition):
            return []
        # A submodule file first: `from . import blocks`, `from .blocks import *` and `import
        # a.b` mean the module (unless `__init__` rebinds the name, which real code rarely does),
        # and looking in `__init__` first would read it, and all it star-imports, per path hop.
        sub = self._module_at(target.package_dir, name, used) if target.package_dir is not None else None
        return [sub] if sub is not None else self.lookup(target, name, used, notes, seen)

    def lookup(self, module: ModuleRef, name: str, used: Used, notes: list[str],
               seen: frozenset[tuple[Path | None, str]] = frozenset(),
               summary: ModuleSummary | None = None, file: Path | None = None) -> list[Target]:
        """The module's global `name`: its last binding, and any before it that may be the
        one that ran (bindings under `if`/`try`). Star imports count as bindings of every
        name they bring."""
        key = (module.path or module.package_dir, name)
        if key in seen:
            return []  # an import cycle
        if len(seen) >= _MAX_HOPS:
            if _TOO_LONG not in notes:
                notes.append(_TOO_LONG)
            return []
        if summary is None and key in self._lookups:
            # Each module's name is worked out once per run (star imports can fan out and
            # meet again), with the files it read, for every module that asks.
            found, read, said = self._lookups[key]
            used.update(read)
            notes.extend(n for n in said if n not in notes)
            return list(found)
        read: Used = {}
        said: list[str] = []
        results = self._lookup(module, name, read, said, seen | {key}, summary, file)
        # A result cut short depends on where the chain was entered: not kept for the others.
        if summary is None and _TOO_LONG not in said:
            self._lookups[key] = (tuple(results), read, said)
        used.update(read)
        notes.extend(n for n in said if n not in notes)
        return results

    def _lookup(self, module: ModuleRef, name: str, used: Used, notes: list[str],
                seen: frozenset[tuple[Path | None, str]], summary: ModuleSummary | None,
                file: Path | None) -> list[Target]:
        summary = summary if summary is not None else self.summary(module.path, used)
        file = file or module.path or (module.package_dir / "__init__.py")  # type: ignore[operator]
        results: list[Target] = []
        for binding in reversed(summary.bindings):
            if binding.kind == "star":
                found = self.star(file, summary, binding, name, used, notes, seen)
                if not found:
                    continue
            elif binding.name != name:
                continue
            else:
                found = self._binding(file, module, binding, used, notes, seen)
            results.extend(found)
            if not binding.conditional or len(results) >= _MAX_TARGETS:
                break
        return results

    def _binding(self, file: Path, module: ModuleRef, binding: Binding, used: Used, notes: list[str],
                 seen: frozenset[tuple[Path | None, str]]) -> list[Target]:
        opaque: list[Target] = [Definition(file, binding.name, "value", binding.line)]
        if binding.kind in ("def", "class", "value"):
            return [Definition(file, binding.name, binding.kind, binding.line)]
        if binding.kind == "module":
            found = self.resolve(file, binding.module, used, notes, seen)
            return found if found is not None else [External(binding.module)]
        if binding.kind == "from":
            written = f"{'.' * binding.level}{binding.module}"
            qualified = f"{written}.{binding.target}" if binding.module else f"{written}{binding.target}"
            found = self.resolve(file, qualified, used, notes, seen)
            if found is None:
                return [External(f"{binding.module}.{binding.target}")]
            return found or opaque
        # An alias `X = a.b.C`: a.b.C as this module sees it.
        first, *rest = binding.target.split(".")
        targets = self.lookup(module, first, used, notes, seen) if first != binding.name else []
        for part in rest:
            targets = [t for target in targets for t in self.member(target, part, used, notes, seen)]
        return targets or opaque

    def star(self, file: Path, summary: ModuleSummary, binding: Binding, name: str, used: Used,
             notes: list[str], seen: frozenset[tuple[Path | None, str]] = frozenset()) -> list[Target]:
        """What `from m import *` (in `file`) binds `name` to, if it binds it."""
        if name.startswith("_"):
            return []
        if not binding.level and binding.module.split(".")[0] in LIBRARIES:
            qualified = f"{binding.module}.{name}"
            return [External(qualified)] if is_keras_name(qualified) or name in _LIBRARY_MODULES else []
        written = f"{'.' * binding.level}{binding.module}"
        modules = self.resolve(file, written, used, notes, seen)
        if modules is None and not binding.level:
            return self._from_environment(summary, binding.module, name, used, notes, seen)
        return self._exported(modules or [], name, used, notes, seen)

    def _exported(self, modules: list[Target], name: str, used: Used, notes: list[str],
                  seen: frozenset[tuple[Path | None, str]]) -> list[Target]:
        """What a star import of `modules` binds `name` to (their `__all__` honoured)."""
        for ref in [m for m in modules if isinstance(m, ModuleRef)]:
            exported = self.summary(ref.path, used)
            if exported.all_names is not None and not exported.all_dynamic and name not in exported.all_names:
                continue
            found = self.lookup(ref, name, used, notes, seen)
            if not found and ref.package_dir is not None and exported.all_names and name in exported.all_names:
                sub = self._module_at(ref.package_dir, name, used)
                found = [sub] if sub is not None else []
            if found:
                return found
        return []

    def _from_environment(self, summary: ModuleSummary, module: str, name: str, used: Used, notes: list[str],
                          seen: frozenset[tuple[Path | None, str]]) -> list[Target]:
        """`from module import *` of a module the project does not hold: the installed
        module's `name`, read from the environment. A name it defines itself is that
        library's (`tensorpack.Dropout` is not Keras's); one it re-exports from Keras is
        Keras's. A module installed nowhere brings names noiselint cannot know (never a
        guess): the shapes report and `--verbose` say so."""
        installed = self.installed(module, used, notes)
        if installed is None:
            if summary.libraries:
                note = f"`from {module} import *`: `{module}` is neither in the project nor installed in the " \
                       "environment noiselint reads, so the names it brings are unknown (set `python` or " \
                       "`site-packages` in [tool.noiselint] to read another environment)"
                if note not in notes:
                    notes.append(note)
            return []
        found = self._exported(installed, name, used, notes, seen)
        # The library's own definitions stay outside the project: never interpreted here.
        return [t if isinstance(t, External) else External(f"{module}.{name}") for t in found]

    # parsed modules, for the model interpreter ----------------------------------------------

    def parsed_with_libcst(self) -> tuple[Path, ...]:
        """The other modules whose code a call reached in a libcst pass (so they were parsed
        with libcst)."""
        return tuple(p for p, parsed in self.parsed_modules[False].items() if parsed is not None)

    def holder(self, node: cst.CSTNode) -> ParsedModule | None:
        """The other module whose code `node` is (one a call reached, so parsed)."""
        return next((parsed for modules in self.parsed_modules.values() for parsed in modules.values()
                     if parsed is not None and node in parsed.names.order), None)


def is_keras_name(qualified: str) -> bool:
    return bool(api_for(qualified) or layer_class(qualified) or is_keras_layer_name(qualified)
                or keras_kind(qualified) or merge_function(qualified))


def project_root(directory: Path) -> Path:
    """The nearest directory up from `directory` with a pyproject.toml, setup.py,
    setup.cfg or .git, as ruff finds it; `directory` itself when there is none."""
    for candidate in (directory, *directory.parents):
        if any((candidate / marker).exists() for marker in _MARKERS):
            return candidate
    return directory


def _decode(data: bytes) -> str:
    source = decode_source("", data)
    return source.text if isinstance(source, SourceFile) else ""
