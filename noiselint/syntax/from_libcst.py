"""libcst's tree of a module, as noiselint's nodes (syntax/nodes.py), with the way back.

The analysis reads noiselint's nodes only, whether they came from CPython's tree (the quick
tree) or from libcst's parse. libcst's parse is the one that keeps every character, so a
fix, a node's code in a message and a position are taken from its nodes: `real` maps each of
ours to the libcst node it was made from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import libcst as cst

from noiselint.syntax import nodes


@dataclass(frozen=True, slots=True)
class Converted:
    """A libcst module (`libcst_module`) as noiselint's nodes (`module`); `libcst_of[id(ours)]`
    is the libcst node ours was made from, `ours_of[id(libcst's)]` the other way (nodes made
    once and shared, such as an operator, are in neither)."""

    module: nodes.Module
    libcst_module: cst.Module
    libcst_of: dict[int, cst.CSTNode]
    ours_of: dict[int, nodes.CSTNode]


# Nodes without fields that are neither statements nor expressions (operators, parentheses,
# `async`) are made once and shared, as the quick tree shares them: nothing asks where they
# are. Made with the module, so that no id of theirs is one a dead node of a tree had.
_SHARED_KINDS = (nodes.BaseSmallStatement, nodes.BaseCompoundStatement, nodes.BaseExpression, nodes.ImportStar)
_SHARED = {kind: kind() for kind in vars(nodes).values()
           if isinstance(kind, type) and issubclass(kind, nodes.CSTNode) and "_fields" in vars(kind)
           and not kind._fields and not issubclass(kind, _SHARED_KINDS)}


class _Converter:
    def __init__(self, last: Converted | None = None) -> None:
        # A node of `last`'s libcst tree that the new one shares is the same node of ours
        # (the language server parses one edited statement again, server/reparse.py).
        self._last = last
        self.libcst_of: dict[int, cst.CSTNode] = dict(last.libcst_of) if last is not None else {}
        self.ours_of: dict[int, nodes.CSTNode] = dict(last.ours_of) if last is not None else {}
        self._makers: dict[type, Callable[[Any], Any]] = {}

    def node(self, real: Any) -> Any:
        if self._last is not None:
            ours = self._last.ours_of.get(id(real))
            if ours is not None and self._last.libcst_of.get(id(ours)) is real:
                return ours
        kind = type(real)
        make = self._makers.get(kind)
        if make is None:
            make = self._makers[kind] = self._maker(kind)
        return make(real)

    def _maker(self, kind: type) -> Callable[[Any], Any]:
        ours: Any = getattr(nodes, kind.__name__)
        shared = _SHARED.get(ours)
        if shared is not None:
            return lambda real: shared
        names = ours._fields
        value = self._value
        libcst_of, ours_of = self.libcst_of, self.ours_of
        # nodes.py is written from one libcst; an older one (pyproject allows >=1.1) may lack
        # a field a later one added: ours then holds the field's default, as a parse of code
        # without that construct gives.
        present = {f.name for f in dataclasses.fields(kind)}
        missing = {name: default for name, default in _defaults(ours).items() if name not in present}

        def make(real: Any) -> Any:
            node = ours.__new__(ours)
            for name in names:
                setattr(node, name, missing[name] if name in missing else value(getattr(real, name)))
            libcst_of[id(node)] = real
            ours_of[id(real)] = node
            return node

        return make

    def _value(self, value: Any) -> Any:
        # A node of a class met before is a dictionary lookup; `isinstance` against libcst's
        # abstract `CSTNode` is asked once per class.
        kind = type(value)
        if kind in self._makers:
            return self.node(value)
        if kind is tuple or kind is list:
            return tuple(self._value(item) for item in value)
        if value is cst.MaybeSentinel.DEFAULT:
            return nodes.MaybeSentinel.DEFAULT
        if isinstance(value, cst.CSTNode):
            return self.node(value)
        return value


def _defaults(ours: type) -> dict[str, Any]:
    """Each field's default (None for a required one)."""
    fields: tuple[str, ...] = ours._fields  # type: ignore[attr-defined]
    given = getattr(ours.__init__, "__defaults__", None) or ()
    return dict(zip(fields, (None,) * (len(fields) - len(given)) + tuple(given), strict=True))


def convert(module: cst.Module, last: Converted | None = None) -> Converted:
    """`module` as noiselint's nodes; the nodes it shares with `last`'s libcst module are
    `last`'s own."""
    converter = _Converter(last)
    return Converted(converter.node(module), module, converter.libcst_of, converter.ours_of)


def parse_module(text: str) -> nodes.Module:
    """libcst's parse of `text`, as noiselint's nodes."""
    return convert(cst.parse_module(text)).module


def parse_expression(text: str) -> nodes.BaseExpression:
    """libcst's parse of the expression `text`, as noiselint's nodes."""
    return convert_node(cst.parse_expression(text))  # type: ignore[no-any-return]


def convert_node(node: cst.CSTNode) -> Any:
    """One libcst node (an expression a test or a saved model's config gives) as ours."""
    return _Converter().node(node)


class LibcstParents:
    """The parent of each libcst node of a converted module, read from the scope walk's
    parents of ours (syntax/scopes.py): what the language server's edits of libcst's tree
    climb (server/reparse.py)."""

    def __init__(self, converted: Converted, parents: Any) -> None:
        self._converted = converted
        self._parents = parents

    def get(self, node: cst.CSTNode) -> cst.CSTNode | None:
        ours = self._converted.ours_of.get(id(node))
        parent = self._parents.get(ours) if ours is not None else None
        return None if parent is None else self._converted.libcst_of.get(id(parent))
