"""Exports: what one module binds at its top level, read with CPython's `ast` (never
imported): imports, star imports, `__all__`, defs, classes, aliases and other assignments,
in order, so that the last binding of a name can be found. Stored as JSON in the exports
cache, keyed by the file's content."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from noiselint.syntax.precheck import MAX_CHARS

# module: `import a.b as x` (x -> a.b); from: `from m import n as x`; star: `from m import *`;
# def / class / value: defined here; alias: `X = a.b.C` (followed like an import).
KINDS = ("module", "from", "star", "def", "class", "alias", "value")
_LIBRARIES = ("keras", "tensorflow", "tf_keras")


@dataclass(frozen=True, slots=True)
class Binding:
    """One name a module binds at its top level, and how."""

    name: str  # the bound name; "*" for a star import
    kind: str  # one of KINDS
    line: int
    conditional: bool  # inside an `if`/`try`/loop at module level: it may not run
    module: str = ""  # module / from / star: the module as written, without leading dots
    level: int = 0  # the dots of a relative import
    target: str = ""  # from: the imported name; alias: the dotted name assigned


@dataclass(frozen=True)
class ModuleSummary:
    """What another module of the project needs of this one: its top-level names."""

    bindings: tuple[Binding, ...] = ()
    # The names `__all__` lists, when it is a static list of strings; None when the module
    # has no `__all__` (a star import then takes every public name) or builds it at run time.
    all_names: tuple[str, ...] | None = None
    all_dynamic: bool = False
    libraries: tuple[str, ...] = ()  # which of keras / tensorflow / tf_keras it imports, anywhere
    parses: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"b": [[b.name, b.kind, b.line, b.conditional, b.module, b.level, b.target]
                      for b in self.bindings],
                "all": list(self.all_names) if self.all_names is not None else None,
                "dyn": self.all_dynamic, "libs": list(self.libraries), "ok": self.parses}


def summary_from_json(data: object) -> ModuleSummary | None:
    """A cached summary, or None when the entry is not exactly what `to_json` writes."""
    if not isinstance(data, dict) or set(data) != {"b", "all", "dyn", "libs", "ok"}:
        return None
    rows, names = data["b"], data["all"]
    if not isinstance(rows, list) or not (names is None or (isinstance(names, list) and
                                                            all(isinstance(n, str) for n in names))):
        return None
    libs = data["libs"]
    if not all(isinstance(data[k], bool) for k in ("dyn", "ok")) or not (
            isinstance(libs, list) and all(lib in _LIBRARIES for lib in libs)):
        return None
    bindings = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 7 and isinstance(row[0], str) and row[1] in KINDS
                and type(row[2]) is int and isinstance(row[3], bool) and isinstance(row[4], str)
                and type(row[5]) is int and row[5] >= 0 and isinstance(row[6], str)):
            return None
        bindings.append(Binding(*row))
    return ModuleSummary(tuple(bindings), tuple(names) if names is not None else None,
                         data["dyn"], tuple(libs), data["ok"])


def summarize(text: str) -> ModuleSummary:
    if len(text) > MAX_CHARS:
        # CPython's tree of a 10 MB file takes about 2 GB and 20 s: what such a module binds
        # is not known (syntax/reduce.py checks the file itself in parts).
        return ModuleSummary(parses=False)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ModuleSummary(parses=False)
    collector = _Collector()
    collector.block(tree.body, conditional=False)
    libraries = sorted({root for node in _statements(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                        for root in _library_roots(node)})
    return ModuleSummary(tuple(collector.bindings), collector.all_names, collector.all_dynamic, tuple(libraries))


# Where statements are: an import is a statement, so the walk that finds them need not enter
# expressions (`ast.walk` of a whole module was most of a summary's time).
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(tree: ast.Module) -> list[ast.AST]:
    """Every statement of the module, nested ones included (and the except handlers and
    match cases that hold them), in no particular order."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        for name in _BODIES:
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(value)
    return found


def _library_roots(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        names = [node.module or ""] if not node.level else []
    else:
        names = [alias.name for alias in node.names]
    return [n.split(".")[0] for n in names if n.split(".")[0] in _LIBRARIES]


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


class _Collector:
    def __init__(self) -> None:
        self.bindings: list[Binding] = []
        self.all_names: tuple[str, ...] | None = None
        self.all_dynamic = False

    def block(self, body: list[ast.stmt], conditional: bool) -> None:
        for statement in body:
            self.statement(statement, conditional)

    def statement(self, node: ast.stmt, conditional: bool) -> None:
        line = node.lineno
        match node:
            case ast.Import():
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    module = alias.name if alias.asname else name
                    self._add(Binding(name, "module", line, conditional, module))
            case ast.ImportFrom():
                for alias in node.names:
                    if alias.name == "*":
                        self._add(Binding("*", "star", line, conditional, node.module or "", node.level))
                    else:
                        self._add(Binding(alias.asname or alias.name, "from", line, conditional,
                                          node.module or "", node.level, alias.name))
            case ast.FunctionDef() | ast.AsyncFunctionDef():
                self._add(Binding(node.name, "def", line, conditional))
            case ast.ClassDef():
                self._add(Binding(node.name, "class", line, conditional))
            case ast.Assign():
                for target in node.targets:
                    self._assign(target, node.value if len(node.targets) == 1 else None, line, conditional)
            case ast.AnnAssign(value=value) if value is not None:
                self._assign(node.target, value, line, conditional)
            case ast.AugAssign():
                self._augment(node, line, conditional)
            case ast.Expr(value=ast.Call(func=ast.Attribute(value=ast.Name(id="__all__")))):
                self.all_dynamic = True  # `__all__.extend(...)`: not worth following
            case ast.If() | ast.For() | ast.AsyncFor() | ast.While():
                if isinstance(node, (ast.For, ast.AsyncFor)):
                    self._assign(node.target, None, line, True)
                self.block(node.body, True)
                self.block(node.orelse, True)
            case ast.With() | ast.AsyncWith():
                for item in node.items:
                    if item.optional_vars is not None:
                        self._assign(item.optional_vars, None, line, conditional)
                self.block(node.body, conditional)
            case ast.Try():
                for part in (node.body, *(h.body for h in node.handlers), node.orelse):
                    self.block(part, True)
                self.block(node.finalbody, conditional)
            case _ if type(node).__name__ == "TryStar":
                for part in (node.body, *(h.body for h in node.handlers), node.orelse):  # type: ignore[attr-defined]
                    self.block(part, True)
            case ast.Match():
                for case in node.cases:
                    self.block(case.body, True)

    def _add(self, binding: Binding) -> None:
        self.bindings.append(binding)

    def _assign(self, target: ast.expr, value: ast.expr | None, line: int, conditional: bool) -> None:
        for name, single in _names(target):
            if name == "__all__":
                self._set_all(value if single else None)
                continue
            alias = dotted(value) if single and value is not None else None
            if alias is not None:
                self._add(Binding(name, "alias", line, conditional, target=alias))
            else:
                self._add(Binding(name, "value", line, conditional))

    def _augment(self, node: ast.AugAssign, line: int, conditional: bool) -> None:
        if isinstance(node.target, ast.Name) and node.target.id == "__all__":
            extra = _strings(node.value)
            if extra is None or self.all_names is None:
                self.all_dynamic = True
            else:
                self.all_names = (*self.all_names, *extra)
        elif isinstance(node.target, ast.Name):
            self._add(Binding(node.target.id, "value", line, conditional))

    def _set_all(self, value: ast.expr | None) -> None:
        names = _strings(value) if value is not None else None
        if names is None:
            self.all_dynamic = True
        else:
            self.all_names, self.all_dynamic = names, False


def _names(target: ast.expr) -> Iterator[tuple[str, bool]]:
    """The names a target binds, each with whether it takes the whole value."""
    if isinstance(target, ast.Name):
        yield target.id, True
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            inner = element.value if isinstance(element, ast.Starred) else element
            for name, _ in _names(inner):
                yield name, False


def _strings(node: ast.expr) -> tuple[str, ...] | None:
    if isinstance(node, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return tuple(e.value for e in node.elts)  # type: ignore[union-attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left), _strings(node.right)
        return (*left, *right) if left is not None and right is not None else None
    return None
