"""Discover: expand the paths a user gave into the Python files to lint."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from noiselint.diagnostics import FileError

SOURCE_SUFFIXES = (".py", ".pyi")
# Directories no user means to lint (ruff's list, plus noiselint's own cache).
DEFAULT_EXCLUDES = frozenset({
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
    ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build",
    "dist", "node_modules", "site-packages", "venv", ".noiselint_cache", "__pycache__",
})


@dataclass(frozen=True, slots=True)
class Discovered:
    files: tuple[Path, ...]
    errors: tuple[FileError, ...]


def discover(paths: Iterable[str]) -> Discovered:
    """Files named explicitly are always linted; directories are searched for `.py`/`.pyi`
    files, skipping the default excludes and never following directory symlinks (so a
    symlink loop cannot trap the walk)."""
    files: list[Path] = []
    errors: list[FileError] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path, errors)
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            errors.append(FileError(raw, "does not exist"))
            continue
        for file in found:
            key = file.absolute()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Discovered(tuple(files), tuple(errors))


def _walk(root: Path, errors: list[FileError]) -> list[Path]:
    found: list[Path] = []

    def report(exc: OSError) -> None:
        errors.append(FileError(str(exc.filename or root), f"cannot be read: {exc.strerror}"))

    for directory, dirnames, filenames in os.walk(root, onerror=report):
        dirnames[:] = sorted(d for d in dirnames if d not in DEFAULT_EXCLUDES
                             and not d.endswith(".egg-info"))
        for name in sorted(filenames):
            if name.endswith(SOURCE_SUFFIXES):
                found.append(Path(directory, name))
    return found
