"""Just enough of the protobuf wire format to read `keras_metadata.pb` (a tf.keras 2.x
SavedModel's `SavedMetadata` message) without TensorFlow or the `protobuf` package:
`SavedMetadata { repeated SavedObject nodes = 1; }`,
`SavedObject { int32 node_id = 2; string node_path = 3; string identifier = 4; string metadata = 5; }`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from noiselint import budget

_VARINT, _I64, _LEN, _I32 = 0, 1, 2, 5


class WireError(ValueError):
    """The bytes are not a well-formed protobuf message."""


@dataclass(frozen=True)
class SavedObject:
    """One node of a SavedModel's metadata: its id, path, identifier and JSON."""

    node_id: int
    node_path: str
    identifier: str
    metadata: str  # JSON text


_CLOCK_EVERY = 4096


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        if pos >= len(data):
            raise WireError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise WireError("varint longer than 10 bytes")


def fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) for each field of one message."""
    pos = count = 0
    while pos < len(data):
        count += 1
        if not count % _CLOCK_EVERY:
            budget.check()  # millions of tiny fields take seconds: the file's time budget holds
        key, pos = _varint(data, pos)
        number, kind = key >> 3, key & 7
        if kind == _VARINT:
            value, pos = _varint(data, pos)
            yield number, kind, value
        elif kind == _LEN:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise WireError("a field runs past the end of the message")
            yield number, kind, data[pos:pos + size]
            pos += size
        elif kind in (_I64, _I32):
            pos += 8 if kind == _I64 else 4
            if pos > len(data):
                raise WireError("truncated fixed-size field")
        else:
            raise WireError(f"unsupported wire type {kind}")


def saved_objects(data: bytes) -> Iterator[SavedObject]:
    for number, kind, value in fields(data):
        if number != 1 or kind != _LEN:
            continue
        node_id, strings = 0, {3: "", 4: "", 5: ""}
        for inner, inner_kind, inner_value in fields(value):  # type: ignore[arg-type]
            if inner == 2 and inner_kind == _VARINT:
                node_id = int(inner_value)  # type: ignore[arg-type]
            elif inner in strings and inner_kind == _LEN:
                strings[inner] = bytes(inner_value).decode("utf-8", "replace")  # type: ignore[arg-type]
        yield SavedObject(node_id, strings[3], strings[4], strings[5])
