"""Arrays in the model-code interpreter: NumPy constructors with static shapes, the Keras
built-in datasets, `to_categorical`, `train_test_split`, `tf.data` datasets, and what code
does to arrays (`reshape`, `x[..., None]`, `astype`, arithmetic, `np.concatenate`). Each
gives an `Array` whose shape follows NumPy's rules (values/arrays.py); anything read from
a file or computed from unknowns stays unknown. A NumPy error on certain shapes (a
`reshape` whose element count cannot match) becomes a data node of the graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from noiselint.apis.datasets import dataset_for, split
from noiselint.model.data_values import Array, Dataset, DatasetModule
from noiselint.model.exprs import Args, Expressions, iterate
from noiselint.model.graph import ModelGraph
from noiselint.model.values import Frame, Items, Obj, Tensor
from noiselint.shapes.facts import CallError
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values import arrays
from noiselint.values.arrays import ArrayError, Dims
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Const, Seq, Unknown

_KERAS_ROOTS = ("keras.", "tensorflow.keras.", "tf_keras.", "tensorflow.python.keras.")
_SPLITS = ("sklearn.model_selection.train_test_split", "sklearn.cross_validation.train_test_split")
_SLICES = ("tensorflow.data.Dataset.from_tensor_slices", "tensorflow.compat.v1.data.Dataset.from_tensor_slices")
# Dataset methods that keep an element's shape.
_KEEPS = frozenset({"shuffle", "prefetch", "repeat", "cache", "take", "skip", "filter", "with_options"})
# Array methods that keep the shape.
_SAME = frozenset({"astype", "copy", "clip", "round", "__abs__"})
_NEWAXIS = ("numpy.newaxis", "tensorflow.newaxis")


class ArrayCalls(Expressions):
    def __init__(self, parsed: ParsedModule, evaluator: Evaluator, graph: ModelGraph) -> None:
        super().__init__(parsed, evaluator, graph)
        self._dataset_names: dict[int, tuple[cst.Attribute, ParsedModule, str | None]] = {}  # `dataset_module`

    def args(self, node: cst.Call, frame: Frame) -> Args:
        raise NotImplementedError  # model/calls.KerasCalls

    def data_error(self, node: cst.CSTNode, what: str, error: CallError, subject: Array) -> None:
        raise NotImplementedError  # model/data_calls.DataCalls

    # calls of library functions -----------------------------------------------------------

    def array_call(self, qualified: str, node: cst.Call, frame: Frame) -> Obj | None:
        """A library function that makes or changes arrays; None for any other name."""
        maker = self.array_maker(qualified)
        return maker(node, frame) if maker is not None else None

    def array_maker(self, qualified: str) -> Callable[[cst.Call, Frame], Obj] | None:
        """What a call of the library function `qualified` makes, given the call; None for a
        name that makes no array. By the name alone: the interpreter asks once per name."""
        dataset = dataset_for(qualified)
        if dataset is not None:
            return partial(self._dataset_call, dataset)
        if qualified.startswith("numpy."):
            name = qualified[len("numpy."):]
            if name not in _NUMPY and name not in _RANDOM:
                return None
            return partial(self._numpy_call, name)
        if qualified.endswith(".to_categorical") and qualified.startswith(_KERAS_ROOTS):
            return self._to_categorical_call
        if qualified in _SPLITS:
            return self._split_call
        if qualified in _SLICES:
            return self._slices_call
        return None

    def _dataset_call(self, dataset: object, node: cst.Call, frame: Frame) -> Obj:
        return self._load_data(dataset, self.args(node, frame), node)

    def _numpy_call(self, name: str, node: cst.Call, frame: Frame) -> Obj:
        return self._numpy(name, self.args(node, frame), node)

    def _to_categorical_call(self, node: cst.Call, frame: Frame) -> Obj:
        return self._to_categorical(self.args(node, frame), node)

    def _split_call(self, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        if args.star or not args.positional or not all(isinstance(a, Array) for a in args.positional):
            return Unknown("`train_test_split` of arrays whose shapes are not known")
        parts = [self._array((None, *a.dims[1:]), node, a) for a in args.positional  # type: ignore[union-attr]
                 for _ in range(2)]
        return Items(tuple(parts), True)

    def _slices_call(self, node: cst.Call, frame: Frame) -> Obj:
        return self._from_tensor_slices(self.args(node, frame), node)

    def dataset_module(self, node: cst.Attribute) -> DatasetModule | None:
        """`tf.keras.datasets.mnist` as a value, for `mnist = ...; mnist.load_data()`."""
        # Asked of each dotted name whose root is not bound where it is evaluated, again on
        # every pass of a loop: what the name means is the same each time.
        kept = self._dataset_names.get(id(node))
        if kept is None or kept[1] is not self.parsed:
            qualified = next((q for q in self.parsed.qualified_names(node)
                              if dataset_for(q + ".load_data") is not None), None)
            kept = self._dataset_names[id(node)] = (node, self.parsed, qualified)  # the node kept: its id stays its own
        return DatasetModule(kept[2]) if kept[2] is not None else None

    def _array(self, dims: Dims | ArrayError | None, node: cst.CSTNode, keep: Array | None = None,
               what: str = "") -> Obj:
        """The array an expression gives; `keep`: the array whose origin stays (a shape-keeping
        operation, `x / 255`); an error on certain shapes is a data node of the graph."""
        if isinstance(dims, ArrayError):
            if keep is not None and what:
                self.data_error(node, what, CallError("NumPy", dims.type, dims.message), keep)
            return Unknown(f"NumPy raises {dims.type} here")
        if dims is None:
            return Unknown("an array whose shape noiselint does not know")
        if keep is not None and dims == keep.dims:
            return replace(keep, dims=dims)
        return Array(dims, node, f"`{self._short(node)}`")

    def _short(self, node: cst.CSTNode) -> str:
        text = " ".join(self.code(node).split())
        return text if len(text) <= 60 else text[:57] + "..."

    def _load_data(self, dataset: object, args: Args, node: cst.Call) -> Obj:
        from noiselint.apis.datasets import Dataset as Table

        assert isinstance(dataset, Table)
        if args.star or len(args.positional) > len(dataset.parameters):
            return Unknown("`load_data` with arguments noiselint does not read")
        bound = dict(zip(dataset.parameters, args.positional, strict=False))
        bound.update(args.keywords)
        given = bound.get("test_split")
        test_split: float | None = dataset.test_split
        if given is not None:
            test_split = given.value if isinstance(given, Const) and isinstance(given.value, (int, float)) else None
        version = bound.get("version", Const("large"))
        small = isinstance(version, Const) and version.value == "small"  # split() reads it only where it applies
        counts = split(dataset, test_split, small) if isinstance(version, Const) or dataset.small is None else None
        how = f"`{self._short(node)}`"

        def part(n: int | None, sample: tuple[int, ...]) -> Array:
            return Array((n, *sample), node, how)

        train, test = counts if counts is not None else (None, None)
        return Items((Items((part(train, dataset.x), part(train, dataset.y))),
                      Items((part(test, dataset.x), part(test, dataset.y)))))

    def _numpy(self, name: str, args: Args, node: cst.Call) -> Obj:
        if args.star:
            return Unknown("an array made from `*args`")
        if name in _RANDOM:
            size = args.keywords.get("size")
            position = _RANDOM[name]
            if size is None and position is not None and len(args.positional) > position:
                size = args.positional[position]
            if name in ("random.rand", "random.randn"):
                dims = _dims(Seq(tuple(args.positional)))  # type: ignore[arg-type]
            elif size is None or size == Const(None):
                return Unknown("a random scalar")
            else:
                dims = _dims(size)
            return self._array(dims, node)
        return _NUMPY[name](self, args, node)

    def _to_categorical(self, args: Args, node: cst.Call) -> Obj:
        y = args.positional[0] if args.positional else args.keywords.get("x", args.keywords.get("y"))
        classes = args.positional[1] if len(args.positional) > 1 else args.keywords.get("num_classes", Const(None))
        if not isinstance(y, Array):
            return Unknown("`to_categorical` of labels whose shape is not known")
        count = classes.value if isinstance(classes, Const) and type(classes.value) is int else None
        return self._array(arrays.to_categorical(y.dims, count), node, y)

    def _from_tensor_slices(self, args: Args, node: cst.Call) -> Obj:
        given = args.positional[0] if args.positional else args.keywords.get("tensors")
        parts = iterate(given) if isinstance(given, Items) else [given] if isinstance(given, Array) else None
        if not parts or not all(isinstance(p, Array) and p.dims for p in parts):
            return Unknown("a dataset of tensors whose shapes are not known")
        firsts = {p.dims[0] for p in parts if p.dims[0] is not None}  # type: ignore[union-attr]
        if len(firsts) > 1:
            return Unknown("a dataset of arrays with different first axes (TensorFlow refuses it)")
        return Dataset(tuple(replace(p, dims=p.dims[1:]) for p in parts), False, node,  # type: ignore[union-attr]
                       f"`{self._short(node)}`")

    def _map(self, owner: Dataset, node: cst.Call, frame: Frame) -> Obj:
        """`ds.map(lambda x, y: (f(x), y))`: the lambda's body run on the element's parts (one
        parameter per part, as `Dataset.map` unpacks a tuple element); each part it returns must
        be an array or a tensor of known shape, else the dataset is no longer known."""
        fn = node.args[0].value if len(node.args) == 1 and node.args[0].keyword is None else None
        if not isinstance(fn, cst.Lambda):
            return Unknown("`Dataset.map` of a function other than a lambda")
        params = fn.params
        if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg is not None \
                or params.kwonly_params or params.posonly_params \
                or len(params.params) != len(owner.parts) or any(p.default is not None for p in params.params):
            return Unknown("`Dataset.map` of a lambda whose parameters are not the element's parts")
        inner = Frame(frame, frame.function, frame.composite, frame.depth)
        inner.inherit(frame)
        inner.vars = {p.name.value: part for p, part in zip(params.params, owner.parts, strict=True)}
        result = self.eval(fn.body, inner)
        returned = iterate(result) if isinstance(result, Items) else [result]
        parts = []
        for part in returned:
            dims = part.dims if isinstance(part, Array) else \
                self.graph.tensor(part.id).shape if isinstance(part, Tensor) else None  # type: ignore[attr-defined]
            if dims is None:
                return Unknown("`Dataset.map` returning a part whose shape is not known")
            parts.append(Array(tuple(dims), fn, f"`{self._short(node)}`"))
        return replace(owner, parts=tuple(parts), made=node, how=f"`{self._short(node)}`")

    # methods, attributes, subscripts and operators of arrays ----------------------------------

    def array_method(self, owner: Array | Dataset, name: str, node: cst.Call, frame: Frame) -> Obj:
        args = self.args(node, frame)
        if isinstance(owner, Dataset):
            if name == "batch" and not owner.batched:
                return replace(owner, parts=tuple(replace(p, dims=(None, *p.dims)) for p in owner.parts),
                               batched=True, made=node, how=f"`{self._short(node)}`")
            if name in _KEEPS:
                return owner
            if name == "map":
                return self._map(owner, node, frame)
            return Unknown(f"`Dataset.{name}` is not modelled")
        if name in _SAME:
            return owner
        if name == "reshape":
            if not args.positional or "shape" in args.keywords:
                # NumPy's method takes the shape by position only (`x.reshape(shape=...)` and
                # `x.reshape()` raise TypeError): no shape to follow.
                return Unknown("a `.reshape()` NumPy refuses (its shape goes by position only)")
            shape = args.positional[0] if len(args.positional) == 1 else Seq(tuple(args.positional))  # type: ignore[arg-type]
            return self._reshape(owner, shape, node)
        if name in ("flatten", "ravel") and not args.positional:
            return self._array((arrays.size(owner.dims),), node, owner)
        if name == "squeeze":
            return self._squeeze(owner, args, node)
        if name == "transpose" and not args.positional:
            return self._array(arrays.transpose(owner.dims), node, owner)
        return Unknown(f"`.{name}()` of an array is not modelled")

    def _reshape(self, owner: Array, shape: Obj, node: cst.CSTNode) -> Obj:
        dims = _dims(shape, negative=True)
        if dims is None:
            return Unknown("a reshape to a shape that is not static")
        return self._array(arrays.reshape(owner.dims, dims), node, owner, "reshape")

    def _squeeze(self, owner: Array, args: Args, node: cst.CSTNode) -> Obj:
        axis = args.positional[0] if args.positional else args.keywords.get("axis", Const(None))
        if axis == Const(None):
            return self._array(arrays.squeeze(owner.dims, None), node, owner)
        axes = _dims(axis, negative=True)
        return self._array(arrays.squeeze(owner.dims, axes), node, owner) if axes is not None and None not in axes \
            else Unknown("a squeeze axis that is not static")

    def array_attribute(self, owner: Array, attr: str) -> Obj:
        if attr == "shape":
            return Seq(tuple(Const(d) if d is not None else Unknown("a size noiselint does not know")
                             for d in owner.dims))
        if attr == "ndim":
            return Const(len(owner.dims))
        if attr == "size":
            total = arrays.size(owner.dims)
            return Const(total) if total is not None else Unknown("a size noiselint does not know")
        if attr == "T":
            return replace(owner, dims=arrays.transpose(owner.dims))
        return Unknown(f"`.{attr}` of an array is not modelled")

    def array_subscript(self, base: Array, node: cst.Subscript, frame: Frame) -> Obj:
        key: list[object] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                if type(part.value) is cst.Ellipsis:  # exact: libcst node classes are final
                    key.append(arrays.ELLIPSIS)
                    continue
                if any(q in _NEWAXIS for q in self.parsed.qualified_names(part.value)):
                    key.append(arrays.NEWAXIS)
                    continue
                value = self.eval(part.value, frame)
                if value == Const(None):
                    key.append(arrays.NEWAXIS)
                elif isinstance(value, Const) and type(value.value) is int:
                    key.append(value.value)
                else:
                    return Unknown("an index that may be an array (fancy indexing)")
                continue
            bounds: list[int | None] = []
            for bound in (part.lower, part.upper, part.step):
                value = self.eval(bound, frame) if bound is not None else Const(None)
                if isinstance(value, Const) and (value.value is None or type(value.value) is int):
                    bounds.append(value.value)  # type: ignore[arg-type]
                else:
                    bounds = []
                    break
            if bounds and bounds[2] == 0:
                return Unknown("a zero slice step")
            key.append(tuple(bounds) if bounds else arrays.UNKNOWN_SLICE)
        return self._array(arrays.index(base.dims, key), node, base)

    def array_matmul(self, left: Obj, right: Obj, node: cst.CSTNode) -> Obj:
        """`x @ w` of two arrays (np.matmul's shape rule)."""
        if isinstance(left, Array) and isinstance(right, Array):
            return self._array(arrays.matmul(left.dims, right.dims), node)
        return Unknown("a matrix product with a value that is not an array")

    def array_binop(self, left: Obj, right: Obj, node: cst.CSTNode) -> Obj:
        """`x / 255.0`, `x - mean`: an array with a number keeps its shape; two arrays broadcast."""
        if isinstance(left, Array) and isinstance(right, Array):
            return self._array(arrays.broadcast(left.dims, right.dims), node, left)
        array = left if isinstance(left, Array) else right
        other = right if array is left else left
        if isinstance(array, Array) and isinstance(other, Const) and isinstance(other.value, (int, float)):
            return array
        return Unknown("arithmetic on an array and a value noiselint does not know")


def _dims(obj: Obj | None, negative: bool = False) -> Dims | None:
    """A shape argument: an int or a sequence of them; an entry that is not static is None.
    None when not even the rank is known."""
    if isinstance(obj, Const) and type(obj.value) is int:
        return (obj.value,) if obj.value >= 0 or negative else None
    items = iterate(obj) if isinstance(obj, (Seq, Items)) else None
    if items is None:
        return None
    dims: list[int | None] = []
    for item in items:
        if isinstance(item, Const) and type(item.value) is int:
            if item.value < 0 and not negative:
                return None
            dims.append(item.value)
        elif isinstance(item, Const):
            return None  # a float or a string: NumPy raises, not a shape
        else:
            dims.append(None)
    return tuple(dims)


def _literal(obj: Obj) -> Dims | None:
    """The shape of a rectangular nested list of numbers (or of arrays)."""
    if isinstance(obj, Const) and isinstance(obj.value, (int, float)) and not isinstance(obj.value, bool):
        return ()
    if isinstance(obj, Array):
        return obj.dims
    items = iterate(obj) if isinstance(obj, (Seq, Items)) else None
    if not items:
        return None
    inner = [_literal(i) for i in items]
    if inner[0] is not None and all(i == inner[0] for i in inner):
        return (len(items), *inner[0])
    return None


def _shape_arg(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    shape = args.positional[0] if args.positional else args.keywords.get("shape")
    return calls._array(_dims(shape), node)


def _like(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    first = args.positional[0] if args.positional else args.keywords.get("a", args.keywords.get("prototype"))
    return calls._array(first.dims, node) if isinstance(first, Array) and "shape" not in args.keywords \
        else Unknown("an array like one noiselint does not know")


def _from_data(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    first = args.positional[0] if args.positional else args.keywords.get("object", args.keywords.get("a"))
    if isinstance(first, Array):
        return first
    return calls._array(_literal(first) if first is not None else None, node)


def _arange(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    values = [a.value if isinstance(a, Const) and type(a.value) is int else None for a in args.positional]
    if args.keywords or not 1 <= len(values) <= 3 or None in values or 0 in values[2:]:
        return Unknown("an `arange` noiselint does not count")
    return calls._array((len(range(*values)),), node)  # type: ignore[arg-type]


def _linspace(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    num = args.positional[2] if len(args.positional) > 2 else args.keywords.get("num", Const(50))
    return calls._array((num.value,), node) if isinstance(num, Const) and type(num.value) is int and num.value >= 0 \
        else Unknown("a `linspace` of a count that is not static")


def _eye(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    sizes = [a.value if isinstance(a, Const) and type(a.value) is int else None for a in args.positional[:2]]
    if not sizes or None in sizes or any(k not in ("dtype", "M", "k") for k in args.keywords):
        return Unknown("an `eye` of sizes that are not static")
    m = args.keywords.get("M", Const(sizes[-1]))
    return calls._array((sizes[0], m.value if isinstance(m, Const) and type(m.value) is int else None), node)


def _axis(args: Args, position: int, default: int | None) -> int | Unknown | None:
    axis = args.positional[position] if len(args.positional) > position else args.keywords.get("axis", Const(default))
    if isinstance(axis, Const) and (axis.value is None or type(axis.value) is int):
        return axis.value  # type: ignore[return-value]
    return Unknown("an axis that is not static")


def _arrays(args: Args) -> list[Array] | None:
    given = args.positional[0] if args.positional else args.keywords.get("arrays", args.keywords.get("tup"))
    items = iterate(given) if isinstance(given, Items) else None
    return items if items and all(isinstance(i, Array) for i in items) else None  # type: ignore[return-value]


def _join(kind: str):  # type: ignore[no-untyped-def]
    def make(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
        parts = _arrays(args)
        axis = _axis(args, 1, 0)
        if parts is None or isinstance(axis, Unknown) or axis is None:
            return Unknown(f"`np.{kind}` of arrays whose shapes are not known")
        shapes = [p.dims for p in parts]
        if kind == "stack":
            return calls._array(arrays.stack(shapes, axis), node, parts[0], "stack")
        if kind == "vstack":
            shapes = [s if len(s) >= 2 else (1, *s) for s in shapes]
            axis = 0
        elif kind == "hstack":
            axis = 0 if len(shapes[0]) == 1 else 1
        return calls._array(arrays.concatenate(shapes, axis), node, parts[0], kind)
    return make


def _expand_dims(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    first = args.positional[0] if args.positional else args.keywords.get("a")
    axis = args.positional[1] if len(args.positional) > 1 else args.keywords.get("axis")
    axes = _dims(axis, negative=True)
    if not isinstance(first, Array) or axes is None or None in axes:
        return Unknown("`np.expand_dims` of what noiselint does not know")
    return calls._array(arrays.expand_dims(first.dims, axes), node, first)  # type: ignore[arg-type]


def _reshape_function(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    """`np.reshape` as each NumPy names its parameters: `(a, newshape, order)` up to 2.0,
    `(a, /, shape, order, *, newshape, copy)` from 2.1 (`newshape` gone in 2.4). Code may be
    written for either, so a call one of them runs is followed; one none runs is not."""
    shapes = [k for k in ("newshape", "shape") if k in args.keywords] + ["#2"] * (len(args.positional) > 1)
    if len(shapes) > 1 or ("a" in args.keywords and (args.positional or shapes != ["newshape"])):
        # Two shapes, or `a=` (a keyword only up to 2.0) without 2.0's `newshape=`: TypeError.
        return Unknown("an `np.reshape` every NumPy refuses (TypeError)")
    first = args.positional[0] if args.positional else args.keywords.get("a")
    shape = args.positional[1] if len(args.positional) > 1 else \
        args.keywords.get("newshape", args.keywords.get("shape"))
    if not isinstance(first, Array) or shape is None:
        return Unknown("`np.reshape` of what noiselint does not know")
    return calls._reshape(first, shape, node)


def _method_function(name: str):  # type: ignore[no-untyped-def]
    """`np.squeeze(a, ...)`, `np.transpose(a)`: the method of the same name."""
    def make(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
        first = args.positional[0] if args.positional else args.keywords.get("a")
        if not isinstance(first, Array):
            return Unknown(f"`np.{name}` of what noiselint does not know")
        rest = Args(args.positional[1:], {k: v for k, v in args.keywords.items() if k != "a"})
        if name == "squeeze":
            return calls._squeeze(first, rest, node)
        if name == "transpose" and not rest.positional and not rest.keywords:
            return calls._array(arrays.transpose(first.dims), node, first)
        return Unknown(f"`np.{name}` with arguments noiselint does not read")
    return make


def _where(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    """`np.where(condition, x, y)`: the three broadcast (a number is a 0-d array)."""
    if len(args.positional) != 3 or args.keywords:
        return Unknown("`np.where` with one argument (indices) or keywords")
    dims = []
    for arg in args.positional:
        if isinstance(arg, Array):
            dims.append(arg.dims)
        elif isinstance(arg, Const) and type(arg.value) in (int, float, bool):
            dims.append(())
        else:
            return Unknown("`np.where` of a value whose shape is not known")
    return calls._array(arrays.broadcast(*dims), node)


def _delete(calls: ArrayCalls, args: Args, node: cst.Call) -> Obj:
    """`np.delete(a, index, axis)`: one entry (or a list of distinct ones) fewer on `axis`."""
    first = args.positional[0] if args.positional else args.keywords.get("arr")
    index = args.positional[1] if len(args.positional) > 1 else args.keywords.get("obj")
    axis = _axis(args, 2, None)
    picked = [index] if isinstance(index, Const) else iterate(index) if isinstance(index, Seq) else None
    if not isinstance(first, Array) or not isinstance(axis, int) or picked is None \
            or not all(isinstance(i, Const) and type(i.value) is int for i in picked) \
            or not -len(first.dims) <= axis < len(first.dims):
        return Unknown("`np.delete` noiselint does not follow")
    size = first.dims[axis]
    places = {i.value % size for i in picked if size} if size else None  # type: ignore[union-attr,operator]
    if size is None or places is None or any(not -size <= i.value < size for i in picked):  # type: ignore[union-attr]
        return Unknown("`np.delete` of entries noiselint cannot count")
    dims = list(first.dims)
    dims[axis] = size - len(places)
    return calls._array(tuple(dims), node, first)


_NUMPY = {
    "zeros": _shape_arg, "ones": _shape_arg, "empty": _shape_arg, "full": _shape_arg,
    "zeros_like": _like, "ones_like": _like, "empty_like": _like, "full_like": _like,
    "array": _from_data, "asarray": _from_data, "arange": _arange, "linspace": _linspace, "eye": _eye,
    "concatenate": _join("concatenate"), "stack": _join("stack"), "vstack": _join("vstack"),
    "hstack": _join("hstack"), "expand_dims": _expand_dims, "reshape": _reshape_function,
    "squeeze": _method_function("squeeze"), "transpose": _method_function("transpose"), "delete": _delete,
    "where": _where,
}
# NumPy's random functions: the position of `size` among the positional parameters
# (`rand`/`randn` take the sizes themselves).
_RANDOM = {
    "random.rand": None, "random.randn": None, "random.random": 0, "random.random_sample": 0,
    "random.sample": 0, "random.ranf": 0, "random.randint": 2, "random.uniform": 2, "random.normal": 2,
    "random.binomial": 2, "random.poisson": 1, "random.standard_normal": 0, "random.choice": 1,
}
