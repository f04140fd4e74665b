"""The project index: module names resolved across the files of the linted project (its
own packages, `src/` layouts, sibling scripts), read and never imported."""

from __future__ import annotations

from pathlib import Path

from noiselint import __version__
from noiselint.project.cache import ExportsCache
from noiselint.project.index import ProjectIndex
from noiselint.project.names import ModuleNames
from noiselint.settings import Settings, default_cache_dir


def project_index(settings: Settings) -> ProjectIndex:
    """The index of one run: `src` roots from the settings, summaries cached on disk."""
    cache = None if settings.no_cache else ExportsCache(default_cache_dir(settings) / "exports", __version__)
    return ProjectIndex(tuple(Path(settings.project_root, s) for s in settings.src), cache)


__all__ = ["ModuleNames", "ProjectIndex", "project_index"]
