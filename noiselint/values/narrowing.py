"""Narrowing: whether a value bound to a name can reach one use of it, given the guards
on the way there (`if`/`elif`/`while`, ternaries, `and`/`or`, an earlier `if ...: return`,
`assert`). A parameter default is a possibility, not a fact (design.md §1): a finding
may rest on it only if some path brings it to the site, so a default that every path
to the use excludes (`if drop_rate and drop_rate > 0:` with `drop_rate=None`) is not a
value there. Narrowing only ever removes a value, it never invents one.

The Evaluator asks (`values/evaluate.py`); this module reads its values, so it is imported
there lazily.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from noiselint.syntax import nodes as cst
from noiselint.syntax.module_index import ModuleIndex
from noiselint.syntax.parse import ParsedModule
from noiselint.values.kinds import Const, Seq, TensorDim, Unknown, Value

# The outcomes of evaluating a condition: it is true, false, or it raises (then the code
# it guards does not run either, e.g. `None > 0` is a TypeError).
TRUE, FALSE, RAISES = "true", "false", "raises"
Outcomes = frozenset[str]
_ANY: Outcomes = frozenset({TRUE, FALSE})

_ORDER: dict[type, Callable[[object, object], object]] = {
    cst.LessThan: operator.lt, cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt, cst.GreaterThanEqual: operator.ge,
}
# `isinstance(x, T)` for the builtin types a value can be here.
_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,), "float": (float,), "bool": (bool,), "str": (str,), "bytes": (bytes,),
    "complex": (complex,), "tuple": (tuple,), "list": (list,), "dict": (dict,), "set": (set,),
}
_MAX_GUARDS = 64  # a use nested deeper than this keeps the guards found so far
_MAX_PATH = 400


@dataclass(frozen=True, slots=True)
class Guard:
    """A condition the use runs under: `test` is `holds` (True/False) on every path there."""

    test: cst.BaseExpression
    holds: bool


class Narrowing:
    """Guards of uses in one module. The way from the module down to a use is read from a
    map of each node's parent, made in one walk on the first question."""

    def __init__(self, parsed: ParsedModule, index: Callable[[], ModuleIndex]) -> None:
        self._parsed = parsed
        self._index = index
        self._parents: dict[cst.CSTNode, cst.CSTNode] | None = None

    def _path(self, use: cst.CSTNode) -> list[cst.CSTNode]:
        """The nodes from the module down to `use`; empty if it cannot be found."""
        if self._parents is None:
            self._parents = self._parsed.names.parents
        path = [use]
        while path[-1] in self._parents and len(path) <= _MAX_PATH:
            path.append(self._parents[path[-1]])
        return path[::-1] if path[-1] is self._parsed.module else []

    def guards(self, use: cst.CSTNode) -> Iterator[Guard]:
        """Every condition known to hold where `use` runs, innermost first."""
        path = self._path(use)
        count = 0
        for i in range(len(path) - 1, 0, -1):
            parent, child = path[i - 1], path[i]
            found = self._before(parent, child) if type(parent) in _BLOCKS else _guards_at(parent, child)
            for guard in found:
                count += 1
                if count > _MAX_GUARDS:
                    return
                yield guard

    def _before(self, block: cst.CSTNode, statement: cst.CSTNode) -> tuple[Guard, ...]:
        """What the statements of `block` before `statement` leave holding. Worked out once
        per block (and kept with the module): a block's every use asks."""
        known: dict[cst.CSTNode, tuple[Guard, ...]] = self._parsed.memo.setdefault("guards before", {})  # type: ignore[assignment]
        if statement not in known:
            found: tuple[Guard, ...] = ()
            for other in block.body:  # type: ignore[attr-defined]
                known[other] = found
                after = _after(other)
                if after:
                    found = (*found, *after)
        return known.get(statement, ())

    def excluding_guard(self, use: cst.CSTNode, is_subject: Callable[[cst.BaseExpression], bool],
                        value: Value, evaluate: Callable[[cst.BaseExpression], Value]) -> Guard | None:
        """The guard that keeps `value` (of the expressions `is_subject` picks) from reaching
        `use` on every path, or None when some path may bring it there."""
        if isinstance(value, Unknown):
            return None
        for guard in self.guards(use):
            outcomes = _Condition(is_subject, value, evaluate).outcomes(guard.test)
            wanted = TRUE if guard.holds else FALSE
            if wanted not in outcomes:
                return guard
        return None

    def made_elsewhere(self, param: cst.Param) -> bool:
        """Whether `param` is an `__init__` parameter of a class this file never makes: its
        instances, and the arguments they are made with, are in the modules that import it
        (a Keras layer's `dropout=0.` that every model file passes), so the default is not
        known to reach any of them."""
        found = self._calls_of(param)
        if found is None:
            return False
        func, owner, calls, complete = found
        return func.name.value == "__init__" and isinstance(owner, cst.ClassDef) and complete and not calls

    def _calls_of(self, param: cst.Param) -> tuple[cst.FunctionDef, cst.CSTNode | None, list, bool] | None:
        """The function that declares `param`, its owner (a class for a method), the file's
        calls of it (of the class, for `__init__`), and whether the file's index of calls is
        complete; None for a parameter of anything else (a lambda)."""
        func = getattr(self._parsed.scopes.get(param.name), "node", None)
        if not isinstance(func, cst.FunctionDef):
            return None
        owner = getattr(self._parsed.scopes.get(func), "node", None)
        index = self._index()
        name = owner.name.value if func.name.value == "__init__" and isinstance(owner, cst.ClassDef) \
            else func.name.value
        return func, owner, list(index.calls.get(name, ())), index.complete

    def always_given(self, param: cst.Param) -> bool:
        """Whether the file calls the function that declares `param`, and every such call
        passes it: then its default reaches no call this file makes, and a finding resting
        on it would be about callers noiselint cannot see."""
        found = self._calls_of(param)
        if found is None:
            return False
        func, _, calls, complete = found
        if not complete or not calls:
            return False
        params = func.params
        ordered = [*params.posonly_params, *params.params]
        index = next((i for i, p in enumerate(ordered) if p is param), None)
        method = bool(ordered) and ordered[0].name.value in ("self", "cls")
        for call in calls:
            if param.name.value in call.keywords:
                continue
            shift = 1 if method and (call.on_attribute or func.name.value == "__init__") else 0
            if index is None or call.star or not 0 <= index - shift < call.positional:
                return False
        return True

    def describe(self, guard: Guard) -> str:
        text = " ".join(self._parsed.code(guard.test).split())
        return f"`{text}` is {'true' if guard.holds else 'false'} there"


def _guards_at(parent: cst.CSTNode, child: cst.CSTNode) -> list[Guard]:
    # On the exact class (libcst's node classes are final): a class pattern that fails costs
    # a call of ABCMeta.__instancecheck__ (tests/test_node_dispatch.py), for every node on
    # the path to every use the evaluator narrows.
    kind = type(parent)
    if kind is cst.If:
        if child is parent.body:  # type: ignore[attr-defined]
            return [Guard(parent.test, True)]  # type: ignore[attr-defined]
        if child is parent.orelse:  # type: ignore[attr-defined]
            return [Guard(parent.test, False)]  # type: ignore[attr-defined]
    elif kind is cst.While:
        if child is parent.body:  # type: ignore[attr-defined]
            return [Guard(parent.test, True)]  # type: ignore[attr-defined]
    elif kind is cst.IfExp:
        if child is parent.body:  # type: ignore[attr-defined]
            return [Guard(parent.test, True)]  # type: ignore[attr-defined]
        if child is parent.orelse:  # type: ignore[attr-defined]
            return [Guard(parent.test, False)]  # type: ignore[attr-defined]
    elif kind is cst.BooleanOperation and child is parent.right:  # type: ignore[attr-defined]
        return [Guard(parent.left, isinstance(parent.operator, cst.And))]  # type: ignore[attr-defined]
    return []


# Blocks of statements: what holds in one depends on the statements before it
# (Narrowing._before). Exact classes, as in `_guards_at`.
_BLOCKS = frozenset((cst.IndentedBlock, cst.Module, cst.SimpleStatementSuite, cst.SimpleStatementLine))


def _after(statement: cst.CSTNode) -> list[Guard]:
    """What holds after `statement` for the code that follows it in the same block."""
    kind = type(statement)  # exact classes, as in `_guards_at`
    if kind is cst.Assert:
        return [Guard(statement.test, True)]  # type: ignore[attr-defined]
    if kind is cst.SimpleStatementLine:
        return [g for small in statement.body for g in _after(small)]  # type: ignore[attr-defined]
    if kind is not cst.If:
        return []
    body_exits = _exits(statement.body)
    orelse = statement.orelse
    if orelse is None:
        return [Guard(statement.test, False)] if body_exits else []
    if isinstance(orelse, cst.If):  # `if a: return` / `elif b: return`: neither a nor b after
        return [Guard(statement.test, False), *_after(orelse)] if body_exits else []
    else_exits = _exits(orelse.body)
    if body_exits != else_exits:
        return [Guard(statement.test, not body_exits)]
    return []


def _exits(suite: cst.BaseSuite) -> bool:
    """Whether a block always leaves (return, raise, continue, break) before its end."""
    statements = list(suite.body)
    if not statements:
        return False
    last = statements[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(s, (cst.Return, cst.Raise, cst.Continue, cst.Break)) for s in last.body)
    if isinstance(last, (cst.Return, cst.Raise, cst.Continue, cst.Break)):
        return True
    return isinstance(last, cst.If) and _if_exits(last)


def _if_exits(node: cst.If) -> bool:
    """Whether every branch of an `if`/`elif`/`else` chain leaves; without `else`, one may not."""
    if node.orelse is None or not _exits(node.body):
        return False
    return _if_exits(node.orelse) if isinstance(node.orelse, cst.If) else _exits(node.orelse.body)


class _Condition:
    """Three outcomes of a condition in which the subject has one given value."""

    def __init__(self, is_subject: Callable[[cst.BaseExpression], bool], value: Value,
                 evaluate: Callable[[cst.BaseExpression], Value]) -> None:
        self._is_subject = is_subject
        self._value = value
        self._evaluate = evaluate

    def operand(self, node: cst.BaseExpression) -> Value:
        if self._is_subject(node):
            return self._value
        return self._evaluate(node)

    def outcomes(self, node: cst.BaseExpression) -> Outcomes:
        match node:
            case cst.BooleanOperation():
                return self._boolean(node)
            case cst.UnaryOperation(operator=cst.Not()):
                swap = {TRUE: FALSE, FALSE: TRUE, RAISES: RAISES}
                return frozenset(swap[o] for o in self.outcomes(node.expression))
            case cst.Comparison():
                return self._comparison(node)
            case cst.Call():
                return self._isinstance(node)
        return _truth(self.operand(node))

    def _boolean(self, node: cst.BooleanOperation) -> Outcomes:
        short = TRUE if isinstance(node.operator, cst.Or) else FALSE
        found: set[str] = set()
        for outcome in self.outcomes(node.left):
            found |= {outcome} if outcome in (short, RAISES) else self.outcomes(node.right)
        return frozenset(found)

    def _comparison(self, node: cst.Comparison) -> Outcomes:
        left = self.operand(node.left)
        results: list[Outcomes] = []
        for target in node.comparisons:
            right = self.operand(target.comparator)
            results.append(_compare(target.operator, left, right))
            left = right
        # `a < b < c` is `a < b and b < c`: the first false (or raising) link decides.
        found: set[str] = set()
        for result in results:
            found |= result - {TRUE}
            if TRUE not in result:
                return frozenset(found)
        return frozenset(found | {TRUE})

    def _isinstance(self, node: cst.Call) -> Outcomes:
        func = node.func
        if not (isinstance(func, cst.Name) and func.value == "isinstance" and len(node.args) == 2):
            return _truth(self.operand(node))
        value = self.operand(node.args[0].value)
        kinds = _types(node.args[1].value)
        python = _python_type(value)
        if kinds is None or python is None:
            return _ANY
        return frozenset({TRUE if issubclass(python, kinds) else FALSE})


def _truth(value: Value) -> Outcomes:
    if isinstance(value, Const):
        return frozenset({TRUE if value.value else FALSE})
    if isinstance(value, Seq):
        return frozenset({TRUE if value.items else FALSE})
    return _ANY


def _compare(op: cst.BaseCompOp, left: Value, right: Value) -> Outcomes:
    if isinstance(op, (cst.Is, cst.IsNot)):
        same = _identical(left, right)
        if same is None:
            return _ANY
        return frozenset({TRUE if same == isinstance(op, cst.Is) else FALSE})
    if isinstance(op, (cst.Equal, cst.NotEqual)):
        equal = _equal(left, right)
        if equal is None:
            return _ANY
        return frozenset({TRUE if equal == isinstance(op, cst.Equal) else FALSE})
    order = _ORDER.get(type(op))
    if order is None or not isinstance(left, Const) or not isinstance(right, Const):
        if order is not None and Const(None) in (_bare(left), _bare(right)) \
                and isinstance(left, (Const, Seq)) and isinstance(right, (Const, Seq)):
            return frozenset({RAISES})  # `None > 0`: a TypeError
        return _ANY
    try:
        return frozenset({TRUE if order(left.value, right.value) else FALSE})
    except TypeError:
        return frozenset({RAISES})


def _bare(value: Value) -> Value:
    return Const(value.value) if isinstance(value, Const) else value


def _identical(left: Value, right: Value) -> bool | None:
    """`left is right`, when it is certain: only `None` (and bools) have one identity."""
    for a, b in ((left, right), (right, left)):
        if isinstance(a, Const) and (a.value is None or isinstance(a.value, bool)):
            if isinstance(b, Const):
                return type(a.value) is type(b.value) and a.value == b.value
            if isinstance(b, (Seq, TensorDim)):
                return False  # a tuple or a tensor is not None
    return None


def _equal(left: Value, right: Value) -> bool | None:
    if isinstance(left, Const) and isinstance(right, Const):
        if isinstance(left.value, (int, float, str, bool, type(None))) \
                and isinstance(right.value, (int, float, str, bool, type(None))):
            return bool(left.value == right.value)
        return None
    if {type(left), type(right)} == {Seq, Const}:
        return False  # a tuple never equals a number, a string or None
    return None


def _types(node: cst.BaseExpression) -> tuple[type, ...] | None:
    if isinstance(node, cst.Name) and node.value in _TYPES:
        return _TYPES[node.value]
    if isinstance(node, cst.Tuple):
        kinds: list[type] = []
        for element in node.elements:
            found = _types(element.value)
            if found is None:
                return None
            kinds.extend(found)
        return tuple(kinds)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "type" \
            and len(node.args) == 1 and isinstance(node.args[0].value, cst.Name) \
            and node.args[0].value.value == "None":
        return (type(None),)
    return None


def _python_type(value: Value) -> type | None:
    if isinstance(value, Const):
        return type(value.value)
    if isinstance(value, Seq):
        return list if value.is_list else tuple
    return None
