"""Names: what a name (or dotted name) in a parsed module refers to. The binding that
reaches the use wins (the last one before it, or the module's last for a use inside a
function; bindings under `if`/`try` may each be it), aliases such as
`Dropout = layers.Dropout` are followed, and imports of the project's own modules (and
names brought by star imports) are resolved through the project index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from noiselint.syntax import nodes as cst
from noiselint.syntax.full_names import full_name
from noiselint.syntax.scopes import Binding, ImportAssignment, Scope

if TYPE_CHECKING:
    from noiselint.project.index import Target
    from noiselint.syntax.parse import ParsedModule

_MAX_ALIASES = 8  # `A = B`, `B = C`, ... followed this deep


@dataclass(frozen=True)
class Resolved:
    """What a name or attribute stands for: its qualified names and the project's targets."""

    names: tuple[str, ...]  # qualified names, library names through the project included
    targets: tuple[Target, ...] = ()  # what the project index found (its own modules' names)


def resolve(parsed: ParsedModule, node: cst.CSTNode, depth: int = 0) -> Resolved:
    full = full_name(node)
    scope = parsed.scopes.get(node)
    if full is None or scope is None:
        return Resolved(())
    # A binding's name has no dot (an import binds `a` of `import a.b`): of `a.b.c`, only `a`
    # may be bound, and the longer prefixes need not be looked up.
    prefix = full.partition(".")[0]
    bindings = scope[prefix]
    if not bindings:
        prefix = ""
    view = parsed.project
    if not prefix:
        # Bound by no statement: a star import (`from layers_util import *`) may bring it.
        targets = view.star(full) if view is not None else []
        return Resolved(_external(targets), tuple(targets))
    names: set[str] = set()
    found: list[Target] = []
    suffix = full[len(prefix):]
    for assignment in _reaching(parsed, list(bindings), node, scope):
        value = _alias_value(parsed, assignment)
        if value is not None and depth < _MAX_ALIASES:
            inner = resolve(parsed, value, depth + 1)
            names.update(f"{n}{suffix}" for n in inner.names)
            if inner.targets and view is not None:
                found.extend(view.extend(list(inner.targets), [p for p in suffix.split(".") if p]))
            continue
        for qualified in assignment.qualified_names(full):
            targets = view.targets(qualified) if view is not None and \
                isinstance(assignment, ImportAssignment) else None
            if targets is None:
                names.add(qualified)
            else:
                found.extend(targets)
                names.update(_external(targets))
    return Resolved(tuple(sorted(names)), tuple(found))


def _external(targets: Sequence[Target]) -> tuple[str, ...]:
    return tuple(sorted({t.name for t in targets if type(t).__name__ == "External"}))  # type: ignore[union-attr]


def _reaching(parsed: ParsedModule, assignments: list[Binding], node: cst.CSTNode,
              scope: Scope) -> list[Binding]:
    """The bindings of a name that may be the one a use sees: the last one (before the use,
    when the use runs in the same scope), and those before it that may not have run."""
    if len(assignments) <= 1:
        return assignments
    order = parsed.names.order
    if any(a.node is None or a.node not in order for a in assignments):
        return assignments
    ordered = sorted(assignments, key=lambda a: order[a.node])  # type: ignore[index]
    owner = ordered[0].scope
    if node in order and scope is owner and all(a.scope is owner for a in ordered):
        before = [a for a in ordered if order[a.node] < order[node]]  # type: ignore[index]
        ordered = before or ordered
    chosen: list[Binding] = []
    for assignment in reversed(ordered):
        chosen.append(assignment)
        if _always_runs(parsed, assignment):
            break
    return chosen


def _alias_value(parsed: ParsedModule, assignment: Binding) -> cst.BaseExpression | None:
    """`X` of `X = a.b` (one target, a dotted value): `a.b`."""
    node = assignment.node
    if isinstance(assignment, ImportAssignment) or not isinstance(node, cst.Name):
        return None
    parents = parsed.names.parents
    target = parents.get(node)
    statement = parents.get(target) if isinstance(target, cst.AssignTarget) else None
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1 and \
            isinstance(statement.value, (cst.Name, cst.Attribute)):
        return statement.value
    return None


# Statements whose bodies may not run (or may run instead of one another).
_CONDITIONAL = (cst.If, cst.Else, cst.For, cst.While, cst.Try, cst.TryStar, cst.ExceptHandler,
                cst.ExceptStarHandler, cst.Finally, cst.Match, cst.MatchCase)
# What may stand between an assigned name and its statement: `a, (b, *c) = ...`.
_TARGET_PARTS = (cst.Tuple, cst.List, cst.Element, cst.StarredElement, cst.AssignTarget)


def _always_runs(parsed: ParsedModule, binding: Binding) -> bool:
    """Whether a binding's statement runs whenever its scope does: a def, class, import or
    assignment not under an `if`, loop, `try` or `match` of its scope (a `with` body runs)."""
    node = binding.node
    parents = parsed.names.parents
    if isinstance(node, cst.Name):
        statement = parents.get(node)
        while isinstance(statement, _TARGET_PARTS):
            statement = parents.get(statement)
        if not isinstance(statement, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            return False  # a loop or `with` target, a walrus, an `except` name
    elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Import, cst.ImportFrom)):
        statement = node
    else:
        return False
    owner = binding.scope.node
    current = parents.get(statement)
    while current is not None and current is not owner:
        if isinstance(current, _CONDITIONAL):
            return False
        current = parents.get(current)
    return True
