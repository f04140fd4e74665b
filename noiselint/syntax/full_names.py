"""The dotted name of a node, as libcst's `get_full_name_for_node` gives it."""

from __future__ import annotations

from noiselint.syntax import nodes


def full_name(node: object) -> str | None:
    """The dotted name of a name, attribute, call, subscript, def, class or decorator; None
    for any other node. By exact class (nodes.py's classes have no subclasses)."""
    kind = type(node)
    if kind is nodes.Name:
        return node.value  # type: ignore[attr-defined, no-any-return]
    if kind is str:
        return node  # type: ignore[return-value]
    if kind is nodes.Attribute:
        return f"{full_name(node.value)}.{node.attr.value}"  # type: ignore[attr-defined]
    if kind is nodes.Call:
        return full_name(node.func)  # type: ignore[attr-defined]
    if kind is nodes.Subscript:
        return full_name(node.value)  # type: ignore[attr-defined]
    if kind is nodes.FunctionDef or kind is nodes.ClassDef:
        return full_name(node.name)  # type: ignore[attr-defined]
    if kind is nodes.Decorator:
        return full_name(node.decorator)  # type: ignore[attr-defined]
    return None
