"""A node's children, read from its fields.

libcst's `CSTNode.children` collects them by visiting the node, which rebuilds it (a new
node and its validation per call): walking the statements of a loop body that way was a
tenth of the interpreter's time on keras-io. Reading a node's fields (`_fields`, syntax/nodes.py)
gives the same nodes (in field order, not always source order) without building anything."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter

from noiselint.syntax import nodes as cst

# Each class's fields read in one call, as a tuple of their values.
_GETTERS: dict[type, Callable[[cst.CSTNode], tuple[object, ...]]] = {}


class _IsNode(dict[type, bool]):
    """Whether a class is a node, asked once per class; a known class is a plain lookup."""

    def __missing__(self, kind: type) -> bool:
        known = self[kind] = cst.CSTNode in kind.__mro__
        return known


# `IS_NODE[type(value)]`: whether a field's value is a node (the scope walk reads it too).
IS_NODE = _IsNode()


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """A list, not a generator: the interpreter's walks call this ~200,000 times on keras-io."""
    kind = type(node)
    getter = _GETTERS.get(kind)
    if getter is None:
        getter = _GETTERS[kind] = _getter(kind)
    is_node = IS_NODE
    found = []
    for value in getter(node):
        value_type = type(value)
        if is_node[value_type]:
            found.append(value)
        elif value_type is tuple or value_type is list:
            found.extend(item for item in value if is_node[type(item)])  # type: ignore[attr-defined]
    return found


def _getter(kind: type) -> Callable[[cst.CSTNode], tuple[object, ...]]:
    return fields_getter(kind._fields)  # type: ignore[attr-defined]


def fields_getter(names: Sequence[str]) -> Callable[[cst.CSTNode], tuple[object, ...]]:
    """The values of a node's fields `names`, read in one call, as a tuple."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        # attrgetter of one name gives the value, not a tuple: the class is read as well, and
        # is no node.
        return attrgetter(*names, "__class__")
    return lambda node: ()

