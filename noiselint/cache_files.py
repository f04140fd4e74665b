"""What the results cache and the shape cache share: the Keras version they are keyed by
(read from package metadata, never by importing Keras), atomic JSON writes (parallel workers
cannot tear an entry) and the markers that keep git and backups out of a cache directory."""

from __future__ import annotations

import json
import os
import tempfile
from importlib import metadata
from pathlib import Path


def keras_version() -> str:
    try:
        return metadata.version("keras")
    except metadata.PackageNotFoundError:
        return "none"


def write_json(path: Path, data: object) -> None:
    """Write `data` as JSON to `path` via a temporary file and a rename; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def mark_cache_dir(directory: Path) -> None:
    """A `.gitignore` of `*` and a CACHEDIR.TAG, as ruff's cache has."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by noiselint.\n*\n", encoding="utf-8")
        (directory / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
