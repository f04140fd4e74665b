"""libcst's tree of a module, as noiselint's nodes (syntax/nodes.py), with the way back.

The analysis reads noiselint's nodes only, whether they came from CPython's tree (the quick
tree) or from libcst's parse. libcst's parse is the one that keeps every character, so a
fix, a node's code in a message and a position are taken from its nodes: `real` maps each of
ours to the libcst node it was made from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import libcst as cst

from noiselint.syntax import nodes


@dataclass(frozen=True, slots=True)
class Converted:
    """A libcst module (`libcst_module`) as noiselint's nodes (`module`); `libcst_of[id(ours)]`
    is the libcst node ours was made from (nodes made once and shared, such as an operator,
    have none)."""

    module: nodes.Module
    libcst_module: cst.Module
    libcst_of: dict[int, cst.CSTNode]


# Nodes without fields that are neither statements nor expressions (operators, parentheses,
# `async`) are made once and shared, as the quick tree shares them: nothing asks where they are.
_SHARED_KINDS = (nodes.BaseSmallStatement, nodes.BaseCompoundStatement, nodes.BaseExpression, nodes.ImportStar)


class _Converter:
    def __init__(self) -> None:
        self.real: dict[int, cst.CSTNode] = {}
        self._makers: dict[type, Callable[[Any], Any]] = {}

    def node(self, real: Any) -> Any:
        kind = type(real)
        make = self._makers.get(kind)
        if make is None:
            make = self._makers[kind] = self._maker(kind)
        return make(real)

    def _maker(self, kind: type) -> Callable[[Any], Any]:
        ours: Any = getattr(nodes, kind.__name__)
        names = ours._fields
        if not names and not issubclass(ours, _SHARED_KINDS):
            shared = ours()
            return lambda real: shared
        value = self._value
        real_of = self.real

        def make(real: Any) -> Any:
            node = ours.__new__(ours)
            for name in names:
                setattr(node, name, value(getattr(real, name)))
            real_of[id(node)] = real
            return node

        return make

    def _value(self, value: Any) -> Any:
        if isinstance(value, cst.CSTNode):
            return self.node(value)
        if type(value) is tuple or type(value) is list:
            return tuple(self._value(item) for item in value)
        if value is cst.MaybeSentinel.DEFAULT:
            return nodes.MaybeSentinel.DEFAULT
        return value


def convert(module: cst.Module) -> Converted:
    """`module` as noiselint's nodes."""
    converter = _Converter()
    return Converted(converter.node(module), module, converter.real)


def convert_node(node: cst.CSTNode) -> Any:
    """One libcst node (an expression a test or a saved model's config gives) as ours."""
    return _Converter().node(node)
