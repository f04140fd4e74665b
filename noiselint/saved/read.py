"""Read a saved model's stored config without loading the model: `.keras` (a zip holding
`config.json` and `metadata.json`), `.h5`/`.hdf5` (the `model_config` root attribute) and a
tf.keras 2.x SavedModel directory (`keras_metadata.pb`). Every read is bounded, nothing is
unpickled, deserialized or executed: the result is plain JSON data or a `FileError`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from noiselint.diagnostics import FileError
from noiselint.files.source import open_regular, read_bounded

if TYPE_CHECKING:
    import zipfile

MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
# The biggest configs of real models (a 1,000-layer network) are a few MB; anything past this
# is not a config a linter should read into memory.
MAX_CONFIG_BYTES = 64 * 1024 * 1024
MAX_METADATA_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 100_000
# zipfile reads the whole central directory and makes an object per entry (46 bytes at least):
# a real `.keras` file's directory is a few hundred bytes.
MAX_ZIP_DIRECTORY_BYTES = 16 * 1024 * 1024
# A version is a few characters ("3.6.0"); anything longer is not one.
MAX_VERSION_CHARS = 64
# JSON objects and arrays in one config: a 1,000-layer network has about 30,000. Each costs
# Python about 64 bytes even when empty, so 64 MB of `{},` would take gigabytes parsed.
MAX_JSON_CONTAINERS = 1_000_000
# A zip member that unpacks to more than this many times its packed size, past the first MB,
# is a decompression bomb: real `config.json` files pack about 10 to 1.
MAX_RATIO, RATIO_FREE_BYTES = 100, 1024 * 1024

Kind = Literal["keras", "h5", "savedmodel", "live"]


@dataclass(frozen=True)
class StoredConfig:
    """The model config of one artifact, as JSON data."""

    path: str
    kind: Kind
    model: dict[str, Any]  # {"class_name": ..., "config": {...}, ...}
    keras_version: str  # "" when the file does not say
    config_text: str | None = None  # `.keras`: the config.json text (the JSON pointers index it)

    @property
    def keras3(self) -> bool:
        """Written by Keras 3 (else tf.keras / tf_keras 2.x)."""
        return self.keras_version[:1].isdigit() and int(self.keras_version.split(".")[0]) >= 3


def is_model_artifact(path: Path) -> bool:
    """A model file or a SavedModel directory, as discovery and the runner see it."""
    if path.is_dir():
        return (path / "keras_metadata.pb").is_file() or (path / "saved_model.pb").is_file()
    return path.suffix.lower() in MODEL_SUFFIXES


def read_artifact(path: Path) -> StoredConfig | FileError:
    name = str(path)
    try:
        if path.is_dir():
            return _read_savedmodel(path)
        if path.suffix.lower() == ".keras":
            return _read_keras_zip(path)
        return _read_h5(path)
    except OSError as exc:
        return FileError(name, f"cannot be read: {exc.strerror or exc}")


def _error(path: Path, message: str) -> FileError:
    return FileError(str(path), message)


def _parse_json(path: Path, what: str, text: str | bytes) -> dict[str, Any] | FileError:
    opening = (b"{", b"[") if isinstance(text, bytes) else ("{", "[")
    containers = sum(text.count(mark) for mark in opening)  # type: ignore[arg-type]
    if containers > MAX_JSON_CONTAINERS:
        return _error(path, f"{what} holds more than {MAX_JSON_CONTAINERS:,} JSON objects and arrays; not read")
    import json  # here: every run imports this module, few read a saved model

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return _error(path, f"{what} is not valid JSON ({str(exc)[:120]})")
    if not isinstance(data, dict):
        return _error(path, f"{what} is not a JSON object")
    return data


def _read_member(path: Path, archive: zipfile.ZipFile, member: str, cap: int) -> bytes | FileError:
    try:
        info = archive.getinfo(member)
    except KeyError:
        return _error(path, f"is not a Keras model file: the zip has no `{member}`")
    if info.file_size > cap:
        return _error(path, f"`{member}` is {info.file_size:,} bytes, more than noiselint reads ({cap:,})")
    if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return _error(path, f"`{member}` unpacks {info.compress_size:,} bytes to {info.file_size:,} (more than "
                            f"{MAX_RATIO} to 1, a decompression bomb); not read")
    # The header's sizes may lie (a zip bomb): read at most one byte past what they promise.
    allowed = min(cap, max(info.file_size, 0))
    with archive.open(info) as stream:
        data = stream.read(allowed + 1)
    if len(data) > allowed:
        return _error(path, f"`{member}` unpacks to more than its header says ({info.file_size:,} bytes); not read")
    return data


def _read_keras_zip(path: Path) -> StoredConfig | FileError:
    import zipfile  # here: every run imports this module (is_model_artifact), few read a .keras file

    opened = open_regular(path)
    if isinstance(opened, FileError):
        return opened
    try:
        with opened[0] as handle:
            # zipfile builds an object per member before anyone can count them: a central
            # directory of millions of entries costs gigabytes. The end record says how many.
            members, directory = _declared_directory(handle)
            if members > MAX_ZIP_MEMBERS or directory > MAX_ZIP_DIRECTORY_BYTES:
                return _error(path, f"is not a Keras model file: its zip directory declares {members:,} members in "
                                    f"{directory:,} bytes (noiselint reads up to {MAX_ZIP_MEMBERS:,} members, "
                                    f"{MAX_ZIP_DIRECTORY_BYTES:,} bytes)")
            archive = zipfile.ZipFile(handle)
            if len(archive.infolist()) > MAX_ZIP_MEMBERS:
                return _error(path, f"is not a Keras model file: more than {MAX_ZIP_MEMBERS:,} zip members")
            raw = _read_member(path, archive, "config.json", MAX_CONFIG_BYTES)
            meta = _read_member(path, archive, "metadata.json", MAX_METADATA_BYTES) \
                if "metadata.json" in archive.namelist() else b"{}"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        return _error(path, f"is not a readable .keras zip ({exc})")
    except (RuntimeError, OSError) as exc:  # encrypted member, or a read error mid-member
        return _error(path, f"is not a readable .keras zip ({exc})")
    if isinstance(raw, FileError):
        return raw
    if isinstance(meta, FileError):
        return meta
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _error(path, "config.json is not UTF-8")
    model = _parse_json(path, "config.json", text)
    metadata = _parse_json(path, "metadata.json", meta)
    if isinstance(model, FileError):
        return model
    version = metadata.get("keras_version", "") if isinstance(metadata, dict) else ""
    version = _version(path, version)
    if isinstance(version, FileError):
        return version
    return StoredConfig(str(path), "keras", model, version, text)


def _declared_directory(handle: BinaryIO) -> tuple[int, int]:
    """The member count and directory size a zip's end record declares (zip64 too), or
    (0, 0) when there is none (zipfile then says what is wrong)."""
    handle.seek(0, 2)
    size = handle.tell()
    tail_size = min(size, 0xFFFF + 22 + 20)  # the longest comment, the end record, the zip64 locator
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return 0, 0
    members = int.from_bytes(tail[at + 10:at + 12], "little")
    directory = int.from_bytes(tail[at + 12:at + 16], "little")
    locator = at - 20
    if (members == 0xFFFF or directory == 0xFFFFFFFF) and locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
        handle.seek(int.from_bytes(tail[locator + 8:locator + 16], "little"))
        record = handle.read(56)
        handle.seek(0)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            members = int.from_bytes(record[32:40], "little")
            directory = int.from_bytes(record[40:48], "little")
    return members, directory


def _read_h5(path: Path) -> StoredConfig | FileError:
    try:
        import h5py
    except ImportError:
        return _error(path, "is an HDF5 model: reading it needs h5py, the `saved` extra (`pip install h5py`)")
    opened = open_regular(path)
    if isinstance(opened, FileError):
        return opened
    handle, info = opened
    try:
        # h5py reads through the handle that was checked, so the path cannot be swapped for a FIFO.
        with handle, h5py.File(handle, "r") as model:
            if "model_config" not in model.attrs:
                return _error(path, "has no `model_config` attribute: it holds weights only, not a model")
            # The config cannot be longer than the file; a smaller file needs no bound of its own.
            raw = _h5_string(model, b"model_config", min(MAX_CONFIG_BYTES, info.st_size))
            version = _h5_string(model, b"keras_version", MAX_VERSION_CHARS) if "keras_version" in model.attrs else ""
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return _error(path, f"is not a readable HDF5 model ({str(exc)[:160]})")
    if raw is None:
        return _error(path, "its model_config is not a JSON string")
    if len(raw) > min(MAX_CONFIG_BYTES, info.st_size):
        return _error(path, f"its model_config is more than {MAX_CONFIG_BYTES:,} bytes; not read")
    if version is None or len(version) > MAX_VERSION_CHARS:
        return _error(path, f"its keras_version is not a version (a string of at most {MAX_VERSION_CHARS} characters)")
    model_config = _parse_json(path, "model_config", raw)
    if isinstance(model_config, FileError):
        return model_config
    return StoredConfig(str(path), "h5", model_config, version)


def _h5_string(model: Any, name: bytes, cap: int) -> str | None:
    """A string attribute read into a buffer of `cap + 1` bytes: a longer value shows as one
    that fills the buffer. The stored size of a variable-length string is its 16-byte
    pointer, so it cannot be checked first (HDF5 holds the value while it converts it)."""
    import h5py
    import numpy as np

    attribute = h5py.h5a.open(model.id, name)
    kind = attribute.get_type()
    if not isinstance(kind, h5py.h5t.TypeStringID) or attribute.shape not in ((), (1,)):
        return None
    if not kind.is_variable_str() and attribute.get_storage_size() > cap + 1:
        return "x" * (cap + 1)  # fixed-length: its size is known without reading
    memory = h5py.h5t.C_S1.copy()
    memory.set_size(cap + 1)
    buffer = np.zeros(attribute.shape, dtype=f"S{cap + 1}")
    attribute.read(buffer, mtype=memory)
    return bytes(buffer.reshape(-1)[0]).decode("utf-8", "replace")


def _version(path: Path, value: object) -> str | FileError:
    text = value if isinstance(value, str) else "" if value is None else None
    if text is None or len(text) > MAX_VERSION_CHARS:
        return _error(path, f"its keras_version is not a version (a string of at most {MAX_VERSION_CHARS} characters)")
    return text


def _read_savedmodel(path: Path) -> StoredConfig | FileError:
    from noiselint.saved.protobuf_wire import WireError, saved_objects  # as zipfile in _read_keras_zip

    meta = path / "keras_metadata.pb"
    if not meta.is_file():
        return _error(path, "is a SavedModel without `keras_metadata.pb`: not a Keras model, "
                            "or written by Keras 3 (`model.export`), which keeps no config")
    data = read_bounded(meta, MAX_CONFIG_BYTES)
    if isinstance(data, FileError):
        return _error(path, f"keras_metadata.pb {data.message}")
    try:
        root = next((o for o in saved_objects(data) if o.node_path == "root"), None)
    except WireError as exc:
        return _error(path, f"keras_metadata.pb is not a valid protobuf message ({exc})")
    if root is None:
        return _error(path, "keras_metadata.pb has no root object")
    metadata = _parse_json(path, "the root object's metadata", root.metadata)
    if isinstance(metadata, FileError):
        return metadata
    if "config" not in metadata or "class_name" not in metadata:
        return _error(path, "keras_metadata.pb holds no model config (a model without one cannot be read)")
    model = {"class_name": metadata["class_name"], "config": metadata["config"]}
    version = _version(path, metadata.get("keras_version", ""))
    if isinstance(version, FileError):
        return version
    return StoredConfig(str(path), "savedmodel", model, version)
