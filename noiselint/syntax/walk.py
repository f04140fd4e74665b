"""A node's children, read from its fields.

libcst's `CSTNode.children` collects them by visiting the node, which rebuilds it (a new
node and its validation per call): walking the statements of a loop body that way was a
tenth of the interpreter's time on keras-io. Reading the dataclass fields gives the same
nodes (in field order, not always source order) without building anything."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

_FIELDS: dict[type, tuple[str, ...]] = {}
_IS_NODE: dict[type, bool] = {}


def child_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    kind = type(node)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(node))
    for name in names:
        value = getattr(node, name)
        if _node(value):
            yield value
        elif type(value) in (tuple, list):
            for item in value:
                if _node(item):
                    yield item


def _node(value: object) -> bool:
    # issubclass once per class: isinstance against libcst's ABC classes is slow when it fails.
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode)
    return known
