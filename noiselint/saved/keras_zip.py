"""Write a fixed `.keras` file: the same zip with a new `config.json`, every other member
copied unchanged (streamed, so weights of any size cost no memory), written to a temporary
file beside the original and moved over it in one step."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from noiselint.diagnostics import FileError


def write_fixed_keras(path: Path, config: dict[str, Any]) -> FileError | None:
    before = path.stat()
    text = json.dumps(config).encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w") as target:
            for info in source.infolist():
                if info.filename == "config.json":
                    target.writestr(info, text, compress_type=info.compress_type)
                    continue
                with source.open(info) as stream, target.open(_copy_info(info), "w", force_zip64=True) as out:
                    shutil.copyfileobj(stream, out, 1024 * 1024)
        after = path.stat()
        if (after.st_mtime_ns, after.st_size) != (before.st_mtime_ns, before.st_size):
            os.unlink(temporary)
            return FileError(str(path), "changed on disk while noiselint was fixing it; not overwritten")
        os.chmod(temporary, before.st_mode & 0o777)
        os.replace(temporary, path)
    except (OSError, zipfile.BadZipFile) as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        return FileError(str(path), f"cannot be written: {exc}")
    return None


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.comment = info.comment
    copy.extra = b""
    return copy
