"""The compiled code of the methods `dataclasses` writes, kept between runs, as CPython keeps
a module's bytecode in `__pycache__`. A dataclass's `__init__`, `__repr__`, `__eq__` (and a
frozen one's `__setattr__`, `__hash__`) are generated as text and compiled by `exec` each time
the class is made; compiling them was about half of a one-model-file check's CPU (290 classes:
libcst's node classes, which `import libcst` makes all of, and noiselint's own). Given the
compiled code, the same `exec` runs without compiling: the text is the key, so the method is
the one the text says, on any Python.

The code is loaded from the user's noiselint directory ($XDG_CACHE_HOME/noiselint, where the
per-user key lives), never from a project's cache directory: code is run from it, so a file
that is not signed with the user's key (cache_files.user_key), not a regular file of the
user's, or too large is ignored. It is written, like bytecode, unless
PYTHONDONTWRITEBYTECODE is set; `--no-cache` concerns findings and does not turn it off.

Each entry carries the day a process last wrote it having used it: a save drops entries
nobody saving has used for `_KEEP_DAYS` (methods of classes an upgrade or an edit changed),
which were otherwise read by every start until the file reached `_MAX_BYTES` (half of a
developer's 1 MB file, 7-12 ms of each start). An entry still in use that a save drops (one
that another kind of process, the server or the shapes command, uses) is compiled and kept
again by the next process that needs it.

Processes that end together (the workers of `--jobs`) each merge what they compiled into the
same file: the read, merge and write are done holding a lock (`flock` on a lock file of the
user's in that directory, opened without following a link), so that no writer drops what
another wrote in between. A lock that cannot be had soon skips the save: the code is compiled
again next run, where waiting could stall the run's end."""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
import os
import stat
import sys
import time
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noiselint.cache_files import key_dir, user_key
from noiselint.digests import equal_digests, signature

if TYPE_CHECKING:
    from collections.abc import Iterator

_MAGIC = b"noiselint-code-v4\n"  # v4: signed with keyed BLAKE2b (digests.py), each code marshalled apart
# Past this a file is begun again from the classes of one run (entries of old libcst or
# noiselint versions are never dropped otherwise). libcst's is about 1 MB.
_MAX_BYTES = 8 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_LOCK_NAME = "dataclass-code.lock"
# An entry no saving process has used for this many days is dropped at the next save.
_KEEP_DAYS = 30
# How long a save waits for another process's: a save reads, signs and writes about 1 MB
# (tens of ms), and workers end within a few of those of each other.
_LOCK_SECONDS = 1.0


class CompiledMethods:
    """`exec` for `dataclasses`: the text's code compiled once, then reused. One file for each
    top-level package the classes are of (libcst, noiselint, ...), read with the first class of
    that package: a run without model code never reads libcst's. An entry is dropped once used
    (a class is made once), so the kept code does not stay in memory beside the methods; but
    an entry whose text several classes make is kept (written as a 1-tuple of its code)."""

    def __init__(self, directory: Path, key: bytes) -> None:
        self.directory, self._key = directory, key
        # By package, each text's entry: (code, day) for a text one class makes, (code, day,
        # True) for one several make (kept in memory for the next). The code is marshal's
        # bytes, loaded when used: a run makes a third of the classes the file has methods for
        # (loading every code object was 3 of the read's 6.5 ms).
        self._codes: dict[str, dict[str, tuple[Any, ...]]] = {}
        self._new: dict[str, dict[str, tuple[Any, ...]]] = {}
        self._used: set[int] = set()  # the texts' hashes: the texts would stay in memory

    def path(self, package: str) -> Path:
        return self.directory / f"dataclass-code-{sys.implementation.cache_tag}-{package}.bin"

    def exec(self, source: Any, globals: dict[str, Any] | None = None,
             locals: dict[str, Any] | None = None) -> None:
        if not isinstance(source, str):
            exec(source, globals, locals)
            return
        package = _package(globals)
        codes = self._codes.get(package)
        if codes is None:
            codes = self._codes[package] = _read(self.path(package), self._key)
        entry = codes.get(source)
        code = _loaded(entry[0]) if entry is not None else None
        if code is not None:
            if len(entry) == 2:  # a text one class makes: not kept in memory once used
                del codes[source]
            self._used.add(hash(source))
        else:
            code = compile(source, "<string>", "exec")
            # A second class with the same text (libcst's 44 operator classes share their
            # `__repr__`, `__eq__`, ...): written as shared, so that the next run keeps its code
            # for every class after the first instead of compiling it again.
            today = _today()
            kept = marshal.dumps(code)
            self._new.setdefault(package, {})[source] = \
                (kept, today, True) if hash(source) in self._used else (kept, today)
            self._used.add(hash(source))
        exec(code, globals, locals)

    def save(self) -> None:
        """Write what this process compiled, with what the file holds, if anything was new."""
        if sys.dont_write_bytecode or not self._new:
            return
        with _locked(self.directory) as held:
            if not held:
                return
            for package, new in self._new.items():
                path = self.path(package)
                codes = {**self._aged(_read(path, self._key)), **new}
                payload = marshal.dumps((sys.version, codes))
                if len(payload) > _MAX_BYTES:
                    payload = marshal.dumps((sys.version, new))
                _write(path, _MAGIC + _mac(self._key, payload) + b"\n" + payload)
        self._new = {}


    def _aged(self, codes: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
        """The entries to write again: those this process used, dated today, and those used
        within `_KEEP_DAYS` by whichever process last wrote them."""
        today = _today()
        kept = {}
        for text, entry in codes.items():
            if hash(text) in self._used:
                kept[text] = (entry[0], today, *entry[2:])
            elif entry[1] >= today - _KEEP_DAYS:
                kept[text] = entry
        return kept


def _loaded(kept: object) -> Any:
    """The code of a kept entry, or None when it is not marshal's bytes of a code object (an
    entry is signed, but a file of another build of noiselint may lay entries out otherwise)."""
    try:
        code = marshal.loads(kept)  # type: ignore[arg-type]
    except (TypeError, ValueError, EOFError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _today() -> int:
    return int(time.time() // 86400)


def install() -> CompiledMethods | None:
    """Make `dataclasses` compile through the kept code (None: no per-user key, nothing kept)."""
    key = user_key()
    if key is None or dataclasses.__dict__.get("exec") is not None:
        return None
    methods = CompiledMethods(key_dir(), key)
    dataclasses.exec = methods.exec  # type: ignore[attr-defined]  # found before the builtin
    return methods


def _package(globals: dict[str, Any] | None) -> str:
    name = str((globals or {}).get("__name__", "")).partition(".")[0]
    return name if name.isidentifier() else "other"


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[bool]:
    """Whether this process holds the kept code's lock (held in the block): taken within
    `_LOCK_SECONDS` or not at all, on a regular file of the user's, never through a link.
    Where there is no `flock` (Windows) the save goes unlocked (True): the last writer wins."""
    try:
        import fcntl
    except ImportError:
        yield True
        return
    try:
        fd = os.open(directory / _LOCK_NAME,
                     os.O_RDWR | os.O_CREAT | _NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    except OSError:
        yield False
        return
    try:
        info = os.fstat(fd)
        held = stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and _flock(fd, fcntl)
        yield held
    finally:
        os.close(fd)  # the lock goes with it


def _flock(fd: int, fcntl: Any) -> bool:
    # Polled, not a blocking `flock`: a lock another process holds for good (a stopped
    # noiselint, a stray `flock` command) must not stall this one's end.
    deadline = time.monotonic() + _LOCK_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        except OSError:  # a file system without locks
            return False


def _write(path: Path, data: bytes) -> None:
    # Written whole under a name of this process's, then renamed: a reader never sees a
    # torn file. (Not tempfile: 3 ms of imports.)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    with contextlib.suppress(OSError):
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)


def save_installed() -> None:
    """What `install` made this process compile, saved (a worker, before it ends)."""
    methods = getattr(dataclasses.__dict__.get("exec"), "__self__", None)
    if isinstance(methods, CompiledMethods):
        methods.save()


def _read(path: Path, key: bytes) -> dict[str, Any]:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return {}
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES + 200 \
                    or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
                return {}
            raw = handle.read(_MAX_BYTES + 200)
    except OSError:
        return {}
    mac, _, payload = raw[len(_MAGIC):].partition(b"\n")
    if not raw.startswith(_MAGIC) or not equal_digests(mac, _mac(key, payload)):
        return {}
    try:
        version, codes = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    # Another build of the same `cache_tag` (a patch release) may read bytecode differently.
    return codes if version == sys.version and isinstance(codes, dict) else {}  # type: ignore[no-any-return]


def _mac(key: bytes, payload: bytes) -> bytes:
    return signature(key, b"dataclass-code", payload)


def exec_kept(source: str, scope: dict[str, Any]) -> None:
    """`exec(source, scope)` for a function noiselint writes as text per class, as `dataclasses`
    does (the quick tree's node makers, the pre-check's child readers, the scope walk's
    expanders), through the kept code once `install` has run: compiling them cost each process
    about 15-25 ms. `scope["__name__"]`
    says the package whose file keeps the code."""
    run = dataclasses.__dict__.get("exec")
    (run if run is not None else exec)(source, scope)
