"""The values the model-code interpreter tracks besides static constants: tensors (graph
node ids), layer objects, models, user functions, classes and instances, and the frames
that bind names to them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from noiselint.model.data_values import Array, Dataset, DatasetModule
from noiselint.shapes.facts import Shape
from noiselint.shapes.specs import ConfigValue, LayerSpec
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Const, Seq, TensorDim, Unknown, Value


@dataclass(frozen=True)
class Tensor:
    """A symbolic tensor the interpreter holds, by its node in the graph."""

    id: int  # a tensor node of the ModelGraph


@dataclass(frozen=True)
class Items:
    """A tuple/list holding something other than constants (tensors, layers)."""

    items: tuple[Obj, ...]
    is_list: bool = False


@dataclass(frozen=True)
class LayerObj:
    """A Keras layer instance the code made: its spec and, for a dropout, its mask."""

    spec: LayerSpec
    mask: Shape | None = None  # a dropout site's noise_shape, when static here
    # The noise_shape reads the same here as without context (see ModelGraph.apply);
    # "rank": only its length does.
    site_ok: bool | str = True


@dataclass(frozen=True)
class LossObj:
    """A built-in Keras loss object (`keras.losses.CategoricalCrossentropy()`): called on
    labels and predictions, it reads them as `fit` does (model/data_calls.py)."""

    loss: str  # its name in shapes/data_fit.py's tables, e.g. "categorical_crossentropy"


@dataclass(frozen=True)
class InputLayerObj:
    """`InputLayer(input_shape=...)` as the first entry of a Sequential."""

    node: cst.CSTNode
    shape: Shape | None
    exact: bool


@dataclass(frozen=True)
class ClassRef:
    """A class the code defines, with its Keras base kind and the frame it closes over."""

    node: cst.ClassDef
    keras: Literal["Layer", "Model"] | None  # a subclass of a Keras Layer/Model
    bases: tuple[ClassRef, ...]  # the user's own base classes
    closure: Frame  # where the class was defined: what its methods see

    def method(self, name: str) -> cst.FunctionDef | None:
        for statement in self.node.body.body:
            # The exact class: a failed `isinstance` against a libcst class is a call of
            # ABCMeta.__instancecheck__ (tests/test_node_dispatch.py).
            if type(statement) is cst.FunctionDef and statement.name.value == name:  # type: ignore[attr-defined]
                return statement  # type: ignore[return-value]
        return next((m for m in (b.method(name) for b in self.bases) if m is not None), None)

    def closure_of(self, node: cst.CSTNode) -> Frame:
        """Where the code of `node`, a method or a class constant's value that this class
        or one of the user's bases defines, is read: the closure of the class that defines
        it (a base class of another module runs its methods in that module)."""
        return (self._defining(node) or self).closure

    def _defining(self, node: cst.CSTNode) -> ClassRef | None:
        for statement in self.node.body.body:
            if statement is node or (type(statement) is cst.SimpleStatementLine and any(  # exact: see `method`
                    type(small) is cst.Assign and small.value is node for small in statement.body)):  # type: ignore[attr-defined]
                return self
        return next((c for c in (b._defining(node) for b in self.bases) if c is not None), None)

    def constant(self, name: str) -> cst.BaseExpression | None:
        """The value of a class-body assignment `name = ...`, searching the user's bases."""
        for statement in self.node.body.body:
            if type(statement) is not cst.SimpleStatementLine:  # exact: see `method`
                continue
            for small in statement.body:  # type: ignore[attr-defined]
                if type(small) is cst.Assign and any(
                        isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets):
                    return small.value
        return next((c for c in (b.constant(name) for b in self.bases) if c is not None), None)


@dataclass(eq=False)
class Instance:
    """An instance of a user class; mutable because `__init__` sets its attributes."""

    cls: ClassRef
    node: cst.CSTNode
    born: int  # the interpreter's clock when it was made (see Frame.since)
    attrs: dict[str, Obj] = field(default_factory=dict)
    name: str | None = None
    built: bool = False
    applied: bool = False


@dataclass(frozen=True)
class FunctionRef:
    """A function or method the code defines, with the frame it closes over and its `self`."""

    node: cst.FunctionDef
    closure: Frame
    bound: Instance | None = None  # `self` of a method
    # Its parameters' defaults, by name, as the `def` statement evaluated them (Python does so
    # once, there); None: evaluated at each call (a method, a function of another module).
    defaults: Mapping[str, Obj] | None = field(default=None, compare=False)


@dataclass(eq=False)
class SequentialModel:
    """A `Sequential`, mutable because `.add` appends. Each layer is kept with how sure it
    is to run: "" always, "branch" under an `if` noiselint cannot decide, "loop" inside a
    loop it cannot unroll (then everything after it is unknown)."""

    node: cst.CSTNode
    born: int  # the interpreter's clock when it was made (see Frame.since)
    layers: list[tuple[Obj, str]] = field(default_factory=list)
    name: str | None = None
    input_shape: tuple[Shape | None, bool] | None = None  # from `.build(shape)`: (shape, exact)
    applied: bool = False
    realized: bool = False
    # Once realized on its own: its input tensor and each layer's (name, output tensor), so
    # `model.input`, `model.output` and `model.get_layer(...).output` can be followed.
    input_id: int | None = None
    outputs: list[tuple[str | None, int]] = field(default_factory=list)
    # The tensor its first call built it on (no input declared, the call certain to run):
    # Keras checks every later call against that input, as a functional model's.
    built_on: int | None = None


@dataclass(eq=False)
class FunctionalModel:
    """A `keras.Model(inputs, outputs)`: its input tensors and its outputs."""

    node: cst.CSTNode
    inputs: tuple[int, ...]
    outputs: Obj
    name: str | None = None


@dataclass(frozen=True)
class LayerRef:
    """`model.get_layer(...)` / `model.layers[i]` of a model noiselint built: the tensors
    that layer read and made there."""

    input: Obj
    output: Obj


Model = SequentialModel | FunctionalModel
Obj = Value | Tensor | Items | LayerObj | LossObj | InputLayerObj | ClassRef | Instance | FunctionRef \
    | SequentialModel | LayerRef \
    | FunctionalModel | Array | Dataset | DatasetModule


@dataclass(frozen=True, eq=False)
class Unit:
    """A module whose code the interpreter reads: the linted one, or another module of the
    project that a call reached (its names resolve there, its constants evaluate there)."""

    parsed: ParsedModule
    evaluator: Evaluator


_UNBOUND = object()  # `Frame.lookup`'s marker for a name a frame does not bind


class Frame:
    """Names bound in one function call (or the module). Mutable by nature: statements
    rebind names; `fork` copies it for each branch of an `if` that cannot be decided."""

    unit: Unit | None = None  # set on a module's frame: the module its code belongs to

    def __init__(self, parent: Frame | None, function: cst.FunctionDef | None = None,
                 composite: int | None = None, depth: int = 0) -> None:
        self.vars: dict[str, Obj] = {}
        self.parent = parent
        self.function = function
        self.composite = composite  # the graph call (custom layer) the code runs inside
        self.depth = depth  # nested function calls, to stop runaway recursion
        self.uncertain = ""  # "branch"/"loop": code that may not run, or run many times
        # The clock when the code became uncertain: objects made since then exist only on
        # this path, so changing them is certain; older ones are shared with other paths.
        self.since = 0
        self.returns: list[Obj] = []
        # The frame this one is a path of (`fork`): the one a function defined there reads,
        # while this path runs (`Interpreter.run`).
        self.origin: Frame | None = None

    def lookup(self, name: str) -> Obj | None:
        frame: Frame | None = self
        while frame is not None:
            found = frame.vars.get(name, _UNBOUND)  # one dict lookup per frame, not two
            if found is not _UNBOUND:
                return found  # type: ignore[return-value]
            frame = frame.parent
        return None

    def fork(self, uncertain: str, now: int) -> Frame:
        """A copy for one path of a branch or loop noiselint cannot decide ("" for a path
        that runs as surely as this one)."""
        child = Frame(self.parent, self.function, self.composite, self.depth)
        child.unit = self.unit
        child.vars = dict(self.vars)
        child.inherit(self)
        if uncertain:
            # Objects made before this point exist on the other path too, also those made
            # inside an outer branch: changing them here is uncertain (`shares`).
            child.since = now
            # A loop inside a branch, or a branch inside a loop, is still a loop.
            child.uncertain = "loop" if "loop" in (uncertain, self.uncertain) else uncertain
        child.returns = self.returns  # a return on either branch returns from the function
        child.origin = self.origin or self
        return child

    def module_unit(self) -> Unit | None:
        frame: Frame | None = self
        while frame is not None and frame.unit is None:
            frame = frame.parent
        return frame.unit if frame is not None else None

    def inherit(self, other: Frame) -> None:
        self.uncertain, self.since = other.uncertain, other.since

    def shares(self, born: int) -> bool:
        """Whether changing an object made at `born` is uncertain here."""
        return bool(self.uncertain) and born < self.since


VALUE_KINDS = (Const, Seq, TensorDim, Unknown)  # the Evaluator's values among the objects


def is_value(obj: Obj) -> bool:
    return isinstance(obj, VALUE_KINDS)


def unknown(reason: str) -> Unknown:
    return Unknown(reason)


def to_config(obj: Obj) -> ConfigValue | Unknown:
    """A static argument as Keras would receive it, or why it is not one."""
    if isinstance(obj, Const):
        value = obj.value
        if isinstance(value, (complex, bytes)):
            return Unknown("not a value Keras takes")
        return value
    if isinstance(obj, Seq):
        items = [to_config(i) for i in obj.items]
        bad = next((i for i in items if isinstance(i, Unknown)), None)
        return bad if bad is not None else tuple(items)  # type: ignore[arg-type]
    if isinstance(obj, LayerObj):
        return obj.spec
    if isinstance(obj, Unknown):
        return obj
    return Unknown("not a static value")


def to_shape(obj: Obj) -> tuple[Shape | None, bool] | None:
    """A shape argument (`(None, 20, 8)`): the shape, and whether every size is static;
    None when not even its length is known."""
    if not isinstance(obj, Seq):
        return None
    dims: list[int | None] = []
    exact = True
    for item in obj.items:
        if isinstance(item, Const) and (item.value is None or (type(item.value) is int and item.value >= 0)):
            dims.append(item.value)  # type: ignore[arg-type]
        else:
            dims.append(None)
            exact = False
    return tuple(dims), exact


def unknown_items(obj: Obj, offset: int = 0) -> tuple[int, ...]:
    """The positions (plus `offset`) of a shape argument's sizes that are not static: what
    `to_shape` made `None` though the code did not write `None`."""
    if not isinstance(obj, Seq):
        return ()
    return tuple(offset + i for i, item in enumerate(obj.items)
                 if not (isinstance(item, Const) and (item.value is None or
                                                      (type(item.value) is int and item.value >= 0))))


def truth(obj: Obj) -> bool | None:
    """Python truthiness when it is certain."""
    if isinstance(obj, Const):
        return bool(obj.value)
    if isinstance(obj, (Seq, Items)):
        return bool(obj.items)
    if isinstance(obj, (Unknown, TensorDim, Array)):
        return None  # an array's truth is its one element's, or NumPy raises
    return True  # tensors, layers, models, functions: objects are true
