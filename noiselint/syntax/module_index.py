"""What a module does with its names, read once with Python's own `ast` (a C parser, far
cheaper than a walk over the libcst tree): every call by the name it calls, and the names
the module may change in place (an item or attribute set, `update(...)`, passed to a call).
Narrowing (`values/narrowing.py`) and configs (`values/configs.py`) read it."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from noiselint.syntax.precheck import kinds_of

# Methods that change the object they are called on.
_CHANGES = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__setattr__"})
# Calls that only read what is passed to them.
_READS = frozenset({"len", "print", "str", "repr", "sorted", "list", "tuple", "dict", "copy", "deepcopy",
                    "dumps", "dump", "format", "info", "debug", "warning", "pprint", "isinstance",
                    "getattr", "hasattr", "add_argument", "int", "float"})


@dataclass(frozen=True)
class CallShape:
    """One call, as far as binding its arguments goes."""

    on_attribute: bool  # `self.f(...)` / `obj.f(...)` rather than `f(...)`
    positional: int
    keywords: frozenset[str]
    star: bool  # `*args` or `**kwargs`: which parameters it binds is not known


class Calls(Mapping[str, list[CallShape]]):
    """Each name's calls, as `CallShape`s made when the name is asked for: the evaluator asks
    about a few functions' calls, and a shape per call of the module was most of the index's
    time."""

    def __init__(self) -> None:
        self._nodes: dict[str, list[ast.Call]] = {}
        self._shapes: dict[str, list[CallShape]] = {}

    def add(self, name: str, node: ast.Call) -> None:
        found = self._nodes.get(name)
        if found is None:
            self._nodes[name] = [node]
        else:
            found.append(node)

    def __getitem__(self, name: str) -> list[CallShape]:
        shapes = self._shapes.get(name)
        if shapes is None:
            shapes = self._shapes[name] = [_shape(node) for node in self._nodes[name]]
        return shapes

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)


@dataclass
class ModuleIndex:
    """A module's calls, and the names whose items or attributes it changes, read from its `ast` tree."""

    calls: Calls = field(default_factory=Calls)
    changed: set[str] = field(default_factory=set)
    complete: bool = True  # False: the text did not parse with `ast`; know nothing


def index_module(code: str, tree: ast.AST | None = None) -> ModuleIndex:
    """The index of `code`; `tree` is CPython's parse of it when the caller has one already."""
    index = ModuleIndex()
    if tree is None:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            index.complete = False
            return index
    changes, name = (ast.Store, ast.Del), ast.Name
    kinds = kinds_of(tree)  # the pre-check's nodes of the same tree by class, when it measured it
    if kinds is not None:
        for node in kinds.calls:
            _call(node, index)
        for node in (*kinds.subscripts, *kinds.attributes):
            if type(node.ctx) in changes and type(node.value) is name:
                index.changed.add(node.value.id)  # type: ignore[attr-defined]
        return index
    # By exact type (CPython's parser makes no subclasses): most nodes are none of these.
    call, targets = ast.Call, (ast.Subscript, ast.Attribute)
    for node in _walk(tree):
        kind = type(node)
        if kind is call:
            _call(node, index)  # type: ignore[arg-type]
        elif kind in targets and type(node.ctx) in changes and type(node.value) is name:  # type: ignore[attr-defined]
            index.changed.add(node.value.id)  # type: ignore[attr-defined]
    return index


def _walk(tree: ast.AST) -> list[ast.AST]:
    """`ast.walk`'s nodes in its order, without its two generators per node (a third of
    the index's time), and without the nodes that have no field (`Load`, `Add`), as the
    pre-check's walk."""
    nodes, i = [tree], 0
    node_type = ast.AST
    while i < len(nodes):
        node = nodes[i]
        i += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                nodes.extend(item for item in value if isinstance(item, node_type) and item._fields)
            elif isinstance(value, node_type) and value._fields:
                nodes.append(value)
    return nodes


def _shape(node: ast.Call) -> CallShape:
    star = any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)
    return CallShape(isinstance(node.func, ast.Attribute), sum(not isinstance(a, ast.Starred) for a in node.args),
                     frozenset(k.arg for k in node.keywords if k.arg is not None), star)


def _call(node: ast.Call, index: ModuleIndex) -> None:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if name is not None:
        index.calls.add(name, node)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.attr in _CHANGES:
        index.changed.add(func.value.id)
    if name in _READS or (name or "").startswith("parse_"):
        return
    for arg in [*node.args, *(k.value for k in node.keywords)]:  # passed on: the callee may change it
        inner = arg.value if isinstance(arg, ast.Starred) else arg
        if isinstance(inner, ast.Name):
            index.changed.add(inner.id)
