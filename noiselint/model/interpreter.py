"""The model-code interpreter: walks a module's statements once, in order, running the
builder functions it calls (with their arguments bound), unrolling loops over static
iterables, and following `if`s it can decide; for those it cannot, both branches run and
what they disagree on becomes unknown. Layer calls land in the ModelGraph. Nothing is
imported or executed: this is a reading of the code, never a run of it."""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import reduce
from pathlib import Path
from typing import Any

from noiselint import budget
from noiselint.model.calls import KerasCalls, _tensors
from noiselint.model.data_values import Array
from noiselint.model.exprs import MAX_UNROLL, Args, iterate, make_sequence
from noiselint.model.graph import BudgetExceeded
from noiselint.model.values import (
    ClassRef,
    Frame,
    FunctionalModel,
    FunctionRef,
    InputLayerObj,
    Instance,
    LayerObj,
    Obj,
    SequentialModel,
    Tensor,
    Unit,
    to_shape,
    truth,
)
from noiselint.shapes.catalog import is_keras_layer_name, keras_kind, layer_class
from noiselint.sites.dropout import Sites, find_sites
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.syntax.walk import child_nodes
from noiselint.values.kinds import Const, Unknown

MAX_DEPTH = 16  # nested builder calls; deeper is treated as unknown (recursion, or worse)
# Statements run in one file, unrolled loops and other modules' code included. Of 4,236 files
# of real code and fixtures, 97% run under 5,000 and 0.8% over 30,000: the latter are framework
# internals and their tests (returnn, keras-cv), where the model code runs on into the
# framework's engine; at 50,000 they were two thirds of returnn's time.
MAX_STEPS = 30_000
# Statements an unrolled loop may run before its remaining passes are followed as a loop of
# unknown length, once a pass has applied no layer or model that was not applied before.
# Training loops around model calls (`for epoch in range(30)`) ran tens of thousands and were
# a third of a cold run; loops that build a model apply new layers on every pass. At 2,000
# (session 7) keras-io ran 114,909 statements; at 500, 101,823, with the same findings on
# every corpus (docs/speed.md, session 8). Since session 10 the loop is cut at its first such
# pass if, at that pass's cost, the passes left would take it past LOOP_STEPS before its last
# (`Interpreter._for`): keras-io 201,355 -> 179,439 statements. A lower LOOP_STEPS cuts
# loops that build layers without applying them (focal_modulation_network's BasicLayers).
LOOP_STEPS = 500
# Statements a module's run of what it defines but never runs (`_finish`) may start: past them,
# the rest is left unrun. A model zoo's module (ResNet18 built, ResNet34-152 defined) ran each
# variant on unknown arguments: 12,434 statements after its own 848 (non-local-nets, 0.5 s
# of a 4-file tree). Each run on unknown arguments finds what holds for any of them; leaving
# one out can only lose a finding, never make one.
SPECULATIVE_STEPS = 3_000
_STOPS = ("return", "raise")


class Unmodelled(Exception):
    """Strict mode (tests): a statement the interpreter does not model."""


class _Signature:
    """What binding a call's arguments reads of the function's definition alone (its
    decorators, its parameters in order): read once per function, not on each call."""

    __slots__ = ("every", "node", "of_class", "ordered", "static")

    def __init__(self, node: cst.FunctionDef, code: Callable[[cst.CSTNode], str]) -> None:
        self.node = node  # kept, so that its id (the key) is not reused
        decorators = {code(d.decorator) for d in node.decorators}
        self.static = "staticmethod" in decorators
        self.of_class = "classmethod" in decorators
        params = node.params
        # The positional parameters' count, and each parameter's name and default.
        self.ordered = len(params.posonly_params) + len(params.params)
        self.every: tuple[tuple[str, cst.BaseExpression | None], ...] = tuple(
            (p.name.value, p.default) for p in (*params.posonly_params, *params.params, *params.kwonly_params))


class Interpreter(KerasCalls):
    strict = False

    def interpret(self) -> None:
        self.called: set[cst.FunctionDef] = set()
        self._closures: list[Frame] = []  # each frame a def or class ran in (`release`)
        # The functions running now, by id (each node is alive in its tree while it runs): a set
        # of nodes hashes each through libcst's Python-level `__hash__`, three times a call.
        self._running: set[int] = set()
        self.instances: list[Instance] = []
        self._classes: list[ClassRef] = []
        self._steps = 0
        self._speculation_ends = MAX_STEPS  # set when `_finish` begins
        self._assigned: dict[cst.CSTNode, frozenset[str]] = {}
        self._home = Unit(self.parsed, self.evaluator)
        self._units: dict[str, Unit | None] = {}
        self.compiled = {}  # model id -> its `compile` (model/data_calls.py)
        self._refs: dict[cst.CSTNode, Obj] = {}
        # `project_object`'s answers, by id of the node: (node, the module read, answer).
        self._projected: dict[int, tuple[cst.CSTNode, ParsedModule, Obj | None]] = {}
        self._signatures: dict[int, _Signature] = {}  # by id of the function node, which each keeps
        self._rebinds: dict[int, tuple[cst.FunctionDef, tuple[tuple[str, bool], ...]]] = {}  # likewise
        frame = Frame(None)
        frame.unit = self._home
        if budget.clocking():  # `--verbose`: which top-level statement the time went to
            self._clocked_block(self.parsed.module.body, frame)
        else:
            self.block(self.parsed.module.body, frame)
        self._finish(frame)

    def release(self) -> None:
        """Once the module is read: drop the tables that hold this interpreter's own bound
        methods (`eval`'s handlers, the call plans' and routes' steps), which make it a cycle
        with everything it reached. Without them the file's objects go by reference counting
        when the file is done, and the collection after each file (`heap.file_done`) need not
        walk them (docs/speed.md, "Session 10: cycles")."""
        self._handlers = {}
        self._plans = {}
        self._routes = {}
        self._projected = {}
        # A frame a def or class ran in binds the function or class (or returns it), whose
        # closure is the frame: a cycle holding the module's frame, and with it its trees.
        for frame in self._closures:
            frame.vars.clear()
            frame.returns.clear()
        self._closures.clear()

    def _clocked_block(self, statements: Sequence[cst.BaseStatement], frame: Frame) -> None:
        """`block`, timing each statement (a call it makes is charged to it)."""
        for statement in statements:
            started = time.monotonic()
            flow = self.statement(statement, frame)
            budget.construct_took(time.monotonic() - started, lambda statement=statement: self._describe(statement))
            if flow:
                return

    def _describe(self, statement: cst.CSTNode) -> str:
        """`line N: first line of its code`, past the comments above it (part of its node)."""
        lines = [line.strip() for line in self.parsed.code(statement).splitlines()]
        first = next((line for line in lines if line and not line.startswith(("#", "@"))), "")
        return f"line {self.parsed.row(statement)}: `{first[:80]}`"

    # statements ---------------------------------------------------------------------------

    def block(self, statements: Sequence[cst.BaseStatement | cst.BaseSmallStatement], frame: Frame) -> str:
        """Run statements; the flow that ended the block ("" if it ran to its end). The one
        place a statement is run: its step counted, then its handler, on the node's exact class
        (libcst's node classes are final: a class pattern that fails costs a call of
        ABCMeta.__instancecheck__, tests/test_node_dispatch.py, and a `match` on the class
        compares it with each case in turn)."""
        for statement in statements:
            self._steps += 1
            if self._steps > MAX_STEPS:
                raise BudgetExceeded(f"more than {MAX_STEPS} statements run")
            kind = type(statement)
            if kind is cst.SimpleStatementLine:
                # `_line`, written out (nearly every statement run is one): the line's step and
                # then each small statement's, as `block(node.body)` counts them, without two
                # calls per line.
                for small in statement.body:  # type: ignore[union-attr]
                    self._steps += 1
                    if self._steps > MAX_STEPS:
                        raise BudgetExceeded(f"more than {MAX_STEPS} statements run")
                    handler = _STATEMENTS.get(type(small))
                    flow = handler(self, small, frame) if handler is not None else self._unmodelled(small, frame)
                    if flow:
                        return flow
                continue
            handler = _STATEMENTS.get(kind)
            flow = handler(self, statement, frame) if handler is not None else self._unmodelled(statement, frame)
            if flow:
                return flow
        return ""

    def suite(self, suite: cst.BaseSuite, frame: Frame) -> str:
        return self.block(suite.body, frame)  # IndentedBlock: statements; a one-line suite: small ones

    def statement(self, node: cst.BaseStatement | cst.BaseSmallStatement, frame: Frame) -> str:
        return self.block((node,), frame)

    def _unmodelled(self, node: cst.BaseStatement | cst.BaseSmallStatement, frame: Frame) -> str:
        """A statement with no handler: refused in strict mode, else what it binds widened."""
        if self.strict:
            raise Unmodelled(type(node).__name__)
        self._widen(node, frame)
        return ""

    def _line(self, node: cst.SimpleStatementLine, frame: Frame) -> str:
        return self.block(node.body, frame)  # nearly every statement run is a small one in a line of its own

    def _assign(self, node: cst.Assign, frame: Frame) -> str:
        value = self.eval(node.value, frame)
        for target in node.targets:
            self.bind(target.target, value, frame)
        return ""

    def _ann_assign(self, node: cst.AnnAssign, frame: Frame) -> str:
        if node.value is not None:
            self.bind(node.target, self.eval(node.value, frame), frame)
        return ""

    def _aug_assign(self, node: cst.AugAssign, frame: Frame) -> str:
        op = _AUGMENTED.get(type(node.operator))
        value = self.binop(op(), self.eval(node.target, frame), self.eval(node.value, frame), node, frame) \
            if op is not None else Unknown("an augmented assignment noiselint does not model")
        self.bind(node.target, value, frame)
        return ""

    def _expr(self, node: cst.Expr, frame: Frame) -> str:
        self.eval(node.value, frame)
        return ""

    def _return(self, node: cst.Return, frame: Frame) -> str:
        frame.returns.append(self.eval(node.value, frame) if node.value is not None else Const(None))
        return "return"

    def _with(self, node: cst.With, frame: Frame) -> str:
        if _expects_error(node):
            self._widen(node, frame)  # `with self.assertRaises(...)`: code meant to raise
            return ""
        for item in node.items:
            self.eval(item.item, frame)
            if item.asname is not None:
                self.bind(item.asname.name, Unknown("a context manager's value"), frame)
        return self.suite(node.body, frame)

    def _def(self, node: cst.FunctionDef, frame: Frame) -> str:
        params = node.params
        # Python evaluates the defaults here, once: a name they read may be rebound before a call.
        defaults = {p.name.value: self.eval(p.default, frame)
                    for p in (*params.posonly_params, *params.params, *params.kwonly_params)
                    if p.default is not None}
        frame.vars[node.name.value] = FunctionRef(node, frame, defaults=defaults or None)
        self._closures.append(frame)
        return ""

    def _class_def(self, node: cst.ClassDef, frame: Frame) -> str:
        frame.vars[node.name.value] = self._class(node, frame)
        return ""

    def _del(self, node: cst.Del, frame: Frame) -> str:
        for name in _assigned(node):
            frame.vars.pop(name, None)
        return ""

    def _while(self, node: cst.While, frame: Frame) -> str:
        return self._unknown_loop(node, frame)

    def _if(self, node: cst.If, frame: Frame) -> str:
        known = truth(self.eval(node.test, frame))
        if known is not None:
            return self.suite(node.body, frame) if known else self._else(node.orelse, frame)
        now = self.tick()
        body, other = frame.fork("branch", now), frame.fork("branch", now)
        return self._merge(frame, [(body, self.suite(node.body, body)), (other, self._else(node.orelse, other))])

    def _else(self, orelse: cst.If | cst.Else | None, frame: Frame) -> str:
        if orelse is None:
            return ""
        return self._if(orelse, frame) if type(orelse) is cst.If else self.suite(orelse.body, frame)  # type: ignore[arg-type]  # exact: see `statement`

    def _merge(self, frame: Frame, branches: list[tuple[Frame, str]]) -> str:
        """Continue after branches noiselint could not choose between."""
        live = [(f, flow) for f, flow in branches if flow not in _STOPS]
        if not live:
            return "return" if any(flow == "return" for _, flow in branches) else "raise"
        frames = [f.vars for f, _ in live]
        names = {n for f in frames for n in f}
        first_vars, other_vars = frames[0], frames[1:]
        for name in names:
            first = first_vars.get(name)
            for other in other_vars:
                if other.get(name) is not first:
                    break
            else:  # the same object on every branch (most names): it is its own join
                frame.vars[name] = first  # type: ignore[assignment]
                continue
            values = [f.get(name) for f in frames]
            frame.vars[name] = reduce(self.join, values) if None not in values else \
                Unknown(f"`{name}` is only set on some branches")  # type: ignore[arg-type]
        flows = {flow for _, flow in live}
        return flows.pop() if len(flows) == 1 else "abandon"

    def _for(self, node: cst.For, frame: Frame) -> str:
        items = iterate(self.eval(node.iter, frame))
        if items is None or len(items) > MAX_UNROLL or node.asynchronous is not None:
            return self._unknown_loop(node, frame)
        started, layers, last = self._steps, -1, self._steps
        for left in range(len(items), 0, -1):
            item = items[-left]
            # Once a pass applied no layer or model not applied before, the loop is cut where
            # it would reach its budget before its last pass if every pass left cost what
            # that one did: a loop that would be cut later is cut now, before those passes
            # are paid for.
            if self.graph.layers_applied == layers and \
                    self._steps - started + (self._steps - last) * (left - 1) > LOOP_STEPS:
                # What the passes so far did is exact; the rest is a loop of unknown length
                # from there, which is sound for any number of further passes.
                return self._unknown_loop(node, frame)
            layers, last = self.graph.layers_applied, self._steps
            self.bind(node.target, item, frame, names=False)
            flow = self.block(node.body.body, frame)  # `suite`, without its call
            if flow == "break":
                return ""
            if flow == "abandon":
                self._widen(node, frame)
                return ""
            if flow in _STOPS:
                return flow
        return self.suite(node.orelse.body, frame) if node.orelse is not None else ""

    def _unknown_loop(self, node: cst.For | cst.While, frame: Frame) -> str:
        """A loop that cannot be unrolled: its body runs once, on values widened to
        unknown, so the sites inside are seen; what it assigns is unknown afterwards."""
        if isinstance(node, cst.While) and truth(self.eval(node.test, frame)) is False:
            return self.suite(node.orelse.body, frame) if node.orelse is not None else ""
        self._widen(node, frame)
        inner = frame.fork("loop", self.tick())
        if isinstance(node, cst.For):
            self.bind(node.target, Unknown("a loop variable noiselint cannot unroll"), inner)
        self.suite(node.body, inner)
        self._widen(node, frame)
        for name, value in inner.vars.items():
            # Changed by a call rather than assigned (`names.append(d)`): after a loop of
            # unknown length it holds any number of items, never just what one pass added.
            if name in frame.vars and frame.vars[name] is not value:
                frame.vars[name] = Unknown(f"`{name}` changes in a loop noiselint cannot unroll")
        return ""

    def _try(self, node: cst.Try, frame: Frame) -> str:
        if not node.handlers:
            flow = self.suite(node.body, frame)
        else:
            now = self.tick()
            body = frame.fork("", now)
            branches = [(body, self.suite(node.body, body) or
                         (self.suite(node.orelse.body, body) if node.orelse is not None else ""))]
            for handler in node.handlers:
                other = frame.fork("branch", now)
                self._widen(node.body, other)
                branches.append((other, self.suite(handler.body, other)))
            flow = self._merge(frame, branches)
        if node.finalbody is not None:
            return self.suite(node.finalbody.body, frame) or flow
        return flow

    def _widen(self, node: cst.CSTNode, frame: Frame) -> None:
        if node not in self._assigned:
            walrus = self.parsed.memo.get("walrus")
            if walrus is None:
                walrus = self.parsed.memo["walrus"] = ":=" in self.parsed.source.text
            self._assigned[node] = frozenset(_assigned(node, expressions=bool(walrus)))
        for name in self._assigned[node]:
            frame.vars[name] = Unknown(f"`{name}` changes where noiselint cannot follow")

    def _class(self, node: cst.ClassDef, frame: Frame) -> ClassRef:
        keras = None
        bases: list[ClassRef] = []
        for arg in node.bases:
            base = self.eval(arg.value, frame) if isinstance(arg.value, cst.Name) and \
                frame.lookup(arg.value.value) is not None else None
            if base is None and isinstance(arg.value, (cst.Name, cst.Attribute)):
                base = self.project_object(arg.value)  # a base class from another module
            if isinstance(base, ClassRef):
                bases.append(base)
                keras = keras or base.keras
            for qualified in self.parsed.qualified_names(arg.value):
                kind = keras_kind(qualified)
                if kind in ("Model", "Sequential"):
                    keras = "Model"
                elif kind == "Layer" or layer_class(qualified) or is_keras_layer_name(qualified):
                    keras = keras or "Layer"
        ref = ClassRef(node, keras, tuple(bases), frame)  # type: ignore[arg-type]
        self._classes.append(ref)
        self._closures.append(frame)
        return ref

    # other modules of the project ----------------------------------------------------------

    @contextmanager
    def inside(self, frame: Frame) -> Iterator[None]:
        """Read code of the module `frame` belongs to: its names, scopes and constants."""
        unit = frame.module_unit() or self._home
        saved = self.parsed, self.evaluator
        self.parsed, self.evaluator = unit.parsed, unit.evaluator
        try:
            yield
        finally:
            self.parsed, self.evaluator = saved

    def project_object(self, node: cst.Name | cst.Attribute) -> Obj | None:
        """A function or class that another module of the project defines (or, while reading
        such a module, that module's own), as if it were defined here. What a node names
        depends on the node and the module read alone, never on a frame, and each answer is
        made once (`_reference`): kept by node, for the calls a loop or a builder called
        again evaluates anew."""
        key = id(node)
        kept = self._projected.get(key)
        if kept is not None and kept[1] is self.parsed:
            return kept[2]
        found = self._project_object(node)
        self._projected[key] = (node, self.parsed, found)  # the node kept, so that its id is not reused
        return found

    def _project_object(self, node: cst.Name | cst.Attribute) -> Obj | None:
        if self.parsed is not self._home.parsed and type(node) is cst.Name:  # exact class: see `statement`
            scope = self.parsed.scopes.get(node)
            if scope is not None and all(a.scope is self.parsed.scopes.get(self.parsed.module)
                                         for a in scope[node.value]):
                own = _global_definition(self.parsed, node.value)
                if own is not None:
                    return self._reference(own, self._unit(str(self.parsed.source.path)))
        if self.parsed.project is None:
            return None
        targets = self.parsed.project_targets(node)
        if not targets:  # most names: no set made for them
            return None
        found = {t for t in targets if getattr(t, "kind", "") in ("def", "class")}
        if len(found) != 1:
            return None
        target = found.pop()
        unit = self._unit(str(target.path))  # type: ignore[union-attr]
        definition = _global_definition(unit.parsed, target.name) if unit is not None else None  # type: ignore[union-attr]
        return self._reference(definition, unit) if definition is not None and unit is not None else None

    def _unit(self, path: str) -> Unit | None:
        if path not in self._units:
            view = self.parsed.project
            parsed = view.parsed(Path(path)) if view is not None else None
            evaluator = view.evaluator(Path(path)) if view is not None else None
            self._units[path] = Unit(parsed, evaluator) if parsed is not None and evaluator is not None else None
            if parsed is not None:
                self._add_sites(parsed)
        return self._units[path]

    def _add_sites(self, parsed: ParsedModule) -> None:
        """The dropout sites of another module a call reaches, so that its dropouts draw their
        masks here as in their own module (`noiselint shapes` of the caller)."""
        sites = parsed.memo.get("sites")
        if not isinstance(sites, Sites):
            sites = parsed.memo["sites"] = find_sites(parsed)
        self.sites.update({site.call: site for site in sites.calls})

    def _reference(self, node: cst.FunctionDef | cst.ClassDef, unit: Unit | None) -> Obj | None:
        if unit is None:
            return None
        if node not in self._refs:
            frame = Frame(None)
            frame.unit = unit
            if isinstance(node, cst.FunctionDef):
                self._refs[node] = FunctionRef(node, frame)
            else:
                with self.inside(frame):
                    self._refs[node] = self._class(node, frame)
        return self._refs[node]

    # functions and classes ------------------------------------------------------------------

    def run(self, func: FunctionRef, args: Args, frame: Frame, composite: int | None = None) -> Obj:
        if frame.depth >= MAX_DEPTH or id(func.node) in self._running:
            self._rebound(func, _live(func.closure, frame))
            return self.unknown_call(args, func.node, frame, "a recursive or too deep call", func.node.name.value)
        inner = Frame(_live(func.closure, frame), func.node,
                      composite if composite is not None else frame.composite, frame.depth + 1)
        inner.inherit(frame)
        self.called.add(func.node)
        self._running.add(id(func.node))
        # A function of another module runs in its module (as `inside` does; written out here,
        # where a generator-based context manager would cost a call per run).
        unit = func.closure.module_unit() or self._home
        saved = self.parsed, self.evaluator
        self.parsed, self.evaluator = unit.parsed, unit.evaluator
        try:
            self._bind_params(func, args, inner)
            flow = self.block(func.node.body.body, inner)  # `suite`, without its call
        finally:
            self.parsed, self.evaluator = saved
            self._running.discard(id(func.node))
        self._rebound(func, inner.parent)
        results = list(inner.returns)
        if flow not in _STOPS:
            results.append(Const(None))
        return reduce(self.join, results) if results else Unknown("the function always raises")

    def _rebound(self, func: FunctionRef, closure: Frame | None) -> None:
        """After a call of a function that rebinds names of the module (`global`) or of an
        enclosing function (`nonlocal`): those names are unknown where they live. Which of the
        function's paths ran, and so which value it left, is not followed."""
        for name, is_global in self._rebinds_of(func.node, (func.closure.module_unit() or self._home).parsed):
            home = _home_of(name, is_global, closure)
            if home is not None:
                home.vars[name] = Unknown(f"`{name}` is set by `{func.node.name.value}` (`{_KEYWORD[is_global]}`)")

    def _bind_params(self, func: FunctionRef, args: Args, frame: Frame) -> None:
        params = func.node.params
        signature = self._signatures.get(id(func.node))
        if signature is None:
            signature = self._signatures[id(func.node)] = _Signature(func.node, self.code)
        positional = list(args.positional)
        if func.bound is not None and not signature.static:
            positional.insert(0, func.bound.cls if signature.of_class else func.bound)
        keywords = args.keywords  # read, not changed: each parameter takes its own name's
        given = min(signature.ordered, len(positional))
        variables = frame.vars
        for i, (name, default) in enumerate(signature.every):
            if i < given:
                value: Obj = positional[i]
            elif name in keywords:
                value = keywords[name]
            elif args.star:
                value = Unknown(args.star)
            elif name == "training":
                # Keras passes `training` at run time (True in `fit`): both paths of `if training:` run.
                value = Unknown("`training` is decided at run time")
            elif default is not None:
                value = func.defaults[name] if func.defaults is not None else self.eval(default, func.closure)
            else:
                value = Unknown(f"parameter `{name}` is not given")
            variables[name] = value
        if type(params.star_arg) is cst.Param:  # the exact class: see `statement`
            extra = positional[signature.ordered:]
            frame.vars[params.star_arg.name.value] = Unknown(args.star) if args.star else make_sequence(extra, False)
        if params.star_kwarg is not None:
            frame.vars[params.star_kwarg.name.value] = Unknown("`**kwargs`")

    def instantiate(self, cls: ClassRef, args: Args, node: cst.Call, frame: Frame) -> Obj:
        instance = Instance(cls, node, self.tick())
        init = cls.method("__init__")
        if init is not None:
            self.run(FunctionRef(init, cls.closure_of(init), instance), args, frame)
        if cls.keras is not None:
            self.instances.append(instance)
        return instance

    def apply_instance(self, inst: Instance, args: Args, node: cst.CSTNode, frame: Frame) -> Obj:
        """`MyBlock(64)(x)`: run its `build` (once) and `call` inside a composite node."""
        name = inst.cls.node.name.value
        call = inst.cls.method("call") if inst.cls.keras is not None else inst.cls.method("__call__")
        first = args.positional[0] if args.positional else args.keywords.get("inputs", Unknown("no input"))
        if isinstance(first, Array) and args.positional and inst.cls.keras is not None:
            # A Keras layer or model called eagerly on a NumPy array converts it to a tensor of
            # its shape, which `call` then sees.
            first = Tensor(self._operand(first))
            args = Args([first, *args.positional[1:]], dict(args.keywords), args.star)
        ids = [self.tensor_id(o) for o in (iterate(first) or [first])]
        inst.applied = True
        if call is None:
            return Tensor(self.graph.opaque(name, inst.node, ids, f"custom layer `{name}`", frame.composite))
        cid = self.graph.begin_composite(name, inst.node, ids, frame.composite, f"custom layer `{name}`",
                                         instance=inst)
        build = inst.cls.method("build") if inst.cls.keras is not None else None
        if build is not None and not inst.built:
            shapes = [self.member(Tensor(i), "shape", inst.node) for i in ids]
            shape = shapes[0] if len(shapes) == 1 else make_sequence(shapes, True)
            self.run(FunctionRef(build, inst.cls.closure_of(build), inst), Args([shape]), frame, cid)
        inst.built = True
        result = self.run(FunctionRef(call, inst.cls.closure_of(call), inst), args, frame, cid)
        self.graph.end_composite(cid, [t.id for t in _tensors([result])])
        return result

    def build_instance(self, inst: Instance, args: Args, node: cst.CSTNode, frame: Frame) -> Obj:
        """`model.build((None, 20, 8))` on a subclassed model."""
        shape = args.positional[0] if args.positional else args.keywords.get("input_shape", Unknown("none"))
        known = to_shape(shape)
        start = self.graph.new_tensor(*known) if known else self.graph.new_tensor()
        self._model_of_instance(inst, start, node, frame)
        return Const(None)

    def _model_of_instance(self, inst: Instance, start: int, node: cst.CSTNode, frame: Frame) -> None:
        before = self.graph.last_id
        self.apply_instance(inst, Args([Tensor(start)]), node, frame)
        name = inst.name or inst.cls.node.name.value
        self.graph.add_model(name, inst.node, "subclassed", self.graph.calls_since(before))

    # Sequential -------------------------------------------------------------------------------

    def realize_sequential(self, seq: SequentialModel, start: int | None, node: cst.CSTNode,
                           parent: int | None, first: bool = False, certain: bool = True) -> int:
        """A Sequential applied as a layer to `start`: its layers inside a composite node.
        `first`: no call applied it before; `certain`: this call runs on every path that
        reaches the model's later calls."""
        declared = _declares_input(seq)
        if not seq.realized and declared:
            # Keras builds a Sequential that declares its input when it is made: its layers'
            # weights are built for that input, and this call is judged against them.
            self._realize_standalone(seq)
        # An undeclared Sequential is built by its first call, layer by layer on the tensor it
        # is given: a layer that refuses it raises its own error at this call.
        builds = first and not declared and not seq.realized
        if builds and certain:
            seq.built_on = start
        error = self.graph.spec_error([seq.input_id], [start]) \
            if declared and seq.input_id is not None and start is not None else None
        if error is None and not first and not declared and seq.built_on is not None and start is not None:
            # Built by its first call: Keras checks this one against that call's input.
            error = self.graph.spec_error([seq.built_on], [start])
        cid = self.graph.begin_composite(seq.name or "Sequential", node, [start] if start is not None else [],
                                         parent, instance=seq, model=True, builds=builds, error=error)
        if error is not None:
            return self.graph.refused(cid)
        out = self._run_layers(seq, start, cid)
        self.graph.end_composite(cid, [out])
        return out

    def _run_layers(self, seq: SequentialModel, current: int | None, parent: int | None,
                    record: bool = False) -> int:
        """Apply a Sequential's layers in order, from `current` or from the input it
        declares (an `Input` first, or a first layer's `input_shape=`); the output tensor.
        `record`: keep the input and each layer's output on `seq` (its `.input`, `.layers`)."""
        for index, (item, how) in enumerate(seq.layers):
            if index == 0 and isinstance(item, (Tensor, InputLayerObj)):
                if current is None:
                    current = item.id if isinstance(item, Tensor) else \
                        self.graph.input_layer(item.node, item.shape, item.exact, None, parent)
                continue
            if current is None and index == 0 and isinstance(item, LayerObj) and item.spec.input_shape is not None:
                current = self.graph.input_layer(item.spec.node, item.spec.input_shape, True, None, parent)
            # The model's input: an `Input` listed first (seen here at index 1) or a first
            # layer's declared shape; an undeclared Sequential's input is the data's, unknown.
            first_is_input = bool(seq.layers) and isinstance(seq.layers[0][0], (Tensor, InputLayerObj))
            if record and seq.input_id is None and current is not None and (index == 0 or first_is_input):
                seq.input_id = current
            if how == "loop" or current is None:
                current = self.graph.new_tensor()  # unknown from here on
            before = current
            current = self._apply_item(item, current, seq.node, parent)
            if how == "branch":
                current = self.graph.join(before, current)
            if record:
                name = dict(item.spec.config).get("name") if isinstance(item, LayerObj) else None
                seq.outputs.append((name if isinstance(name, str) else None, current))
        return current if current is not None else self.graph.new_tensor()

    def sequential_io(self, seq: SequentialModel) -> tuple[int, list[tuple[str | None, int]]] | None:
        if not seq.realized:
            self._realize_standalone(seq)
        return (seq.input_id, seq.outputs) if seq.input_id is not None else None

    def _apply_item(self, item: Obj, current: int, node: cst.CSTNode, parent: int | None) -> int:
        frame = Frame(None, composite=parent)
        if isinstance(item, LayerObj):
            return self.graph.apply(item.spec, [current], parent=parent, mask=item.mask, site_ok=item.site_ok,
                                    instance=item)[0]
        if isinstance(item, (SequentialModel, FunctionalModel, Instance)):
            result = self.call_object(item, node, Args([Tensor(current)]), frame)  # type: ignore[arg-type]
            return result.id if isinstance(result, Tensor) else self.graph.new_tensor()
        label = " ".join(self.code(node).split())[:40]
        reason = item.reason if isinstance(item, Unknown) else "not a layer noiselint knows"
        return self.graph.opaque(label, node, [current], reason, parent)

    # the end of the module ---------------------------------------------------------------------

    def _finish(self, frame: Frame) -> None:
        """Run what the module defines but never runs, on unknown arguments, so that what is
        certain regardless of them (an `Input` inside, a GRU's rank) is still seen."""
        clocking = budget.clocking()
        # What runs now may run in any order, and after whatever else calls it: a module
        # name that any function rebinds (`global`) may hold any of their values.
        for name in self._module_rebinds():
            frame.vars[name] = Unknown(f"`{name}` is set by a function (`global`)")
        self._speculation_ends = self._steps + SPECULATIVE_STEPS
        for obj in list(frame.vars.values()):
            if isinstance(obj, FunctionRef) and obj.node not in self.called and self._may_speculate():
                started = time.monotonic() if clocking else 0.0
                self.run(obj, Args(star="a parameter of a function the module never calls"), frame)
                if clocking:
                    budget.construct_took(time.monotonic() - started, lambda obj=obj: self._describe(obj.node))
        self._run_plain_methods(frame)
        instantiated = {i.cls.node for i in self.instances}
        for cls in self._classes:
            if cls.keras is not None and cls.node not in instantiated and cls.closure is frame \
                    and self._may_speculate():
                started = time.monotonic() if clocking else 0.0
                self.instantiate(cls, Args(star="an argument of a class the module never builds"), cls.node, frame)
                if clocking:
                    budget.construct_took(time.monotonic() - started, lambda cls=cls: self._describe(cls.node))
        # A layer applied here is noiselint's guess at a use (a new tensor of unknown shape), not
        # the program's: a second one made at the same place, of the same class, with the same
        # attributes, would be run again to the same end. Attributes are compared by
        # `_copy_key` (anything but plain values is compared by identity), so only a true copy
        # is left out; leaving one out can only lose what running it would find, never add a
        # finding.
        guessed: set[tuple[int, int, bool, object]] = set()
        for kind in ("Model", "Layer"):  # models first: applying one applies its layers
            for inst in [i for i in self.instances if i.cls.keras == kind and not i.applied]:
                if inst.applied:
                    continue
                if kind == "Layer":
                    key = (id(inst.cls), id(inst.node), inst.built, _copy_key(inst.attrs))
                    if key in guessed:
                        continue
                    guessed.add(key)
                if kind == "Model":
                    self._model_of_instance(inst, self.graph.new_tensor(), inst.node, frame)
                else:
                    self.apply_instance(inst, Args([Tensor(self.graph.new_tensor())]), inst.node, frame)
        for model in self.models:
            if isinstance(model, FunctionalModel):
                outputs = [t.id for t in _tensors([model.outputs])]
                # Outputs noiselint cannot follow (a model applied as a layer, unknown): the
                # model is still every call its inputs feed, not "outside any model".
                calls = self.graph.calls_into(outputs) if outputs else self.graph.calls_from(model.inputs)
                self.graph.add_model(model.name or "model", model.node, "functional", calls)
            elif not model.realized:
                self._realize_standalone(model)

    def _rebinds_of(self, node: cst.FunctionDef, parsed: ParsedModule) -> tuple[tuple[str, bool], ...]:
        """`_rebinds` of a function of `parsed`, worked out once, and only in a module whose
        text can hold a `global` or `nonlocal` statement (most hold none: no walk)."""
        known = self._rebinds.get(id(node))
        if known is None:
            known = self._rebinds[id(node)] = (node, _rebinds(node) if _may_rebind(parsed) else ())
        return known[1]

    def _module_rebinds(self) -> set[str]:
        """The module names that some function of the module rebinds through `global`."""
        if not _may_rebind(self.parsed):
            return set()
        found: set[str] = set()
        stack: list[cst.CSTNode] = [self.parsed.module]
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind in _EXPRESSIONS:
                continue
            if kind is cst.FunctionDef:
                found.update(name for name, is_global in self._rebinds_of(current, self.parsed)  # type: ignore[arg-type]
                             if is_global)
            stack.extend(child_nodes(current))
        return found

    def _may_speculate(self) -> bool:
        """Whether `_finish` may start another run on unknown arguments (`SPECULATIVE_STEPS`)."""
        return self._steps < self._speculation_ends

    def _run_plain_methods(self, frame: Frame) -> None:
        """Run the methods of the module's plain classes (TF 1 and builder style: `class
        Model(object): def build(self, config)`) that nothing in the module calls, each on
        unknown arguments and on an instance `__init__` made from unknown arguments. `self`
        keeps the attributes `__init__` sets, except those another method also sets (which
        one ran last is not known); a method's own changes do not reach the next."""
        for cls in [c for c in self._classes if c.keras is None and c.closure is frame]:
            methods = [m for m in _methods(cls) if m.name.value != "__init__" and m not in self.called]
            if not methods or not self._may_speculate():
                continue
            made = self.instantiate(cls, Args(star="an argument of a class the module never builds"), cls.node, frame)
            if not isinstance(made, Instance):
                continue
            elsewhere = {attr for m in methods for attr in _self_attributes(m)}
            for method in methods:
                if method in self.called or not self._may_speculate():
                    continue  # an earlier method ran it, on what it was given
                instance = Instance(cls, cls.node, made.born,
                                    {k: v for k, v in made.attrs.items() if k not in elsewhere})
                self.run(FunctionRef(method, cls.closure_of(method), instance),
                         Args(star="a parameter of a method the module never calls"), frame)

    def _realize_standalone(self, seq: SequentialModel) -> None:
        seq.realized = True
        first = seq.layers[0][0] if seq.layers else None
        if seq.applied and not _declares_input(seq):
            return  # built only by the model it is nested in
        before = self.graph.last_id
        start = self.graph.input_layer(seq.node, seq.input_shape[0], seq.input_shape[1], None) \
            if seq.input_shape is not None else None
        self._run_layers(seq, start, None, record=True)
        # A `keras.Input(...)` listed first was made before the model: it is the model's input.
        given = self.graph.calls_into([first.id]) if isinstance(first, Tensor) and start is None else []
        self.graph.add_model(seq.name or "sequential", seq.node, "sequential",
                             [*given, *self.graph.calls_since(before)])



def _declares_input(seq: SequentialModel) -> bool:
    """The Sequential names its input: `input_shape=`, an `Input` listed first, or a first
    layer's `input_shape=`."""
    first = seq.layers[0][0] if seq.layers else None
    return seq.input_shape is not None or isinstance(first, (Tensor, InputLayerObj)) or \
        (isinstance(first, LayerObj) and first.spec.input_shape is not None)


_AUGMENTED: dict[type, type[cst.BaseBinaryOp]] = {
    cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide, cst.FloorDivideAssign: cst.FloorDivide, cst.PowerAssign: cst.Power,
    cst.ModuloAssign: cst.Modulo,
}


def _flow(flow: str) -> Callable[[Interpreter, cst.CSTNode, Frame], str]:
    return lambda interpreter, node, frame: flow


# `Interpreter.statement`'s handler for each statement class (exact classes); any other
# statement is widened over (or, in strict mode, refused).
_STATEMENTS: dict[type, Callable[[Interpreter, Any, Frame], str]] = {
    cst.SimpleStatementLine: Interpreter._line, cst.Assign: Interpreter._assign,
    cst.AnnAssign: Interpreter._ann_assign, cst.AugAssign: Interpreter._aug_assign, cst.Expr: Interpreter._expr,
    cst.Return: Interpreter._return, cst.Raise: _flow("raise"), cst.Break: _flow("break"),
    cst.Continue: _flow("continue"), cst.If: Interpreter._if, cst.For: Interpreter._for,
    cst.While: Interpreter._while, cst.With: Interpreter._with, cst.Try: Interpreter._try,
    cst.FunctionDef: Interpreter._def, cst.ClassDef: Interpreter._class_def, cst.Del: Interpreter._del,
    cst.Pass: _flow(""), cst.Import: _flow(""), cst.ImportFrom: _flow(""), cst.Global: _flow(""),
    cst.Nonlocal: _flow(""), cst.Assert: _flow(""),
}


_RAISES = frozenset({"assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "raises"})


def _expects_error(node: cst.With) -> bool:
    """`with self.assertRaises(ValueError):`, `with pytest.raises(...)`: a test's code that
    must raise; its calls are not the model's (nor findings)."""
    return any(isinstance(item.item, cst.Call) and isinstance(item.item.func, cst.Attribute)
               and item.item.func.attr.value in _RAISES for item in node.items)


def _global_definition(parsed: ParsedModule, name: str) -> cst.FunctionDef | cst.ClassDef | None:
    """The module-level def or class `name` of a module, if that is its last binding."""
    scope = parsed.scopes.get(parsed.module)
    if scope is None:
        return None
    order = parsed.names.order
    nodes = [a.node for a in scope.assignments[name] if a.node in order]
    last = max(nodes, key=order.__getitem__) if nodes else None
    return last if isinstance(last, (cst.FunctionDef, cst.ClassDef)) else None


def _methods(cls: ClassRef) -> list[cst.FunctionDef]:
    """The methods a class body defines, with those of the user's own bases it does not."""
    own = [s for s in cls.node.body.body if isinstance(s, cst.FunctionDef)]
    names = {m.name.value for m in own}
    inherited = [m for base in cls.bases for m in _methods(base) if m.name.value not in names]
    return [*own, *inherited]


def _self_attributes(method: cst.FunctionDef) -> set[str]:
    """The attributes `method` sets on its first parameter (`self.x = ...`)."""
    params = [*method.params.posonly_params, *method.params.params]
    if not params:
        return set()
    me = params[0].name.value
    found: set[str] = set()
    stack: list[cst.CSTNode] = [method.body]
    while stack:
        current = stack.pop()
        if type(current) in _EXPRESSIONS:
            continue  # an attribute is set by a statement (`(self.x := 1)` is no Python)
        for target in _targets(current):
            for part in [target, *(e.value for e in getattr(target, "elements", ()))]:
                if isinstance(part, cst.Attribute) and isinstance(part.value, cst.Name) and part.value.value == me:
                    found.add(part.attr.value)
        stack.extend(child_nodes(current))
    return found


def _live(closure: Frame, caller: Frame) -> Frame:
    """The frame a function defined in `closure` reads when called from `caller`: the path of
    it that is running now (a branch noiselint could not decide forks the frame, and a call
    made on that path sees what the path assigned), else the closure itself."""
    root = closure.origin or closure
    current: Frame | None = caller
    while current is not None:
        if current is root or current.origin is root:
            return current
        current = current.parent
    return closure


_KEYWORD = {True: "global", False: "nonlocal"}
# Where a `global` or `nonlocal` statement can begin: a line, or after `;` or a one-line `def f():`.
# A match in a string or a comment costs only a walk.
# (Compiled by `re`'s cache on first use, not at import: tests/test_start_up.py.)
_REBIND_WORD = r"(?:^|[;:])[ \t]*(?:global|nonlocal)[ \t\\]"


def _may_rebind(parsed: ParsedModule) -> bool:
    found = parsed.memo.get("rebinds")
    if found is None:
        text = parsed.source.text
        # The words first, at C speed: the pattern alone, tried at every character, was about
        # 0.6 ms a file (+3% instructions on kio-sub), and most files hold neither word.
        found = parsed.memo["rebinds"] = ("global" in text or "nonlocal" in text) and \
            re.search(_REBIND_WORD, text, re.MULTILINE) is not None
    return bool(found)


def _rebinds(node: cst.FunctionDef) -> tuple[tuple[str, bool], ...]:
    """The names a function declares `global` (True) or `nonlocal` (False) and binds."""
    declared: dict[str, bool] = {}
    stack: list[cst.CSTNode] = [node.body]
    while stack:
        current = stack.pop()
        kind = type(current)
        if kind is cst.Global or kind is cst.Nonlocal:
            declared.update((item.name.value, kind is cst.Global) for item in current.names)  # type: ignore[attr-defined]
        elif kind is cst.FunctionDef or kind is cst.ClassDef or kind in _EXPRESSIONS:
            continue  # a nested scope declares for itself; an expression declares nothing
        stack.extend(child_nodes(current))
    if not declared:
        return ()
    bound = _assigned(node.body)
    return tuple(sorted((name, is_global) for name, is_global in declared.items() if name in bound))


def _home_of(name: str, is_global: bool, closure: Frame | None) -> Frame | None:
    """The frame a `global` (the module's) or `nonlocal` (the nearest enclosing function's
    that binds it) name lives in, seen from a function whose closure is `closure`."""
    current = closure
    while current is not None:
        if is_global and current.parent is None:
            return current
        if not is_global and current.function is not None and name in current.vars:
            return current
        current = current.parent
    return None


def _assigned(node: cst.CSTNode, expressions: bool = True) -> set[str]:
    """The names a statement (or block) binds, without looking into nested functions.
    `expressions` False: the module has no `:=`, the one expression that binds a name, so
    the walk need not go into expressions (most of a block's nodes)."""
    names: set[str] = set()
    stack = [node]
    while stack:  # a plain walk: libcst's `visit` rebuilds every node, far too slow here
        current = stack.pop()
        # The exact class (see `Interpreter.statement`): most nodes walked are neither.
        kind = type(current)
        if kind is cst.FunctionDef or kind is cst.ClassDef:
            names.add(current.name.value)  # type: ignore[attr-defined]
            if current is not node:
                continue
        elif not expressions and kind in _EXPRESSIONS:
            continue
        field = _TARGET_FIELDS.get(kind)  # `_targets`, without a call and a list per node
        if field is not None:
            _target_names(getattr(current, field), names)
        stack.extend(child_nodes(current))
    return names


# libcst's expression classes (exact classes, as `Interpreter.statement` dispatches): a
# target is reached from its statement (`_targets`), never by walking into an expression.
# Read from each class's MRO: `issubclass` against libcst's ABCs walks every subclass of
# BaseExpression on each miss (11 ms of every model file's start-up); libcst registers no
# virtual subclasses, so the two agree.
_EXPRESSIONS = frozenset(cls for cls in vars(cst).values()
                         if isinstance(cls, type) and cst.BaseExpression in cls.__mro__)


def _targets(node: cst.CSTNode) -> list[cst.BaseExpression]:
    # The exact class (see `Interpreter.statement`), looked up in one table: the walks of
    # `_self_attributes` (and `_assigned`, written out) ask this of every node they pass, and a
    # `match` tried seven classes on each.
    field = _TARGET_FIELDS.get(type(node))
    return [getattr(node, field)] if field is not None else []


# The classes that bind a target, and the field that holds it (`_targets`).
_TARGET_FIELDS: dict[type, str] = {
    cst.AssignTarget: "target", cst.AnnAssign: "target", cst.AugAssign: "target", cst.For: "target",
    cst.NamedExpr: "target", cst.Del: "target", cst.AsName: "name",
}


def _target_names(node: cst.BaseExpression, names: set[str]) -> None:
    if isinstance(node, cst.Name):
        names.add(node.value)
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            _target_names(element.value, names)


_PLAIN = frozenset({int, float, complex, str, bytes, bool, type(None)})
_MAX_KEY_DEPTH = 8


def _copy_key(value: object, depth: int = 0) -> object:
    """A key two values share only when the interpreter reads them alike: plain values by
    type and value, an unknown by its reason, sequences, mappings and the interpreter's frozen
    records by their parts; a node, an instance, a frame or anything else by its identity
    (they are alive while the key is used)."""
    kind = type(value)
    if kind in _PLAIN:
        return (kind, value)
    if kind is Unknown:
        return (Unknown, value.reason)  # type: ignore[attr-defined]
    if depth < _MAX_KEY_DEPTH:
        if kind is tuple or kind is list:
            return (kind, tuple(_copy_key(item, depth + 1) for item in value))  # type: ignore[attr-defined]
        if kind is dict:
            return (kind, tuple((k, _copy_key(v, depth + 1)) for k, v in value.items()))  # type: ignore[attr-defined]
        names = _record_fields(kind)
        if names is not None:
            return (kind, tuple(_copy_key(getattr(value, name), depth + 1) for name in names))
    return (id(value),)


@functools.cache
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The fields `_copy_key` reads a value of class `kind` by (a frozen record of the
    interpreter's); None for any other class. Worked out once per class."""
    if kind is Instance or issubclass(kind, cst.CSTNode) or not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))

