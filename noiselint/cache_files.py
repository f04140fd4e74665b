"""What the results cache and the shape cache share: the Keras version they are keyed by
(read from package metadata, never by importing Keras), the checks that keep a cache
directory the linted tree controls from acting on the machine, and signed entries.

The cache directory lives in the project by default, so the tree (an untrusted pull request)
can commit one. Therefore: no path in it is followed if it is a symbolic link (files are
opened with O_NOFOLLOW and created exclusively, directories are checked with lstat); a
directory that is a link, is not the user's, is the project root or holds source is refused;
every entry carries a MAC (keyed BLAKE2b, digests.py) under a per-user key kept outside the tree
($XDG_CACHE_HOME/noiselint/key or ~/.cache/noiselint/key, mode 0600), so an entry the tree
wrote (even with a correctly computed cache key) is a miss; and an entry is read with a size
bound, never parsed before its signature holds, and checked against its schema after."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from noiselint.digests import equal_digests, signature

# An entry: this line, the hex MAC, then the JSON payload.
_MAGIC = b"noiselint-cache-v2\n"  # v2: keyed BLAKE2b (digests.py), was HMAC-SHA256
MAX_ENTRY_BYTES = 4 << 20
_KEY_BYTES = 32
# What noiselint itself puts in a cache directory; anything else that looks like source
# means the setting points at the project.
_SOURCE_MARKERS = frozenset({"pyproject.toml", "setup.py", "setup.cfg", ".git"})
_SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # 0 where the platform has none (Windows)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _owned(info: os.stat_result) -> bool:
    """Whether the user running noiselint owns the file (always, where there are no uids)."""
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def library_versions() -> str:
    """What cached answers depend on: Keras for layer shapes, TensorFlow for TF op shapes
    (its shape functions) and tf-keras for TF 1 layers; a directory name (`3.15.1+tf2.21.0+tfk2.21.0`)."""
    from noiselint.installed import tensorflow_version, version  # here: a run without the caches reads none

    return (f"{version('keras') or 'none'}+tf{tensorflow_version() or 'none'}"
            f"+tfk{version('tf-keras') or 'none'}")


# --- the cache directory ----------------------------------------------------------------------

def cache_dir_problem(directory: Path, project_root: Path) -> str | None:
    """Why `directory` must not be used as a cache directory, or None when it may."""
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        return f"cannot be examined: {exc.strerror or exc}"
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            return "is a symbolic link"
        if not stat.S_ISDIR(info.st_mode):
            return "is not a directory"
        if not _owned(info):
            return "is not owned by the user running noiselint"
    real, root = Path(os.path.realpath(directory)), Path(os.path.realpath(project_root))
    if real == root or real in root.parents:
        return "is the project root (or contains it); choose a directory of its own"
    if info is not None:
        try:
            names = os.listdir(directory)
        except OSError as exc:
            return f"cannot be listed: {exc.strerror or exc}"
        source = sorted(n for n in names if n in _SOURCE_MARKERS or n.endswith(_SOURCE_SUFFIXES))
        if source:
            return f"holds source files ({', '.join(source[:3])}); choose a directory of its own"
    return None


def safe_directory(root: Path, *parts: str) -> Path:
    """`root/parts...`, each directory created if missing and checked to be a real directory
    of the user's (not a link); raises OSError otherwise."""
    path = root
    for part in ("", *parts):
        path = path / part if part else path
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o755)
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or not _owned(info):
            raise OSError(f"{path} is not a directory of the user's own (a link, or not owned)")
    return path


def mark_cache_dir(directory: Path) -> None:
    """A `.gitignore` of `*` and a CACHEDIR.TAG, as ruff's cache has; each created only if
    absent, never through a link (a planted link is left alone, not followed)."""
    directory.mkdir(parents=True, exist_ok=True)
    safe_directory(directory)
    _create_once(directory / ".gitignore", b"# Created by noiselint.\n*\n")
    _create_once(directory / "CACHEDIR.TAG", b"Signature: 8a477f597d28d172789f06886806bc55\n")


def _create_once(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as out:
        out.write(data)


# --- the per-user key -------------------------------------------------------------------------

def key_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "noiselint")


def user_key() -> bytes | None:
    """The per-user secret that signs cache entries, created on first use; None when it
    cannot be read or made safely (then nothing is cached)."""
    try:
        directory = key_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / "key"
        key = _read_key(path)
        if key is None:
            _write_key(directory, path)
            key = _read_key(path)
        return key
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _owned(info) or info.st_mode & 0o077:
            raise OSError(f"{path} is not a private file of the user's")
        key = handle.read(_KEY_BYTES + 1)
    if len(key) != _KEY_BYTES:
        raise OSError(f"{path} is not a noiselint key")
    return key


def _write_key(directory: Path, path: Path) -> None:
    # Written whole under a temporary name, then linked into place: a racing process sees
    # no key or the whole key, and the first one to link wins.
    import tempfile  # here: with random and shutil, 3 ms of a start that may write nothing

    fd, temp = tempfile.mkstemp(dir=directory, prefix=".key-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(_KEY_BYTES))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: a rename (a racing key loses)
            os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


# --- signed entries ---------------------------------------------------------------------------

def _mac(key: bytes, purpose: str, name: str, payload: bytes) -> bytes:
    return signature(key, purpose.encode(), name.encode("utf-8", "surrogatepass"), payload)


def write_entry(root: Path, parts: tuple[str, ...], name: str, key: bytes, purpose: str, data: object) -> None:
    """Write `data` as a signed entry `root/parts/name` via an exclusive temporary file and a
    rename (parallel workers cannot tear it; a link at the name is replaced, not followed);
    raises OSError."""
    directory = safe_directory(root, *parts)
    import json  # here: a check without the cache, or without model code, reads no JSON

    payload = json.dumps(data, separators=(",", ":")).encode()
    import tempfile  # as in _write_key

    handle, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + _mac(key, purpose, name, payload) + b"\n" + payload)
        os.replace(temp, directory / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_entry(path: Path, key: bytes, purpose: str) -> object | None:
    """The JSON payload of a signed entry, or None for anything else: absent, a link, not a
    regular file of the user's (a FIFO, a device), too large, unsigned or signed for another
    entry, or JSON the parser refuses (nested too deeply included)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _owned(info) or info.st_size > MAX_ENTRY_BYTES:
                return None
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    if not raw.startswith(_MAGIC) or len(raw) > MAX_ENTRY_BYTES:
        return None
    mac, _, payload = raw[len(_MAGIC):].partition(b"\n")
    if not equal_digests(mac, _mac(key, purpose, path.name, payload)):
        return None
    import json  # as in write_entry

    try:
        return json.loads(payload)
    except (ValueError, RecursionError, MemoryError):
        return None
