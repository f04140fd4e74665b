"""Discover: expand the paths a user gave into the files to lint, honouring excludes and
`.gitignore` (git's own wildmatch rules, files/ignore_patterns.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from noiselint.diagnostics import FileError
from noiselint.files.source import read_bounded

# The patterns' module (ignore_patterns.py) is imported with the first pattern matched: a run
# on files named explicitly, in a tree without ignore files, matches none.
if TYPE_CHECKING:
    from noiselint.files.ignore_patterns import IgnoreSpec

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")
# Directories no user means to lint (ruff's list, plus noiselint's own cache).
DEFAULT_EXCLUDES = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
    ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build",
    "dist", "node_modules", "site-packages", "venv", ".noiselint_cache", "__pycache__",
    "*.egg-info",
)


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files a run checks, and the paths it could not read."""

    files: tuple[Path, ...]
    errors: tuple[FileError, ...]


@dataclass(frozen=True)
class Filters:
    """Which files a directory walk skips."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    respect_gitignore: bool = True
    force_exclude: bool = False  # also exclude paths named explicitly (pre-commit passes all)
    root: Path = Path(".")  # exclude patterns are relative to this directory


def discover(paths: Iterable[str], filters: Filters = Filters()) -> Discovered:
    """Files named explicitly are linted unless `force_exclude`; directories are searched for
    `.py`, `.pyi` and `.ipynb` files, skipping excluded and git-ignored paths and never
    following directory symlinks (so a symlink loop cannot trap the walk)."""
    walker = _Walker(filters)
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and _is_saved_model(path):
            found = [path]  # a SavedModel directory named explicitly is one model to check
        elif path.is_dir():
            found = walker.walk(path) if not walker.skip(path, path, explicit=True) else []
        elif path.exists() or path.is_symlink():
            found = [] if walker.skip(path, path.parent, explicit=True) else [path]
        else:
            walker.errors.append(FileError(raw, "does not exist"))
            continue
        for file in found:
            key = file.absolute()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Discovered(tuple(files), tuple(walker.errors))


def _is_saved_model(path: Path) -> bool:
    """A tf.keras SavedModel directory. Walks never look inside model files or SavedModels:
    only the ones named on the command line are checked (see the README)."""
    return (path / "keras_metadata.pb").is_file() or (path / "saved_model.pb").is_file()


# Real ignore files are a few KB (GitHub's templates are under 10 KB).
MAX_IGNORE_FILE_BYTES = 1024 * 1024


class _Walker:
    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        self.errors: list[FileError] = []
        self._root = filters.root.resolve()
        self._ignores: dict[Path, IgnoreSpec | None] = {}
        self._tops: dict[Path, Path | None] = {}
        self._boundaries: dict[Path, Path] = {}

    def skip(self, path: Path, top: Path, explicit: bool = False) -> bool:
        if explicit and not self.filters.force_exclude:
            return False
        return self._excluded(path, top) or self._git_ignored(path, top)

    @cached_property
    def _exclude(self) -> IgnoreSpec | NameMatcher:
        names = NameMatcher.of(self.filters.exclude)
        return names if names is not None else _compiled(self.filters.exclude, "`exclude`")

    def walk(self, top: Path) -> list[Path]:
        found: list[Path] = []

        def report(exc: OSError) -> None:
            self.errors.append(FileError(str(exc.filename or top), f"cannot be read: {exc.strerror}"))

        for directory, dirnames, filenames in os.walk(top, onerror=report):
            here = Path(directory)
            dirnames[:] = sorted(d for d in dirnames if not self.skip(here / d, top))
            found.extend(here / name for name in sorted(filenames)
                         if name.endswith(SOURCE_SUFFIXES) and not self.skip(here / name, top))
        return found

    def _excluded(self, path: Path, top: Path) -> bool:
        # Patterns match below the project root, or below the path the user gave when it lies
        # outside the project: `site-packages` must not exclude everything inside a tree the
        # user named, such as `.../site-packages/keras`.
        absolute = path.absolute()
        try:
            relative = absolute.relative_to(self._root).as_posix()
        except ValueError:
            relative = absolute.relative_to(top.absolute()).as_posix() if absolute != top.absolute() else path.name
        suffix = "/" if path.is_dir() else ""
        # A pattern without a slash matches a name at any depth (gitignore semantics).
        return self._exclude.match_file(relative + suffix) or self._exclude.match_file(path.name + suffix)

    def _git_ignored(self, path: Path, top: Path) -> bool:
        if not self.filters.respect_gitignore:
            return False
        return self._decide(path.absolute(), self._boundary(top.absolute()))

    def _boundary(self, top: Path) -> Path:
        """Where the .gitignore files that apply to a walk from `top` start: the repository's
        top; but if those files ignore `top` itself (a tree the user named inside an ignored
        folder, such as pyenv's `versions/`), only the files from `top` down, as ruff's walker
        never looks at the folders above where it starts."""
        if top not in self._boundaries:
            repository = self._repository(top) or top
            ignored = repository != top and self._decide(top, repository, is_dir=True)
            self._boundaries[top] = top if ignored else repository
        return self._boundaries[top]

    def _decide(self, absolute: Path, boundary: Path, is_dir: bool | None = None) -> bool:
        decision = False
        suffix = "/" if (absolute.is_dir() if is_dir is None else is_dir) else ""
        # Outer .gitignore files first: a deeper file's rule (or `!` negation) wins.
        for directory in reversed(absolute.parents):
            if directory != boundary and boundary not in directory.parents:
                continue
            spec = self._spec(directory)
            if spec is None:
                continue
            result = spec.check_file(absolute.relative_to(directory).as_posix() + suffix)
            if result.include is not None:
                decision = result.include
        return decision

    def _repository(self, start: Path) -> Path | None:
        """The top of the git work tree holding `start`, if any."""
        if start not in self._tops:
            self._tops[start] = next((d for d in (start, *start.parents) if (d / ".git").exists()), None)
        return self._tops[start]

    def _spec(self, directory: Path) -> IgnoreSpec | None:
        if directory not in self._ignores:
            lines: list[str] = []
            for name in (".gitignore", ".ignore", ".git/info/exclude"):
                # Read like a source file: a FIFO named `.gitignore` hung the walk, and one linked
                # to /dev/zero grew without end. One that cannot be read is left out, as git does.
                data = read_bounded(directory / name, MAX_IGNORE_FILE_BYTES) \
                    if os.path.lexists(directory / name) else None
                if isinstance(data, bytes):
                    lines.extend(data.decode("utf-8", "replace").splitlines())
            self._ignores[directory] = _compiled(lines) if lines else None
        return self._ignores[directory]


def _compiled(lines: Iterable[str], setting: str | None = None) -> IgnoreSpec:
    from noiselint.files.ignore_patterns import compile_patterns  # see the top

    return compile_patterns(lines, setting)


# A pattern that is one name (`build`) or `*` and a name's end (`*.egg-info`): no slash, no
# other wildcard, no `!` or `#`, no spaces, not only dots.
_NAME_PATTERN = re.compile(r"\*?[A-Za-z0-9_.-]*[A-Za-z0-9_-][A-Za-z0-9_.-]*")


class NameMatcher:
    """What `IgnoreSpec.match_file` decides for patterns that are names, on a relative
    path without empty parts (what discovery asks about): a path matches
    when one of its parts is such a name (git's rule for a pattern without a slash, at any
    depth, the path below it included). The default excludes are all names: this spares a
    walk compiling and running 29 patterns' automata on every path (tests/test_discovery.py
    holds it to pathspec)."""

    def __init__(self, names: frozenset[str], ends: tuple[str, ...]) -> None:
        self._names, self._ends = names, ends

    @classmethod
    def of(cls, patterns: Iterable[str]) -> NameMatcher | None:
        """The matcher, or None when a pattern is not a name."""
        patterns = tuple(patterns)
        if not all(_NAME_PATTERN.fullmatch(p) for p in patterns):
            return None
        return cls(frozenset(p for p in patterns if not p.startswith("*")),
                   tuple(p[1:] for p in patterns if p.startswith("*")))

    def match_file(self, path: str) -> bool:
        return any(part in self._names or (self._ends and part.endswith(self._ends)) for part in path.split("/"))
