"""Discover: expand the paths a user gave into the files to lint, honouring excludes and
`.gitignore` (matched with `pathspec`, git's own wildmatch rules)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from noiselint.diagnostics import FileError

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
    files: tuple[Path, ...]
    errors: tuple[FileError, ...]


@dataclass(frozen=True)
class Filters:
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
        if path.is_dir():
            found = walker.walk(path) if not walker.skip(path, explicit=True) else []
        elif path.exists() or path.is_symlink():
            found = [] if walker.skip(path, explicit=True) else [path]
        else:
            walker.errors.append(FileError(raw, "does not exist"))
            continue
        for file in found:
            key = file.absolute()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Discovered(tuple(files), tuple(walker.errors))


class _Walker:
    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        self.errors: list[FileError] = []
        self._exclude = GitIgnoreSpec.from_lines(filters.exclude)
        self._root = filters.root.resolve()
        self._ignores: dict[Path, GitIgnoreSpec | None] = {}

    def skip(self, path: Path, explicit: bool = False) -> bool:
        if explicit and not self.filters.force_exclude:
            return False
        return self._excluded(path) or self._git_ignored(path)

    def walk(self, top: Path) -> list[Path]:
        found: list[Path] = []

        def report(exc: OSError) -> None:
            self.errors.append(FileError(str(exc.filename or top), f"cannot be read: {exc.strerror}"))

        for directory, dirnames, filenames in os.walk(top, onerror=report):
            here = Path(directory)
            dirnames[:] = sorted(d for d in dirnames if not self.skip(here / d))
            found.extend(here / name for name in sorted(filenames)
                         if name.endswith(SOURCE_SUFFIXES) and not self.skip(here / name))
        return found

    def _excluded(self, path: Path) -> bool:
        absolute = path.resolve() if path.is_symlink() else path.absolute()
        try:
            relative = absolute.relative_to(self._root).as_posix()
        except ValueError:
            relative = path.as_posix()
        suffix = "/" if path.is_dir() else ""
        # A pattern without a slash matches a name at any depth (gitignore semantics).
        return self._exclude.match_file(relative + suffix) or self._exclude.match_file(path.name + suffix)

    def _git_ignored(self, path: Path) -> bool:
        if not self.filters.respect_gitignore:
            return False
        absolute = path.absolute()
        decision = False
        # Outer .gitignore files first: a deeper file's rule (or `!` negation) wins.
        for directory in reversed(absolute.parents):
            spec = self._spec(directory)
            if spec is None:
                continue
            relative = absolute.relative_to(directory).as_posix() + ("/" if path.is_dir() else "")
            result = spec.check_file(relative)
            if result.include is not None:
                decision = result.include
        return decision

    def _spec(self, directory: Path) -> GitIgnoreSpec | None:
        if directory not in self._ignores:
            lines: list[str] = []
            for name in (".gitignore", ".ignore", ".git/info/exclude"):
                try:
                    lines.extend((directory / name).read_text(encoding="utf-8", errors="replace").splitlines())
                except OSError:
                    continue
            self._ignores[directory] = GitIgnoreSpec.from_lines(lines) if lines else None
        return self._ignores[directory]
