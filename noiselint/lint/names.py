"""Names: what a name (or dotted name) in a parsed module refers to. The binding that
reaches the use wins (the last one before it, or the module's last for a use inside a
function; bindings under `if`/`try` may each be it), aliases such as
`Dropout = layers.Dropout` are followed, and imports of the project's own modules (and
names brought by star imports) are resolved through the project index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers import get_full_name_for_node

from noiselint.lint.scopes import Binding, ImportAssignment, Scope

if TYPE_CHECKING:
    from noiselint.lint.parse import ParsedModule
    from noiselint.project.index import Target

_MAX_ALIASES = 8  # `A = B`, `B = C`, ... followed this deep


@dataclass(frozen=True)
class Resolved:
    names: tuple[str, ...]  # qualified names, library names through the project included
    targets: tuple[Target, ...] = ()  # what the project index found (its own modules' names)


@dataclass(frozen=True)
class _Statements:
    """Bindings that always run in their scope (not under an `if`, `try` or loop), and the
    value of each simple alias assignment `X = a.b`."""

    unconditional: frozenset[cst.CSTNode]
    aliases: dict[cst.Name, cst.BaseExpression]


def resolve(parsed: ParsedModule, node: cst.CSTNode, depth: int = 0) -> Resolved:
    full = get_full_name_for_node(node)
    scope = parsed.scopes.get(node)
    if full is None or scope is None:
        return Resolved(())
    prefix = full
    while prefix and prefix not in scope:
        prefix = prefix.rpartition(".")[0]
    view = parsed.project
    if not prefix:
        # Bound by no statement: a star import (`from layers_util import *`) may bring it.
        targets = view.star(full) if view is not None else []
        return Resolved(_external(targets), tuple(targets))
    names: set[str] = set()
    found: list[Target] = []
    suffix = full[len(prefix):]
    for assignment in _reaching(parsed, list(scope[prefix]), node, scope):
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
    statements = _statements(parsed)
    chosen: list[Binding] = []
    for assignment in reversed(ordered):
        chosen.append(assignment)
        if assignment.node in statements.unconditional:
            break
    return chosen


def _alias_value(parsed: ParsedModule, assignment: Binding) -> cst.BaseExpression | None:
    node = assignment.node
    if isinstance(assignment, ImportAssignment) or not isinstance(node, cst.Name):
        return None
    return _statements(parsed).aliases.get(node)


def _statements(parsed: ParsedModule) -> _Statements:
    memo = parsed.memo
    if "statements" not in memo:
        unconditional: set[cst.CSTNode] = set()
        aliases: dict[cst.Name, cst.BaseExpression] = {}
        for small, sure in _small_statements(parsed.module.body, True):
            if isinstance(small, (cst.FunctionDef, cst.ClassDef)):
                if sure:
                    unconditional.add(small)
                continue
            if isinstance(small, (cst.Import, cst.ImportFrom)) and sure:
                unconditional.add(small)
            elif isinstance(small, cst.Assign):
                for target in small.targets:
                    if sure:
                        unconditional.update(_target_names(target.target))
                    if len(small.targets) == 1 and isinstance(target.target, cst.Name) and \
                            isinstance(small.value, (cst.Name, cst.Attribute)):
                        aliases[target.target] = small.value
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)) and sure:
                unconditional.update(_target_names(small.target))
        memo["statements"] = _Statements(frozenset(unconditional), aliases)
    return memo["statements"]  # type: ignore[return-value]


def _small_statements(body: Sequence[cst.CSTNode], sure: bool) -> Iterator[tuple[cst.CSTNode, bool]]:
    """Every simple statement, def and class, with whether it always runs in its scope (a
    plain walk of statements: libcst's visitor rebuilds nodes and costs far more)."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                yield small, sure
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            yield statement, sure
            yield from _small_statements(_suite(statement.body), True)  # a scope of its own
        elif isinstance(statement, cst.With):
            yield from _small_statements(_suite(statement.body), sure)
        elif isinstance(statement, cst.BaseSmallStatement):
            yield statement, sure
        elif isinstance(statement, cst.BaseCompoundStatement):
            for suite in _suites(statement):
                yield from _small_statements(_suite(suite), False)


def _suite(suite: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    return suite.body  # IndentedBlock: statements; SimpleStatementSuite: small statements


def _suites(statement: cst.BaseCompoundStatement) -> Iterator[cst.BaseSuite]:
    stack: list[cst.CSTNode] = [statement]
    while stack:
        node = stack.pop()
        for child in node.children:
            if isinstance(child, cst.BaseSuite):
                yield child
            elif isinstance(child, (cst.If, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally,
                                    cst.MatchCase)):
                stack.append(child)


def _target_names(target: cst.BaseExpression) -> Iterator[cst.Name]:
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
