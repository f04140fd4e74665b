"""Scopes: one walk over a parsed module that finds, for every node, the scope it runs in,
its parent, and its place in source order, and for every scope the names it binds (imports,
assignments, defs, classes, parameters, loop and `with` targets, `global`/`nonlocal`).

The same walk records what the evaluator reads about assignments (the value each simple
target is bound to, with its unpacking path; the class each method belongs to; the
`self.x = ...` bindings of methods) and what the site finder reads: every call, every
read of `._keras_shape`, and the names an import or an alias binds (only a call through one of
those, or one ending in a dropout API's name, needs its qualified names worked out).

libcst's `ScopeProvider` gives the same scopes, but it also works out every access of every
name, which costs several times the parse; noiselint only asks what a few names are bound to.
Lookups follow Python's rules: a function sees its enclosing functions and the module, not
an enclosing class body; `global` and `nonlocal` redirect a name; the first iterable of a
comprehension runs in the enclosing scope.
"""

from __future__ import annotations

import builtins
import itertools
import types
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from noiselint.dataclass_code import exec_kept
from noiselint.syntax import nodes as cst
from noiselint.syntax.full_names import full_name
from noiselint.syntax.walk import IS_NODE

_BUILTINS = frozenset(dir(builtins))
# What the walk runs as it leaves a block (a bound method of the walk, or a list's `pop`).
_ACTIONS = (types.MethodType, types.BuiltinMethodType)
# Fields that hold only whitespace, punctuation or keywords: no scope or binding is in them.
_SKIPPED = ("whitespace", "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after",
            "trailing_whitespace", "header", "footer", "equal", "colon", "dot", "asynchronous",
            "newline", "relative", "lbracket", "rbracket", "lbrace", "rbrace")


class Binding:
    """What a name is bound to in one scope. `node` is the binding's node: the `Name`
    assigned to, the `Param`, the `FunctionDef`/`ClassDef`, or the import statement.

    The scope is held weakly: it holds its bindings, and a strong reference back made every
    module's scopes a cycle that only the collector freed (heap.file_done). The module's
    `ModuleScopes` keeps each of its scopes alive (`scope_of`), and a binding is only read
    while its module is."""

    __slots__ = ("_scope", "name", "node")

    def __init__(self, name: str, scope: Scope, node: cst.CSTNode | None) -> None:
        self.name, self._scope, self.node = name, scope._ref, node

    @property
    def scope(self) -> Scope:
        found = self._scope()
        if found is None:
            raise ReferenceError(f"the scope of {self!r} is gone with its module")
        return found

    def qualified_names(self, full: str) -> tuple[str, ...]:
        """The qualified names of `full` (a dotted name whose first part is this binding):
        `f.<locals>.x` for a function's local, `C.x` in a class body, `x` in the module."""
        parts: list[str] = []
        scope: Scope | None = self.scope
        while scope is not None and scope.kind != "module":
            parts.append(scope.name if scope.kind == "class" else f"{scope.name}.<locals>"
                         if scope.kind == "function" else "<comprehension>")
            scope = scope.parent
        return (".".join([*reversed(parts), full]),)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class Assignment(Binding):
    """A binding the module makes (every binding but a builtin)."""

    __slots__ = ()


class ImportAssignment(Assignment):
    """`import a.b as c` / `from m import x as y`: `node` is the statement, `alias` the
    imported name."""

    __slots__ = ("_bound", "alias")

    def __init__(self, name: str, scope: Scope, node: cst.Import | cst.ImportFrom,
                 alias: cst.ImportAlias) -> None:
        super().__init__(name, scope, node)
        self.alias = alias
        self._bound: tuple[str, str] | None = None  # (`_bound_names`, made when first asked)

    def qualified_names(self, full: str) -> tuple[str, ...]:
        bound = self._bound or self._bound_names()
        prefix, qualified = bound
        if not prefix or (full != prefix and not full.startswith(prefix + ".")):
            return ()
        return (qualified + full[len(prefix):],)

    def _bound_names(self) -> tuple[str, str]:
        """The name the import binds as written in a use, and what it stands for ("" and ""
        for an alias whose name libcst cannot read): the same for every use, asked per use."""
        real = full_name(self.alias.name)
        if real is None:
            self._bound = ("", "")
            return self._bound
        module = ""
        statement = self.node
        if isinstance(statement, cst.ImportFrom):
            dots = "." * len(statement.relative)
            base = full_name(statement.module) if statement.module is not None else ""
            module = f"{dots}{base}" if base else dots
        if self.alias.asname is None and isinstance(statement, cst.Import):
            # `import a.b` binds `a`; `a.b.c` means `a.b.c`, `a.x` means `a.x`.
            prefix, qualified = real.split(".")[0], real.split(".")[0]
        else:
            prefix = self.name
            qualified = real if not module else f"{module}{real}" if module.endswith(".") \
                else f"{module}.{real}"
        self._bound = (prefix, qualified)
        return self._bound


class Builtin(Binding):
    """A name no statement binds that Python's builtins provide."""

    __slots__ = ()

    def qualified_names(self, full: str) -> tuple[str, ...]:
        return (f"builtins.{full}",)


_NONE: tuple[Binding, ...] = ()


class _Bindings(Mapping[str, tuple[Binding, ...]]):
    """A scope's own bindings by name; a name it does not bind has none."""

    __slots__ = ("_by_name",)

    def __init__(self) -> None:
        self._by_name: dict[str, list[Binding]] = {}

    def add(self, binding: Binding) -> None:
        self._by_name.setdefault(binding.name, []).append(binding)

    def __getitem__(self, name: str) -> tuple[Binding, ...]:
        found = self._by_name.get(name)
        return tuple(found) if found else _NONE

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)


class Scope:
    """One scope: `kind` is "module", "function" (a def or lambda), "class" or
    "comprehension"; `node` is what makes it (the Module, FunctionDef, Lambda, ClassDef or
    comprehension)."""

    __slots__ = ("__weakref__", "_redirects", "_ref", "assignments", "kind", "name", "node", "parent")

    def __init__(self, kind: str, node: cst.CSTNode, parent: Scope | None, name: str) -> None:
        self.kind, self.node, self.parent, self.name = kind, node, parent, name
        self._ref = weakref.ref(self)  # what its bindings hold (no cycle: a weak reference)
        self.assignments = _Bindings()
        self._redirects: dict[str, Scope] = {}  # `global x` / `nonlocal x`

    def owner_of(self, name: str) -> Scope:
        """The scope a binding of `name` made here goes to."""
        return self._redirects.get(name, self)

    def __getitem__(self, name: str) -> tuple[Binding, ...]:
        """The bindings a use of `name` here may see: this scope's, or the nearest enclosing
        one's that binds it (class bodies are not seen from inside their methods), or a
        builtin."""
        scope: Scope | None = self
        while scope is not None:
            if scope is self or scope.kind != "class":
                if name in scope._redirects:
                    return scope._redirects[name][name]
                found = scope.assignments._by_name.get(name)  # (not through `_Bindings.__getitem__`: hot)
                if found:
                    return tuple(found)
            scope = scope.parent
        return (Builtin(name, self._module(), None),) if name in _BUILTINS else _NONE

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self[name])

    def _module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def __repr__(self) -> str:
        return f"Scope({self.kind}, {self.name!r})"


_V = TypeVar("_V")


class NodeMap(Mapping[cst.CSTNode, _V]):
    """What the walk found for each node, keyed by the node's id: libcst nodes hash by a
    Python-level `__hash__`, which the walk's million dictionary writes called each time. The
    walk's list of every node (`nodes`, shared by the maps of one module) keeps them alive, so
    no key's id can be reused while the map is; a node of another tree is simply absent."""

    __slots__ = ("_by_id", "_nodes")

    def __init__(self, nodes: list[cst.CSTNode]) -> None:
        self._by_id: dict[int, _V] = {}
        self._nodes = nodes

    def get(self, node: object, default: Any = None) -> Any:  # type: ignore[override]
        return self._by_id.get(id(node), default)

    def __getitem__(self, node: cst.CSTNode) -> _V:
        try:
            return self._by_id[id(node)]
        except KeyError:
            raise KeyError(node) from None

    def __contains__(self, node: object) -> bool:
        return id(node) in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[cst.CSTNode]:
        seen: set[int] = set()
        for node in self._nodes:  # in source order; a node the tree holds twice, once
            key = id(node)
            if key in self._by_id and key not in seen:
                seen.add(key)
                yield node


class _Order(NodeMap[int]):
    """Each node's place in the walk's list, made from the list on first use in one pass of C:
    the walk wrote it node by node, a tenth of its work, and some modules never ask."""

    __slots__ = ()

    def _fill(self) -> dict[int, int]:
        # The last place of a node the tree holds twice, as a write per node left it.
        self._by_id = dict(zip(map(id, self._nodes), itertools.count()))
        return self._by_id

    def get(self, node: object, default: Any = None) -> Any:
        return (self._by_id or self._fill()).get(id(node), default)

    def __getitem__(self, node: cst.CSTNode) -> int:
        try:
            return (self._by_id or self._fill())[id(node)]
        except KeyError:
            raise KeyError(node) from None

    def __contains__(self, node: object) -> bool:
        return id(node) in (self._by_id or self._fill())

    def __len__(self) -> int:
        return len(self._by_id or self._fill())

    def __iter__(self) -> Iterator[cst.CSTNode]:
        self._by_id or self._fill()
        return super().__iter__()


class _Scopes(NodeMap[Scope]):
    """`scope_of`: each node's scope. The walk keeps it for every node but the leaves an
    expander pushes (names, numbers, strings: two fifths of the nodes, an id and a dictionary
    entry each), which run in their parent's, found through the parents: about one node in ten
    is asked, a name most often. (Keeping only the scopes a handler sets, and walking up to one
    on each question, cost more than it saved: six steps a question on keras-io's scripts.)"""

    __slots__ = ("_parents",)

    def __init__(self, nodes: list[cst.CSTNode], parents: dict[int, cst.CSTNode]) -> None:
        super().__init__(nodes)
        self._parents = parents

    def get(self, node: object, default: Any = None) -> Any:
        scopes, parents = self._by_id, self._parents
        key = id(node)
        found = scopes.get(key)
        while found is None:
            parent = parents.get(key)
            if parent is None:  # not a node of this module
                return default
            key = id(parent)
            found = scopes.get(key)
        return found

    def __getitem__(self, node: cst.CSTNode) -> Scope:
        found = self.get(node)
        if found is None:
            raise KeyError(node)
        return found  # type: ignore[no-any-return]

    def __contains__(self, node: object) -> bool:
        key = id(node)
        return key in self._parents or key in self._by_id

    def __len__(self) -> int:
        return len(self._parents.keys() | self._by_id.keys())

    def __iter__(self) -> Iterator[cst.CSTNode]:
        seen: set[int] = set()
        for node in self._nodes:  # in source order; a node the tree holds twice, once
            key = id(node)
            if key not in seen:
                seen.add(key)
                yield node


@dataclass
class ModuleScopes:
    """Everything the walk found about one module."""

    nodes: list[cst.CSTNode] = field(default_factory=list)  # every node the walk met, in pre-order
    scope_of: NodeMap[Scope] = field(init=False)  # (`_Scopes`)
    parents: NodeMap[cst.CSTNode] = field(init=False)
    order: NodeMap[int] = field(init=False)  # pre-order, source order: each node's place in `nodes`
    # `x = value`, `a, b = value`: target Name -> (value, unpacking path).
    targets: dict[cst.CSTNode, tuple[cst.BaseExpression, tuple[int, ...]]] = field(default_factory=dict)
    class_of: dict[cst.FunctionDef, cst.ClassDef] = field(default_factory=dict)
    # `self.x = value` in a method -> (value, the target, unpacking path); value None: bound to
    # what is not static (`self.x += 1`, `for self.x in ...`, after a starred element).
    self_attrs: dict[tuple[cst.ClassDef, str],
                     list[tuple[cst.BaseExpression | None, cst.Attribute, tuple[int, ...]]]] = \
        field(default_factory=dict)
    calls: list[cst.Call] = field(default_factory=list)  # in source order
    applied_by: dict[cst.Call, cst.Call] = field(default_factory=dict)  # `Dropout(...)` -> `Dropout(...)(x)`
    attributes: list[cst.Attribute] = field(default_factory=list)  # every `a.b`, in source order
    # Reads of `x._keras_shape`; writing it works (it sets a plain attribute), so writes are not here.
    keras_shape_reads: list[cst.Attribute] = field(default_factory=list)
    # Names bound somewhere in the module by an import or by an alias (`D = layers.Dropout`,
    # one target, a dotted value): the only names whose qualified names may end otherwise than
    # they are written, or may be asked of the project index (syntax/names.py).
    aliases: set[str] = field(default_factory=set)
    star_import: bool = False  # `from m import *` somewhere: an unbound name may come from it

    def __post_init__(self) -> None:
        self.parents, self.order = NodeMap(self.nodes), _Order(self.nodes)
        self.scope_of = _Scopes(self.nodes, self.parents._by_id)


_HANDLERS: dict[type, str] = {
    cst.Call: "_call", cst.Attribute: "_attribute", cst.FunctionDef: "_function", cst.ClassDef: "_class",
    cst.Lambda: "_lambda", cst.ListComp: "_comprehension", cst.SetComp: "_comprehension",
    cst.GeneratorExp: "_comprehension", cst.DictComp: "_comprehension", cst.Param: "_param",
    cst.Assign: "_assign", cst.AnnAssign: "_ann_assign", cst.AugAssign: "_aug_assign", cst.Del: "_delete",
    cst.For: "_for", cst.CompFor: "_comp_for", cst.WithItem: "_with_item", cst.ExceptHandler: "_except",
    cst.ExceptStarHandler: "_except", cst.NamedExpr: "_walrus", cst.Import: "_import",
    cst.ImportFrom: "_import", cst.Global: "_redirect", cst.Nonlocal: "_redirect", cst.MatchAs: "_capture",
    cst.MatchStar: "_capture", cst.MatchMapping: "_capture",
}


def analyse(module: cst.Module) -> ModuleScopes:
    return _Walk(module).result


_FIELDS: dict[type, tuple[str, ...]] = {}
# Per kind of node no handler reads: a function that pushes its children (see `_expander`),
# or `_LEAF` for a node with no child a scope or binding is in (whitespace and punctuation
# are never reached: their fields are skipped). Filled as kinds are met.
_LEAF = 0
_STEPS: dict[type, Callable[..., None] | int] = dict.fromkeys(
    (cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Ellipsis, cst.Pass, cst.Break,
     cst.Continue), _LEAF)
# The expanders of the kinds a handler reads, for a handler that leaves the children where it is.
_EXPANDERS: dict[type, Callable[..., None]] = {}
_Children = list[tuple[cst.CSTNode | None, object]]


def _expander(kind: type) -> Callable[..., None]:
    """`expand(node, parents, push)`: record `node` as the parent of each child and push the
    children, last first (the first child is entered first); each runs in the scope `node`
    does. Made once per kind, as the quick tree's constructors (syntax/quick_tree.py):
    reading the fields one by one, by what libcst declares them to hold (`_held`,
    syntax/nodes.py), cost a third less than reading them all into a tuple and testing each
    value's class; a field that cannot hold a node (`str`, `bool`, a `Literal`) is not read."""
    found = _EXPANDERS.get(kind)
    if found is not None:
        return found
    holds = dict(zip(kind._fields, kind._held, strict=True))  # type: ignore[attr-defined]
    lines = []
    for name in reversed(_fields(kind)):
        held = holds[name]
        push = "parents[id({v})] = node; push({v})"
        if held == "node":
            lines.append(f"    v = node.{name}\n    {push.format(v='v')}\n")
        elif held == "nodes":
            lines.append(f"    for item in reversed(node.{name}):\n        {push.format(v='item')}\n")
        elif held == "maybe":
            lines.append(f"    v = node.{name}\n    if is_node[type(v)]:\n        {push.format(v='v')}\n")
        elif held == "any":  # a node, a sequence of them, or something else (None, a sentinel)
            lines.append(f"    v = node.{name}\n    t = type(v)\n"
                         "    if t is tuple or t is list:\n        for item in reversed(v):\n"
                         f"            if is_node[type(item)]:\n                {push.format(v='item')}\n"
                         f"    elif is_node[t]:\n        {push.format(v='v')}\n")
    name = f"expand_{kind.__name__}"  # per kind: profiles merge the functions of one file, line and name
    source = f"def {name}(node, parents, push):\n{''.join(lines)}    return None\n"
    scope: dict[str, Any] = {"is_node": IS_NODE, "__name__": __name__}
    # Our own text, made of the nodes' field names (nothing of the linted file), compiled once
    # and kept between runs with dataclasses' methods.
    exec_kept(source, scope)
    found = _EXPANDERS[kind] = scope[name]
    return found  # type: ignore[no-any-return]


def _fields(kind: type) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        names = [name for name in kind._fields if not name.startswith(_SKIPPED)]  # type: ignore[attr-defined]
        # Fields whose declaration order is not their order in the source.
        first = {cst.FunctionDef: ("decorators", "name", "params", "returns"),
                 cst.ClassDef: ("decorators", "name", "bases", "keywords"),
                 cst.IfExp: ("body", "test"),
                 cst.ExceptHandler: ("type", "name"), cst.ExceptStarHandler: ("type", "name"),
                 cst.MatchCase: ("pattern", "guard"),
                 cst.Parameters: ("posonly_params", "posonly_ind"),
                 cst.Arg: ("keyword",)}.get(kind, ())
        found = _FIELDS[kind] = (*first, *(n for n in names if n not in first))
    return found


class _Walk:
    def __init__(self, module: cst.Module) -> None:
        self.result = ModuleScopes()
        self._global = Scope("module", module, None, "")
        # The classes and functions the walk is inside, for the evaluator's facts:
        # `_classes[-1]` is the class whose body a def is directly in (None inside a def).
        self._classes: list[cst.ClassDef | None] = []
        self._functions: list[cst.FunctionDef] = []
        self._first_iterables: dict[cst.CompFor, Scope] = {}
        self._stores: set[int] = set()  # ids of assigned or deleted targets (held by the tree)
        self._run(module)

    def _run(self, module: cst.Module) -> None:
        result = self.result
        nodes = result.nodes
        add = nodes.append
        # Written by id (NodeMap): a libcst node's hash is a Python call.
        scope_of, parents = result.scope_of._by_id, result.parents._by_id
        handlers = {kind: getattr(self, name) for kind, name in _HANDLERS.items()}
        steps = _STEPS
        # One stack of work: a node to enter, in the scope of the walk (`scope`); a Scope,
        # which the walk enters; or an action to run when a block is left. A node runs in its
        # parent's scope unless a handler says otherwise, and then the handler pushes the
        # scope to enter before the node and the scope to come back to after it: no scope is
        # pushed and popped per node.
        work: list[object] = [module]
        push, pop = work.append, work.pop
        scope = self._global
        # The scope is kept for every node but a leaf an expander pushes (a name, a number:
        # two fifths of the nodes), which runs in its parent's (`_Scopes`); a child a handler
        # pushes may run elsewhere, and is kept as it is pushed.
        scope_of[id(module)] = scope
        while work:
            node = pop()
            kind = type(node)
            step = steps.get(kind)
            if step is None:
                if kind is Scope:
                    scope = node  # type: ignore[assignment]
                    continue
                if kind in _ACTIONS:
                    node()  # type: ignore[operator]
                    continue
                handler = handlers.get(kind)
                if handler is None:  # a kind not met before
                    step = steps[kind] = _expander(kind)
            add(node)
            if step is not None:
                if step is not _LEAF:
                    scope_of[id(node)] = scope
                    step(node, parents, push)  # type: ignore[operator]
                continue
            scope_of[id(node)] = scope
            children = handler(node, scope)
            if children is None:  # every child runs where the node does
                (_EXPANDERS.get(kind) or _expander(kind))(node, parents, push)
                continue
            for child, child_scope in reversed(children):
                if child is None:
                    push(child_scope)  # an action
                    continue
                key = id(child)
                parents[key] = node
                scope_of[key] = child_scope
                if child_scope is scope:
                    push(child)
                else:
                    push(scope)
                    push(child)
                    push(child_scope)

    # Handlers: record what a node binds or is; return its children with the scope each runs
    # in (and exit actions, as `(None, action)`), or None when they all run where it does.

    def _call(self, node: cst.Call, scope: Scope) -> None:
        self.result.calls.append(node)
        if type(node.func) is cst.Call:
            self.result.applied_by[node.func] = node

    def _attribute(self, node: cst.Attribute, scope: Scope) -> None:
        self.result.attributes.append(node)
        if node.attr.value == "_keras_shape" and id(node) not in self._stores:
            self.result.keras_shape_reads.append(node)

    def _lambda(self, node: cst.Lambda, scope: Scope) -> _Children:
        inner = Scope("function", node, scope, "<lambda>")
        return [(node.params, inner), (node.body, inner)]

    def _param(self, node: cst.Param, scope: Scope) -> _Children:
        self._bind(scope, node.name.value, node)
        outer = scope.parent or scope  # default and annotation run where the def is
        return [(node.name, scope)] + [(part, outer) for part in (node.annotation, node.default)
                                       if part is not None]

    def _assign(self, node: cst.Assign, scope: Scope) -> None:
        targets = node.targets
        if len(targets) == 1 and type(targets[0].target) is cst.Name and \
                type(node.value) in (cst.Name, cst.Attribute):
            self.result.aliases.add(targets[0].target.value)  # type: ignore[attr-defined]
        for target in targets:
            self._stores.add(id(target.target))
            self._targets(scope, target.target)
            self._record(target.target, node.value, ())

    def _ann_assign(self, node: cst.AnnAssign, scope: Scope) -> None:
        self._stores.add(id(node.target))
        self._targets(scope, node.target)
        if node.value is not None:
            self._record(node.target, node.value, ())

    def _aug_assign(self, node: cst.AugAssign, scope: Scope) -> None:
        self._stores.add(id(node.target))
        self._targets(scope, node.target)
        self._record(node.target, None, ())

    def _delete(self, node: cst.Del, scope: Scope) -> None:
        self._stores.add(id(node.target))

    def _for(self, node: cst.For, scope: Scope) -> None:
        self._targets(scope, node.target)
        self._record(node.target, None, ())

    def _comp_for(self, node: cst.CompFor, scope: Scope) -> _Children | None:
        self._targets(scope, node.target)
        outer = self._first_iterables.pop(node, None)
        if outer is None:
            return None
        # The first iterable runs in the enclosing scope.
        parts: list[cst.CSTNode | None] = [node.target, node.iter, *node.ifs, node.inner_for_in]
        return [(part, outer if part is node.iter else scope) for part in parts if part is not None]

    def _with_item(self, node: cst.WithItem, scope: Scope) -> None:
        if node.asname is not None:
            self._targets(scope, node.asname.name)

    def _except(self, node: cst.ExceptHandler | cst.ExceptStarHandler, scope: Scope) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(scope, node.name.name.value, node.name.name)

    def _walrus(self, node: cst.NamedExpr, scope: Scope) -> None:
        # A walrus in a comprehension binds in the enclosing function or module.
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        self._targets(scope, node.target)

    def _capture(self, node: cst.MatchAs | cst.MatchStar | cst.MatchMapping, scope: Scope) -> None:
        # `case [a, *rest]`, `case {**rest}`, `case P() as a` bind names (libcst's provider
        # leaves them out).
        name = node.rest if isinstance(node, cst.MatchMapping) else node.name
        if isinstance(name, cst.Name):
            self._bind(scope, name.value, name)

    def _function(self, node: cst.FunctionDef, scope: Scope) -> _Children:
        self._bind(scope, node.name.value, node)
        owner = self._classes[-1] if self._classes else None
        if owner is not None and not self._functions:
            self.result.class_of[node] = owner
        self._functions.append(node)
        self._classes.append(None)  # a class inside a function body starts afresh
        inner = Scope("function", node, scope, node.name.value)
        outer = [(d, scope) for d in node.decorators] + [(node.name, scope)]
        if node.returns is not None:
            outer.append((node.returns, scope))
        return [*outer, (node.params, inner), (node.body, inner), (None, self._leave_function)]

    def _leave_function(self) -> None:
        self._functions.pop()
        self._classes.pop()

    def _class(self, node: cst.ClassDef, scope: Scope) -> _Children:
        self._bind(scope, node.name.value, node)
        inner = Scope("class", node, scope, node.name.value)
        self._classes.append(node)
        return [*((d, scope) for d in node.decorators), (node.name, scope),
                *((a, scope) for a in (*node.bases, *node.keywords)),
                (node.body, inner), (None, self._classes.pop)]

    def _comprehension(self, node: cst.CSTNode, scope: Scope) -> _Children:
        inner = Scope("comprehension", node, scope, "<comprehension>")
        for_in: cst.CompFor = node.for_in  # type: ignore[attr-defined]
        parts: _Children = []
        if isinstance(node, cst.DictComp):
            parts += [(node.key, inner), (node.value, inner)]
        else:
            parts.append((node.elt, inner))  # type: ignore[attr-defined]
        self._first_iterables[for_in] = scope
        parts.append((for_in, inner))
        return parts

    def _bind(self, scope: Scope, name: str, node: cst.CSTNode) -> None:
        owner = scope._redirects.get(name, scope)  # (`owner_of` and `_Bindings.add`, inlined: hot)
        owner.assignments._by_name.setdefault(name, []).append(Assignment(name, owner, node))

    def _targets(self, scope: Scope, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._bind(scope, target.value, target)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._targets(scope, element.value)
        elif isinstance(target, cst.StarredElement):
            self._targets(scope, target.value)

    def _record(self, target: cst.BaseExpression, value: cst.BaseExpression | None, path: tuple[int, ...]) -> None:
        """`value` None: the target is bound to what is not static. A `self.x` is recorded
        whatever it is bound to: a binding left out would make another one look certain."""
        result = self.result
        if isinstance(target, cst.Name):
            if value is not None:
                result.targets[target] = (value, path)
        elif isinstance(target, (cst.Tuple, cst.List)):
            # After a starred element the positions are not known.
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            for i, element in enumerate(target.elements):
                self._record(element.value, None if starred else value, (*path, i))
        elif (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
              and target.value.value == "self" and self._functions
              and self._functions[0] in result.class_of):
            key = (result.class_of[self._functions[0]], target.attr.value)
            result.self_attrs.setdefault(key, []).append((value, target, path))

    def _import(self, node: cst.Import | cst.ImportFrom, scope: Scope) -> None:
        if isinstance(node.names, cst.ImportStar):
            self.result.star_import = True
            return
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                name = alias.asname.name.value
            else:
                full = full_name(alias.name)
                if full is None:
                    continue
                name = full.split(".")[0] if isinstance(node, cst.Import) else full
            owner = scope.owner_of(name)
            owner.assignments.add(ImportAssignment(name, owner, node, alias))
            self.result.aliases.add(name)

    def _redirect(self, node: cst.Global | cst.Nonlocal, scope: Scope) -> None:
        for item in node.names:
            name = item.name.value
            if isinstance(node, cst.Global):
                scope._redirects[name] = self._global
                continue
            # The nearest enclosing function that binds it so far, else the nearest one.
            functions = []
            outer = scope.parent
            while outer is not None:
                if outer.kind == "function":
                    functions.append(outer)
                outer = outer.parent
            binding = [f for f in functions if name in f.assignments]
            if binding or functions:
                scope._redirects[name] = (binding or functions)[0]
