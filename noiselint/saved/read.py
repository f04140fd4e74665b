"""Read a saved model's stored config without loading the model: `.keras` (a zip holding
`config.json` and `metadata.json`), `.h5`/`.hdf5` (the `model_config` root attribute) and a
tf.keras 2.x SavedModel directory (`keras_metadata.pb`). Every read is bounded, nothing is
unpickled, deserialized or executed: the result is plain JSON data or a `FileError`."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from noiselint.diagnostics import FileError
from noiselint.saved.protobuf_wire import WireError, saved_objects

MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
# The biggest configs of real models (a 1,000-layer network) are a few MB; anything past this
# is not a config a linter should read into memory.
MAX_CONFIG_BYTES = 64 * 1024 * 1024
MAX_METADATA_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 100_000

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
    # The header's size may lie (a zip bomb): read at most one byte past the cap.
    with archive.open(info) as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        return _error(path, f"`{member}` unpacks to more than {cap:,} bytes; not read")
    return data


def _read_keras_zip(path: Path) -> StoredConfig | FileError:
    try:
        with zipfile.ZipFile(path) as archive:
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
    return StoredConfig(str(path), "keras", model, str(version), text)


def _read_h5(path: Path) -> StoredConfig | FileError:
    try:
        import h5py
    except ImportError:
        return _error(path, "is an HDF5 model: reading it needs h5py, the `saved` extra (`pip install h5py`)")
    try:
        with h5py.File(path, "r") as handle:
            if "model_config" not in handle.attrs:
                return _error(path, "has no `model_config` attribute: it holds weights only, not a model")
            # Check the stored size before h5py reads the attribute into memory.
            attribute = h5py.h5a.open(handle.id, b"model_config")
            if attribute.get_storage_size() > MAX_CONFIG_BYTES:
                return _error(path, f"its model_config is more than {MAX_CONFIG_BYTES:,} bytes; not read")
            raw = handle.attrs["model_config"]
            version = handle.attrs.get("keras_version", "")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return _error(path, f"is not a readable HDF5 model ({str(exc)[:160]})")
    text = _text(raw)
    if text is None:
        return _error(path, "its model_config is not a JSON string")
    model = _parse_json(path, "model_config", text)
    if isinstance(model, FileError):
        return model
    return StoredConfig(str(path), "h5", model, _text(version) or "")


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    return None


def _read_savedmodel(path: Path) -> StoredConfig | FileError:
    meta = path / "keras_metadata.pb"
    if not meta.is_file():
        return _error(path, "is a SavedModel without `keras_metadata.pb`: not a Keras model, "
                            "or written by Keras 3 (`model.export`), which keeps no config")
    size = meta.stat().st_size
    if size > MAX_CONFIG_BYTES:
        return _error(path, f"keras_metadata.pb is {size:,} bytes, more than noiselint reads")
    data = meta.read_bytes()
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
    return StoredConfig(str(path), "savedmodel", model, str(metadata.get("keras_version", "")))
