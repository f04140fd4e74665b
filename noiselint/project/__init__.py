"""Project: the names one module imports from the project's other modules, read with `ast`, never imported.
Takes the project root and a module's text; hands its view (ModuleNames) to syntax/ names and values/."""

from __future__ import annotations

from pathlib import Path

from noiselint.cache_files import user_key
from noiselint.project.cache import ExportsCache
from noiselint.project.environment import environment_roots
from noiselint.project.index import ProjectIndex
from noiselint.settings import Settings, cache_dir_problem_of, default_cache_dir
from noiselint.version import __version__


def project_index(settings: Settings) -> ProjectIndex:
    """The index of one run: `src` roots and the environment from the settings, summaries
    cached on disk."""
    directory = default_cache_dir(settings)
    secret = None if settings.no_cache or cache_dir_problem_of(settings) else user_key()
    cache = ExportsCache(directory / "exports", __version__, secret) if secret is not None else None
    root = Path(settings.project_root)
    return ProjectIndex(tuple(root / s for s in settings.src), cache,
                        environment_roots(settings.python, settings.site_packages, root))


def __getattr__(name: str) -> object:
    # A module's view parses it (libcst): imported when a file is read, not by a run whose
    # files are all in the results cache, which needs the index alone.
    if name == "ModuleNames":
        from noiselint.project.names import ModuleNames

        return ModuleNames
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ModuleNames", "ProjectIndex", "project_index"]
