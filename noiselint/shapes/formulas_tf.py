"""Output shapes of the most common TensorFlow ops, written out as TensorFlow's own shape
functions compute them (`tensorflow/core/ops/array_ops.cc`, `math_ops.cc`, and the Python
wrappers that set a shape afterwards), so that a model whose ops are all answered here needs
no TensorFlow.

Each formula answers only where it is certain to give TensorFlow's answer, partially unknown
inputs included: the arguments of the plain kinds (ints, lists of ints, the op's own
keywords, no `name`), valid inputs. Anything TensorFlow would reject, and every rarer case,
returns None and TensorFlow is asked, so its error messages stay its own. An answer is
`(shape,)`, or `(None,)` when TensorFlow cannot tell the output's rank.
The windowed ops are in shapes/formulas_tf_windows.py, the softmax cross-entropies in
shapes/formulas_tf_xent.py. `tests/test_tf_answers.py` holds every formula against a table of
TensorFlow's answers and `tests/test_shape_formulas_tf.py` against TensorFlow itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from noiselint.shapes import formulas_tf_windows as windows
from noiselint.shapes import formulas_tf_xent as xent
from noiselint.shapes.facts import Shape
from noiselint.shapes.formulas_keras_ops_base import broadcast
from noiselint.shapes.tf_graph import UNKNOWN, TfInput
from noiselint.shapes.tf_ops import TF_OPS

Answer = tuple[Shape | None] | None
Args = Mapping[str, object]
Formula = Callable[[Args, Sequence[TfInput]], Answer]
_UNKNOWN_RANK: tuple[None] = (None,)


def answer(op: str, args: Args, inputs: Sequence[TfInput]) -> Answer:
    """The output shape of the allow-listed TensorFlow op `op` (shapes/tf_ops.py), or None
    when only TensorFlow can say."""
    entry = TF_OPS.get(op)
    formula = FORMULAS.get(entry.path) if entry is not None else None
    return formula(args, inputs) if formula is not None else None


def refusal(op: str, args: Args, inputs: Sequence[TfInput]) -> tuple[str, str] | None:
    """TensorFlow's own refusal of the op `op`, (error type, message) word for word, where its
    words are certain (REFUSALS); None for every other question: TensorFlow is asked."""
    entry = TF_OPS.get(op)
    refuse = REFUSALS.get(entry.path) if entry is not None else None
    return refuse(args, inputs) if refuse is not None else None


def _int(value: object) -> bool:
    return type(value) is int


def _int32(value: object) -> bool:
    """An int that stays itself packed beside an int32 scalar known only at run time."""
    return _int(value) and -2**31 <= value < 2**31  # type: ignore[operator]


def _ints(value: object) -> bool:
    return isinstance(value, list) and all(_int(v) for v in value)


def _tensor(args: Args, name: str, inputs: Sequence[TfInput], count: int = 1) -> TfInput | None:
    """The input `name` refers to, when the op has exactly `count` tensor inputs."""
    ref = args.get(name)
    if len(inputs) != count or not isinstance(ref, dict) or set(ref) != {"t"} or not _int(ref["t"]) \
            or not 0 <= ref["t"] < count:  # type: ignore[operator]
        return None
    return inputs[ref["t"]]  # type: ignore[index]


def _only(args: Args, *allowed: str) -> bool:
    """No argument beyond these (TF 1 aliases, `name`, rarer options go to TensorFlow)."""
    return set(args) <= set(allowed)


def _natural_shape(shape: Shape | None) -> bool:
    """A size 0 makes TensorFlow's arithmetic on dimensions special: such inputs go to it."""
    return shape is None or all(d is None or d > 0 for d in shape)


_REDUCE_ALIASES = {"reduction_indices": "axis", "keep_dims": "keepdims"}


def _reduce(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`reduce_sum` and kin: ReductionShape, after the Python wrapper's `_may_reduce_to_scalar`
    (no axis, no keepdims: a scalar whatever the rank). TF 1's `reduction_indices` and
    `keep_dims` are the v1 wrapper's aliases of `axis` and `keepdims` (both spellings at once:
    its error)."""
    if any(old in args and new in args for old, new in _REDUCE_ALIASES.items()):
        return None
    args = {_REDUCE_ALIASES.get(k, k): v for k, v in args.items()}
    given = _tensor(args, "input_tensor", inputs)
    keepdims = args.get("keepdims", False)
    if given is None or not _only(args, "input_tensor", "axis", "keepdims") or type(keepdims) is not bool:
        return None
    shape, _ = given
    axis = args.get("axis")
    if axis is None:
        if not keepdims:
            return ((),)
        return _UNKNOWN_RANK if shape is None else ((1,) * len(shape),)
    axes = [axis] if _int(axis) or axis == UNKNOWN else axis
    if isinstance(axes, list) and UNKNOWN in axes and all(_int32(a) or a == UNKNOWN for a in axes):
        # An axis known only at run time: ReductionShape cannot read the axes, so it keeps
        # the rank with keepdims and knows nothing else (whatever the constants beside it).
        return ((None,) * len(shape),) if keepdims and shape is not None else _UNKNOWN_RANK
    if not _ints(axes):
        return None
    if shape is None:
        return _UNKNOWN_RANK
    rank = len(shape)
    if any(not -rank <= a < rank for a in axes):  # type: ignore[union-attr]
        return None  # TensorFlow's "Invalid reduction dimension"
    reduced = {a % rank for a in axes}  # type: ignore[union-attr]
    return (tuple(1 if i in reduced else d for i, d in enumerate(shape) if keepdims or i not in reduced),)


def _arg_reduce(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`argmax`/`argmin` (ArgOpShape); TF 1's wrapper takes a missing axis as 0, and its
    deprecated `dimension` for `axis` (TF 1 code: `tf.argmax(y, dimension=1)`; both given is
    TensorFlow's ValueError, left to it)."""
    given = _tensor(args, "input", inputs)
    if "axis" in args and "dimension" in args:
        return None
    axis = args.get("axis", args.get("dimension", 0))
    if given is None or not _only(args, "input", "axis", "dimension") or not _int(axis):
        return None
    shape, _ = given
    if shape is None:
        return _UNKNOWN_RANK
    if not -len(shape) <= axis < len(shape):  # type: ignore[operator]
        return None
    axis %= len(shape)  # type: ignore[operator]
    return (shape[:axis] + shape[axis + 1:],)


def _expand_dims(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """ExpandDims; its `axis` tensor may be a list of one value (`axis=[1]`)."""
    given, axis = _tensor(args, "input", inputs), args.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        axis = axis[0]
    if given is None or not _only(args, "input", "axis") or not _int(axis):
        return None
    shape, _ = given
    if shape is None:
        return _UNKNOWN_RANK
    if not -len(shape) - 1 <= axis <= len(shape):  # type: ignore[operator]
        return None
    at = axis if axis >= 0 else axis + len(shape) + 1  # type: ignore[operator]
    return ((*shape[:at], 1, *shape[at:]),)


def _squeeze(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """SqueezeShapeFn: an unknown size named in `axis` is taken as 1; with no `axis`, an
    unknown size leaves the rank unknown."""
    given, axis = _tensor(args, "input", inputs), args.get("axis", [])
    axes = [axis] if _int(axis) else axis
    if given is None or not _only(args, "input", "axis") or not _ints(axes):
        return None
    shape, _ = given
    if shape is None:
        return _UNKNOWN_RANK
    rank = len(shape)
    if any(not -rank <= a < rank for a in axes):  # type: ignore[union-attr]
        return None
    named = {a % rank for a in axes}  # type: ignore[union-attr]
    out = []
    for i, d in enumerate(shape):
        if d is None:
            if i in named:
                continue
            if not named:
                return _UNKNOWN_RANK
        elif d == 1:
            if i in named or not named:
                continue
        elif i in named:
            return None  # "Can not squeeze dim[i]"
        out.append(d)
    return (tuple(out),)


def _squeeze_refusal(args: Args, inputs: Sequence[TfInput]) -> tuple[str, str] | None:
    """TensorFlow's refusal, word for word, of a `squeeze` whose axis holds a value known
    only at run time ("?", keras's `squeeze(x, axis=[a])` on a scalar tensor `a`): the op's
    `squeeze_dims` is an attribute, made a list of ints before any shape is read, and
    noiselint builds "?" as a scalar placeholder, made after the one input (its name is
    `Placeholder_1`, the first "?" in the list)."""
    axis = args.get("axis")
    if not _only(args, "input", "axis") or len(inputs) != 1 or args.get("input") != {"t": 0}:
        return None
    if axis == UNKNOWN:
        return "TypeError", ("Expected list for 'axis' argument to 'squeeze' Op, not "
                             "<tf.Tensor 'Placeholder_1:0' shape=() dtype=int32>.")
    if not isinstance(axis, list) or UNKNOWN not in axis or not all(_int(a) or a == UNKNOWN for a in axis):
        return None
    return "TypeError", "Expected int for argument 'axis' not <tf.Tensor 'Placeholder_1:0' shape=() dtype=int32>."


def _transpose(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """TransposeShapeFn; with no `perm` the wrapper reverses the axes of a known rank."""
    given, perm = _tensor(args, "a", inputs), args.get("perm")
    if given is None or not _only(args, "a", "perm"):
        return None
    shape, _ = given
    if perm is None:
        if shape is None:
            return _UNKNOWN_RANK
        return (tuple(reversed(shape)),) if shape else None
    if not _ints(perm) or sorted(perm) != list(range(len(perm))) or len(perm) < 2:  # type: ignore[arg-type]
        return None  # a repeated axis: TensorFlow's shape function does not check it, its kernel does
    if shape is None:
        return ((None,) * len(perm),)  # type: ignore[arg-type]
    if len(shape) != len(perm):  # type: ignore[arg-type]
        return None
    return (tuple(shape[i] for i in perm),)  # type: ignore[union-attr]


def _broadcast(x: Shape, y: Shape) -> Shape | None:
    """BroadcastBinaryOpOutputShapeFn on two known ranks: Keras's `broadcast_shapes` rule,
    except that TensorFlow's refuses a size 0 (None on a clash or a 0)."""
    return None if 0 in x or 0 in y else broadcast(tuple(x), tuple(y))


def _matmul(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """MatMul for two matrices, else BatchMatMul (the wrapper turns transposes into
    adjoints): an unknown rank makes the output's unknown."""
    a, b = _tensor(args, "a", inputs, 2), _tensor(args, "b", inputs, 2)
    flags = {k: args.get(k, False) for k in ("transpose_a", "transpose_b")}
    if a is None or b is None or a is b or not _only(args, "a", "b", *flags) \
            or any(type(v) is not bool for v in flags.values()) or a[1] != b[1]:
        return None
    (x, _), (y, _) = a, b
    if (x is not None and len(x) < 2) or (y is not None and len(y) < 2):
        return None
    if x is None or y is None:
        return _UNKNOWN_RANK
    if flags["transpose_a"]:
        x = (*x[:-2], x[-1], x[-2])
    if flags["transpose_b"]:
        y = (*y[:-2], y[-1], y[-2])
    if x[-1] is not None and y[-2] is not None and x[-1] != y[-2]:
        return None
    batch = _broadcast(x[:-2], y[:-2])
    if batch is None or not _natural_shape(x) or not _natural_shape(y):
        return None
    return ((*batch, x[-2], y[-1]),)


def _tile(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """TileShapeFn: each size times its multiple ("?" a run-time multiple: unknown, unless the
    size is 1... which TensorFlow's Multiply also makes unknown)."""
    given, multiples = _tensor(args, "input", inputs), args.get("multiples")
    if given is None or not _only(args, "input", "multiples") or not isinstance(multiples, list) or not multiples \
            or not all((_int(m) and m > 0) or m == UNKNOWN for m in multiples):
        return None
    shape, _ = given
    if shape is None:
        shape = (None,) * len(multiples)
    if len(shape) != len(multiples) or not _natural_shape(shape):
        return None
    return (tuple(d if m == 1 else None if d is None or m == UNKNOWN else d * m  # type: ignore[operator]
                  for d, m in zip(shape, multiples, strict=True)),)


def _reshape(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """SetOutputShapeForReshape: the target's sizes ("?" and -1 unknown); when the input's
    sizes are all known and one target size is not, that one is inferred."""
    given, target = _tensor(args, "tensor", inputs), args.get("shape")
    if given is None or not _only(args, "tensor", "shape") or not isinstance(target, list) or not target \
            or not all((_int(d) and (d > 0 or d == -1)) or d == UNKNOWN for d in target) or target.count(-1) > 1:
        return None
    shape, _ = given
    out = [d if _int(d) and d > 0 else None for d in target]
    if not _natural_shape(shape):
        return None
    if shape is None:
        return (tuple(out),)
    size, known = 1, 1
    for d in shape:
        size *= d if d is not None else 1
    for d in out:
        known *= d if d is not None else 1
    missing = [i for i, d in enumerate(out) if d is None]
    if None in shape:
        # One unknown input size and a fully known target: TensorFlow checks the target's
        # size is a multiple of the input's known sizes.
        return (tuple(out),) if missing or shape.count(None) > 1 or known % size == 0 else None
    if not missing:
        return (tuple(out),) if size == known else None
    if len(missing) == 1:
        if size % known:
            return None  # "Cannot reshape a tensor with N elements"
        out[missing[0]] = size // known
    return (tuple(out),)


def _concat(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """ConcatShapeHelper: the inputs' other sizes merged (a known size wins over an unknown),
    the axis's sizes added; the rank is unknown only when every input's is. One value is the
    wrapper's `identity` of it (keras-cv's `concat([x], 0)` on a tensor of unknown rank)."""
    values, axis = args.get("values"), args.get("axis")
    if not _only(args, "values", "axis") or not _int(axis) or not isinstance(values, list) \
            or values != [{"t": i} for i in range(len(inputs))] or len({d for _, d in inputs}) != 1:
        return None
    if len(values) == 1:  # the wrapper's identity, whatever the axis (once it is an int32 scalar)
        return (inputs[0][0],) if _int32(axis) else None
    least = -axis if axis < 0 else axis + 1  # type: ignore[operator]
    known = [s for s, _ in inputs if s is not None]
    if not known:
        return _UNKNOWN_RANK
    rank = len(known[0])
    if any(len(s) != rank for s in known) or rank < least or not all(_natural_shape(s) for s in known):
        return None
    axis %= rank  # type: ignore[operator]
    out: list[int | None] = []
    for i in range(rank):
        sizes = [None if s is None else s[i] for s, _ in inputs]
        if i == axis:
            out.append(None if None in sizes else sum(sizes))  # type: ignore[arg-type]
            continue
        seen = {d for d in sizes if d is not None}
        if len(seen) > 1:
            return None  # "Dimensions must be equal"
        out.append(seen.pop() if seen else None)
    return (tuple(out),)


def _stack(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """Pack's shape function: the inputs' shapes merged, their count inserted at `axis`."""
    values, axis = args.get("values"), args.get("axis", 0)
    if not _only(args, "values", "axis") or not _int(axis) or not isinstance(values, list) or len(values) < 2 \
            or values != [{"t": i} for i in range(len(inputs))] or len({d for _, d in inputs}) != 1:
        return None
    known = [s for s, _ in inputs if s is not None]
    if not known:
        return _UNKNOWN_RANK
    rank = len(known[0])
    if any(len(s) != rank for s in known) or not -rank - 1 <= axis <= rank:  # type: ignore[operator]
        return None
    merged: list[int | None] = []
    for i in range(rank):
        seen = {s[i] for s in known if s[i] is not None}
        if len(seen) > 1:
            return None
        merged.append(seen.pop() if seen else None)
    at = axis if axis >= 0 else axis + rank + 1  # type: ignore[operator]
    return ((*merged[:at], len(inputs), *merged[at:]),)


def _one_hot(args: Args, inputs: Sequence[TfInput]) -> Answer:
    given, depth, axis = _tensor(args, "indices", inputs), args.get("depth"), args.get("axis", -1)
    if given is None or not _only(args, "indices", "depth", "axis") or given[1] != "int32" \
            or not _int(depth) or depth <= 0 or not _int(axis):  # type: ignore[operator]
        return None
    shape, _ = given
    if shape is None:
        return None if axis < -1 else _UNKNOWN_RANK  # type: ignore[operator]
    if not -1 <= axis <= len(shape):  # type: ignore[operator]
        return None
    at = len(shape) if axis == -1 else axis
    return ((*shape[:at], depth, *shape[at:]),)  # type: ignore[misc]


def _gather(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """GatherV2: params' sizes with the axis replaced by the indices' shape after their
    first `batch_dims` axes (which the shape function does not compare with params').
    `batch_dims` is taken from 0 up to the axis (a negative one, or one past the axis, goes
    to TensorFlow); an unknown rank of either input leaves the output's unknown."""
    params, indices = _tensor(args, "params", inputs, 2), _tensor(args, "indices", inputs, 2)
    batch = args.get("batch_dims", 0)
    axis = args.get("axis", batch)  # the wrapper's default axis is `batch_dims`
    if params is None or indices is None or params is indices \
            or not _only(args, "params", "indices", "axis", "batch_dims") or not _int(axis) or not _int(batch) \
            or indices[1] != "int32":
        return None
    (p, _), (i, _) = params, indices
    if batch and not 0 < batch <= axis:  # type: ignore[operator]
        return None
    if p is not None and not -len(p) <= axis < len(p):  # type: ignore[operator]
        return None
    if i is not None and len(i) < batch:  # type: ignore[operator]
        return None
    if p is None or i is None:
        return _UNKNOWN_RANK
    axis %= len(p)  # type: ignore[operator]
    return ((*p[:axis], *i[batch:], *p[axis + 1:]),)  # type: ignore[misc]


def _einsum(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`einsum` of one to four operands, as `_einsum_v2` passes it to the Einsum op: spaces
    dropped, an implicit output the labels that appear once, in order. Each label names one
    axis of each operand it is in (no ellipsis, no repeated label, no size 1 meeting another
    size: TensorFlow's rules there are its own); its size is the one known size among those
    axes. Without an ellipsis the equation fixes each operand's rank, so an operand of
    unknown rank has one unknown size per label."""
    equation, operands = args.get("equation"), args.get("operands")
    if not isinstance(equation, str) or not _only(args, "equation", "operands") or not 1 <= len(inputs) <= 4 \
            or operands != [{"t": i} for i in range(len(inputs))] or len({d for _, d in inputs}) != 1:
        return None
    text = equation.replace(" ", "")
    if "." in text:
        return _einsum_broadcast(text, inputs) if len(inputs) <= 2 else None
    # Three or four operands: the wrapper contracts them two at a time in the order
    # opt_einsum picks; each operand meets the others once, an output label is kept by every
    # step, so the output is the same as one Einsum's, whatever the order.
    lhs, arrow, rhs = text.partition("->")
    labels = lhs.split(",")
    if len(labels) != len(inputs) or not all(part == "" or (part.isascii() and part.isalpha())
                                             for part in [*labels, rhs]) or (len(labels) > 2 and "" in labels):
        return None  # a scalar operand beside two others: left to TensorFlow (and opt_einsum)
    if not arrow:
        counts = {c: lhs.count(c) for c in lhs if c != ","}
        rhs = "".join(sorted(c for c, n in counts.items() if n == 1))
    if len(set(rhs)) != len(rhs) or any(c not in lhs for c in rhs):
        return None
    sizes: dict[str, set[int | None]] = {}
    for part, (shape, _) in zip(labels, inputs, strict=True):
        if shape is None:
            shape = (None,) * len(part)
        if len(shape) != len(part) or len(set(part)) != len(part) or not _natural_shape(shape):
            return None
        for c, d in zip(part, shape, strict=True):
            sizes.setdefault(c, set()).add(d)
    known = {c: found - {None} for c, found in sizes.items()}
    if any(len(k) > 1 for k in known.values()):
        return None
    return (tuple(next(iter(known[c])) if known[c] else None for c in rhs),)


def _einsum_broadcast(text: str, inputs: Sequence[TfInput]) -> Answer:
    """`einsum` with an ellipsis (`...ij->...ji`, attention's batched products), as
    EinsumShape computes it: each operand's ellipsis stands for the axes its term does not
    name (an unknown rank: unknown axes), the ellipses broadcast together as a binary op's
    shapes do, and the output's ellipsis is their broadcast (of unknown rank when one is);
    an output without one needs them all empty. An implicit output is, as the wrapper
    writes it, the labels that appear once in order, the ellipsis first when one operand
    has it. Only for terms of letters with at most one ellipsis, each label once per term,
    output labels found in an operand, and sizes that agree as in `_einsum` (any other
    equation is TensorFlow's to check)."""
    lhs, arrow, rhs = text.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(inputs) or not all(_einsum_term(term) for term in terms):
        return None
    if not arrow:
        counts = Counter(lhs.replace("...", "0").replace(",", ""))
        rhs = "".join(sorted(c for c, n in counts.items() if n == 1)).replace("0", "...")
    named_out = rhs.replace("...", "", 1)
    if not _einsum_term(rhs) or len(set(named_out)) != len(named_out) or any(c not in lhs for c in named_out):
        return None
    sizes: dict[str, set[int | None]] = {}
    spreads: list[Shape | None] = []  # the axes each ellipsis stands for (None: unknown)
    for term, (shape, _) in zip(terms, inputs, strict=True):
        named = term.replace("...", "", 1)
        if len(set(named)) != len(named) or not _natural_shape(shape):
            return None
        if shape is None:
            dims: Shape = (None,) * len(named)
            spreads.append(None if "..." in term else ())
        elif "..." not in term:
            if len(shape) != len(named):
                return None
            dims = shape
            spreads.append(())
        else:
            if len(shape) < len(named):
                return None
            start = term.index("...")
            end = start + len(shape) - len(named)
            dims, spread = (*shape[:start], *shape[end:]), shape[start:end]
            spreads.append(spread)
        for c, d in zip(named, dims, strict=True):
            sizes.setdefault(c, set()).add(d)
    known = {c: found - {None} for c, found in sizes.items()}
    if any(len(k) > 1 for k in known.values()):
        return None
    spread_out: Shape | None = None
    if all(s is not None for s in spreads):
        spread_out = spreads[0] if len(spreads) == 1 else _broadcast(*spreads)  # type: ignore[arg-type]
        if spread_out is None:
            return None  # the ellipses do not broadcast: TensorFlow's error
    if "..." not in rhs:
        if spread_out:
            return None  # "Shape must be at most rank 0"
        spread_out = ()
    elif spread_out is None:
        return _UNKNOWN_RANK
    before, _, after = rhs.partition("...")
    size = {c: next(iter(k)) if k else None for c, k in known.items()}
    return ((*(size[c] for c in before), *spread_out, *(size[c] for c in after)),)


def _einsum_term(term: str) -> bool:
    """Letters, with at most one ellipsis among them."""
    letters = term.replace("...", "", 1)
    return letters == "" or (letters.isascii() and letters.isalpha())


def _embedding_lookup(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`embedding_lookup` on one params tensor: the wrapper's `gather(params, ids)` (axis 0)."""
    params, ids = _tensor(args, "params", inputs, 2), _tensor(args, "ids", inputs, 2)
    if params is None or ids is None or params is ids or not _only(args, "params", "ids") or ids[1] != "int32":
        return None
    (p, _), (i, _) = params, ids
    if p is not None and not p:
        return None  # a scalar: TensorFlow's "Shape must be at least rank 1"
    if p is None or i is None:
        return _UNKNOWN_RANK
    return ((*i, *p[1:]),)


def _getitem(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """`x[...]`: StridedSlice as the wrapper builds it. Integer indices drop their axis
    (an unknown size is not checked), slices with a positive step keep it (an unknown size
    stays unknown), `newaxis` adds a 1, one `...` stands for the axes not named."""
    given, key = _tensor(args, "tensor", inputs), args.get("key")
    if given is None or not _only(args, "tensor", "key") or not isinstance(key, list) or not key:
        return None
    if not all(_index(item) for item in key) or key.count("...") > 1:
        return None
    shape, _ = given
    if shape is None:
        return _UNKNOWN_RANK
    named = sum(1 for item in key if item not in ("...", "newaxis"))
    if named > len(shape):
        return None
    if "..." not in key:
        key = [*key, "..."]
    out: list[int | None] = []
    axis = 0
    for item in key:
        if item == "newaxis":
            out.append(1)
        elif item == "...":
            skipped = len(shape) - named
            out.extend(shape[axis:axis + skipped])
            axis += skipped
        else:
            size = shape[axis]
            axis += 1
            if _int(item):
                if size is not None and not -size <= item < size:  # type: ignore[operator]
                    return None  # "slice index ... out of bounds"
                continue
            if size is None:
                out.append(None)
            else:
                out.append(len(range(size)[slice(*item)]))  # type: ignore[misc]
    return (tuple(out),)


def _index(item: object) -> bool:
    """An int, "...", "newaxis", or a slice `[start, stop, step]` with a positive step."""
    if _int(item) or item in ("...", "newaxis"):
        return True
    return isinstance(item, list) and len(item) == 3 and all(i is None or _int(i) for i in item) \
        and (item[2] is None or item[2] > 0)


def _pad(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """Pad (mode CONSTANT) and MirrorPad (REFLECT, SYMMETRIC): each size grows by its two
    paddings. A padding known only at run time ("?") leaves the shape function with the rank
    alone; the wrapper then restores each size whose paddings are constants. A constant
    padding a mirror mode refuses goes to TensorFlow."""
    given, paddings = _tensor(args, "tensor", inputs), args.get("paddings")
    mode = args.get("mode", "CONSTANT")
    if given is None or not _only(args, "tensor", "paddings", "mode") or not isinstance(mode, str) \
            or mode.upper() not in ("CONSTANT", "REFLECT", "SYMMETRIC") or not isinstance(paddings, list) \
            or not paddings or not all(isinstance(p, list) and len(p) == 2 for p in paddings) \
            or not all((_int(x) and x >= 0) or x == UNKNOWN for p in paddings for x in p):
        return None
    shape, _ = given
    if shape is None:
        return ((None,) * len(paddings),)
    if len(shape) != len(paddings) or not _natural_shape(shape):
        return None
    constant = all(x != UNKNOWN for p in paddings for x in p)
    if constant and mode.upper() != "CONSTANT" and \
            any(d is not None and max(p) >= d for d, p in zip(shape, paddings, strict=True)):
        return None
    return (tuple(None if d is None or UNKNOWN in p else d + p[0] + p[1]
                  for d, p in zip(shape, paddings, strict=True)),)


def _slice(args: Args, inputs: Sequence[TfInput]) -> Answer:
    """Slice (`tf.slice(x, begin, size)`): each size as given, -1 the rest of a known size
    after a constant `begin` (unknown for an unknown size or a run-time begin), `"?"` (a
    run-time size) unknown, and then -1 unknown too (SliceShapeFn reads `size` as a partly
    known shape). A slice past a known size is TensorFlow's to refuse."""
    given, begin, size = _tensor(args, "input_", inputs), args.get("begin"), args.get("size")
    if given is None or not _only(args, "input_", "begin", "size") or not isinstance(begin, list) or not begin \
            or not all((_int(b) and b >= 0) or b == UNKNOWN for b in begin) or not isinstance(size, list) \
            or len(size) != len(begin) or not all((_int(n) and n >= -1) or n == UNKNOWN for n in size):
        return None
    # A run-time value packs the list's ints as int32.
    if UNKNOWN in begin + size and not all(_int32(v) for v in begin + size if v != UNKNOWN):
        return None
    shape, _ = given
    if shape is None:
        shape = (None,) * len(size)
    if len(shape) != len(size) or not _natural_shape(shape):
        return None
    # A run-time size leaves `size` a partly known shape, where -1 too is unknown.
    partly = UNKNOWN in size
    out: list[int | None] = []
    for d, b, n in zip(shape, begin, size, strict=True):
        if d is not None and b != UNKNOWN and (b > d or (_int(n) and n >= 0 and b + n > d)):
            return None
        out.append(n if _int(n) and n >= 0 else None if d is None or partly or b == UNKNOWN else d - b)
    return (tuple(out),)


FORMULAS: dict[str, Formula] = {
    **{name: _reduce for name in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod")},
    "argmax": _arg_reduce,
    "argmin": _arg_reduce,
    "expand_dims": _expand_dims,
    "squeeze": _squeeze,
    "transpose": _transpose,
    "matmul": _matmul,
    "tile": _tile,
    "reshape": _reshape,
    "concat": _concat,
    "stack": _stack,
    "one_hot": _one_hot,
    "gather": _gather,
    "__getitem__": _getitem,
    "pad": _pad,
    "slice": _slice,
    "nn.embedding_lookup": _embedding_lookup,
    "einsum": _einsum,
    "nn.conv1d": windows.conv1d,
    "nn.conv2d": windows.conv2d,
    "nn.max_pool": windows.max_pool,
    "nn.avg_pool": windows.avg_pool,
    "nn.softmax_cross_entropy_with_logits": xent.softmax_xent,
    "nn.softmax_cross_entropy_with_logits_v2": xent.softmax_xent,
    "nn.sparse_softmax_cross_entropy_with_logits": xent.sparse_softmax_xent,
}

# Refusals written out: a pooling window, a stride or dilation, a squeezed axis known only
# at run time.
REFUSALS: dict[str, Callable[[Args, Sequence[TfInput]], tuple[str, str] | None]] = {
    "squeeze": _squeeze_refusal,
    "nn.max_pool": windows.pool_refusal,
    "nn.avg_pool": windows.pool_refusal,
    "nn.conv2d": windows.conv2d_refusal,
}
