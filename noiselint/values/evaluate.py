"""Evaluate: the static value of an argument expression, without running anything.

Literals, tuples and lists, names bound once (module, class body, function scope, tuple
unpacking), parameter defaults, `self.attr` / `Class.attr`, simple arithmetic, indexing and
slicing. Runtime TensorFlow shapes (`tf.shape(t)[i]`) come back as `TensorDim`. Anything
else is `Unknown`, and nothing is ever guessed.
"""

from __future__ import annotations

import copy
import math
import operator
import re
import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any, cast

from noiselint import budget
from noiselint.shapes.facts import Shape
from noiselint.syntax import nodes as cst
from noiselint.syntax.module_index import ModuleIndex
from noiselint.syntax.parse import ParsedModule
from noiselint.syntax.scopes import Assignment, ImportAssignment, ModuleScopes, Scope
from noiselint.values import shape_ops
from noiselint.values.configs import Configs
from noiselint.values.kinds import (
    CONSTANTS,
    Const,
    Origin,
    Seq,
    TensorDim,
    Unknown,
    Value,
    number_value,
    string_value,
    with_origin,
)
from noiselint.values.narrowing import Narrowing

# TF ops that turn a tensor into its runtime shape. `keras.ops.shape` and `x.shape` are not
# here: on a KerasTensor they are static tuples with `None` (keras-facts §1.6).
TF_SHAPE_FUNCTIONS = frozenset({
    "tensorflow.shape", "tensorflow.compat.v1.shape", "tensorflow.compat.v2.shape",
    "tensorflow.keras.backend.shape", "tf_keras.backend.shape", "keras.backend.shape",
    "tensorflow.unstack", "tensorflow.shape_n",
})

BINARY_OPERATORS: dict[type, Callable[[object, object], object]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Divide: operator.truediv,
    cst.Power: operator.pow,
}
_BUDGET_NAMES = {operator.pow: "pow", operator.mul: "mul", operator.add: "add"}
_MAX_DEPTH = 40
_TOO_MANY_STEPS = Unknown("the value takes too many steps to follow")


class Evaluator:
    """Evaluates expressions of one parsed module; bindings are collected once."""

    def __init__(self, parsed: ParsedModule) -> None:
        self._parsed = parsed
        # The nodes being evaluated, by id (each is alive on the stack while its id is here):
        # a set of nodes hashes each through libcst's Python-level `__hash__`.
        self._active: set[int] = set()
        self._meter = budget.StepMeter(budget.MAX_EVAL_STEPS)
        self._file_meter = budget.StepMeter(budget.MAX_FILE_EVAL_STEPS)
        self._guards: Narrowing | None = None
        self._config_reads: Configs | None = None
        self._index: ModuleIndex | None = None
        # Inside a guard's condition, a parameter's default is not a fact: another call
        # may pass anything (`if training:` with `training=False`).
        self._facts_only = 0
        # A copy (`knowing`, `for_another_file`) shares the config reader, which refers to the
        # evaluator that made it weakly: the copy keeps that one alive.
        self._origin: Evaluator | None = None
        self._shape_reads: Mapping[cst.Call, Shape] = {}
        # Top-level answers, by node: several rules ask for the same argument of the same
        # call (five noise_shape rules per dropout site). With the steps each one took, so
        # that an answer given again costs the file's step budget what it cost the first
        # time, and findings stay those of evaluating it again. By id, the node kept beside
        # its answer so that the id is not reused (`arithmetic` hands over nodes it builds).
        self._answers: dict[int, tuple[cst.CSTNode, Value, int]] = {}
        self._built: dict[Hashable, tuple[Value, int]] = {}  # `evaluate_built`'s answers, by key
        # A project module's evaluator is copied for each linted file that reads its code
        # (`for_another_file`), and each file evaluated the module's nodes anew (keras-tcn's
        # ~15 task files each ran `tcn.py`). Its copies share the answers that depend on the
        # module alone (`_common`, charged to each file's budget as `_answers` are): those
        # whose evaluation did not read another module's evaluator (`_imported`, counted by
        # `_reached`), whose budgets are spent across files and so may answer differently.
        self._for_copies: dict[int, tuple[cst.CSTNode, Value, int]] | None = None
        self._common: dict[int, tuple[cst.CSTNode, Value, int]] | None = None
        self._reached = 0

    def knowing(self, shape_reads: Mapping[cst.Call, Shape]) -> Evaluator:
        """This evaluator, also knowing the shape each `tf.shape(x)` call reads (from the
        model graph), so a mask built from it has a known length (values/shape_ops.py)."""
        other = copy.copy(self)  # shares what was collected so far (bindings, guards, index)
        other._origin = self  # `_configs`
        other._active = set()
        other._shape_reads = shape_reads
        other._answers = {}  # a shape read can change an answer
        other._for_copies = other._common = None  # likewise
        other._built = {}
        return other

    def for_another_file(self) -> Evaluator:
        """This evaluator of a project module, for the code of another linted file: what was
        collected is shared, the step budgets are that file's own. One shared budget was
        spent by every file that read the module, so a file's findings hung on which files
        came before it (and, with --jobs, on which worker took it)."""
        if self._for_copies is None:
            self._for_copies = {}
        other = copy.copy(self)
        other._origin = self  # `_configs`
        other._active = set()
        other._meter = budget.StepMeter(budget.MAX_EVAL_STEPS)
        other._file_meter = budget.StepMeter(budget.MAX_FILE_EVAL_STEPS)
        other._answers = {}  # each file's answers are its own, as its budgets are...
        other._common = self._for_copies  # ...but for those the module alone decides (`__init__`)
        other._built = {}
        return other

    def _bindings(self) -> ModuleScopes:
        # The module's walk is made only when a name is first looked up: a call written
        # with literals alone (most of them) never pays for it.
        return self._parsed.names

    def evaluate(self, node: cst.BaseExpression, depth: int = 0) -> Value:
        if depth or self._active or self._facts_only:
            return self._evaluate_once(node, depth)
        # A top-level evaluation, answered again from `_answers` while the file's step
        # budget can pay for it as it paid the first time (past it, evaluated anew, as before).
        key = id(node)
        kept = self._answers.get(key)
        common = self._common
        if kept is None and common is not None:
            kept = common.get(key)
        file_meter = self._file_meter
        if kept is not None and file_meter.steps + kept[2] <= file_meter.limit:
            file_meter.steps += kept[2]
            self._meter.steps = kept[2]
            return kept[1]
        before, reached = file_meter.steps, self._reached
        value = self._evaluate_once(node, 0)
        if file_meter.steps <= file_meter.limit:  # not an answer the budget cut short
            answers = common if common is not None and self._reached == reached else self._answers
            answers[key] = (node, value, file_meter.steps - before)
        return value

    def evaluate_built(self, key: Hashable, build: Callable[[], cst.BaseExpression]) -> Value:
        """`evaluate(build())` for a node made of literals alone, which equal `key`s build
        alike (model/exprs.py's arithmetic on static values, done again on each pass of a
        loop): built and evaluated once per key, an answer given again charged as
        `evaluate` charges one, and a copy, as evaluating a new node made a new value."""
        if self._active or self._facts_only:
            return self.evaluate(build())
        file_meter = self._file_meter
        kept = self._built.get(key)
        if kept is not None and file_meter.steps + kept[1] <= file_meter.limit:
            file_meter.steps += kept[1]
            self._meter.steps = kept[1]
            return _copy(kept[0])
        before = file_meter.steps
        value = self._evaluate_once(build(), 0)
        if file_meter.steps <= file_meter.limit:  # not an answer the budget cut short
            self._built[key] = (value, file_meter.steps - before)
        return value

    def _evaluate_once(self, node: cst.BaseExpression, depth: int) -> Value:
        key = id(node)
        active = self._active
        if key in active:
            return Unknown("the value refers to itself")
        if depth > _MAX_DEPTH:  # a chain of some 20 names, or the like: also Python's stack
            return Unknown("the value is nested too deeply to follow")
        # `self._meter.spend(restart=depth == 0) and self._file_meter.spend()`, with one call
        # for each value evaluated: the same counts, looks at the clock and answers.
        if not (self._meter.spend() if depth else self._meter.first()):
            return _TOO_MANY_STEPS
        file_meter = self._file_meter  # never set back, only added to: `reached` applies
        file_meter.steps += 1
        if file_meter.steps >= file_meter.due and not file_meter.reached():
            return _TOO_MANY_STEPS
        active.add(key)
        try:
            # On the node's exact class (libcst's node classes are final): a class pattern
            # that fails costs a call of ABCMeta.__instancecheck__ (tests/test_node_dispatch.py).
            handler = _HANDLERS.get(type(node))
            if handler is not None:
                return handler(self, node, depth + 1)
            return Unknown.quoting("`{}` is not a static value", self._parsed.code, node)
        finally:
            active.discard(key)

    def _number(self, node: cst.Integer | cst.Float | cst.Imaginary, depth: int) -> Value:
        value = node.value
        if len(value) > 64:  # more digits than any shape needs (and than str() allows)
            return Unknown("a number too long to follow")
        return Const(number_value(value))

    def _string(self, node: cst.SimpleString | cst.ConcatenatedString, depth: int) -> Value:
        literal = string_value(node)
        return Const(literal) if literal is not None else Unknown("an f-string")

    def _formatted(self, node: cst.FormattedString, depth: int) -> Value:
        return Unknown("an f-string")

    def _constant_or_name(self, node: cst.Name, depth: int) -> Value:
        if node.value in CONSTANTS:
            return Const(CONSTANTS[node.value])
        return self._name(node, depth)

    # names --------------------------------------------------------------------------

    def _name(self, node: cst.Name, depth: int) -> Value:
        scope = self._parsed.scopes.get(node)
        if scope is None:
            return Unknown(f"`{node.value}` is not bound here")
        assignments = [a for a in scope[node.value] if isinstance(a, Assignment)]
        if all(isinstance(a, ImportAssignment) for a in assignments):
            imported = self._imported(node, depth)
            if imported is not None:
                return imported
        value = self._from_assignments(node.value, assignments, depth)
        if len(assignments) != 1:
            return value  # a guard on a name bound twice may be about the other binding

        def same(other: cst.BaseExpression) -> bool:
            found = self._parsed.scopes.get(other) if isinstance(other, cst.Name) else None
            return found is not None and other.value == node.value and [  # type: ignore[attr-defined]
                a for a in found[node.value] if isinstance(a, Assignment)] == assignments
        return self._narrowed(node, value, same, depth)

    def bindings(self, node: cst.Name | cst.Attribute) -> tuple[cst.CSTNode, ...] | None:
        """What binds a name (a `Param`, an import, or the value assigned to it) or
        `self.attr` (the values assigned to it); None when it is not bound in this file."""
        if isinstance(node, cst.Name):
            scope = self._parsed.scopes.get(node)
            if scope is None:
                return None
            found = [a.node for a in scope[node.value] if isinstance(a, Assignment)]
            collected = self._bindings().targets
            return tuple(collected[n][0] if n in collected else n for n in found) or None
        owner = node.value
        class_node = self._enclosing_class(self._parsed.scopes.get(node)) \
            if isinstance(owner, cst.Name) and owner.value == "self" else None
        if class_node is None:
            return None
        found = self._bindings().self_attrs.get((class_node, node.attr.value), [])
        return tuple(value if value is not None else target for value, target, _ in found) or None

    def _fact(self, node: cst.BaseExpression, depth: int) -> Value:
        self._facts_only += 1
        try:
            return self.evaluate(node, depth)
        finally:
            self._facts_only -= 1

    def _narrowed(self, use: cst.BaseExpression, value: Value,
                  same: Callable[[cst.BaseExpression], bool], depth: int) -> Value:
        """`value`, unless every path to `use` excludes it (values/narrowing.py)."""
        if isinstance(value, Unknown) or self._facts_only:
            return value  # in a guard's condition, a constant is a constant: no narrowing
        narrowing = self._narrowing()
        guard = narrowing.excluding_guard(use, same, value, lambda e: self._fact(e, depth))
        if guard is None:
            return value
        origin = getattr(value, "origin", None)
        where = origin.describe() if origin is not None else f"`{self._parsed.code(use)}`"
        return Unknown(f"{where} never reaches this use: {narrowing.describe(guard)}")

    def _narrowing(self) -> Narrowing:
        if self._guards is None:
            # The parse's own index (the one `module_index` keeps): a bound method of the
            # evaluator would make the two a cycle, freed only by the collector.
            self._guards = Narrowing(self._parsed, self._parsed.module_index)
        return self._guards

    def _imported(self, node: cst.Name | cst.Attribute, depth: int) -> Value | None:
        """A constant another module of the project binds (`from config import BATCH`,
        `config.BATCH`, a star import), evaluated there."""
        project = self._parsed.project
        found = [t for t in self._parsed.project_targets(node) if getattr(t, "kind", "") == "value"]
        if project is None or len(found) != 1:
            return None
        other = project.evaluator(found[0].path)  # type: ignore[union-attr]
        if other is None:
            return None
        self._reached += 1  # what follows reads the other module's evaluator (`_common`)
        # The steps spent there are this evaluation's and this file's: lent this evaluator's
        # meters, as the other module's own would count the reads of every file that reaches
        # it (one evaluator a run), and an answer would hang on how many files came first.
        lent = other._meter, other._file_meter  # type: ignore[union-attr]
        other._meter, other._file_meter = self._meter, self._file_meter  # type: ignore[union-attr]
        try:
            value = other.evaluate_global(found[0].name, depth)  # type: ignore[union-attr]
        finally:
            other._meter, other._file_meter = lent  # type: ignore[union-attr]
        if isinstance(value, Unknown):
            return value
        # Messages point into this file: at the import (or the use, for a star import).
        scope = self._parsed.scopes.get(node)
        root = node.value if isinstance(node, cst.Name) else \
            node.value.value if isinstance(node.value, cst.Name) else None
        imports = [a.node for a in scope[root] if isinstance(a, ImportAssignment)] if scope and root else []
        if imports:
            return _moved(value, Origin(self._parsed.code(node), partial(self._parsed.row, imports[-1]), "imported"))
        # A star import binds no name libcst sees: point at the star import when the module
        # has one, else at the definition itself, in its own file (not at the use, which
        # is the flagged line).
        stars = [s for s in self._parsed.module.body if isinstance(s, cst.SimpleStatementLine)
                 and any(isinstance(i, cst.ImportFrom) and isinstance(i.names, cst.ImportStar) for i in s.body)]
        if len(stars) == 1:
            return _moved(value, Origin(self._parsed.code(node), partial(self._parsed.row, stars[0]), "star-imported"))
        definition = found[0]
        return _moved(value, Origin(f"{definition.name}` of `{definition.path.name}",  # type: ignore[union-attr]
                                    definition.line, "star-imported"))  # type: ignore[union-attr]

    def evaluate_global(self, name: str, depth: int = 0) -> Value:
        """The module-level `name` of this module, for a module that imports it."""
        scope = self._parsed.scopes.get(self._parsed.module)
        if scope is None:
            return Unknown(f"`{name}` is not bound in its module")
        assignments = [a for a in scope.assignments[name] if isinstance(a, Assignment)]
        return self._from_assignments(name, assignments, depth + 1)

    def _from_assignments(self, name: str, assignments: list[Assignment], depth: int) -> Value:
        if not assignments:
            return Unknown(f"`{name}` is not bound in this file")
        values = []
        for assignment in assignments:
            values.append(self._assigned_value(name, assignment, depth))
            if values[-1] is _TOO_MANY_STEPS or not self._meter.spend():
                return _TOO_MANY_STEPS  # the other bindings would spend as much again
        return _agreed(name, values)

    def _assigned_value(self, name: str, assignment: Assignment, depth: int) -> Value:
        node = assignment.node
        row = partial(self._parsed.row, node)
        if type(node) is cst.Param:  # the exact class, as `_evaluate_once` dispatches
            if node.default is None:
                return Unknown(f"parameter `{name}` has no default")
            if self._facts_only:
                return Unknown(f"parameter `{name}` may be given another value")
            if self._narrowing().always_given(node):
                return Unknown(f"every call of the function in this file passes `{name}`")
            if self._narrowing().made_elsewhere(node):
                return Unknown(f"parameter `{name}` of a class made only in other modules")
            origin = Origin(name, row, "parameter default")
            return with_origin(self.evaluate(node.default, depth), origin)
        target = self._bindings().targets.get(node)
        if target is None:
            return Unknown(f"`{name}` is not bound to a static value")
        value_node, path = target
        value = self.evaluate(value_node, depth)
        for index in path:  # tuple unpacking: `B, T = 64, 10` or `B, T = SHAPE`
            if not isinstance(value, Seq) or index >= len(value.items):
                return Unknown(f"`{name}` is unpacked from a value that is not static")
            value = value.items[index]
        kind = "class attribute" if assignment.scope.kind == "class" else ""
        return with_origin(value, Origin(name, row, kind))

    def _attribute(self, node: cst.Attribute, depth: int) -> Value:
        # `math.nan`, `np.inf`: a rate or mask entry Keras refuses (when the node names one
        # of them only; most name none, and no set is made for them).
        constant = [q for q in self._parsed.qualified_names(node) if q in _LIBRARY_FLOATS]
        if constant and len(set(constant)) == 1:
            return Const(_LIBRARY_FLOATS[constant[0]])
        # `self.X` / `cls.X` / `Model.X`: a class attribute or one set once in a method.
        owner = node.value
        if not isinstance(owner, cst.Name):
            return Unknown.quoting("`{}` is not a static value", self._parsed.code, node)
        scope = self._parsed.scopes.get(node)
        if self._parsed.project is not None and scope is not None and \
                all(isinstance(a, ImportAssignment) for a in scope[owner.value]):
            imported = self._imported(node, depth)  # `config.BATCH`
            if imported is not None:
                return imported
        class_node = self._enclosing_class(scope) if owner.value in ("self", "cls") else None
        if class_node is None and scope is not None:
            bound = [a.node for a in scope[owner.value] if isinstance(a, Assignment)]
            class_node = next((b for b in bound if type(b) is cst.ClassDef), None)  # exact: see `_evaluate_once`
        if class_node is None:
            config = self._configs().attribute(node, lambda e: self.evaluate(e, depth))
            return self._same_text_narrowed(node, config, depth) if config is not None else \
                Unknown.quoting("`{}` is not a static value", self._parsed.code, node)
        values = self._class_attribute(class_node, node.attr.value, depth)
        if not values:
            return Unknown.quoting("`{}` is not a static value", self._parsed.code, node)
        if len(values) != 1:
            return _agreed(node.attr.value, values)
        return self._same_text_narrowed(node, values[0], depth)

    def _same_text_narrowed(self, node: cst.BaseExpression, value: Value, depth: int) -> Value:
        """Narrowed by guards on the same expression (`self.rate`, `args.rate`, `cfg["rate"]`),
        which is bound once."""
        text = self._parsed.code(node)
        return self._narrowed(node, value, lambda other: type(other) is type(node)
                              and self._parsed.code(other) == text, depth)

    def _class_attribute(self, class_node: cst.ClassDef, attr: str, depth: int) -> list[Value]:
        """The values `attr` is bound to in the class body and by `self.attr = ...`."""
        body_scope = self._parsed.scopes.get(class_node.body.body[0]) if class_node.body.body \
            else None
        assignments = []
        if body_scope is not None and body_scope.kind == "class":
            assignments = [a for a in body_scope.assignments[attr] if isinstance(a, Assignment)
                           and a.scope is body_scope]
        values = [self._assigned_value(attr, a, depth) for a in assignments]
        for value_node, target, path in self._bindings().self_attrs.get((class_node, attr), []):
            row = partial(self._parsed.row, target)
            value = self.evaluate(value_node, depth) if value_node is not None else \
                Unknown(f"`self.{attr}` is changed to a value that is not static")
            for index in path:  # `self.a, self.b = 1, 2`
                value = value.items[index] if isinstance(value, Seq) and index < len(value.items) else \
                    Unknown(f"`self.{attr}` is unpacked from a value that is not static")
            values.append(with_origin(value, Origin(f"self.{attr}", row, "")))
        return values

    def class_attribute(self, class_node: cst.ClassDef, attr: str) -> Value:
        values = self._class_attribute(class_node, attr, 0)
        return _agreed(attr, values) if values else Unknown(f"`{attr}` is not set in the class")

    def module_index(self) -> ModuleIndex:
        """Calls and changed names of the module, read once (syntax/module_index.py)."""
        if self._index is None:
            self._index = self._parsed.module_index()
        return self._index

    def _configs(self) -> Configs:
        if self._config_reads is None:
            # A weak reference back, not a cycle (see `_narrowing`): Configs lives only in this
            # evaluator and in its copies, which keep it (`_origin`).
            self._config_reads = Configs(self._parsed, cast("Evaluator", weakref.proxy(self)))
        return self._config_reads

    def _enclosing_class(self, scope: Scope | None) -> cst.ClassDef | None:
        while scope is not None and scope.kind != "function":
            scope = scope.parent
        if scope is None:
            return None
        return self._bindings().class_of.get(scope.node)  # type: ignore[arg-type]

    # compound values ----------------------------------------------------------------

    def _sequence(self, node: cst.Tuple | cst.List, depth: int) -> Value:
        items: list[Value] = []
        for element in node.elements:
            value = self.evaluate(element.value, depth)
            if isinstance(element, cst.StarredElement):
                if not isinstance(value, Seq):
                    return Unknown("a starred element that is not static")
                items.extend(value.items)
            else:
                items.append(value)
        return Seq(tuple(items), is_list=isinstance(node, cst.List))

    def _unary(self, node: cst.UnaryOperation, depth: int) -> Value:
        value = self.evaluate(node.expression, depth)
        if not isinstance(value, Const) or not _is_number(value.value):
            return value if isinstance(value, Unknown) else Unknown("not a number")
        if isinstance(node.operator, cst.Minus):
            return Const(-value.value)  # type: ignore[operator]
        if isinstance(node.operator, cst.Plus):
            return Const(+value.value)  # type: ignore[operator]
        return Unknown("an unsupported operator")

    def _binary(self, node: cst.BinaryOperation, depth: int) -> Value:
        op = BINARY_OPERATORS.get(type(node.operator))
        left, right = self.evaluate(node.left, depth), self.evaluate(node.right, depth)
        if op is None:
            return Unknown("an unsupported operator")
        if (isinstance(left, Seq) and left.tensor) or (isinstance(right, Seq) and right.tensor):
            return shape_ops.vector_arithmetic(self._parsed.code(node), op, left, right)  # type: ignore[arg-type]
        if isinstance(left, Seq) and isinstance(right, Seq) and op is operator.add:
            if budget.too_many([left, right]):
                return Unknown("a sequence too long to follow")
            return Seq(left.items + right.items, left.is_list)
        if isinstance(left, Seq) and isinstance(right, Const) and op is operator.mul \
                and type(right.value) is int and 0 <= right.value <= 64:
            if budget.too_many(left, right.value):
                return Unknown("a sequence too long to follow")
            return Seq(left.items * right.value, left.is_list)
        if isinstance(left, Const) and isinstance(right, Const) \
                and _is_number(left.value) and _is_number(right.value):
            if op is operator.pow and abs(right.value) > 64:  # type: ignore[arg-type]
                return Unknown("a very large power")
            if not budget.fits(_BUDGET_NAMES.get(op, ""), left.value, right.value):
                return Unknown("a number too large to follow")
            try:
                result = op(left.value, right.value)  # type: ignore[arg-type]
            except (ArithmeticError, ValueError):
                return Unknown("arithmetic that fails")
            return Const(result) if budget.number_fits(result) else Unknown("a number too large to follow")
        if isinstance(left, TensorDim) or isinstance(right, TensorDim):
            return TensorDim(self._parsed.code(node))
        return left if isinstance(left, Unknown) else right if isinstance(right, Unknown) \
            else Unknown("arithmetic on values that are not numbers")

    def _subscript(self, node: cst.Subscript, depth: int) -> Value:
        base = self.evaluate(node.value, depth)
        if isinstance(base, Unknown):
            config = self._configs().entry(node, lambda e: self.evaluate(e, depth))
            if config is not None:
                return self._same_text_narrowed(node, config, depth)
        if isinstance(base, TensorDim):
            return self._tensor_subscript(base, node, depth)
        if not isinstance(base, Seq) or len(node.slice) != 1:
            return base if isinstance(base, Unknown) else Unknown("indexing a non-sequence")
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            key = self.evaluate(index.value, depth)
            if isinstance(key, Const) and type(key.value) is int \
                    and -len(base.items) <= key.value < len(base.items):
                return base.items[key.value]
            return Unknown("an index that is not static or out of range")
        bounds = []
        for part in (index.lower, index.upper, index.step):
            value = self.evaluate(part, depth) if part is not None else Const(None)
            if not isinstance(value, Const) or not (value.value is None or
                                                    type(value.value) is int):
                return Unknown("a slice that is not static")
            bounds.append(value.value)
        if bounds[2] == 0:
            return Unknown("a zero slice step")
        return Seq(base.items[slice(*bounds)], base.is_list, tensor=base.tensor)

    def _tensor_subscript(self, base: TensorDim, node: cst.Subscript, depth: int) -> Value:

        text = self._parsed.code(node)
        part = node.slice[0].slice if len(node.slice) == 1 else None
        if isinstance(part, cst.Index):
            return shape_ops.subscript(base, text, self.evaluate(part.value, depth), None)
        bounds: list[int | None] | None = [] if isinstance(part, cst.Slice) else None
        for bound in (part.lower, part.upper, part.step) if isinstance(part, cst.Slice) else ():
            value = self.evaluate(bound, depth) if bound is not None else Const(None)
            if bounds is None or not isinstance(value, Const) or not (value.value is None or type(value.value) is int) \
                    or (bound is part.step and value.value == 0):
                bounds = None
            else:
                bounds.append(value.value)  # type: ignore[arg-type]
        return shape_ops.subscript(base, text, None, bounds)

    def _call(self, node: cst.Call, depth: int) -> Value:

        names = set(self._parsed.qualified_names(node.func))
        if names & shape_ops.SHAPE_VECTOR:
            shape = self._shape_reads.get(node)
            return shape_ops.shape_vector(self._parsed.code(node), len(shape) if shape is not None else None)
        if names & TF_SHAPE_FUNCTIONS:
            return TensorDim(self._parsed.code(node))
        if names & shape_ops.SHAPE_OPS:
            return shape_ops.call(names, node, self._parsed.code(node), lambda n: self.evaluate(n, depth))
        if names & {"builtins.tuple", "builtins.list"} and len(node.args) == 1 \
                and not node.args[0].star:
            value = self.evaluate(node.args[0].value, depth)
            if isinstance(value, Seq):
                return Seq(value.items, "builtins.list" in names)
            return value if isinstance(value, Unknown) else Unknown("not a sequence")
        if "builtins.int" in names and len(node.args) == 1 and not node.args[0].star:
            value = self.evaluate(node.args[0].value, depth)
            if isinstance(value, Const) and _is_number(value.value) \
                    and not isinstance(value.value, complex):
                try:
                    number = int(value.value)  # type: ignore[arg-type]
                except (OverflowError, ValueError):  # int(inf), int(nan)
                    return Unknown("a number that is not finite")
                return Const(number) if budget.number_fits(number) else Unknown("a number too large to follow")
        if "builtins.float" in names and len(node.args) == 1 and not node.args[0].star and not node.args[0].keyword:
            value = self.evaluate(node.args[0].value, depth)
            if isinstance(value, Const) and isinstance(value.value, str) and len(value.value) <= 40 \
                    and _FLOAT_WORD.fullmatch(value.value.strip()):
                return Const(float(value.value))  # `float("nan")`, `float("-inf")`, as Python reads them
        if type(node.func) is cst.Attribute and node.func.attr.value == "get":  # type: ignore[attr-defined]  # exact: see `_evaluate_once`
            config = self._configs().entry(node, lambda e: self.evaluate(e, depth))
            if config is not None:
                return self._same_text_narrowed(node, config, depth)
        return Unknown.quoting("`{}(...)` is only known at run time", self._parsed.code, node.func)


_LIBRARY_FLOATS = {"math.nan": math.nan, "math.inf": math.inf, "numpy.nan": math.nan, "numpy.inf": math.inf}
# The strings `float()` reads as a non-finite number (Python's spelling rules, any case).
_FLOAT_WORD = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def _moved(value: Value, origin: Origin) -> Value:
    """A value from another file, its origins (rows there) replaced by `origin` (a row here)."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Seq):
        return replace(value, items=tuple(_moved(i, origin) for i in value.items), origin=origin)
    return replace(value, origin=origin)


def _agreed(name: str, values: list[Value]) -> Value:
    """The one value of a name bound several times, if every binding gives the same."""
    first = values[0]
    if any(_bare(v) != _bare(first) for v in values[1:]):
        return Unknown(f"`{name}` is bound more than once")
    return first


def _bare(value: Value) -> object:
    """A value without its origins, for comparing bindings made on different lines."""
    if isinstance(value, Seq):
        return ("seq", tuple(_bare(v) for v in value.items))
    if isinstance(value, Const):
        return ("const", type(value.value), value.value)
    return value if isinstance(value, Unknown) else ("tensor", value.text)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, complex)) and not isinstance(value, bool)


# `_evaluate_once`'s handler for each node class.
_HANDLERS: dict[type, Callable[[Evaluator, Any, int], Value]] = {
    cst.Integer: Evaluator._number, cst.Float: Evaluator._number, cst.Imaginary: Evaluator._number,
    cst.SimpleString: Evaluator._string, cst.ConcatenatedString: Evaluator._string,
    cst.FormattedString: Evaluator._formatted, cst.Name: Evaluator._constant_or_name,
    cst.Tuple: Evaluator._sequence, cst.List: Evaluator._sequence, cst.UnaryOperation: Evaluator._unary,
    cst.BinaryOperation: Evaluator._binary, cst.Subscript: Evaluator._subscript,
    cst.Attribute: Evaluator._attribute, cst.Call: Evaluator._call,
}


def _copy(value: Value) -> Value:
    """A new value equal to `value` (an answer given again: callers may tell values apart
    by identity); the budget's own Unknown stays itself."""
    if value is _TOO_MANY_STEPS:
        return value
    kind = type(value)
    if kind is Const:
        return Const(value.value, value.origin)  # type: ignore[union-attr]
    if kind is Unknown:
        return value.again()  # type: ignore[union-attr]
    return replace(value)  # type: ignore[type-var]
