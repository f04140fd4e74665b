"""Settings: the resolved, frozen options of one run, from `[tool.noiselint]` in the nearest
`pyproject.toml` (or `--config FILE`), then the command-line flags on top."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from noiselint.cache_files import cache_dir_problem
from noiselint.suppress import RuleSelection


@dataclass(frozen=True)
class Settings:
    """What a run does: the rule selection, the files, the output and the budgets."""

    # None means the default selection: every rule that is on by default.
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # The command line's selectors, applied on top of the file's (ruff's layering).
    cli_selection: RuleSelection | None = None
    # Directory/file patterns (gitignore syntax); None means the built-in list.
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    # (pattern, codes) pairs: the codes are not reported in files matching the pattern.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    # Shapes need TensorFlow; off, the shape rules are skipped and TF is never imported.
    shapes: bool = True
    cache_dir: str | None = None
    no_cache: bool = False
    # --verbose: let TensorFlow's own logging through (silent otherwise).
    verbose: bool = False
    # Where relative config paths (exclude, per-file-ignores, src) are anchored.
    project_root: str = "."
    # More roots to find the project's own modules in (`src = ["src", "lib"]`), besides the
    # project root, its `src/` and each file's package root and directory.
    src: tuple[str, ...] = ()
    # The interpreter or virtual environment whose installed packages a star import of a
    # module the project does not hold is read from (`python = ".venv"`); None: the one
    # noiselint runs in. `site_packages`: more directories, looked in first.
    python: str | None = None
    site_packages: tuple[str, ...] = ()
    # Seconds one file may take before it is skipped with NL903 (0: no limit).
    time_budget: float = 10.0
    # Why the config file's `cache-dir` is not used ("" when it is, or none was given).
    cache_dir_refused: str = ""


class ConfigError(Exception):
    """A config file noiselint cannot use; the message names the file and the key."""


# [tool.noiselint] key -> (Settings field, the type its TOML value must have)
_KEYS: Mapping[str, tuple[str, str]] = {
    "select": ("select", "codes"),
    "extend-select": ("extend_select", "codes"),
    "ignore": ("ignore", "codes"),
    "exclude": ("exclude", "strings"),
    "extend-exclude": ("extend_exclude", "strings"),
    "per-file-ignores": ("per_file_ignores", "table"),
    "respect-gitignore": ("respect_gitignore", "bool"),
    "force-exclude": ("force_exclude", "bool"),
    "cache-dir": ("cache_dir", "string"),
    "src": ("src", "strings"),
    "python": ("python", "string"),
    "site-packages": ("site_packages", "strings"),
    "time-budget": ("time_budget", "seconds"),
}


def find_config(start: Path) -> Path | None:
    """The nearest `pyproject.toml` with a `[tool.noiselint]` table, from `start` upwards."""
    for directory in (start.resolve(), *start.resolve().parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _bounded_text(path: Path) -> str:
    """The file's text: a regular file (a FIFO must not block the run) of at most
    `MAX_CONFIG_BYTES`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{path}: is not a regular file")
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: is larger than {MAX_CONFIG_BYTES // 1024} KB; noiselint reads config files "
                          "up to that size")
    return data.decode("utf-8")


def _has_table(path: Path) -> bool:
    try:
        text = _bounded_text(path)
        if _cannot_name_us(text):
            return False  # no TOML read: tomllib's import and parse were 3 ms of a git tree's run
        return "noiselint" in _read(path, text).get("tool", {})
    except (ConfigError, OSError, UnicodeDecodeError):
        return True  # a broken file that may be ours: load it and report why


def _cannot_name_us(text: str) -> bool:
    """Whether a TOML text surely holds no `noiselint` key: it has neither the word nor an
    escape that could spell it in a quoted key (`"\\u006eoiselint"`)."""
    return "noiselint" not in text and "\\u" not in text and "\\U" not in text


# Real `[tool.noiselint]` tables are a few hundred bytes and whole pyproject.toml files a few
# KB; tomllib takes seconds per MB of some shapes of TOML.
MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path, text: str | None = None) -> dict[str, Any]:
    """The TOML of `path` (whose `text` may have been read already)."""
    # Here, not at the top: a run in a tree without a config file reads no TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        return tomllib.loads(_bounded_text(path) if text is None else text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML: not UTF-8 ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML: {exc}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: is nested too deeply to read") from exc
    except (ValueError, MemoryError) as exc:
        raise ConfigError(f"{path}: cannot be read: {' '.join(str(exc).split())[:120]}") from exc


def load_settings(path: Path, known_codes: tuple[str, ...]) -> Settings:
    """Settings from one config file. A `pyproject.toml` holds them under [tool.noiselint];
    any other file (e.g. `noiselint.toml` given to --config) holds them at the top level."""
    data = _read(path)
    table = data.get("tool", {}).get("noiselint", {}) if path.name == "pyproject.toml" else data
    where = f"{path}: [tool.noiselint]" if path.name == "pyproject.toml" else str(path)
    values: dict[str, Any] = {"project_root": str(path.parent)}
    for key, raw in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key `{key}` (known keys: {', '.join(sorted(_KEYS))})")
        name, kind = _KEYS[key]
        values[name] = _convert(where, key, kind, raw, known_codes)
    if "cache_dir" in values:
        values["cache_dir_refused"] = _cache_dir_outside(path.parent, values["cache_dir"])
    return Settings(**values)


def _cache_dir_outside(root: Path, value: str) -> str:
    """A `cache-dir` from a config file is the tree's choice, so it must stay inside the tree:
    `../home/Documents`, an absolute path, or a path through a linked directory would make
    noiselint write `CACHEDIR.TAG` and `.gitignore` beside the user's files. A cache elsewhere
    is the user's choice: `--cache-dir` or NOISELINT_CACHE_DIR (ruff draws the same line)."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(Path(root, value)))
    if Path(value).is_absolute() or real == real_root or real_root not in real.parents:
        return (f"is not inside the project ({real_root}), and a config file may only choose one there "
                "(choose one elsewhere with --cache-dir or NOISELINT_CACHE_DIR)")
    return ""


def _convert(where: str, key: str, kind: str, raw: Any, known: tuple[str, ...]) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{where}: `{key}` must be {expected}, not {raw!r}")

    if kind == "bool":
        if not isinstance(raw, bool):
            raise bad("true or false")
        return raw
    if kind == "seconds":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 86_400:
            raise bad("a number of seconds (0 for no limit)")
        return float(raw)
    if kind == "string":
        if not isinstance(raw, str):
            raise bad("a string")
        return raw
    if kind == "table":
        if not isinstance(raw, dict):
            raise bad("a table of pattern = [codes]")
        return tuple((pattern, _codes(where, f"{key}.{pattern}", codes, known))
                     for pattern, codes in raw.items())
    if kind == "codes":
        return _codes(where, key, raw, known)
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise bad("a list of strings")
    return tuple(raw)


def _codes(where: str, key: str, raw: Any, known: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ConfigError(f"{where}: `{key}` must be a list of rule codes, not {raw!r}")
    codes = tuple(item.strip().upper() for item in raw)
    for code in codes:
        if code != "ALL" and not any(k.startswith(code) for k in known):
            raise ConfigError(f"{where}: `{key}` has unknown rule selector `{code}`")
    return codes


def with_flags(settings: Settings, **flags: Any) -> Settings:
    """Command-line flags win: every flag that was given replaces the file's value."""
    given = {name: value for name, value in flags.items() if value is not None}
    unknown = set(given) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"not settings: {sorted(unknown)}")
    if "cache_dir" in given:  # the user's own choice, wherever it is
        given["cache_dir_refused"] = ""
    return replace(settings, **given)


def selections(settings: Settings) -> tuple[RuleSelection, ...]:
    """The layers of rule selectors, in the order they apply: the config file's, then the
    command line's."""
    config = RuleSelection(settings.select, settings.extend_select, settings.ignore)
    return (config,) if settings.cli_selection is None else (config, settings.cli_selection)


def cache_dir_problem_of(settings: Settings) -> str | None:
    """Why the run's cache directory must not be used (see `cache_dir_problem`), or None."""
    if settings.cache_dir_refused and not os.environ.get("NOISELINT_CACHE_DIR"):
        return settings.cache_dir_refused
    return cache_dir_problem(default_cache_dir(settings), Path(settings.project_root))


def default_cache_dir(settings: Settings) -> Path:
    """`cache-dir`, else $NOISELINT_CACHE_DIR, else `.noiselint_cache` in the project root."""
    if settings.cache_dir and not settings.cache_dir_refused:
        return Path(settings.project_root, settings.cache_dir)
    env = os.environ.get("NOISELINT_CACHE_DIR")
    return Path(env) if env else Path(settings.project_root, ".noiselint_cache")


def cache_dir_named(settings: Settings) -> bool:
    """Whether a cache directory was named (`cache-dir`, `--cache-dir`, NOISELINT_CACHE_DIR)
    rather than defaulted to `.noiselint_cache` in the project root."""
    return bool(settings.cache_dir or os.environ.get("NOISELINT_CACHE_DIR"))

