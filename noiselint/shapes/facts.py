"""What the graph stage learns about a module: the models it found, every layer call with
its inferred shapes, and the input shape of each dropout site. Rules read it; nothing here
imports TensorFlow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from noiselint.syntax import nodes as cst


# A tensor shape; `None` is an axis whose size is not known statically (a dynamic axis such
# as the batch, or one noiselint could not infer): rules never judge a `None` axis.
Shape = tuple[int | None, ...]

_Record = TypeVar("_Record")


def evolve(record: _Record, **changes: Any) -> _Record:
    """`dataclasses.replace` for the graph's frozen records without an `__init__` of their
    own work: a copy of the fields with `changes`. `replace` runs the generated `__init__`
    over every field (LayerFact has 26), and the graph calls this hundreds of thousands of
    times per run."""
    copy = object.__new__(type(record))
    values = copy.__dict__
    values.update(record.__dict__)
    size = len(values)
    values.update(changes)
    # Every field is in the record's dict: a change that adds a key is not a field (checked
    # by the size, not by comparing the key sets on every copy).
    if len(values) != size:
        fields = record.__dataclass_fields__  # type: ignore[attr-defined]
        unknown = [name for name in changes if name not in fields]
        raise TypeError(f"{type(record).__name__} has no field {unknown[0]!r}")
    return copy


def new_fact(node: cst.CSTNode, layer: str, input_shapes: tuple[Shape | None, ...], output_shape: Shape | None,
             **given: Any) -> LayerFact:
    """`LayerFact(node, layer, input_shapes, output_shape, **given)`, made as `evolve` copies
    one: the generated `__init__` sets LayerFact's 26 fields one `object.__setattr__` at a
    time, and the graph makes one fact per call (17,000 on keras-io). The same fields, in
    the same order, with the same defaults (a new `config` dict each)."""
    fact = object.__new__(LayerFact)
    values = fact.__dict__
    values.update(_FACT_FIELDS)
    values["node"], values["layer"], values["input_shapes"], values["output_shape"] = \
        node, layer, input_shapes, output_shape
    for name, factory in _FACT_FACTORIES:
        if name not in given:  # a layer's fact is given its `config`: no dict made to be replaced
            values[name] = factory()
    values.update(given)
    if len(values) != _FACT_SIZE:  # a key that is not a field (checked as `evolve` checks)
        unknown = [name for name in given if name not in _FACT_FIELDS]
        raise TypeError(f"LayerFact has no field {unknown[0]!r}")
    return fact


@dataclass(frozen=True)
class TensorLayout:
    """Which axis holds a tensor's channels, and the layer that decided it (NL010)."""

    data_format: str  # "channels_first" or "channels_last"
    layer: str  # the Keras class that decided it, e.g. `Conv2D`
    node: cst.CSTNode  # that layer's construction call
    # True when no Conv wrote the channels: a pooling/padding layer read an unknown layout
    # this way, so a later layer reading it the other way disagrees with that layer.
    assumed: bool = False


@dataclass(frozen=True)
class CallError:
    """What Keras or TensorFlow raises when this call runs on these input shapes: the
    exception's type and its message verbatim (bounded), from the framework itself."""

    framework: str  # "Keras" or "TensorFlow"
    type: str  # e.g. "ValueError"
    message: str


@dataclass(frozen=True)
class Source:
    """The call that made one input of a call, so that a message can say where the input
    came from ("`x` from `Flatten` on line 12")."""

    label: str  # `Flatten`, `Input`, `tf.matmul`
    node: cst.CSTNode  # that call's construction (or application) node
    name: str | None = None  # the variable its output is bound to


@dataclass(frozen=True)
class LayerFact:
    """One layer application in a model, in the order the model applies them."""

    node: cst.CSTNode  # the layer's construction call (where a finding points)
    layer: str  # the Keras class name, e.g. `Conv2D`
    input_shapes: tuple[Shape | None, ...]
    output_shape: Shape | None  # None: unknown (then `unknown_reason` says why)
    config: Mapping[str, object] = field(default_factory=dict)  # statically known kwargs
    # Why the output shape is unknown, or only partly known (rank kept, sizes not).
    unknown_reason: str | None = None
    name: str | None = None  # the variable the output is bound to, for display
    depth: int = 0  # how deep inside custom layers and nested models the call runs
    site: cst.Call | None = None  # the dropout site (Site.call) this call applies
    mask: Shape | None = None  # a dropout site's noise_shape as evaluated at this call
    data_format: str | None = None  # the layout an N-D layer reads (its own or the default)
    data_format_default: bool = False  # `data_format` not passed: Keras's `channels_last`
    spatial_rank: int | None = None  # N of an N-D layer (Conv2D: 2)
    input_layout: TensorLayout | None = None  # the layout of the tensor it receives
    row: int = 0  # the line of `node` (1-based), for display
    # The output shape is exactly what Keras computes: its `None`s are dynamic axes. False:
    # a `None` past the batch axis may also be a size noiselint could not infer (`?`).
    output_exact: bool = True
    # The call's outcome when it fails: the error the framework raises for these inputs
    # (only when every input shape is exact, so the failure is certain); then
    # `output_shape` is None and `unknown_reason` says so in one line.
    error: CallError | None = None
    # "layer", "op" (a TensorFlow op), "input", "passthrough", "opaque", "composite".
    kind: str = "layer"
    # A layer instance called before (`d = Dense(4); d(a); d(b)`): the input shapes of its
    # first call, which built its weights.
    built_on: tuple[Shape, ...] | None = None
    # The call that applies the layer (`d(b)`, `Dense(4)(x)`), where a failing call is
    # reported; None where the construction is the application (a Sequential's list).
    call: cst.CSTNode | None = None
    # The axes of the output whose size noiselint could not infer, where the call knows them
    # axis by axis (`tf.get_variable("w", [vocab, 64])` with `vocab` unknown: axis 0); None:
    # read from `output_exact` (an inexact axis past the batch axis).
    unknown_axes: tuple[int, ...] | None = None
    # Where each input came from (None: a tensor two undecided branches made), and the call
    # that built a reused layer (`d(a)` of `d(a); d(b)`).
    sources: tuple[Source | None, ...] = ()
    built_at: cst.CSTNode | None = None
    # The call runs inside a model applied as a layer (`base(x)`): a failure there shows at
    # the model's call, not at the layer's line, where the model's own input fits.
    in_model_call: bool = False
    # When that model is a Sequential built by the call (no input declared, first call):
    # the call, where Keras raises the layer's own error, and the model's name.
    model_call: cst.CSTNode | None = None
    model_name: str = ""
    # Which layer object (or nested model, custom layer instance) this call applies: equal
    # numbers are one object called again, a shared layer; 0 where noiselint cannot tell.
    instance: int = 0
    call_row: int = 0  # the line of `call`, for display (a finding on a failing call is there)


@dataclass(frozen=True)
class DataFact:
    """A data call (`fit`, `evaluate`, `predict`, `model(x)`, a TF 1 `feed_dict`) or an array
    operation, with its outcome: the error Keras, TensorFlow or NumPy raises for the shapes
    the file states (`error`), None when it runs or when that is not certain."""

    call: cst.CSTNode  # the data call (`model.fit(x, y)`) or array operation (`x.reshape(...)`)
    at: cst.CSTNode  # where a finding points: the argument that does not fit, or the call
    method: str  # "fit", "evaluate", "predict", "train_on_batch", "__call__", "feed_dict", "reshape", ...
    # What the outcome is about: "input" (an array against a model input), "labels" (targets
    # against the output and the loss), "count" (how many inputs), "cardinality" (first
    # axes of x and y), "feed" (a value against its placeholder), "array" (a NumPy operation).
    problem: str
    error: CallError | None = None
    data: str = ""  # the data side, for messages: "`x_train` from `mnist.load_data()` on line 3 is (60000, 28, 28)"
    model: str = ""  # the model side: "the input of `model` (line 5) is (None, 28, 28, 1)"
    hint: str = ""  # the likely edits, when there is one to name
    # The judgement stopped at a shape noiselint did not have (the model's output, a layer
    # replayed on the data) and Keras may have: model/demand.py asks it then.
    asks: bool = False


@dataclass(frozen=True)
class ModelFact:
    """One model the code builds: its layer calls, kind, line and wiring."""

    name: str  # how `noiselint shapes` titles it (variable or builder function)
    node: cst.CSTNode
    layers: tuple[LayerFact, ...]
    kind: str = ""  # "functional", "sequential", "subclassed", or "" for loose layer calls
    row: int = 0
    path: str | None = None  # the module that builds it, when not the linted one (a builder of the project)
    # The wiring, by index into `layers` (`noiselint shapes` draws it): (producer, consumer)
    # for each tensor one call hands another, and each call's enclosing custom layer or
    # nested model (None at the top).
    edges: tuple[tuple[int, int], ...] = ()
    parents: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class ShapeFacts:
    """What the model graph tells the rules: input shapes of dropout sites, models, data calls."""

    # Each dropout site's call (Site.call) -> the shape of the tensor it drops.
    input_shapes: Mapping[cst.Call, Shape] = field(default_factory=dict)
    models: tuple[ModelFact, ...] = ()
    warnings: tuple[str, ...] = ()
    # A site applied to inputs of different shapes (a loop's iterations, a builder called
    # twice): each distinct shape, in the order the code applies them. `input_shapes`
    # holds only what they all agree on.
    path_shapes: Mapping[cst.Call, tuple[Shape, ...]] = field(default_factory=dict)
    # Each `tf.shape(x)` call -> the static shape of the tensor it reads, where known: the
    # evaluator counts the entries of a mask built from it (`tf.shape(x)[1:]`).
    shape_reads: Mapping[cst.Call, Shape] = field(default_factory=dict)
    # Every data call and array operation the interpreter judged (model/data_calls.py).
    data_calls: tuple[DataFact, ...] = ()

    def calls(self) -> tuple[LayerFact, ...]:
        """Every layer and op call of every model, once each (a node seen by two models,
        such as a shared tower, is listed once), in model order."""
        # Made once: every rule that reads calls asks (a dozen times a file). Kept beside the
        # fields, so it takes no part in equality.
        made: tuple[LayerFact, ...] | None = self.__dict__.get("_calls")
        if made is None:
            seen: dict[tuple[int, tuple[Shape | None, ...]], LayerFact] = {}
            for model in self.models:
                for fact in model.layers:
                    seen.setdefault((id(fact.call or fact.node), fact.input_shapes), fact)
            made = tuple(seen.values())
            object.__setattr__(self, "_calls", made)
        return made

    def failures(self) -> tuple[LayerFact, ...]:
        """The calls Keras or TensorFlow rejects for their inferred inputs."""
        # Made once, as `calls`: each rule about a failing call asks (six a file), and a
        # file's calls run to thousands.
        made: tuple[LayerFact, ...] | None = self.__dict__.get("_failures")
        if made is None:
            made = tuple(fact for fact in self.calls() if fact.error is not None)
            object.__setattr__(self, "_failures", made)
        return made


def join_shapes(a: Shape | None, b: Shape | None) -> Shape | None:
    """What is certain of a tensor that has shape `a` on one path and `b` on another."""
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b, strict=False))


# Each LayerFact field with its default, in field order (`new_fact`); the four without one
# are set by `new_fact` itself, as are those with a default factory (`config`).
_FACT_FIELDS: dict[str, Any] = {f.name: None if f.default is MISSING else f.default for f in fields(LayerFact)}
_FACT_FACTORIES: tuple[tuple[str, Any], ...] = tuple((f.name, f.default_factory) for f in fields(LayerFact)
                                                     if f.default_factory is not MISSING)
_FACT_SIZE = len(_FACT_FIELDS)
