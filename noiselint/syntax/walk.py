"""A node's children, read from its fields.

libcst's `CSTNode.children` collects them by visiting the node, which rebuilds it (a new
node and its validation per call): walking the statements of a loop body that way was a
tenth of the interpreter's time on keras-io. Reading the dataclass fields gives the same
nodes (in field order, not always source order) without building anything."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter

import libcst as cst

# Each class's fields read in one call, as a tuple of their values.
_GETTERS: dict[type, Callable[[cst.CSTNode], tuple[object, ...]]] = {}
_IS_NODE: dict[type, bool] = {}


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """A list, not a generator: the interpreter's walks call this ~200,000 times on keras-io."""
    kind = type(node)
    getter = _GETTERS.get(kind)
    if getter is None:
        getter = _GETTERS[kind] = _getter(kind)
    is_node = _IS_NODE
    found = []
    for value in getter(node):
        value_type = type(value)
        known = is_node.get(value_type)
        if known is None:
            known = is_node[value_type] = _node(value_type)
        if known:
            found.append(value)
        elif value_type is tuple or value_type is list:
            for item in value:  # type: ignore[attr-defined]
                item_type = type(item)
                known = is_node.get(item_type)
                if known is None:
                    known = is_node[item_type] = _node(item_type)
                if known:
                    found.append(item)
    return found


def _getter(kind: type) -> Callable[[cst.CSTNode], tuple[object, ...]]:
    names = [f.name for f in dataclasses.fields(kind)]
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        # attrgetter of one name gives the value, not a tuple: the class is read as well, and
        # is no node.
        return attrgetter(*names, "__class__")
    return lambda node: ()


def _node(kind: type) -> bool:
    # issubclass once per class: isinstance against libcst's ABC classes is slow when it fails.
    return issubclass(kind, cst.CSTNode)
