"""Writes syntax/nodes.py, noiselint's syntax-tree classes, from the installed libcst's.

Run `python -m noiselint.syntax.make_nodes > noiselint/syntax/nodes.py` after a libcst
upgrade; tests/test_nodes.py fails while the file differs from what this writes. Only this
module imports libcst to look at its classes: nodes.py itself imports nothing of it, which
is the point of it (a file with nothing to report is analysed without importing libcst).

Each libcst node class becomes a class of the same name, bases and fields, less the fields
that hold only whitespace, comments and punctuation (a comma, a colon, a bracket), which
nothing in the analysis reads. Parentheses (`lpar`/`rpar`) and the dots of a relative import
stay, and an f-string's `=`: they change what the code means or how a message quotes it.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import inspect
import itertools
import re
import sys
import typing
from collections.abc import Iterator

import libcst as cst

# Classes whose fields carry nothing but layout: a field typed only with these is dropped.
_LAYOUT = ("Whitespace", "EmptyLine", "Newline", "Comment", "Comma", "Semicolon", "Colon", "AssignEqual",
           "SquareBracket", "CurlyBrace", "LeftParen", "RightParen", "LeftAngleBracket", "RightAngleBracket",
           "ImportStar", "Dot", "MaybeSentinel", "NoneType", "Sequence", "Union", "Optional")
# Made first: other classes' defaults hold one (a generator expression's own parentheses).
_FIRST = ("LeftParen", "RightParen")
# Kept although typed with layout classes (see the docstring).
_KEPT = frozenset({"lpar", "rpar", "relative", "FormattedStringExpression.equal"})
# Values libcst's classes compute that the analysis reads (syntax/node_base.py).
_EXTRA = {
    "Integer": {"evaluated_value": "literal_value"},
    "Float": {"evaluated_value": "literal_value"},
    "Imaginary": {"evaluated_value": "literal_value"},
    "SimpleString": {"prefix": "string_prefix", "quote": "string_quote", "raw_value": "string_raw_value",
                     "evaluated_value": "literal_value"},
    "ConcatenatedString": {"evaluated_value": "concatenated_value"},
}

_HEADER = '''"""noiselint's syntax tree: libcst's node classes, with their names, bases and fields, less
the whitespace, comments and punctuation.

Written by syntax/make_nodes.py from libcst {version}; do not edit by hand (tests/test_nodes.py
holds this file to what that module writes). The quick tree (syntax/quick_tree.py) builds these
from CPython's tree, and libcst's own parse is converted to them (syntax/from_libcst.py), so the
analysis reads one kind of node from either, and a file with nothing to report never imports
libcst. A field holds a tuple where libcst holds a sequence.
"""

# ruff: noqa: B008, E501, RUF023

from __future__ import annotations

from typing import Any

from noiselint.syntax.node_base import (
    CSTNode,
    MaybeSentinel,
    concatenated_value,
    literal_value,
    string_prefix,
    string_quote,
    string_raw_value,
)
'''


def _layout_only(annotation: object) -> bool:
    names = re.findall(r"[A-Za-z_][\w.]*", str(annotation).replace("<class", ""))
    return all(any(word in name for word in _LAYOUT) for name in names)


def _default(field: dataclasses.Field[object]) -> str | None:
    """The default's text, or None for a required field."""
    if field.default_factory is not dataclasses.MISSING:
        made = field.default_factory()
        if made in ([], ()):
            return "()"
        if isinstance(made, tuple) and all(type(m).__name__ in _FIRST for m in made):
            return "(" + "".join(f"{type(m).__name__}(), " for m in made).rstrip(" ") + ")"
        raise ValueError(f"default of {field.name}: {made!r}")
    value = field.default
    if value is dataclasses.MISSING:
        return None
    if value is cst.MaybeSentinel.DEFAULT:
        return "MaybeSentinel.DEFAULT"
    if value == ():
        return "()"
    if value is None or isinstance(value, (str, bool, int)):
        return repr(value)
    raise ValueError(f"default of {field.name}: {value!r}")


def _held(declared: object) -> str:
    """What a field declared `declared` holds: "node" (always one node), "nodes" (always a
    sequence of nodes), "maybe" (a node or something else, never a sequence), "none" (never
    a node: a string, a flag) or "any"."""
    declared = _resolved(declared)
    if isinstance(declared, type):
        return "node" if issubclass(declared, cst.CSTNode) else \
            "any" if issubclass(declared, (tuple, list)) else "none"
    origin, args = typing.get_origin(declared), tuple(_resolved(a) for a in typing.get_args(declared))
    if origin is typing.Literal:
        return "none"
    if origin is collections.abc.Sequence and len(args) == 1 and _only_nodes(args[0]):
        return "nodes"
    if origin is typing.Union and all(isinstance(a, type) for a in args):
        if all(issubclass(a, cst.CSTNode) for a in args):
            return "node"
        if not any(issubclass(a, (tuple, list)) for a in args):
            return "maybe" if any(issubclass(a, cst.CSTNode) for a in args) else "none"
    return "any"


def _resolved(declared: object) -> object:
    """libcst's forward references (`Optional["CompFor"]`) are its own classes."""
    if isinstance(declared, typing.ForwardRef):
        return getattr(cst, declared.__forward_arg__, declared)
    return declared


def _only_nodes(declared: object) -> bool:
    declared = _resolved(declared)
    if isinstance(declared, type):
        return issubclass(declared, cst.CSTNode)
    return typing.get_origin(declared) is typing.Union and all(_only_nodes(a) for a in typing.get_args(declared))



def _classes() -> list[type]:
    found = {cls for name in dir(cst) if inspect.isclass(cls := getattr(cst, name)) and issubclass(cls, cst.CSTNode)}
    ordered: list[type] = []

    def add(cls: type) -> None:
        if cls in ordered or cls not in found:
            return
        for base in cls.__bases__:
            add(base)
        ordered.append(cls)

    for cls in sorted(found, key=lambda c: (c.__name__ not in _FIRST, c.__name__)):
        add(cls)
    return ordered


def _kept_fields(cls: type) -> list[dataclasses.Field[object]]:
    if not dataclasses.is_dataclass(cls) or inspect.isabstract(cls):
        return []
    hints = typing.get_type_hints(cls)
    return [f for f in dataclasses.fields(cls)
            if f.name in _KEPT or f"{cls.__name__}.{f.name}" in _KEPT or not _layout_only(hints[f.name])]


def _public_bases(cls: type, node_names: set[str]) -> Iterator[str]:
    """The nearest bases libcst exports (its private ones, `_BaseExpressionWithArgs`, skipped)."""
    for base in cls.__bases__:
        if base.__name__ in node_names and getattr(cst, base.__name__, None) is base:
            yield base.__name__
        elif isinstance(base, type) and issubclass(base, cst.CSTNode):
            yield from _public_bases(base, node_names)


def _class_text(cls: type, node_names: set[str]) -> Iterator[str]:
    public = list(dict.fromkeys(_public_bases(cls, node_names)))
    # A base another base already derives from is left out (Python could not order them).
    bases = [b for b in public if not any(o != b and issubclass(getattr(cst, o), getattr(cst, b)) for o in public)]
    bases = bases or ["CSTNode"]
    subclassed = any(cls in other.__mro__[1:] for other in _classes())
    kept = [] if subclassed or cls is cst.CSTNode else _kept_fields(cls)
    yield f"\n\nclass {cls.__name__}({', '.join(bases)}):"
    names = tuple(f.name for f in kept)
    yield f"    __slots__ = {names!r}" if kept else "    __slots__ = ()"
    if kept:
        yield f"    _fields = {names!r}"
        # What each field holds (the scope walk reads only what can be a node).
        yield f"    _held = {tuple(_held(f.type) for f in kept)!r}"
        params = []
        for f in kept:
            default = _default(f)
            params.append(f"{f.name}: Any" if default is None else f"{f.name}: Any = {default}")
        if any("=" in a and "=" not in b for a, b in itertools.pairwise(params)):
            raise ValueError(f"{cls.__name__}: a required field after a defaulted one")
        yield f"\n    def __init__(self, {', '.join(params)}) -> None:"
        yield from (f"        self.{name} = {name}" for name in names)
    extra = _EXTRA.get(cls.__name__, {})
    if extra:
        yield ""
    yield from (f"    {name} = {value}" for name, value in extra.items())


def source() -> str:
    """The text of syntax/nodes.py for the installed libcst."""
    from importlib.metadata import version

    classes = _classes()
    names = {cls.__name__ for cls in classes}
    lines = [_HEADER.replace("{version}", version("libcst"))]
    for cls in classes:
        if cls.__name__ == "CSTNode":
            continue
        lines.extend(_class_text(cls, names))
    return "\n".join(lines).replace("\n\n\n\n", "\n\n\n") + "\n"


if __name__ == "__main__":
    sys.stdout.write(source())
