"""The environment: the `site-packages` directories where a module the project does not
hold is looked for (a star import of an installed library, `from tensorpack import *`).
By default the environment noiselint runs in; the `python` setting points at another
interpreter or virtual environment instead, and `site-packages` adds directories (as
pyright's `venvPath` and `extraPaths` do). Nothing found there is imported or run: the
index reads its source with `ast`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# Where a virtual environment or a Python installation keeps its packages, per platform.
_LAYOUTS = ("lib/python3*/site-packages", "lib64/python3*/site-packages", "Lib/site-packages")


def environment_roots(python: str | None, extra: Sequence[str], base: Path) -> tuple[Path, ...]:
    """The directories to look for installed modules in: `extra` first, then those of the
    interpreter or environment `python` (relative to `base`), else this process's own."""
    roots = [base / p for p in extra]
    roots.extend(_installed(base / python) if python else _own())
    return tuple(dict.fromkeys(r.resolve() for r in roots if r.is_dir()))


def _own() -> list[Path]:
    import sysconfig  # here: ~1 ms of imports that a run without model code (no project index) skips

    paths = sysconfig.get_paths()
    return [Path(paths[key]) for key in ("purelib", "platlib") if key in paths]


def _installed(location: Path) -> list[Path]:
    """The `site-packages` of an interpreter (`.venv/bin/python`), an environment
    directory (`.venv`) or a `site-packages` directory itself; the interpreter is never run."""
    if location.name == "site-packages":
        return [location]
    home = location.parent.parent if location.is_file() or location.parent.name in ("bin", "Scripts") \
        else location
    return sorted(found for layout in _LAYOUTS for found in home.glob(layout))
