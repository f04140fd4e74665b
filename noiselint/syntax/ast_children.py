"""The children of a CPython syntax node, read by a function made once per node class from
what its fields hold, for the pre-check's walk of every node (syntax/precheck.py).

Reading every field into a tuple and testing each value's class cost a fifth of the walk; but
most fields hold one kind of thing, as the class's signature says (`BinOp(expr left, operator
op, expr right)`, CPython's own grammar, in `__doc__` up to 3.12): an `expr` field always holds
a node with fields, an `operator` one a node without, an `identifier` one never a node. What a
signature does not settle is read as before, value by value: a list of statements (`pass` has
no field), a list of expressions holding None (a dictionary's `**`, a keyword-only parameter
without a default), a class whose signature does not read.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from noiselint.dataclass_code import exec_kept

# expand(node, add_node, extend_nodes) -> the nodes without fields among the node's children
# (counted, not walked). The nodes with fields are added, in `ast.walk`'s order, to the next
# level of the walk.
Expand = Callable[..., int]

# Per class of a value: 0 no node, 1 a node with fields, 2 a node without fields.
_KINDS: dict[type, int] = {}
# Per node class, made on first use (`expander`).
EXPANDERS: dict[type, Expand] = {}
_NEVER_NODES = frozenset({"identifier", "string", "constant", "int", "object", "bytes"})


def value_kind(cls: type) -> int:
    found = _KINDS.get(cls)
    if found is None:
        found = _KINDS[cls] = (2 if not cls._fields else 1) if issubclass(cls, ast.AST) else 0  # type: ignore[attr-defined]
    return found


def expander(cls: type) -> Expand:
    found = EXPANDERS.get(cls)
    if found is None:
        found = EXPANDERS[cls] = _make(cls)
    return found


def items(values: list[Any], add_node: Callable[[Any], None]) -> int:
    """A list's nodes with fields added, those without counted (returned)."""
    fieldless = 0
    kinds = _KINDS
    for item in values:
        kind = kinds.get(type(item))
        if kind is None:
            kind = value_kind(type(item))
        if kind == 1:
            add_node(item)
        elif kind:
            fieldless += 1
    return fieldless


def _make(cls: type) -> Expand:
    names: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    declared = _signature(cls)
    lines = []
    for name in names:
        what, how = declared.get(name, ("?", ""))
        held = _held(what)
        if held == "none":
            continue
        if how == "*":
            if held == "fieldless":
                lines.append(f"    fieldless += len(node.{name})\n")
            elif held == "node":  # never a node without fields; an `expr` list may hold None
                test = "if None in v:\n            fieldless += items(v, add_node)\n" \
                    "        else:\n            " if what == "expr" else ""
                lines.append(f"    v = node.{name}\n    if v:\n        {test}extend_nodes(v)\n")
            else:
                lines.append(f"    fieldless += items(node.{name}, add_node)\n")
        elif held == "node":
            value = f"node.{name}" if how == "" else "v"
            test = "" if how == "" else f"    v = node.{name}\n    if v is not None:\n    "
            lines.append(f"{test}    add_node({value})\n")
        elif held == "fieldless" and how == "":
            lines.append("    fieldless += 1\n")
        else:  # read value by value, as a field of unknown kind
            lines.append(f"    v = node.{name}\n"
                         "    if type(v) is list:\n        fieldless += items(v, add_node)\n"
                         "    else:\n        kind = value_kind(type(v))\n"
                         "        if kind == 1:\n            add_node(v)\n"
                         "        elif kind:\n            fieldless += 1\n")
    name = f"expand_{cls.__name__}"  # per class: profiles merge the functions of one file, line and name
    source = (f"def {name}(node, add_node, extend_nodes):\n"
              f"    fieldless = 0\n{''.join(lines)}    return fieldless\n")
    scope: dict[str, Any] = {"items": items, "value_kind": value_kind, "__name__": __name__}
    # Our own text, made of CPython's field names, compiled once and kept between runs with
    # dataclasses' methods.
    exec_kept(source, scope)
    return scope[name]  # type: ignore[no-any-return]


def _signature(cls: type) -> dict[str, tuple[str, str]]:
    """Each field's declared type and `?` / `*` / "", from the class's `__doc__`; a field
    whose declaration does not read is left out (and read value by value)."""
    doc = (cls.__doc__ or "").split("\n", 1)[0].strip()
    if not doc.startswith(f"{cls.__name__}(") or not doc.endswith(")"):
        return {}
    found = {}
    for part in doc[len(cls.__name__) + 1:-1].split(","):
        words = part.split()  # `expr? returns`
        if len(words) == 2 and words[0].rstrip("?*").isidentifier() and words[1].isidentifier():
            what, name = words
            how = what[-1] if what[-1] in "?*" else ""
            found[name] = (what.rstrip("?*"), how)
    return found


def _held(what: str) -> str:
    """"node": only nodes with fields; "fieldless": only nodes without; "none": never a
    node; "?": anything (a mix, or a type not known here)."""
    if what in _NEVER_NODES:
        return "none"
    base = getattr(ast, what, None)
    if not isinstance(base, type) or not issubclass(base, ast.AST):
        return "?"
    kinds = {bool(c._fields) for c in _concrete(base)}
    return "node" if kinds == {True} else "fieldless" if kinds == {False} else "?"


def _concrete(base: type) -> list[type]:
    """The classes CPython's parser makes for a type of the grammar: a sum type's
    constructors (`expr`: Name, Call, ...; not the deprecated `Num` or `Ellipsis` below
    `Constant`, which it never makes), or a product type itself (`arguments`)."""
    return base.__subclasses__() if base.__base__ is ast.AST and base.__subclasses__() else [base]
