"""What the project index keeps on disk, next to the results cache: each module's exports
summary keyed by its content, and for each linted file the other files its results read,
so that the results cache key of `model.py` changes when `layers_util.py` does.

The cache directory belongs to the tree (see results_cache.py): an entry is validated
before use, and a damaged or forged one is a miss. A forged summary can only change what
names resolve to, as editing the files could."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from noiselint.cache_files import mark_cache_dir, write_json
from noiselint.project.exports import ModuleSummary, summary_from_json
from noiselint.project.index import ProjectIndex, Used

_MAX_ENTRY = 4 << 20  # bytes; a bigger entry is not one noiselint wrote


@dataclass(frozen=True)
class ExportsCache:
    directory: Path
    salt: str  # noiselint version: the summary format changes with it

    def _path(self, data: bytes) -> Path:
        key = hashlib.sha256(self.salt.encode() + b"\0" + data).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, data: bytes) -> ModuleSummary | None:
        return summary_from_json(_read(self._path(data)))

    def put(self, data: bytes, summary: ModuleSummary) -> None:
        try:
            mark_cache_dir(self.directory.parent)
            write_json(self._path(data), summary.to_json())
        except OSError:
            pass  # a cache that cannot be written only costs time


@dataclass(frozen=True)
class Dependencies:
    """Per results-cache key: the other files (and absent module paths) its results read."""

    directory: Path

    def get(self, key: str) -> list[str] | None:
        data = _read(self.directory / key[:2] / f"{key}.json")
        if isinstance(data, list) and all(isinstance(p, str) for p in data):
            return data
        return None

    def put(self, key: str, paths: list[str]) -> None:
        try:
            mark_cache_dir(self.directory.parent)
            write_json(self.directory / key[:2] / f"{key}.json", sorted(paths))
        except OSError:
            pass


def dependency_digest(index: ProjectIndex, paths: list[str] | Used) -> bytes:
    """The state of `paths` now: what a results key adds to the file's own bytes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path}\0{index.digest(Path(path)) or '-'}\0".encode())
    return digest.digest()


def _read(path: Path) -> object:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_ENTRY:
            return None
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
