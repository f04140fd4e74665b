"""Read: bytes on disk (or stdin) to text, remembering how to write the text back."""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from noiselint.diagnostics import FileError

# Read only for a declaration tokenize refused: compiled by `re` (its cache) then, not at import.
_COOKIE = rb"^[ \t\f]*#.*?coding[:=]"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file's text as read, with what is needed to write it back the same way."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """The bytes to write for `text`, with this file's encoding and BOM."""
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data


def decode_source(path: str, data: bytes) -> SourceFile | FileError:
    """Decode Python source bytes as the interpreter would (PEP 263, BOM)."""
    if b"\x00" in data:
        return FileError(path, "is a binary file (contains NUL bytes), not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        # After a BOM too: a BOM with a cookie for another encoding is CPython's "encoding problem".
        if re.search(_COOKIE, b"\n".join(data.removeprefix(codecs.BOM_UTF8).splitlines()[:2]), re.MULTILINE):
            return FileError(path, f"has an invalid encoding declaration: {exc.msg}")
        encoding = "utf-8"  # undecodable bytes, no declaration: reported below
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif encoding == "utf-8-sig":
        encoding = "utf-8"
    if not _is_text_encoding(encoding):
        return FileError(path, f"declares the encoding `{encoding}`, which is not a text encoding; "
                               "Python cannot import it either")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return FileError(
            path,
            f"cannot be decoded as {encoding} (byte {exc.start}: {exc.reason}); "
            "add a `# -*- coding: ... -*-` line or save it as UTF-8",
        )
    except (UnicodeError, LookupError, ValueError) as exc:  # a codec that fails (e.g. idna)
        return FileError(path, f"cannot be decoded as {encoding}: {_one_line(exc)}")
    surrogate = first_surrogate(text)
    if surrogate is not None:  # `raw_unicode_escape` turns `\ud800` into one; CPython refuses the file
        row = text.count("\n", 0, surrogate) + 1
        return FileError(path, f"decodes as {encoding} to a lone surrogate (U+{ord(text[surrogate]):04X}) on line "
                               f"{row}, which Python cannot compile")
    return SourceFile(path, text, encoding, bom)


_SURROGATE = "[\ud800-\udfff]"  # compiled (and kept by `re`) at the first text that is not ASCII


def first_surrogate(text: str) -> int | None:
    """Where the first lone surrogate of `text` is (None: there is none)."""
    if text.isascii():
        return None
    found = re.search(_SURROGATE, text)
    return found.start() if found is not None else None


def _is_text_encoding(encoding: str) -> bool:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return False
    # `rot13`, `hex`, `base64`, `zlib`, ... are bytes-to-bytes or str-to-str codecs.
    return getattr(info, "_is_text_encoding", True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


# Python files and notebooks larger than this are not read at all (a generated file, a
# data dump, or a symlink to something that never ends).
MAX_FILE_BYTES = 64 * 1024 * 1024


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result] | FileError:
    """An open handle on `path` when it is a regular file (a link to one is followed); never
    blocks on a FIFO and never opens a device (`/dev/zero`) or a socket. The caller closes it."""
    shown = str(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang; O_NOCTTY: a terminal
        # device must not become ours.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        return FileError(shown, "is a directory")
    except OSError as exc:
        return FileError(shown, f"cannot be read: {exc.strerror or exc}")
    # The kind first: Linux opens a directory read-only, and `fdopen` then raises.
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        return FileError(shown, f"cannot be read: {exc.strerror or exc}")
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = "is a directory"
    elif not stat.S_ISREG(info.st_mode):
        problem = f"is not a regular file ({_kind(info.st_mode)}); not read"
    if problem is not None:
        os.close(fd)
        return FileError(shown, problem)
    return os.fdopen(fd, "rb"), info


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | FileError:
    """The bytes of a regular file of at most `limit` bytes (see `open_regular`)."""
    shown = str(path)
    opened = open_regular(path)
    if isinstance(opened, FileError):
        return opened
    handle, info = opened
    with handle:
        if info.st_size > limit:
            return FileError(shown, f"is {_megabytes(info.st_size)}; noiselint reads files up to "
                                    f"{_megabytes(limit)}")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            return FileError(shown, f"cannot be read: {exc.strerror or exc}")
    if len(data) > limit:  # it grew while being read
        return FileError(shown, f"is larger than {_megabytes(limit)}; noiselint reads files up to that size")
    return data


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_source(path: Path, display: str | None = None) -> SourceFile | FileError:
    shown = display or str(path)
    data = read_bounded(path)
    if isinstance(data, FileError):
        return FileError(shown, data.message)
    return decode_source(shown, data)
