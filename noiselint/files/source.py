"""Read: bytes on disk (or stdin) to text, remembering how to write the text back."""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from noiselint.diagnostics import FileError

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SourceFile:
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
        if _COOKIE.search(b"\n".join(data.splitlines()[:2])):
            return FileError(path, f"has an invalid encoding declaration: {exc.msg}")
        encoding = "utf-8"  # undecodable bytes, no declaration: reported below
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif encoding == "utf-8-sig":
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return FileError(
            path,
            f"cannot be decoded as {encoding} (byte {exc.start}: {exc.reason}); "
            "add a `# -*- coding: ... -*-` line or save it as UTF-8",
        )
    return SourceFile(path, text, encoding, bom)


def read_source(path: Path, display: str | None = None) -> SourceFile | FileError:
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return FileError(shown, "is a directory")
    except OSError as exc:
        return FileError(shown, f"cannot be read: {exc.strerror or exc}")
    return decode_source(shown, data)
