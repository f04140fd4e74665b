"""The expression half of the model-code interpreter: names through frames, attributes of
tensors/instances/models, tuples, arithmetic, comparisons and comprehensions. Calls are
`model/calls.py`'s. Static arithmetic is delegated to `Evaluator` on literal nodes, so the
two agree on what a value is."""

from __future__ import annotations

import dataclasses
import math
import operator
from collections.abc import Callable, Hashable
from typing import Any

from noiselint import budget
from noiselint.model.data_values import Array, Dataset
from noiselint.model.graph import BudgetExceeded, ModelGraph
from noiselint.model.values import (
    VALUE_KINDS,
    ClassRef,
    Frame,
    FunctionalModel,
    FunctionRef,
    Instance,
    Items,
    LayerRef,
    Obj,
    SequentialModel,
    Tensor,
    truth,
)
from noiselint.shapes.specs import LayerSpec
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values import shape_ops
from noiselint.values.configs import facts_only
from noiselint.values.evaluate import BINARY_OPERATORS, Evaluator
from noiselint.values.kinds import Const, Seq, Unknown, Value

MAX_UNROLL = 256  # loop iterations / comprehension items noiselint unrolls
MAX_EVALS = 200_000  # expressions evaluated in one file (real model files: a few thousand)

# Tensor arithmetic that broadcasts like the Keras merge layer of the same name.
_ELEMENTWISE: dict[type, str] = {cst.Add: "Add", cst.Subtract: "Subtract", cst.Multiply: "Multiply"}
_COMPARE: dict[type, Callable[[object, object], object]] = {
    cst.Equal: operator.eq, cst.NotEqual: operator.ne, cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt, cst.GreaterThanEqual: operator.ge,
}

_CONSTANTS = {"None": None, "True": True, "False": False}

# Literal nodes, which `eval` hands to the Evaluator (exact classes, as `eval` dispatches).
_LITERALS = frozenset((cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString))

# Values with no items (`budget.size` counts nothing inside them), by exact class.
_FLAT = frozenset((Const, Unknown, Tensor))

# Comparisons NumPy applies elementwise to an array (`is`, `in` are Python's own), by exact class.
_ELEMENTWISE_COMPARISONS = frozenset((cst.Equal, cst.NotEqual, cst.LessThan, cst.LessThanEqual, cst.GreaterThan,
                                      cst.GreaterThanEqual))


class Args:
    """The evaluated arguments of one call (a plain class: one is made for every call
    evaluated, and a dataclass's default factories cost a call each)."""

    __slots__ = ("keywords", "positional", "star")

    def __init__(self, positional: list[Obj] | None = None, keywords: dict[str, Obj] | None = None,
                 star: str | None = None) -> None:
        self.positional: list[Obj] = [] if positional is None else positional
        self.keywords: dict[str, Obj] = {} if keywords is None else keywords
        self.star = star  # why some arguments are unknown (`*args` / `**kwargs`)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Args:
            return NotImplemented
        return (self.positional, self.keywords, self.star) == (other.positional, other.keywords, other.star)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return f"Args(positional={self.positional!r}, keywords={self.keywords!r}, star={self.star!r})"


class Expressions:
    def __init__(self, parsed: ParsedModule, evaluator: Evaluator, graph: ModelGraph) -> None:
        self.parsed = parsed
        self.evaluator = evaluator
        self.graph = graph
        self._clock = 0
        self._meter = budget.StepMeter(MAX_EVALS)
        self._handlers = self._dispatch()
        self._locals: dict[int, tuple[cst.Name, ParsedModule, bool]] = {}  # `unbound_local`

    def tick(self) -> int:
        self._clock += 1
        return self._clock

    def call(self, node: cst.Call, frame: Frame) -> Obj:
        raise NotImplementedError  # model_calls.KerasCalls

    def project_object(self, node: cst.Name | cst.Attribute) -> Obj | None:
        raise NotImplementedError  # model/interpreter.py

    def tensor_subscript(self, base: Tensor, node: cst.Subscript, frame: Frame) -> Obj:
        raise NotImplementedError  # model/tf_calls.TfCalls

    def elementwise(self, op: str, node: cst.CSTNode, tensors: list[Tensor], frame: Frame) -> Obj:
        raise NotImplementedError  # model/tf_calls.TfCalls

    def sequential_io(self, seq: SequentialModel) -> tuple[int, list[tuple[str | None, int]]] | None:
        raise NotImplementedError  # interpreter.Interpreter: realizes the model on its own

    def model_layers(self, model: SequentialModel | FunctionalModel) -> list[tuple[str | None, LayerRef]] | None:
        """`model.layers` as Keras lists them, each with the tensors it read and made: a
        Sequential's layers (no InputLayer), a functional model's calls (InputLayers first)."""
        if isinstance(model, SequentialModel):
            io = self.sequential_io(model)
            if io is None:
                return None
            start, outputs = io
            refs, previous = [], Tensor(start)
            for name, tid in outputs:
                refs.append((name, LayerRef(previous, Tensor(tid))))
                previous = Tensor(tid)
            return refs
        ends = [o.id for o in (model.outputs.items if isinstance(model.outputs, Items) else (model.outputs,))
                if isinstance(o, Tensor)]
        graph, found = self.graph, []
        for cid in graph.calls_into(ends):
            call = graph.call(cid)
            if call.parent is not None:
                continue  # inside a nested model or custom layer: not one of this model's layers
            by_index = {graph.edge(t, cid)["index"]: t for t in graph.predecessors(cid)}
            made = [t for t in graph.successors(cid) if graph.edge(cid, t).get("index") == 0]
            ins = [Tensor(by_index[i]) for i in sorted(by_index)]
            name = call.fact.config.get("name")
            found.append((name if isinstance(name, str) else None,
                          LayerRef(ins[0] if len(ins) == 1 else Items(tuple(ins), True),
                                   Tensor(made[0]) if made else Unknown("the layer's output is not known"))))
        return found

    def code(self, node: cst.CSTNode) -> str:
        return self.parsed.code(node)

    def quoted(self, template: str, node: cst.CSTNode) -> Unknown:
        """`Unknown` with a reason quoting `node` (`template` has one `{}`), made only if shown."""
        return Unknown.quoting(template, self.parsed.code, node)

    def eval(self, node: cst.BaseExpression, frame: Frame) -> Obj:
        meter = self._meter  # `spend`, written out (`StepMeter.reached`): 200,000 calls a run
        meter.steps += 1
        if meter.steps >= meter.due and not meter.reached():
            raise BudgetExceeded(f"more than {MAX_EVALS} expressions evaluated")
        # On the node's exact class (libcst's node classes are final): a class pattern that
        # fails costs a call of ABCMeta.__instancecheck__, millions per run, and a `match`
        # compares the class with each case in turn (tests/test_node_dispatch.py).
        kind = type(node)
        if kind is cst.Name:
            # A name the frame binds itself (a third of what is evaluated): `_name`'s first
            # answer, without its call. `None`, `True` and `False` are never bound.
            found = frame.vars.get(node.value)  # type: ignore[attr-defined]
            if found is not None:
                return found
        elif kind in _LITERALS:  # a fifth of what is evaluated: the Evaluator's answer, without `_literal`'s call
            return self.evaluator.evaluate(node)
        handler = self._handlers.get(kind)
        if handler is not None:
            return handler(node, frame)
        return self.quoted("`{}` is not a static value", node)

    def _dispatch(self) -> dict[type, Callable[[Any, Frame], Obj]]:
        """`eval`'s handler for each node class, bound to this interpreter (a subclass's
        `call` included)."""
        literal = self._literal
        return {
            cst.Name: self._name, cst.Attribute: self._attribute, cst.Call: self.call,
            cst.Tuple: self._sequence, cst.List: self._sequence, cst.Subscript: self._subscript,
            cst.BinaryOperation: self._binary, cst.UnaryOperation: self._unary,
            cst.Comparison: self._comparison, cst.BooleanOperation: self._boolean, cst.IfExp: self._if_exp,
            cst.ListComp: self._list_comp, cst.NamedExpr: self._named,
            cst.Integer: literal, cst.Float: literal, cst.Imaginary: literal, cst.SimpleString: literal,
            cst.ConcatenatedString: literal,
        }

    def _literal(self, node: cst.BaseExpression, frame: Frame) -> Obj:
        return self.evaluator.evaluate(node)

    def _binary(self, node: cst.BinaryOperation, frame: Frame) -> Obj:
        return self.binop(node.operator, self.eval(node.left, frame), self.eval(node.right, frame), node, frame)

    def _named(self, node: cst.NamedExpr, frame: Frame) -> Obj:
        value = self.eval(node.value, frame)
        self.bind(node.target, value, frame)
        return value

    # names and attributes -------------------------------------------------------------

    def eval_bound(self, node: cst.Name, bound: Obj) -> Obj:
        """`eval(node, frame)` for a name `frame.lookup` just found bound to `bound`: the
        same step counted, the same value, without looking the name up again."""
        meter = self._meter  # as in `eval`
        meter.steps += 1
        if meter.steps >= meter.due and not meter.reached():
            raise BudgetExceeded(f"more than {MAX_EVALS} expressions evaluated")
        name = node.value
        return Const(_CONSTANTS[name]) if name in _CONSTANTS else bound

    def _name(self, node: cst.Name, frame: Frame) -> Obj:
        name = node.value
        if name in _CONSTANTS:
            return Const(_CONSTANTS[name])
        found = frame.lookup(name)  # not the frame's own (`eval` looked there first): an outer one's
        if found is not None:
            return found
        if self.unbound_local(node):
            return Unknown(f"`{node.value}` is not known here")
        defined = self.project_object(node)
        return defined if defined is not None else self.evaluator.evaluate(node)

    def unbound_local(self, node: cst.Name) -> bool:
        """A function's local the interpreter did not bind. The Evaluator would answer with
        a parameter default, which is a guess in a call with other arguments. Read once per
        node and module read (the scopes are the module's alone), not on each pass of a loop."""
        kept = self._locals.get(id(node))
        if kept is None or kept[1] is not self.parsed:
            scope = self.parsed.scopes.get(node)
            local = scope is not None and scope.kind in ("function", "comprehension") and \
                bool(scope.assignments[node.value])
            kept = self._locals[id(node)] = (node, self.parsed, local)  # the node kept: its id stays its own
        return kept[2]

    def _attribute(self, node: cst.Attribute, frame: Frame) -> Obj:
        owner_node = node.value
        root = owner_node
        while type(root) is cst.Attribute:  # exact classes, as in `eval`
            root = root.value  # type: ignore[attr-defined]
        bound = frame.lookup(root.value) if type(root) is cst.Name else None  # type: ignore[attr-defined]
        if bound is not None and root is owner_node:
            # `x.shape`, `self.units`: the owner is the value just looked up (`eval_bound`).
            meter = self._meter  # `eval_bound`, written out: its step, and the value (a name bound here is no constant)
            meter.steps += 1
            if meter.steps >= meter.due and not meter.reached():
                raise BudgetExceeded(f"more than {MAX_EVALS} expressions evaluated")
            found = self.member(bound if owner_node.value not in _CONSTANTS else Const(_CONSTANTS[owner_node.value]),  # type: ignore[attr-defined]
                                node.attr.value, node)
            return self._config(node, found) if type(found) is Unknown else found
        if type(root) is cst.Name and bound is None:
            module = self.dataset_module(node)  # type: ignore[attr-defined]  # `tf.keras.datasets.mnist`
            if module is not None:
                return module
            if root is owner_node:  # `name.attr`, the name not bound here
                if owner_node.value in ("self", "cls") or self.unbound_local(owner_node):  # type: ignore[attr-defined]
                    return self.quoted("`{}` is not known here", node)
                defined = self.project_object(node)  # `blocks.Block`
                return defined if defined is not None else self.evaluator.evaluate(node)  # `config.UNITS`
        found = self.member(self.eval(owner_node, frame), node.attr.value, node)
        return self._config(node, found) if type(found) is Unknown and type(owner_node) is cst.Name else found

    def _config(self, node: cst.Attribute | cst.Subscript, unknown: Unknown) -> Obj:
        """`cfg["units"]`, `config.hidden`: a config built in this file, which the
        interpreter holds no value for; read by the Evaluator, defaults a run may change
        left out (shapes are facts). A `None` found there stays unknown: a config's or an
        `__init__` parameter's `None` (`def __init__(self, n_features=None)`) is a value still
        to be set, not the dynamic size `Input(shape=(None,))` writes."""
        value = facts_only(self.evaluator.evaluate(node))
        return unknown if isinstance(value, Unknown) or (isinstance(value, Const) and value.value is None) else value

    def member(self, owner: Obj, attr: str, node: cst.CSTNode) -> Obj:
        kind = type(owner)
        if kind is Unknown:  # none of the kinds below
            return owner
        if kind is Instance and attr in owner.attrs:  # `self.units`: the owner most often met
            return owner.attrs[attr]  # type: ignore[union-attr]
        if isinstance(owner, Array):
            return self.array_attribute(owner, attr)  # type: ignore[attr-defined]  # model/array_calls.py
        if isinstance(owner, Instance):
            if attr in owner.attrs:
                return owner.attrs[attr]
            method = owner.cls.method(attr)
            if method is not None:
                return FunctionRef(method, owner.cls.closure_of(method), owner)
            return self._class_constant(owner.cls, attr)
        if isinstance(owner, ClassRef):
            return self._class_constant(owner, attr)
        if isinstance(owner, Tensor):
            return self._tensor_attribute(owner, attr)
        if isinstance(owner, LayerRef) and attr in ("input", "output"):
            return owner.input if attr == "input" else owner.output
        if isinstance(owner, (SequentialModel, FunctionalModel)) and attr == "layers":
            refs = self.model_layers(owner)
            return Unknown("the model's layers are not known") if refs is None else \
                Items(tuple(ref for _, ref in refs), True)
        if isinstance(owner, SequentialModel) and attr in ("input", "inputs", "output", "outputs"):
            io = self.sequential_io(owner)
            if io is None:
                return Unknown("the Sequential model's input is not declared")
            start, outputs = io
            tensor = Tensor(start if attr.startswith("input") else outputs[-1][1] if outputs else start)
            return tensor if attr in ("input", "output") else Items((tensor,), True)
        if isinstance(owner, FunctionalModel):
            return _model_attribute(owner, attr)
        if isinstance(owner, Unknown):
            return owner
        if isinstance(owner, Const) and attr == "value":
            # TF 1 `x.shape[-1].value`: a Dimension's size (None when not known); an enum
            # member's value (`Pad.SAME.value`), which the Evaluator gives for the member.
            return owner
        return self.quoted("`{}` is not modelled", node)

    def _class_constant(self, cls: ClassRef, attr: str) -> Obj:
        value = cls.constant(attr)
        # A class (or a base class) of another module: its constants are read there.
        unit = cls.closure_of(value).module_unit() if value is not None else None
        evaluator = unit.evaluator if unit is not None else self.evaluator
        return evaluator.evaluate(value) if value is not None else Unknown(f"`{attr}` is not known")

    def _tensor_attribute(self, tensor: Tensor, attr: str) -> Obj:
        node = self.graph.tensor(tensor.id)
        if node.shape is None:
            return Unknown("the tensor's shape is not known")
        if attr == "ndim":
            return Const(len(node.shape))
        if attr == "shape":
            # Known sizes are certain; a `None` is dynamic only if the shape is exact.
            return Seq(tuple(Const(d) if d is not None or node.exact else Unknown("size not known")
                             for d in node.shape))
        return Unknown(f"`.{attr}` of a tensor is not modelled")

    # sequences --------------------------------------------------------------------------

    def _sequence(self, node: cst.Tuple | cst.List, frame: Frame) -> Obj:
        items: list[Obj] = []
        for element in node.elements:
            value = self.eval(element.value, frame)
            if type(element) is cst.StarredElement:  # exact classes, as in `eval`
                spread = iterate(value)
                if spread is None:
                    return Unknown("a starred element that is not static")
                items.extend(spread)
            else:
                items.append(value)
        # `(t, t, t)` nested 30 deep is 3 ** 30 values. Most sequences hold no sequence:
        # then their size is their length (`budget.size`), with no walk.
        # A flat one is made here, as `make_sequence` makes it: a Seq unless it holds a tensor.
        if len(items) <= budget.MAX_ELEMENTS:
            values = True
            for item in items:
                kind = type(item)
                if kind not in _FLAT:
                    break
                if kind is Tensor:
                    values = False
            else:
                return (Seq if values else Items)(tuple(items), type(node) is cst.List)  # type: ignore[arg-type]
        if budget.too_many(items):
            return Unknown("a sequence too large to follow")
        return make_sequence(items, type(node) is cst.List)

    def _subscript(self, node: cst.Subscript, frame: Frame) -> Obj:
        base = self.eval(node.value, frame)
        if isinstance(base, Tensor):
            return self.tensor_subscript(base, node, frame)
        if isinstance(base, Array):
            return self.array_subscript(base, node, frame)  # type: ignore[attr-defined]  # model/array_calls.py
        if isinstance(base, Unknown) and type(node.value) is cst.Name:
            return self._config(node, base)
        if len(node.slice) != 1 or not isinstance(base, (Seq, Items)):
            return base if isinstance(base, Unknown) else self.quoted("`{}` is not modelled", node)
        part = node.slice[0].slice
        if type(part) is cst.Index:
            key = self.eval(part.value, frame)
            if isinstance(key, Const) and type(key.value) is int and -len(base.items) <= key.value < len(base.items):
                return base.items[key.value]
            return Unknown("an index that is not static or out of range")
        bounds: list[int | None] = []
        for bound in (part.lower, part.upper, part.step):
            value = self.eval(bound, frame) if bound is not None else Const(None)
            if not isinstance(value, Const) or not (value.value is None or type(value.value) is int):
                return Unknown("a slice that is not static")
            bounds.append(value.value)  # type: ignore[arg-type]
        if bounds[2] == 0:
            return Unknown("a zero slice step")
        sliced = make_sequence(list(base.items[slice(*bounds)]), getattr(base, "is_list", False))
        if isinstance(base, Seq) and base.tensor and isinstance(sliced, Seq):
            return dataclasses.replace(sliced, tensor=True)  # `tf.stack(...)[1:]` is a tensor too
        return sliced

    # operators --------------------------------------------------------------------------

    def binop(self, op: cst.BaseBinaryOp, left: Obj, right: Obj, node: cst.CSTNode, frame: Frame) -> Obj:
        if isinstance(left, (Array, Dataset)) or isinstance(right, (Array, Dataset)):
            if type(op) is cst.MatrixMultiply:  # exact classes, as in `eval`
                return self.array_matmul(left, right, node)  # type: ignore[attr-defined]  # model/array_calls.py
            return self.array_binop(left, right, node)  # type: ignore[attr-defined]  # model/array_calls.py
        if isinstance(left, VALUE_KINDS) and isinstance(right, VALUE_KINDS):  # `is_value`, written out
            if (isinstance(left, Seq) and left.tensor) or (isinstance(right, Seq) and right.tensor):
                return shape_ops.vector_arithmetic(self.code(node), BINARY_OPERATORS.get(type(op)),  # type: ignore[arg-type]
                                                   left, right)
            return self.arithmetic(op, left, right)
        tensors = [o for o in (left, right) if isinstance(o, Tensor)]
        ranks = {len(s) if s is not None else None for s in (self.graph.tensor(t.id).shape for t in tensors)}
        if len(tensors) == 2 and type(op) in _ELEMENTWISE and (len(ranks) == 2 or ranks == {0}):
            # Operands of different ranks broadcast right-aligned, as `tf.add` does (the
            # Keras merge layer would expand the smaller one at axis 1); two scalars (a sum
            # of losses) add as numbers, where the merge layer fails on their empty shapes.
            return self.elementwise(_ELEMENTWISE[type(op)].lower(), node, tensors, frame)
        if len(tensors) == 2 and type(op) is cst.MatrixMultiply:
            return self.tensor_matmul(node, tensors, frame)  # type: ignore[attr-defined]  # model/tf_calls.py
        if len(tensors) == 2 and type(op) in _ELEMENTWISE:
            spec = LayerSpec(_ELEMENTWISE[type(op)], node)
            return Tensor(self.graph.apply(spec, [t.id for t in tensors], parent=frame.composite)[0])
        if len(tensors) == 1:
            other = right if tensors[0] is left else left
            if isinstance(other, Const) and isinstance(other.value, (int, float)) \
                    and type(op) is not cst.MatrixMultiply:
                return Tensor(self.graph.passthrough(self.code(node), node, tensors[0].id, parent=frame.composite))
            return Tensor(self.graph.opaque(self.code(node), node, [tensors[0].id],
                                            "tensor arithmetic noiselint does not model", frame.composite))
        if isinstance(left, (Seq, Items)) and isinstance(right, (Seq, Items)) and isinstance(op, cst.Add):
            if budget.too_many([left, right]):
                return Unknown("a sequence too long to follow")
            return make_sequence([*left.items, *right.items], getattr(left, "is_list", False))
        return self.quoted("`{}` is not a static value", node)

    def arithmetic(self, op: cst.BaseBinaryOp | cst.BaseUnaryOp, *values: Obj) -> Value:
        """Evaluate an operation on static values by handing the Evaluator literal nodes:
        `op` on two values is a binary operation, on one a unary one. Loops and functions
        called again do the same arithmetic again: the Evaluator answers it by the values'
        `literal_key`s, and the nodes are built only for its first answer."""
        keys = []
        for v in values:
            key = literal_key(v)
            if key is None:  # no literal for the rest is needed
                return next((v for v in values if isinstance(v, Unknown)), Unknown("not a static value"))
            keys.append(key)

        def build() -> cst.BaseExpression:
            literals = [literal(v) for v in values]
            if len(literals) == 2:
                return cst.BinaryOperation(left=literals[0], operator=op, right=literals[1])  # type: ignore[arg-type]
            return cst.UnaryOperation(operator=op, expression=literals[0])  # type: ignore[arg-type]

        return self.evaluator.evaluate_built((type(op), *keys), build)

    def _unary(self, node: cst.UnaryOperation, frame: Frame) -> Obj:
        value = self.eval(node.expression, frame)
        if type(node.operator) is cst.Not:
            known = truth(value)
            return Const(not known) if known is not None else Unknown("a condition that is not static")
        if isinstance(value, Tensor):
            return Tensor(self.graph.passthrough(self.code(node), node, value.id, parent=frame.composite))
        return self.arithmetic(node.operator, value)

    def _comparison(self, node: cst.Comparison, frame: Frame) -> Obj:
        left = self.eval(node.left, frame)
        first: Obj | None = None  # the first comparator, evaluated once
        if len(node.comparisons) == 1 and type(node.comparisons[0].operator) in _ELEMENTWISE_COMPARISONS:
            first = self.eval(node.comparisons[0].comparator, frame)
            if isinstance(left, Array) or isinstance(first, Array):
                # `y == 1`: NumPy compares elementwise, a boolean array of the broadcast shape
                return self.array_binop(left, first, node)  # type: ignore[attr-defined]  # model/array_calls.py
        for target in node.comparisons:
            right = first if first is not None else self.eval(target.comparator, frame)
            first = None
            result = compare(target.operator, left, right)
            if result is None:
                return Unknown("a comparison that is not static")
            if not result:
                return Const(False)
            left = right
        return Const(True)

    def _boolean(self, node: cst.BooleanOperation, frame: Frame) -> Obj:
        left = self.eval(node.left, frame)
        known = truth(left)
        if known is None:
            return Unknown("a condition that is not static")
        if known is (type(node.operator) is cst.Or):
            return left  # `True or ...`, `False and ...`
        return self.eval(node.right, frame)

    def _if_exp(self, node: cst.IfExp, frame: Frame) -> Obj:
        known = truth(self.eval(node.test, frame))
        if known is not None:
            return self.eval(node.body if known else node.orelse, frame)
        return self.join(self.eval(node.body, frame), self.eval(node.orelse, frame))

    def _list_comp(self, node: cst.ListComp, frame: Frame) -> Obj:
        loop = node.for_in
        items = iterate(self.eval(loop.iter, frame))
        if loop.inner_for_in is not None or items is None or len(items) > MAX_UNROLL:
            return Unknown("a comprehension noiselint cannot unroll")
        inner = Frame(frame, frame.function, frame.composite, frame.depth)
        inner.inherit(frame)
        results: list[Obj] = []
        held = 0  # values in `results`, nested ones counted
        for item in items:
            self.bind(loop.target, item, inner, names=False)
            keep = [truth(self.eval(test.test, inner)) for test in loop.ifs]
            if None in keep:
                return Unknown("a comprehension filter that is not static")
            if all(keep):
                results.append(self.eval(node.elt, inner))
                held += 1 + budget.size(results[-1])
                # e.g. a 128 x 256 grid of values: the first row tells the size of the rest.
                if held > budget.MAX_ELEMENTS or held * len(items) > budget.MAX_ELEMENTS * len(results):
                    return Unknown("a comprehension too large to follow")
        return make_sequence(results, True)

    # binding ------------------------------------------------------------------------------

    def bind(self, target: cst.BaseExpression, value: Obj, frame: Frame, names: bool = True) -> None:
        """Bind `target` to `value`; `names` False for a loop variable, which walks values
        made elsewhere and must not name their rows in `noiselint shapes`."""
        # Exact classes, as in `eval`: a target is most often a name, and a failed
        # `isinstance` against a libcst class is a call of ABCMeta.__instancecheck__.
        kind = type(target)
        if kind is cst.Name:
            if type(value) is Unknown:  # the value most often bound: nothing to rename or name
                frame.vars[target.value] = value
                return
            if isinstance(value, (Array, Dataset)):
                value = dataclasses.replace(value, name=target.value)  # messages name the variable passed
            frame.vars[target.value] = value
            if names:
                self._name_value(value, target.value)
        elif kind is cst.Tuple or kind is cst.List:
            items = iterate(value)
            if items is not None and len(items) != len(target.elements):
                items = None
            for i, element in enumerate(target.elements):
                if type(element) is cst.StarredElement or items is None:
                    part: Obj = Unknown("unpacked from a value that is not static")
                else:
                    part = items[i]
                self.bind(element.value, part, frame, names)
        elif kind is cst.Attribute:
            # `self.cfg.units = 16` sets an attribute of the object `self.cfg` holds, as `cfg.units` does.
            owner = self.eval(target.value, frame) if isinstance(target.value, (cst.Name, cst.Attribute)) else None
            if isinstance(owner, (Array, Dataset)) and isinstance(target.value, cst.Name):
                frame.vars[target.value.value] = Unknown("an array changed in place (`x.shape = ...`)")
            if isinstance(owner, Instance):
                self._set_attribute(owner, target.attr.value, value, frame)

    def _set_attribute(self, owner: Instance, attr: str, value: Obj, frame: Frame) -> None:
        if frame.shares(owner.born) and owner.attrs.get(attr) != value:
            value = Unknown(f"`self.{attr}` is set where noiselint cannot tell whether it runs")
        owner.attrs[attr] = value

    def _name_value(self, value: Obj, name: str) -> None:
        if isinstance(value, Tensor):
            self.graph.name(value.id, name)
        elif isinstance(value, (SequentialModel, FunctionalModel, Instance)) and value.name is None:
            value.name = name

    def join(self, a: Obj, b: Obj) -> Obj:
        """What is certain of a value that is `a` on one path and `b` on another."""
        if a is b or a == b:
            return a
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            return Tensor(self.graph.join(a.id, b.id))
        if isinstance(a, (Items, Seq)) and isinstance(b, (Items, Seq)) and len(a.items) == len(b.items):
            joined = [self.join(x, y) for x, y in zip(a.items, b.items, strict=True)]
            return make_sequence(joined, getattr(a, "is_list", False))
        return Unknown("it differs between branches noiselint cannot decide")


def make_sequence(items: list[Obj], is_list: bool) -> Seq | Items:
    for item in items:
        if not isinstance(item, VALUE_KINDS):  # as `is_value`, without a call per item
            return Items(tuple(items), is_list)
    return Seq(tuple(items), is_list)  # type: ignore[arg-type]


def iterate(obj: Obj) -> list[Obj] | None:
    """The elements of a static sequence, else None."""
    if isinstance(obj, (Seq, Items)):
        return list(obj.items)
    return None


def _model_attribute(model: FunctionalModel, attr: str) -> Obj:
    if attr == "output":
        return model.outputs  # the structure the model was given, as Keras 3 gives it
    if attr == "outputs":  # a list, even of one tensor: `model.outputs[0]` is the tensor
        return Items((model.outputs,), True) if isinstance(model.outputs, Tensor) else model.outputs
    if attr in ("input", "inputs"):
        tensors = [Tensor(t) for t in model.inputs]
        return tensors[0] if attr == "input" and len(tensors) == 1 else Items(tuple(tensors), True)
    return Unknown(f"`.{attr}` of a model is not modelled")


def literal(value: Obj) -> cst.BaseExpression | None:
    """A static value as a literal node the Evaluator can read, or None."""
    if not isinstance(value, (Const, Seq)) or (isinstance(value, Seq) and value.tensor):
        return None  # a shape op's tensor has no literal: as a list, `+` would join it
    if isinstance(value, Seq):
        elements = [literal(i) for i in value.items]
        if any(e is None for e in elements):
            return None
        kind = cst.List if value.is_list else cst.Tuple
        return kind([cst.Element(e) for e in elements])  # type: ignore[arg-type]
    v = value.value
    key = (type(v), v)
    found = _SCALARS.get(key)
    if found is None:
        found = _scalar(v)
        if found is not None and len(_SCALARS) < _MAX_SCALARS:
            _SCALARS[key] = found
    return found


def literal_key(value: Obj) -> Hashable | None:
    """What `literal(value)` is made of, without making it: values with equal keys have
    equal literals. None when `literal` gives None."""
    if type(value) is Const:  # exact classes: Const and Seq have no subclasses
        v = value.value
        key = (type(v), v)
        if key in _SCALARS:  # `literal`'s own first look, without the call
            return key
        return key if literal(value) is not None else None
    if type(value) is Seq and not value.tensor:
        keys = tuple(literal_key(i) for i in value.items)
        return None if None in keys else ("seq", value.is_list, keys)
    return None


# Scalar literals made before, by type and value: libcst validates each node it makes, and
# loops do the same arithmetic again and again. Nodes are immutable, so one can be shared.
_SCALARS: dict[tuple[type, object], cst.BaseExpression] = {}
_MAX_SCALARS = 4096


def _scalar(v: object) -> cst.BaseExpression | None:
    if v is None or isinstance(v, bool):
        return cst.Name(str(v))
    if isinstance(v, str):
        return cst.SimpleString(repr(v))
    if isinstance(v, (int, float)) and not (isinstance(v, float) and not math.isfinite(v)):
        node: cst.BaseExpression = cst.Integer(str(abs(v))) if isinstance(v, int) else cst.Float(repr(abs(v)))
        return cst.UnaryOperation(cst.Minus(), node) if v < 0 else node
    return None


def compare(op: cst.BaseCompOp, left: Obj, right: Obj) -> bool | None:
    kind = type(op)  # exact classes, as in `eval`
    if kind is cst.Is or kind is cst.IsNot:
        same: bool | None = None
        if isinstance(left, Const) and isinstance(right, Const) and (left.value is None or right.value is None):
            same = left.value is right.value
        elif Const(None) in (left, right) and not any(isinstance(o, Unknown) for o in (left, right)):
            same = False  # an object (tensor, layer, sequence) is not None
        return same if same is None or kind is cst.Is else not same
    if kind is cst.In or kind is cst.NotIn:
        if not (isinstance(left, Const) and isinstance(right, Seq)
                and all(isinstance(i, Const) for i in right.items)):
            return None
        found = any(left.value == i.value for i in right.items)  # type: ignore[union-attr]
        return found if kind is cst.In else not found
    compare_op = _COMPARE.get(type(op))
    if compare_op is None or not (isinstance(left, Const) and isinstance(right, Const)):
        return None
    try:
        return bool(compare_op(left.value, right.value))
    except TypeError:
        return None
