"""What the project index keeps on disk, next to the results cache: each module's exports
summary keyed by its content, and for each linted file the other files its results read,
so that the results cache key of `model.py` changes when `layers_util.py` does.

The cache directory belongs to the tree (see results_cache.py): entries are signed with the
user's private key (cache_files.py) and validated before use; a damaged or forged one is a
miss."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from noiselint.cache_files import mark_cache_dir, read_entry, write_entry
from noiselint.digests import new_digest
from noiselint.project.exports import ModuleSummary, summary_from_json
from noiselint.project.index import ProjectIndex, Used


@dataclass(frozen=True)
class ExportsCache:
    """Module summaries kept on disk, keyed by the module's text."""

    directory: Path
    salt: str  # noiselint version: the summary format changes with it
    secret: bytes

    def _key(self, data: bytes) -> str:
        digest = new_digest()
        digest.update(self.salt.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, data: bytes) -> ModuleSummary | None:
        key = self._key(data)
        return summary_from_json(read_entry(self.directory / key[:2] / f"{key}.json", self.secret, "exports"))

    def put(self, data: bytes, summary: ModuleSummary) -> None:
        key = self._key(data)
        try:
            mark_cache_dir(self.directory.parent)
            write_entry(self.directory, (key[:2],), f"{key}.json", self.secret, "exports", summary.to_json())
        except OSError:
            pass  # a cache that cannot be written only costs time


@dataclass(frozen=True)
class Dependencies:
    """Per results-cache key: the other files (and absent module paths) its results read."""

    directory: Path
    secret: bytes

    def get(self, key: str) -> list[str] | None:
        data = read_entry(self.directory / key[:2] / f"{key}.json", self.secret, "imports")
        if isinstance(data, list) and all(isinstance(p, str) for p in data):
            return data
        return None

    def put(self, key: str, paths: list[str]) -> None:
        try:
            mark_cache_dir(self.directory.parent)
            write_entry(self.directory, (key[:2],), f"{key}.json", self.secret, "imports", sorted(paths))
        except OSError:
            pass


def dependency_digest(index: ProjectIndex, paths: list[str] | Used) -> bytes:
    """The state of `paths` now: what a results key adds to the file's own bytes."""
    digest = new_digest()
    for path in sorted(paths):
        digest.update(f"{path}\0{index.digest(Path(path)) or '-'}\0".encode("utf-8", "surrogatepass"))
    return digest.digest()

