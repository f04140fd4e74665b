"""Write a fixed `.keras` file: the same zip with a new `config.json` (the member Keras reads,
the last of that name), every other member copied unchanged. The new zip is built in an
anonymous temporary file (streamed, so weights of any size cost no memory, and nothing is
left behind if the copy fails) and then written by the same writer as source fixes, with the
same guarantees: a read-only file is refused, a link's target is fixed (the link stays), hard
links, mode, owner and group are kept, and a file that changed meanwhile is left alone."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from noiselint.diagnostics import FileError
from noiselint.files.source import open_regular
from noiselint.fixes.apply import ChangedOnDisk, write_atomically

_CHUNK = 1024 * 1024


def write_fixed_keras(path: Path, config: dict[str, Any]) -> FileError | None:
    opened = open_regular(path)
    if isinstance(opened, FileError):
        return opened
    source_handle, before = opened
    text = json.dumps(config).encode("utf-8")
    try:
        with source_handle, tempfile.TemporaryFile() as built:
            with zipfile.ZipFile(source_handle) as source, zipfile.ZipFile(built, "w") as target:
                read = source.getinfo("config.json")  # the last member of that name, as Keras reads
                for info in source.infolist():
                    if info is read:
                        target.writestr(_copy_info(info), text, compress_type=info.compress_type)
                        continue
                    with source.open(info) as stream, target.open(_copy_info(info), "w", force_zip64=True) as out:
                        shutil.copyfileobj(stream, out, _CHUNK)

            def copy(handle: BinaryIO) -> None:
                built.seek(0)
                shutil.copyfileobj(built, handle, _CHUNK)

            def unchanged(real: Path) -> bool:
                after = real.stat()
                return (after.st_mtime_ns, after.st_size, after.st_ino) == \
                    (before.st_mtime_ns, before.st_size, before.st_ino)

            write_atomically(path, copy, unchanged=unchanged)
    except ChangedOnDisk:
        return FileError(str(path), "changed on disk while noiselint was fixing it; not overwritten")
    except OSError as exc:
        return FileError(str(path), f"cannot be written: {exc.strerror or exc}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError, RuntimeError,
            NotImplementedError) as exc:  # an encrypted or deflate64 member cannot be copied
        return FileError(str(path), f"cannot be fixed: a member cannot be copied ({' '.join(str(exc).split())[:160]})")
    return None


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.comment = info.comment
    copy.extra = b""
    return copy
