"""Project: the names one module imports from the project's other modules, read with `ast`, never imported.
Takes the project root and a module's text; hands its view (ModuleNames) to syntax/ names and values/."""

from __future__ import annotations

from pathlib import Path

from noiselint.cache_files import user_key
from noiselint.project.cache import ExportsCache
from noiselint.project.index import ProjectIndex
from noiselint.project.names import ModuleNames
from noiselint.settings import Settings, cache_dir_problem_of, default_cache_dir
from noiselint.version import __version__


def project_index(settings: Settings) -> ProjectIndex:
    """The index of one run: `src` roots from the settings, summaries cached on disk."""
    directory = default_cache_dir(settings)
    secret = None if settings.no_cache or cache_dir_problem_of(settings) else user_key()
    cache = ExportsCache(directory / "exports", __version__, secret) if secret is not None else None
    return ProjectIndex(tuple(Path(settings.project_root, s) for s in settings.src), cache)


__all__ = ["ModuleNames", "ProjectIndex", "project_index"]
