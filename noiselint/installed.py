"""The version of an installed distribution (Keras, TensorFlow, tf-keras), as
`importlib.metadata.version` gives it, without importing `importlib.metadata`: that import
(with `email`, `zipfile`, `csv` and `textwrap`) and its search took 25 ms of each run that
keys a cache by the library versions, a fifth of a cached one-file check.

Read the way importlib.metadata's path finder reads it: the first entry of `sys.path`
(in order) whose directory holds `<name>-<version>.dist-info` (or `.egg-info`) for the
distribution, and the `Version:` header of its METADATA (PKG-INFO). A zip file on the path
is not looked into: a Keras installed as a zipped egg reads as not installed, which only
keys the caches as if it were missing. The linted tree is not on `sys.path`
(`import_path.drop_untrusted_paths`), so these are the environment's files."""

from __future__ import annotations

import functools
import os
import re
import sys

_HEADER_BYTES = 64 << 10  # the headers come first; a METADATA file is read no further
_SEPARATORS = re.compile(r"[-_.]+")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]{0,63}")  # PEP 440's characters, bounded


def _normalized(name: str) -> str:
    # PEP 503's normalization, which importlib.metadata compares by ("tf-keras" is "tf_keras").
    return _SEPARATORS.sub("-", name).lower()


# The distributions that install the `tensorflow` package, the first installed one taken.
TENSORFLOW = ("tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos", "tf-nightly")


def tensorflow_version() -> str | None:
    return version(*TENSORFLOW)


@functools.cache  # asked for each shape answer's cache key (shapes/tf_graph.py)
def version(*names: str) -> str | None:
    """The version of the first of `names` that is installed, or None when none is."""
    found = _installed()
    for name in names:
        info = found.get(_normalized(name))
        if info is not None:
            return _metadata_version(info)
    return None


@functools.cache  # one listing of the path per process: the installed libraries do not change under it
def _installed() -> dict[str, str]:
    """Each installed distribution's metadata directory, by normalized name."""
    found: dict[str, str] = {}
    for entry in sys.path:
        if not entry:
            continue  # the working directory: the linted tree's, not the environment's
        for name, info in _distributions(entry):
            found.setdefault(name, info)  # the first on the path, as an import would find
    return found


def _distributions(directory: str) -> list[tuple[str, str]]:
    """(normalized name, metadata directory) of the distributions installed in `directory`,
    in name order (a directory that cannot be listed has none)."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    found = []
    for entry in names:
        stem, dot, suffix = entry.rpartition(".")
        if dot and suffix in ("dist-info", "egg-info"):
            found.append((_normalized(stem.partition("-")[0]), os.path.join(directory, entry)))
    return found


def _metadata_version(info: str) -> str | None:
    for file in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(info, file), "rb") as handle:
                head = handle.read(_HEADER_BYTES)
        except OSError:
            continue
        for line in head.decode("utf-8", "replace").splitlines():
            if not line.strip():
                break  # the end of the headers
            key, colon, value = line.partition(":")
            if colon and key.strip().lower() == "version":
                # The caches keep answers in a directory named by the versions: a version that
                # is not a plain version string (a `/`, a `..`) keys nothing.
                value = value.strip()
                return value if _VERSION.fullmatch(value) and ".." not in value else None
        return None
    return None
