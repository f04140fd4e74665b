"""TensorFlow 1 graph code in the model-code interpreter: placeholders and the tensors
`tf.zeros`/`tf.get_variable` make, the `tf.layers` functions (each is the Keras layer of
the same kind, applied at once), the allow-listed TF ops (shapes asked of TensorFlow, see
shapes/tf_graph.py), elementwise ops, and subscripts of tensors (`x[:, 0]`)."""

from __future__ import annotations

from noiselint.model.data_values import Array
from noiselint.model.exprs import Args, Expressions, iterate
from noiselint.model.values import Frame, Items, LayerObj, Obj, Tensor, to_shape, unknown_items
from noiselint.shapes.catalog import CATALOG
from noiselint.shapes.facts import Shape
from noiselint.shapes.keras_ops import KERAS_OPS
from noiselint.shapes.keras_ops import SAME_SHAPE as KERAS_SAME_SHAPE
from noiselint.shapes.tf_graph import UNKNOWN
from noiselint.shapes.tf_ops import (
    KEYWORDS_ONLY,
    PLACEHOLDERS,
    SAME_SHAPE,
    SHAPED,
    SHAPED_PARAMS,
    TF_OPS,
    TfOp,
    tf_layer,
)
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq, TensorDim, Unknown

# The TF 1 arguments of a `tf.layers` function that are not the Keras layer's.
_TF1_ONLY = frozenset({"name", "reuse", "training", "trainable"})
# The first argument of an elementwise op, by the keywords TensorFlow gives it.
_FIRST = ("x", "features", "logits", "input", "inputs", "value", "t", "tensor", "initial_value")


class TfCalls(Expressions):
    # implemented by model_calls.KerasCalls
    def layer_from_args(self, cls: str, node: cst.Call, args: Args) -> LayerObj:
        raise NotImplementedError

    def apply_layer(self, layer: LayerObj, args: Args, frame: Frame, node: cst.CSTNode | None = None) -> Obj:
        raise NotImplementedError

    def unknown_call(self, args: Args, node: cst.CSTNode, frame: Frame, reason: str | Unknown,
                     label: str | None = None) -> Obj:
        raise NotImplementedError

    def args(self, node: cst.Call, frame: Frame) -> Args:
        raise NotImplementedError

    def tf_call(self, name: str, node: cst.Call, frame: Frame) -> Obj | None:
        """A TensorFlow function noiselint models, by its name in TensorFlow (`tf_name`);
        None for any other name."""
        layer = tf_layer(name)
        if layer is not None:
            return self._tf_layer(layer[0], layer[1], node, frame)
        label = "tf." + name
        if name in PLACEHOLDERS or name in SHAPED:
            return self._made(name, label, node, frame)
        if name in ("constant", "convert_to_tensor"):
            return self._constant(label, node, frame)
        if name in SAME_SHAPE or name == "Variable":
            args = self.args(node, frame)
            first = args.positional[0] if args.positional else next(
                (args.keywords[k] for k in _FIRST if k in args.keywords), None)
            if isinstance(first, Tensor):
                return Tensor(self.graph.passthrough(label, node, first.id, parent=frame.composite))
            return self.unknown_call(args, node, frame, f"`{label}` of something that is not a known tensor")
        op = TF_OPS.get(name)
        if op is not None:
            args = self.args(node, frame)
            if op.path in KEYWORDS_ONLY and args.positional:
                return self.unknown_call(args, node, frame, f"`{label}` with positional arguments, which name "
                                                            "different tensors in TF 1 and TF 2")
            bound = dict(zip(op.params, args.positional, strict=False))
            bound.update(args.keywords)
            if op.path == "einsum":
                bound["operands"] = Items(tuple(args.positional[1:]))
            vector = _shape_vector(op.path, bound) if not args.star else None
            if vector is not None:
                return vector
            return self.tf_op(label, node, op, bound, args.star, frame)
        return None

    def keras_op_call(self, name: str, node: cst.Call, frame: Frame) -> Obj | None:
        """A `keras.ops` function noiselint models (shapes/keras_ops.py), by its name there
        (`keras_op_name`), applied to a tensor of the model code: its shapes asked of Keras;
        None for any other name."""
        op = KERAS_OPS.get(name)
        if op is None and name not in KERAS_SAME_SHAPE:
            return None
        label = "keras.ops." + name
        args = self.args(node, frame)
        if op is None:
            first = args.positional[0] if args.positional else args.keywords.get("x")
            if isinstance(first, Tensor):
                return Tensor(self.graph.passthrough(label, node, first.id, parent=frame.composite))
            return self.unknown_call(args, node, frame, f"`{label}` of something that is not a known tensor")
        bound = dict(zip(op.params, args.positional, strict=False))
        bound.update(args.keywords)
        if name == "einsum":
            bound["operands"] = Items(tuple(args.positional[1:]))
        given = [*bound.values(), *(i for o in bound.values() if isinstance(o, Items) for i in o.items)]
        if not any(isinstance(o, Tensor) for o in given):
            # On arrays or eager values Keras runs the backend's op at once: not modelled.
            return self.unknown_call(args, node, frame, f"`{label}` of something that is not a known tensor")
        return self.tf_op(label, node, op, bound, args.star, frame)

    def tf_op(self, label: str, node: cst.CSTNode, op: TfOp, bound: dict[str, Obj], star: str | None,
              frame: Frame) -> Obj:
        """Ask TensorFlow for the op's output shape; unknown when an argument that decides
        it is not static."""
        operands: list[int] = []
        dtypes: list[str] = []
        keras = op.path.startswith("keras.ops.")

        def tensor(obj: Obj, param: str) -> dict[str, int]:
            operands.append(self._operand(obj))
            dtypes.append("int32" if param in op.int_tensors else "float32")
            return {"t": len(operands) - 1}

        args: dict[str, object] = {}
        why = star
        for name, obj in bound.items():
            if name in op.tensors:
                args[name] = tensor(obj, name)
            elif name in op.tensor_lists or name == "operands":
                items = iterate(obj)
                if items is None:
                    why = why or f"the list `{name}` is not static"
                    continue
                args[name] = [tensor(i, name) for i in items]
            elif name in op.static or (name == "key" and op.path == "__getitem__"):
                value = _static(obj, top=True)
                if value is _NOT_STATIC or (keras and _holds_unknown(value)):
                    # A Keras op is asked on KerasTensors, where a size known only at run
                    # time has no stand-in.
                    why = why or f"argument `{name}` is not static"
                    continue
                args[name] = value
        tensors = [o for o in bound.values() if isinstance(o, Tensor)] + \
            [i for o in bound.values() if isinstance(o, Items) for i in o.items if isinstance(i, Tensor)]
        if why is not None:
            ids = [t.id for t in tensors]
            if not ids:
                return Unknown(why)
            return Tensor(self.graph.opaque(label, node, ids, why, frame.composite))
        if not keras:
            return Tensor(self.graph.op(label, node, op.path, args, operands, dtypes, frame.composite))
        outputs = self.graph.op_outputs(label, node, op.path, args, operands, dtypes, frame.composite)
        if op.path == "keras.ops.split":
            if len(outputs) == 1 and self.graph.tensor(outputs[0]).shape is None:
                return Unknown("the parts of a split whose shapes are not known")
            return Items(tuple(Tensor(t) for t in outputs), is_list=True)
        return Tensor(outputs[0])

    def elementwise(self, op: str, node: cst.CSTNode, tensors: list[Tensor], frame: Frame) -> Obj:
        """`a + b` on tensors of different ranks: TensorFlow's broadcasting."""
        return self.tf_op(self.code(node), node, TF_OPS[op], {"x": tensors[0], "y": tensors[1]}, None, frame)

    def tensor_matmul(self, node: cst.CSTNode, tensors: list[Tensor], frame: Frame) -> Obj:
        """`a @ b` on tensors: a tf.Tensor's `__matmul__` is `tf.matmul`, a KerasTensor's is
        `keras.ops.matmul`. The two agree on operands of rank 2 or more (inner sizes, then
        the batch axes broadcast); below that Keras takes NumPy's vectors and TensorFlow
        refuses them, so those stay unknown."""
        if any(shape is None or len(shape) < 2 for shape in (self.graph.tensor(t.id).shape for t in tensors)):
            return Tensor(self.graph.opaque(self.code(node), node, [t.id for t in tensors],
                                            "`@` on a tensor of rank below 2 or of unknown rank", frame.composite))
        return self.tf_op(self.code(node), node, TF_OPS["matmul"], {"a": tensors[0], "b": tensors[1]}, None, frame)

    def tensor_subscript(self, base: Tensor, node: cst.Subscript, frame: Frame) -> Obj:
        """`x[:, 0]`, `x[..., :3]`, `x[:, tf.newaxis]`: TensorFlow's strided slice."""
        key: list[object] = []
        for element in node.slice:
            part = element.slice
            if type(part) is cst.Index:  # exact classes (libcst's are final): no ABCMeta check
                if type(part.value) is cst.Ellipsis:  # type: ignore[attr-defined]
                    key.append("...")
                    continue
                if any(q in ("tensorflow.newaxis", "tensorflow.compat.v1.newaxis")
                       for q in self.parsed.qualified_names(part.value)):
                    key.append("newaxis")
                    continue
                value = self.eval(part.value, frame)
                if isinstance(value, Const) and (value.value is None or type(value.value) is int):
                    key.append("newaxis" if value.value is None else value.value)
                    continue
                return Tensor(self.graph.opaque(self.code(node), node, [base.id], "an index that is not static",
                                                frame.composite))
            bounds: list[int | None] = []
            for bound in (part.lower, part.upper, part.step):
                value = self.eval(bound, frame) if bound is not None else Const(None)
                if not isinstance(value, Const) or not (value.value is None or type(value.value) is int):
                    return Tensor(self.graph.opaque(self.code(node), node, [base.id], "a slice that is not static",
                                                    frame.composite))
                bounds.append(value.value)  # type: ignore[arg-type]
            key.append(bounds)
        op = TF_OPS["__getitem__"]
        return Tensor(self.graph.op(self.code(node), node, op.path, {"tensor": {"t": 0}, "key": key}, [base.id],
                                    ["float32"], frame.composite))

    # helpers ------------------------------------------------------------------------------

    def _operand(self, obj: Obj) -> int:
        """A tensor argument's graph tensor: a number is a scalar, a nested list of numbers
        has its shape; anything else not known is a tensor of unknown rank, for which
        TensorFlow's inference holds whatever it really is."""
        if isinstance(obj, Tensor):
            return obj.id
        if isinstance(obj, Array):
            # A NumPy array (`np.random.rand(25, 28, 28)`): a tensor of its shape, certain
            # where every size is known.
            dims = tuple(obj.dims)
            return self.graph.input_layer(obj.made, dims, None not in dims, None, None, obj.how)
        shape = _literal_shape(obj)
        return self.graph.new_tensor(shape, exact=shape is not None)

    def _tf_layer(self, cls: str, params: tuple[str, ...], node: cst.Call, frame: Frame) -> Obj:
        """`tf.layers.conv2d(x, 64, 3, padding="same")`: Keras's Conv2D(64, 3, padding="same")
        applied to x. TF 1 layers read `channels_last` unless told otherwise."""
        args = self.args(node, frame)
        bound = dict(zip(("inputs", *params), args.positional, strict=False))
        bound.update(args.keywords)
        inputs = bound.pop("inputs", Unknown("no input"))
        keywords = {k: v for k, v in bound.items() if k not in _TF1_ONLY}
        if CATALOG[cls].data_format and "data_format" not in keywords:
            keywords["data_format"] = Const("channels_last")
        layer = self.layer_from_args(cls, node, Args(keywords=keywords, star=args.star))
        return self.apply_layer(layer, Args([inputs]), frame, node)

    def _made(self, name: str, label: str, node: cst.Call, frame: Frame) -> Obj:
        """`tf.placeholder(tf.float32, [None, 28, 28, 1])`, `tf.zeros([64, 10])`,
        `tf.get_variable("w", [3, 3, 1, 32])`: a tensor of the shape written there; a
        placeholder with `shape=None` has an unknown rank."""
        args = self.args(node, frame)
        params = PLACEHOLDERS.get(name) or SHAPED_PARAMS.get(name) or (SHAPED[name],)
        bound = dict(zip(params, args.positional, strict=False))
        bound.update(args.keywords)
        key = "shape" if name in PLACEHOLDERS else SHAPED[name]
        given = bound.get(key, Const(None) if name in PLACEHOLDERS else Unknown(f"no `{key}`"))
        if key not in bound and (args.star or name == "placeholder_with_default"):
            # The shape may be in the `*args`/`**kwargs`; `placeholder_with_default` has no
            # default shape (TypeError), and its shape is not its input's (it may clear sizes).
            why = args.star or f"`{label}` without a `shape` (TensorFlow raises TypeError)"
            return Tensor(self.graph.input_layer(node, None, False, why, frame.composite, label))
        known = to_shape(given)
        reason = "a placeholder without a `shape` takes any rank" if given == Const(None) else \
            None if known is not None else f"argument `{key}` not static"
        shape, exact = known if known is not None else (None, False)
        return Tensor(self.graph.input_layer(node, shape, exact, reason, frame.composite, label,
                                             unknown_items(given) if shape is not None else None))

    def _constant(self, label: str, node: cst.Call, frame: Frame) -> Obj:
        """`tf.constant([1, 1, 64])`: the shape of the value, or the `shape=` given."""
        args = self.args(node, frame)
        bound = dict(zip(("value", "dtype", "shape"), args.positional, strict=False))
        bound.update(args.keywords)
        given = bound.get("shape", Const(None))
        value = bound.get("value", Unknown(""))
        if isinstance(value, Array) and given == Const(None):
            return value  # an eager tensor of a NumPy array's shape: data, as the array is
        if given == Const(None) and isinstance(value, Tensor):
            return Tensor(self.graph.passthrough(label, node, value.id, parent=frame.composite))
        if given == Const(None) and isinstance(value, Seq) and not any(isinstance(i, Seq) for i in value.items):
            # A 1-D list, as values/shape_ops.py reads it: a mask's entries stay visible, and
            # as a tensor `*` and `+` work entry by entry, not as a list's repeat and join.
            return Seq(value.items, is_list=True, tensor=True)
        known = to_shape(given) if given != Const(None) else None
        shape = known[0] if known is not None and known[1] else _literal_shape(bound.get("value", Unknown("")))
        if shape is None:
            return Unknown("a constant whose shape is not static")
        return Tensor(self.graph.input_layer(node, shape, True, None, frame.composite, label))


class _NotStatic:
    pass


_NOT_STATIC = _NotStatic()


def _static(obj: Obj, top: bool = False) -> object:
    """A static argument as JSON; inside a list, a value known only at run time is `"?"`
    (a scalar tensor); at the top it makes the argument not static."""
    if isinstance(obj, Const) and (obj.value is None or isinstance(obj.value, (bool, int, float, str))):
        return obj.value
    if isinstance(obj, Seq):
        items = [_static(i) for i in obj.items]
        return _NOT_STATIC if any(i is _NOT_STATIC for i in items) else items
    if not top and isinstance(obj, (TensorDim, Unknown)):
        return UNKNOWN
    return _NOT_STATIC


def _holds_unknown(value: object) -> bool:
    return value == UNKNOWN or (isinstance(value, list) and any(_holds_unknown(v) for v in value))


def _shape_vector(op: str, bound: dict[str, Obj]) -> Seq | None:
    """`tf.stack([tf.shape(x)[0], 1, d])`, `tf.concat([[1], tf.shape(x)[1:]], 0)`: a 1-D
    vector of sizes, kept as its entries (as values/shape_ops.py reads it) rather than a
    tensor, so the mask of a dropout site built from it reads the same here and in the rules;
    still a tensor for arithmetic (`tf.stack([1, n]) * 2` is not a list repeated)."""
    values, axis = bound.get("values"), bound.get("axis", Const(0))
    if op not in ("concat", "stack") or not isinstance(values, Seq) or axis not in (Const(0), Const(-1)):
        return None
    if op == "stack":
        return Seq(values.items, is_list=True, tensor=True) if not any(isinstance(i, Seq) for i in values.items) \
            else None
    if not all(isinstance(i, Seq) and not any(isinstance(j, Seq) for j in i.items) for i in values.items):
        return None
    return Seq(tuple(j for i in values.items for j in i.items), is_list=True, tensor=True)  # type: ignore[union-attr]


def _literal_shape(obj: Obj) -> Shape | None:
    """The shape of a number or a rectangular nested list of numbers."""
    if isinstance(obj, Const) and isinstance(obj.value, (int, float)):
        return ()
    if isinstance(obj, Seq) and obj.items:
        inner = [_literal_shape(i) for i in obj.items]
        if inner[0] is not None and all(i == inner[0] for i in inner):
            return (len(obj.items), *inner[0])
    return None
