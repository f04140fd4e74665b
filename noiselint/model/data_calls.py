"""Data meeting the model in the model-code interpreter: `compile` (the loss), `fit`,
`evaluate`, `predict`, `train_on_batch`, `test_on_batch`, `predict_on_batch`, `model(x)`
on arrays, and TF 1 `feed_dict`s. Each is a data node of the graph with its outcome: the
error Keras or TensorFlow raises for the arrays' shapes (shapes/data_fit.py), or none."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from noiselint.model.array_calls import ArrayCalls
from noiselint.model.data_values import Array, Dataset
from noiselint.model.exprs import Args, iterate
from noiselint.model.values import Frame, FunctionalModel, InputLayerObj, Items, LayerObj, Obj, SequentialModel, Tensor
from noiselint.shapes import data_fit
from noiselint.shapes.facts import CallError, DataFact, Shape
from noiselint.syntax import nodes as cst
from noiselint.values.arrays import show as show_dims
from noiselint.values.kinds import Const, Seq, Unknown

# Each data method's parameters before the ones noiselint does not read, as Keras 2 and 3 name them.
DATA_METHODS: dict[str, tuple[str, ...]] = {
    "fit": ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split", "validation_data"),
    "evaluate": ("x", "y"), "predict": ("x",), "train_on_batch": ("x", "y"), "test_on_batch": ("x", "y"),
    "predict_on_batch": ("x",),
}
_BATCHED = ("fit", "evaluate", "predict")  # methods that cut arrays into batches of `batch_size`
_PLACEHOLDER_LABELS = ("tf.placeholder", "tf.placeholder_with_default")


@dataclass
class _Compiled:
    """What a model's `compile` call said of its loss, and where it ran."""

    loss: str | None  # the Keras loss noiselint knows the shape rules of, or None
    frame: Frame  # where `compile` ran: on another path than the data call, it may not have
    certain: bool  # it ran on every path that reaches this point
    losses: tuple[str | None, ...] | None = None  # one loss per output (`loss=[...]`), as `loss` is


class DataCalls(ArrayCalls):
    compiled: dict[int, _Compiled]
    _asks = False  # the data call being judged stopped where Keras may know more (DataFact.asks)

    def sequential_io(self, seq: SequentialModel) -> tuple[int, list[tuple[str | None, int]]] | None:
        raise NotImplementedError  # interpreter.Interpreter

    # compile ----------------------------------------------------------------------------------

    def compile_call(self, model: SequentialModel | FunctionalModel, node: cst.Call, frame: Frame) -> Obj:
        self.args(node, frame)
        given = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "loss"), None)
        if given is None:
            positional = [a for a in node.args if a.keyword is None and not a.star]
            given = positional[1].value if len(positional) > 1 else None
        losses = None
        if isinstance(given, (cst.List, cst.Tuple)):  # a loss per output, in the outputs' order
            losses = tuple(self.named_loss(e.value, frame) if isinstance(e, cst.Element) else None
                           for e in given.elements)
            given = None
        loss = self.named_loss(given, frame) if given is not None else None
        before = self.compiled.get(id(model))
        certain = not frame.uncertain
        if not certain and before is not None and (before.loss, before.losses) != (loss, losses):
            loss = losses = None  # this compile may not run: the loss is one of two
        self.compiled[id(model)] = _Compiled(loss, frame, certain or (
            before is not None and before.certain and (before.loss, before.losses) == (loss, losses)), losses)
        return Const(None)

    def named_loss(self, node: cst.BaseExpression, frame: Frame) -> str | None:
        """A built-in loss given by name (`"mse"`, or a variable holding it), function
        (`losses.categorical_crossentropy`) or instance (`losses.CategoricalCrossentropy()`)."""
        target = node.func if isinstance(node, cst.Call) else node
        names = self.parsed.qualified_names(target) if isinstance(target, (cst.Name, cst.Attribute)) else set()
        found = {keras_loss(q) for q in names} - {None}
        if found and isinstance(node, cst.Call) and not classes_last_axis(node):
            return None
        if found:
            return found.pop() if len(found) == 1 else None
        if isinstance(node, cst.Call):
            return None  # a loss object noiselint does not know
        value = self.eval(node, frame)
        return data_fit.loss_name(value.value) if isinstance(value, Const) and isinstance(value.value, str) else None

    def _losses_of(self, model: SequentialModel | FunctionalModel, frame: Frame,
                   outputs: int) -> tuple[str | None, ...] | None:
        """The loss of each of a model's `outputs` outputs: a list given to `compile`, or one
        loss name for all of them."""
        compiled = self._compiled_here(model, frame)
        if compiled is None:
            return None
        if compiled.losses is not None:
            return compiled.losses if len(compiled.losses) == outputs else None
        return (compiled.loss,) * outputs if compiled.loss is not None else None

    def _loss_of(self, model: SequentialModel | FunctionalModel, frame: Frame) -> str | None:
        compiled = self._compiled_here(model, frame)
        return compiled.loss if compiled is not None else None

    def _compiled_here(self, model: SequentialModel | FunctionalModel, frame: Frame) -> _Compiled | None:
        """The model's `compile`, when it ran on every path to `frame` (or in `frame` itself)."""
        compiled = self.compiled.get(id(model))
        return compiled if compiled is not None and (compiled.certain or compiled.frame is frame) else None

    # fit, evaluate, predict, model(x) ------------------------------------------------------------

    def data_method(self, model: SequentialModel | FunctionalModel, name: str, node: cst.Call,
                    frame: Frame) -> Obj:
        args = self.args(node, frame)
        bound = dict(zip(DATA_METHODS[name], args.positional, strict=False))
        bound.update(args.keywords)
        if args.star:
            return Unknown("a data call with `*args`")
        x, y = bound.get("x"), bound.get("y")
        weights = bound.get("sample_weight")
        self._meet(model, name, node, _arg(node, 0, "x"), x, _arg(node, 1, "y"), y, frame,
                   weights=weights if isinstance(weights, Array) else None,
                   batch=bound.get("batch_size", Const(None)) if name in _BATCHED else None,
                   whole="validation_split" not in bound)
        validation = bound.get("validation_data")
        parts = iterate(validation) if isinstance(validation, Items) else None
        if name == "fit" and parts is not None and len(parts) in (2, 3):
            at = _arg(node, 7, "validation_data")
            self._meet(model, name, node, at, parts[0], at, parts[1], frame, "validation_data")
        return Unknown(f"what `{name}` returns")  # a History, scores, predictions: not static

    def model_on_array(self, model: SequentialModel | FunctionalModel, args: Args, node: cst.Call,
                       frame: Frame) -> Obj:
        """`model(x)` with NumPy arrays: Keras checks them as `predict` does, and returns a
        tensor of the output's shape for the array's samples, when that is certain."""
        first = args.positional[0] if args.positional else args.keywords.get("inputs")
        fact = self._meet(model, "__call__", node, _arg(node, 0, "inputs"), first, node, None, frame)
        io = self._model_io(model)
        if fact is None or fact.error is not None or fact.asks or io is None or not isinstance(first, Array):
            return Unknown("the model's output on arrays")
        inputs, output, _ = io
        if output is None or len(inputs) != 1 or not first.dims:
            return Unknown("the model's output on arrays")
        return Array((first.dims[0], *output[1:]), node, f"the output of {self._model_where(model)}")

    def loss_call(self, loss: str, args: Args, node: cst.Call) -> Obj:
        """A built-in Keras loss called on targets and predictions (`loss_fn(y, logits)` in a
        custom training loop): it refuses their shapes as it does under `fit` (NL202)."""
        y = args.positional[0] if args.positional else args.keywords.get("y_true")
        pred = args.positional[1] if len(args.positional) > 1 else args.keywords.get("y_pred")
        out = pred.dims if isinstance(pred, Array) else self.graph.tensor(pred.id).shape \
            if isinstance(pred, Tensor) else None
        if not args.star and isinstance(y, Array) and out is not None:
            error = data_fit.label_error(y.dims, out, loss)
            if error is not None:
                what = " ".join(self.code(node.func).split())
                side = self.describe(pred) if isinstance(pred, Array) else f"the predictions are {data_fit.show(out)}"
                self._record(DataFact(node, _arg(node, 0, "y_true"), what, "labels", error, data=self.describe(y),
                                      model=f"{side} under `{loss}`", hint=_label_hint(y.dims, out, loss)))
        return Unknown("what a loss returns")

    def _meet(self, model: SequentialModel | FunctionalModel, method: str, call: cst.Call, x_at: cst.CSTNode,
              x: Obj | None, y_at: cst.CSTNode, y: Obj | None, frame: Frame, prefix: str = "",
              weights: Array | None = None, batch: Obj | None = None, whole: bool = True) -> DataFact | None:
        """Judge one meeting of data and model; only the first error is recorded, in the order
        Keras meets them: the data adapter counts samples, then the model is called on the
        inputs, then the loss reads the labels. Returns what it recorded."""
        if isinstance(x, Dataset):
            if y is not None or not x.parts:
                return
            arrays_x: list[Array] | None = [_batch_of(x, 0)]
            y = _batch_of(x, 1) if len(x.parts) > 1 else None
        else:
            arrays_x = _arrays(x)
        if arrays_x is None:
            return
        self._asks = False
        built = self._build_on_data(model, arrays_x, call, method, x_at)
        io = self._model_io(model)
        if io is None:
            return
        inputs, output, first_layers = io
        # Only a message reads it, and its line costs a pass over the module (parsed.row).
        where = partial(self._model_where, model)
        y_array = y if isinstance(y, Array) else None
        fact = self._cardinality(call, method, arrays_x, y_array, prefix, weights) \
            if not isinstance(x, Dataset) else None
        fact = fact or built
        if fact is None and len(inputs) >= 2:
            error = data_fit.count_error(len(arrays_x), len(inputs))
            count = "one array" if len(arrays_x) == 1 else f"{len(arrays_x)} arrays"
            fact = DataFact(call, x_at, method, "count", error, data=f"{prefix or 'x'} is {count}",
                            model=f"{where()} has {len(inputs)} inputs") if error is not None else None
        if fact is None and len(arrays_x) == len(inputs):
            for index, (array, tid) in enumerate(zip(arrays_x, inputs, strict=True)):
                ref = self.graph.tensor(tid).shape
                if ref is None:
                    continue
                which = partial(_input_of, index if len(inputs) > 1 else None, where)
                fact = self._judge_input(call, method, x_at, array, ref, which, first_layers)
                if fact is not None:
                    break
        if fact is None and batch is not None and not isinstance(x, Dataset) and len(arrays_x) == len(inputs) == 1:
            fact = self._stateful_batch(call, method, x_at, arrays_x[0], inputs[0], first_layers, batch, where,
                                        whole)
        loss = self._loss_of(model, frame)
        if y_array is not None and output is None and loss is not None:
            self._asks = True
        if fact is None and y_array is not None and output is not None and loss is not None \
                and method not in ("predict", "predict_on_batch", "__call__"):
            error = data_fit.label_error(y_array.dims, output, loss)
            if error is not None:
                fact = DataFact(call, y_at, method, "labels", error, data=self.describe(y_array),
                                model=f"the output of {where()} is {data_fit.show(output)} under `{loss}`",
                                hint=_label_hint(y_array.dims, output, loss))
        if fact is None and isinstance(y, Items) and isinstance(model, FunctionalModel) \
                and method not in ("predict", "predict_on_batch", "__call__"):
            fact = self._output_labels(model, method, call, y_at, iterate(y), frame)
        recorded = dataclasses.replace(fact or DataFact(call, call, method, "call"), asks=self._asks)
        self._record(recorded, inputs)
        return recorded

    def _output_labels(self, model: FunctionalModel, method: str, call: cst.Call, y_at: cst.CSTNode,
                       labels: list[Obj], frame: Frame) -> DataFact | None:
        """A list of label arrays for a model of as many outputs: each against its output under
        its loss, in order (Keras pairs them by position and computes the losses in that order)."""
        outs = list(model.outputs.items) if isinstance(model.outputs, Items) else []
        if len(outs) < 2 or len(labels) != len(outs) or not all(isinstance(o, Tensor) for o in outs):
            return None
        losses = self._losses_of(model, frame, len(outs))
        if losses is None:
            return None
        for index, (label, out, loss) in enumerate(zip(labels, outs, losses, strict=True)):
            shape = self.graph.tensor(out.id).shape  # type: ignore[union-attr]
            if not isinstance(label, Array) or shape is None or loss is None:
                continue
            error = data_fit.label_error(label.dims, shape, loss)
            if error is not None:
                swapped = any(isinstance(other, Array) and other is not label
                              and data_fit.label_error(other.dims, shape, loss) is None for other in labels)
                return DataFact(call, y_at, method, "labels", error, data=self.describe(label),
                                model=f"the output {index} of {self._model_where(model)} is "
                                      f"{data_fit.show(shape)} under `{loss}`",
                                hint="pass the labels in the order of the model's outputs" if swapped
                                else _label_hint(label.dims, shape, loss))
        return None

    def _stateful_batch(self, call: cst.Call, method: str, at: cst.CSTNode, array: Array, start: int,
                        layers: list[LayerObj] | None, batch: Obj, where: Callable[[], str],
                        whole: bool) -> DataFact | None:
        """A Sequential with a stateful RNN keeps its state for the batch size its input fixes:
        batches of another size fail (Keras 3 and tf_keras alike), the last one of `fit` too.
        `batch`: the call's `batch_size` (Const(None) when not given: Keras's default, 32);
        `whole`: all of x is trained on (no `validation_split` takes a part)."""
        stateful = [layer for layer in layers or () if dict(layer.spec.config).get("stateful") is True]
        shape = self.graph.tensor(start).shape
        if not stateful or not shape or shape[0] is None:
            return None
        size = batch.value if isinstance(batch, Const) else None
        size = 32 if size is None and batch == Const(None) else size
        if type(size) is not int or size <= 0:
            return None
        fixed, count = shape[0], array.dims[0] if array.dims else None
        if size < fixed:  # Keras 3's RNN says so; a larger batch fails in TensorFlow's ops (checked)
            error = CallError("Keras", "ValueError", "If an RNN is stateful, the batch size of the input sequences "
                              f"must be the same as the batch size of the initial state. Expected batch size: "
                              f"{fixed}, received batch size: {size}")
            hint = f"pass `batch_size={fixed}`"
        elif size > fixed:
            error = CallError("TensorFlow", "InvalidArgumentError", f"batches of {size} samples meet the stateful "
                              f"state of {fixed}")
            hint = f"pass `batch_size={fixed}`"
        elif method == "fit" and whole and type(count) is int and count % size:
            error = CallError("TensorFlow", "InvalidArgumentError", f"the last batch holds {count % size} samples "
                              f"({count} is not a multiple of {size}) where the stateful state holds {fixed}")
            hint = f"train on a multiple of {fixed} samples"
        else:
            return None
        layer, row = stateful[0].spec.class_name, self.parsed.row(stateful[0].spec.node)
        return DataFact(call, at, method, "input", error, data=self.describe(array),
                        model=f"the input of {where()} is {data_fit.show(shape)} and its `{layer}` "
                              f"(line {row}) is stateful", hint=hint)

    def _judge_input(self, call: cst.Call, method: str, at: cst.CSTNode, array: Array, ref: Shape,
                     which: Callable[[], str], layers: list[LayerObj] | None) -> DataFact | None:
        """An array against a model input of shape `ref`. `layers`: a Sequential's layers
        (None for a functional model, which checks the whole shape itself). `which`: the
        input's words in a message ("the input of `m` (line 3)"), made only for one."""
        if layers is None:
            error = data_fit.input_error(array.dims, ref)
            return DataFact(call, at, method, "input", error, data=self.describe(array),
                            model=f"{which()} is {data_fit.show(ref)}", hint=_input_hint(array, ref)) \
                if error is not None else None
        adjusted = data_fit.adjust_rank(array.dims, ref)
        if isinstance(adjusted, CallError):
            return DataFact(call, at, method, "input", adjusted, data=self.describe(array),
                            model=f"{which()} is {data_fit.show(ref)}", hint=_input_hint(array, ref))
        if adjusted is None or None in adjusted[1:] or tuple(adjusted[1:]) == tuple(ref[1:]):
            return None
        # A Keras 3 Sequential runs its layers on the data as it is: the first one that
        # refuses it raises (each judged against the shapes it was built on).
        shape: Shape = (None, *adjusted[1:])
        for position, layer in enumerate(layers):
            outcome = self.graph.probe(layer.spec, (shape,), layer)
            if outcome.error is not None:
                row = self.parsed.row(layer.spec.node)
                named = f"`{layer.spec.class_name}`" + (f" on line {row}" if row else "")
                what = "it" if position == 0 else f"{data_fit.show(shape)}, what the layers before it make of it"
                return DataFact(call, at, method, "input", outcome.error, data=self.describe(array),
                                model=f"{which()} is {data_fit.show(ref)} and {named} refuses {what}",
                                hint=_input_hint(array, ref))
            if not outcome.outputs or len(outcome.outputs) != 1 or outcome.outputs[0] is None:
                break
            shape = outcome.outputs[0]
        # No error found: the written formulas do not judge a layer against the shape it was
        # built on, so only Keras's answer is final here.
        self._asks = True
        return None

    def _build_on_data(self, model: SequentialModel | FunctionalModel, arrays_x: list[Array], call: cst.Call,
                       method: str, x_at: cst.CSTNode) -> DataFact | None:
        """A Sequential that declares no input is built by its first data call, on the data's
        shape: the first layer call that fails on it (Keras raises there) is the outcome."""
        if not isinstance(model, SequentialModel) or model.realized or model.input_shape is not None \
                or len(arrays_x) != 1 or not arrays_x[0].dims or None in arrays_x[0].dims[1:]:
            return None
        if not model.layers or any(how or not isinstance(item, LayerObj) for item, how in model.layers) \
                or model.layers[0][0].spec.input_shape is not None:  # type: ignore[union-attr]
            return None
        array = arrays_x[0]
        shape = (None, *array.dims[1:])
        model.input_shape = (shape, True)  # as `model.build(shape)`: what Keras does on this call
        before = self.graph.last_id
        self.sequential_io(model)
        self.graph.built_by_data(self.graph.calls_since(before))
        failed = next((f for f in (self.graph.call(c).fact for c in self.graph.calls_since(before))
                       if f.error is not None), None)
        if failed is None or failed.error is None:
            self._asks = True  # as above: a layer's own check is Keras's
            return None
        row = self.parsed.row(failed.node)
        layer = f"`{failed.layer}`" + (f" on line {row}" if row else "")
        return DataFact(call, x_at, method, "input", failed.error, data=self.describe(array),
                        model=f"{self._model_where(model)} declares no input, so `{method}` builds it on "
                              f"{data_fit.show(shape)} and {layer} refuses {data_fit.show(failed.input_shapes[0])}"
                              if failed.input_shapes and failed.input_shapes[0] is not None else
                              f"{self._model_where(model)} declares no input and {layer} refuses it")

    def _cardinality(self, call: cst.Call, method: str, arrays_x: list[Array], y: Array | None,
                     prefix: str, weights: Array | None = None) -> DataFact | None:
        if method == "__call__" or method.endswith("_on_batch"):
            # Only the data adapter of `fit`, `predict`, ... counts samples. `model(x)` has none,
            # nor have Keras 3's `*_on_batch`: there arrays of other lengths fail only where the
            # loss cannot broadcast them, and a one-sample side broadcasts and trains.
            return None
        # Keras counts `sample_weight` with them (Keras 3 and tf_keras data adapters alike).
        given = [*arrays_x, *([y] if y is not None else []), *([weights] if weights is not None else [])]
        names = [f"x[{i}]" if len(arrays_x) > 1 else "x" for i in range(len(arrays_x))] + (["y"] if y else []) \
            + (["sample_weight"] if weights is not None else [])
        if any(not a.dims or a.dims[0] is None for a in given):
            return None
        error = data_fit.cardinality_error([(k, a.dims[0]) for k, a in zip(names, given, strict=True)])  # type: ignore[misc]
        if error is None:
            return None
        # The arrays disagree among themselves, the model plays no part: `prefix` says whose
        # arrays they are when they are not the call's own x and y.
        described = ", ".join(self.describe(a) for a in given)
        return DataFact(call, call, method, "cardinality", error,
                        data=f"in `{prefix}`, {described}" if prefix else described)

    def _model_io(self, model: SequentialModel | FunctionalModel
                  ) -> tuple[list[int], Shape | None, list[LayerObj] | None] | None:
        """The model's input tensors, its one output's shape (None with several outputs or
        none known) and, for a Sequential, its layers (None for a functional model)."""
        if isinstance(model, SequentialModel):
            io = self.sequential_io(model)
            if io is None:
                return None
            start, outputs = io
            layers = [item for item, how in model.layers if isinstance(item, LayerObj)]
            if any(how for _, how in model.layers) or any(
                    not isinstance(item, (LayerObj, InputLayerObj, Tensor)) for item, _ in model.layers):
                layers = []  # a layer that may not run, or one noiselint cannot see: none is judged
            out = self.graph.tensor(outputs[-1][1]).shape if outputs else None
            return [start], out, layers
        outs = [o for o in (model.outputs.items if isinstance(model.outputs, Items) else (model.outputs,))]
        single = outs[0] if len(outs) == 1 and isinstance(outs[0], Tensor) else None
        return list(model.inputs), self.graph.tensor(single.id).shape if single is not None else None, None

    def _model_where(self, model: SequentialModel | FunctionalModel) -> str:
        name = f"`{model.name}`" if model.name else "the model"
        row = self.parsed.row(model.node)
        return f"{name} (line {row})" if row else name

    # TF 1 feed_dict -------------------------------------------------------------------------

    def feed_call(self, node: cst.Call, frame: Frame) -> None:
        """`sess.run(train, feed_dict={x: batch})`: each value against its placeholder."""
        feed = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "feed_dict"), None)
        if not isinstance(feed, cst.Dict):
            return
        for element in feed.elements:
            if not isinstance(element, cst.DictElement):
                return
            key, value = self.eval(element.key, frame), self.eval(element.value, frame)
            if not isinstance(key, Tensor) or not self._is_placeholder(key.id):
                continue
            array = value if isinstance(value, Array) else self._literal_array(value, element.value)
            if array is None:
                continue
            shape = self.graph.tensor(key.id).shape
            name = self.code(element.key)
            error = data_fit.feed_error(array.dims, shape, f"`{name}`")
            if error is not None:
                self._record(DataFact(node, element.value, "feed_dict", "feed", error, data=self.describe(array),
                                      model=f"the placeholder `{name}` is {_tf_shape(shape)}",
                                      hint=_feed_hint(array.dims, shape, self.code(element.value))), [key.id])

    def _is_placeholder(self, tid: int) -> bool:
        makers = list(self.graph.predecessors(tid))
        return len(makers) == 1 and getattr(self.graph.node(makers[0]), "fact", None) is not None \
            and self.graph.call(makers[0]).fact.layer in _PLACEHOLDER_LABELS

    def _literal_array(self, value: Obj, node: cst.CSTNode) -> Array | None:
        from noiselint.model.array_calls import _literal

        dims = _literal(value) if isinstance(value, (Seq, Items)) else None
        return Array(dims, node, f"`{self._short(node)}`") if dims is not None and dims else None

    # records ----------------------------------------------------------------------------------

    def data_error(self, node: cst.CSTNode, what: str, error: CallError, subject: Array) -> None:
        self._record(DataFact(node, node, what, "array", error, data=self.describe(subject)))

    def _record(self, fact: DataFact, inputs: list[int] | tuple[int, ...] = ()) -> None:
        self.graph.data_call(fact, inputs)

    def describe(self, array: Array) -> str:
        """"`x_train` from `mnist.load_data()` on line 3 is (60000, 28, 28)"."""
        row = self.parsed.row(array.made)
        where = f" on line {row}" if row else ""
        name = f"`{array.name}` from " if array.name and array.how != f"`{array.name}`" else ""
        if array.how.startswith(("a batch of", "an element")):
            name = f"`{array.name}`: " if array.name else ""
        return f"{name}{array.how}{where} is {show_dims(array.dims)}"


def keras_loss(qualified: str) -> str | None:
    """The built-in loss a qualified name of `keras.losses` means (a class or a function),
    when noiselint knows its shape rules."""
    if not qualified.startswith(("keras.", "tensorflow.keras.", "tf_keras.")) or ".losses." not in qualified:
        return None
    return data_fit.loss_name(qualified.rsplit(".", 1)[-1])


def classes_last_axis(construction: cst.Call) -> bool:
    """Whether a loss object's construction leaves its class axis the last (`axis=`, the
    third positional argument of the crossentropies, moves it; the rules read the last)."""
    return not any(a.keyword is not None and a.keyword.value == "axis" for a in construction.args) and \
        sum(a.keyword is None for a in construction.args) <= 2


def _arg(node: cst.Call, position: int, keyword: str) -> cst.CSTNode:
    """The argument node for a parameter, or the call when it is not there."""
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in node.args if a.keyword is None and not a.star]
    return positional[position].value if position < len(positional) else node


def _arrays(x: Obj | None) -> list[Array] | None:
    if isinstance(x, Array):
        return [x]
    items = iterate(x) if isinstance(x, Items) else None
    if items and all(isinstance(i, Array) for i in items):
        return items  # type: ignore[return-value]
    return None


def _batch_of(dataset: Dataset, index: int) -> Array:
    """What a model is fed from a dataset: its elements are the batches, so an unbatched
    dataset feeds each element as if it were a batch."""
    part = dataset.parts[index]
    if dataset.batched:
        return Array(part.dims, dataset.made, f"a batch of {dataset.how}", dataset.name)
    return Array(part.dims, dataset.made, f"an element (fed as a batch: no `.batch(n)`) of {dataset.how}",
                 dataset.name)


def _input_hint(array: Array, ref: Shape) -> str:
    name = array.name or "x"
    dims = array.dims
    if "no `.batch(n)`" in array.how:
        return f"batch the dataset: `{name}.batch(32)`"
    sample = ref[1:]
    if dims == sample or (sample and sample[-1] == 1 and dims == sample[:-1]):
        if array.name is None:
            return f"give it a batch axis: `np.expand_dims({array.how.strip('`')}, 0)`"
        return f"give it a batch axis: `{name}[None]`, or pass a batch such as `{name}[:1]`"
    if len(dims) == len(ref) - 1 and dims[1:] == ref[1:-1]:
        return f"add the channel axis: `{name}[..., None]`, or give the model `Input(shape={tuple(ref[1:-1])})`"
    if len(ref) == 2 and len(dims) > 2 and None not in dims[1:]:
        return f"flatten the samples (`{name}.reshape(len({name}), -1)`) or give the model the samples' shape"
    if len(dims) == len(ref) and None not in dims[1:]:
        return f"give the model `Input(shape={tuple(dims[1:])})`, or pass data of the shape it takes"
    return ""


def _feed_hint(value: tuple[int | None, ...], placeholder: Shape | None, expression: str) -> str:
    if placeholder is None or None in value:
        return ""
    if len(placeholder) == len(value) + 1 and all(p is None or p == v for p, v in zip(placeholder[1:], value,
                                                                                        strict=True)):
        return f"feed a batch of one: `{expression}[None]`"
    fixed = list(placeholder[1:])
    sample = math.prod(fixed) if None not in fixed else 0  # type: ignore[arg-type]
    if len(placeholder) >= 2 and placeholder[0] is None and sample and math.prod(value) % sample == 0:  # type: ignore[arg-type]
        shape = ", ".join(str(d) for d in (-1, *fixed))
        return f"reshape it to the placeholder's shape: `.reshape({shape})`"
    return ""


def _label_hint(y: tuple[int | None, ...], out: Shape, loss: str) -> str:
    if loss == "categorical_crossentropy" and len(y) in (1, 2) and (len(y) == 1 or y[-1] == 1):
        return f"one-hot encode the labels (`to_categorical(y, {out[-1]})`) or use `sparse_categorical_crossentropy`"
    if loss == "sparse_categorical_crossentropy" and len(y) == len(out) and y[-1] == out[-1]:
        return "the labels are one-hot: use `categorical_crossentropy`"
    if len(out) > 2 and len(y) == 2:
        return "the output keeps an axis the labels do not have (a `Flatten` or global pooling before the last layer?)"
    return ""


def _tf_shape(shape: Shape | None) -> str:
    if shape is None:
        return "of any shape"
    text = ", ".join("?" if d is None else str(d) for d in shape)
    return f"({text},)" if len(shape) == 1 else f"({text})"


def _input_of(index: int | None, where: Callable[[], str]) -> str:
    """A model input in a message: "the input 1 of `m` (line 3)"; `index` None when it has one."""
    return f"the input {index} of {where()}" if index is not None else f"the input of {where()}"
