"""The written TensorFlow op formulas (shapes/formulas_tf.py) against TensorFlow itself: on
random arguments and inputs, partially unknown and unknown ranks included, wherever a
formula answers, TensorFlow's shape functions (through the same `op_shape` noiselint uses)
give the same shape and accept the inputs; where TensorFlow refuses, the formula must not
answer. The strategies are shared with tests/make_tf_answers.py, which records the fast
suite's table."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noiselint.shapes import formulas_tf
from noiselint.shapes.tf_graph import UNKNOWN

pytestmark = pytest.mark.slow

DIM = st.sampled_from([None, None, 1, 1, 2, 3, 4, 6, 0])
AXIS = st.integers(-5, 4)
SCALAR = st.sampled_from([1, 1, 2, 3, -1, 0, UNKNOWN])


def shape(min_rank: int = 0, max_rank: int = 4) -> st.SearchStrategy[tuple | None]:
    return st.one_of(st.none(), st.lists(DIM, min_size=min_rank, max_size=max_rank).map(tuple))


def one(dtype: str = "float32") -> st.SearchStrategy[list]:
    return shape().map(lambda s: [(s, dtype)])


def axes() -> st.SearchStrategy[object]:
    """An axis or a list of them, now and then one known only at run time (tensorpack's
    `reduce_mean(x, [h, w])`)."""
    axis = st.one_of(AXIS, AXIS, AXIS, st.just(UNKNOWN))
    return st.one_of(axis, st.lists(axis, max_size=3))


def keep(parts: dict[str, object]) -> dict[str, object]:
    """Leave out the arguments drawn as "absent"."""
    return {k: v for k, v in parts.items() if v != "absent"}


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.just("absent"), strategy)


def question(op: str, tensors: dict[str, int], **parts: st.SearchStrategy[object]
             ) -> st.SearchStrategy[tuple[str, dict, list]]:
    inputs = st.lists(st.tuples(shape(), st.sampled_from(["float32", "float32", "int32"])),
                      min_size=len(tensors), max_size=len(tensors))
    return st.builds(lambda p, i: (op, keep({**{k: {"t": v} for k, v in tensors.items()}, **p}), i),
                     st.fixed_dictionaries(parts), inputs)


def subscript() -> st.SearchStrategy[object]:
    bound = st.sampled_from([None, None, 0, 1, 2, -1, -2, 5])
    item = st.one_of(st.integers(-3, 3), st.sampled_from(["...", "newaxis"]),
                     st.tuples(bound, bound, st.sampled_from([None, None, 1, 2, 3, -1])).map(list))
    return st.lists(item, min_size=1, max_size=4)


def listed(op: str, count: st.SearchStrategy[int]) -> st.SearchStrategy[tuple[str, dict, list]]:
    def build(n: int, axis: object, same: bool, shapes: list, dtype: str) -> tuple[str, dict, list]:
        if same:  # one shape for all, or with unknown sizes here and there, as models have them
            shapes = [shapes[0]] * n
        return op, keep({"values": [{"t": i} for i in range(n)], "axis": axis}), [(s, dtype) for s in shapes[:n]]
    return st.builds(build, count, maybe(AXIS) if op == "stack" else AXIS, st.booleans(),
                     st.lists(shape(), min_size=4, max_size=4), st.sampled_from(["float32", "float32", "int32"]))


def _steps(n: int) -> st.SearchStrategy[object]:
    """Strides, windows, dilations as users write them: an int, n ints, n + 2 ints (the batch and
    channel entries mostly 1), now and then a length or a value TensorFlow refuses."""
    small = st.sampled_from([1, 1, 1, 2, 2, 3, 5, 0])
    full = st.tuples(st.sampled_from([1, 1, 1, 2]), st.lists(small, min_size=n, max_size=n),
                     st.sampled_from([1, 1, 1, 2])).map(lambda t: [t[0], *t[1], t[2]])
    kinds = [small, st.lists(small, min_size=1, max_size=1), st.lists(small, min_size=n, max_size=n), full]
    return st.sampled_from(kinds * 3 + [st.lists(small, min_size=n + 1, max_size=n + 1)]).flatmap(lambda k: k)


@st.composite
def windowed(draw: st.DrawFn, op: str) -> tuple[str, dict, list]:
    """conv1d, conv2d, max_pool, avg_pool on inputs of the data format's layout (mostly),
    channels that agree (mostly), sizes smaller than the window now and then."""
    n = 1 if op == "nn.conv1d" else 2
    formats = ["NWC", "NCW", "NHWC", "NCHW", "NCDHW"] if n == 1 else ["NHWC", "NCHW", "NWC"]
    data_format = draw(maybe(st.sampled_from(formats)))
    last = data_format == "absent" or not str(data_format).startswith("NC")
    size = st.sampled_from([None, 1, 2, 3, 5, 8, 9, 16])
    batch, channels = draw(st.sampled_from([None, 1, 4])), draw(st.sampled_from([None, 1, 3, 4]))
    spatial = draw(st.lists(size, min_size=n, max_size=n))
    image: tuple | None = (batch, *spatial, channels) if last else (batch, channels, *spatial)
    change = draw(st.sampled_from([0] * 8 + [1, -1, "unknown", "unknown"]))
    image = None if change == "unknown" else (*image, 2) if change == 1 else image[:-1] if change == -1 else image
    dtype = draw(st.sampled_from(["float32"] * 9 + ["int32"]))
    parts = {"padding": draw(st.sampled_from(["SAME", "VALID"] * 6 + ["same", "EXPLICIT"]))}
    if op == "nn.conv2d" and draw(st.integers(0, 3)) == 0:  # explicit paddings, in the data format's order
        pair = st.lists(st.sampled_from([0, 0, 1, 2, 3, -1]), min_size=2, max_size=2)
        edge = st.sampled_from([[0, 0]] * 5 + [[1, 0]])
        pads = [draw(edge), draw(pair), draw(pair), draw(edge)]
        parts["padding"] = pads if last else [pads[0], pads[3], pads[1], pads[2]]
        if draw(st.integers(0, 5)) == 0:
            parts["padding"] = parts["padding"][:3]
    if op.startswith("nn.conv"):
        window = draw(st.lists(st.sampled_from([None, 1, 2, 3, 5]), min_size=n, max_size=n))
        inward = channels if draw(st.integers(0, 4)) else draw(st.sampled_from([None, 1, 2, 6]))
        kernel = None if draw(st.integers(0, 7)) == 0 else (*window, inward, draw(st.sampled_from([None, 1, 8])))
        inputs = [(image, dtype), (kernel, draw(st.sampled_from(["float32"] * 9 + ["int32"])))]
        names = ("value", "filters") if n == 1 else ("input", draw(st.sampled_from(["filter", "filters"])))
        if n == 1 and draw(st.booleans()):
            names = ("input", "filters")
        parts.update({names[0]: {"t": 0}, names[1]: {"t": 1}, ("stride" if n == 1 else "strides"): draw(_steps(n)),
                      "dilations": draw(maybe(_steps(n)))})
        if n == 2 and draw(st.integers(0, 3)) == 0:  # a stride or dilation known only at run time (TF 1 helpers)
            name = draw(st.sampled_from(["strides", "strides", "dilations"]))
            value = parts[name]
            listed = [1, 1] if value == "absent" else list(value) if isinstance(value, list) else [value]
            listed[draw(st.integers(0, len(listed) - 1))] = UNKNOWN
            parts[name] = listed
            if draw(st.booleans()):  # the keywords in another order
                parts = {k: parts[k] for k in sorted(parts, reverse=True)}
    else:
        inputs = [(image, dtype)]
        steps = {"ksize": draw(_steps(n)), "strides": draw(_steps(n))}
        if draw(st.integers(0, 3)) == 0:  # pooling over the channels (handson-ml3's ksize=[1, 1, 1, 3])
            at = -1 if last else 1
            for name in steps:
                steps[name] = [1, 1, 1, 1] if draw(st.integers(0, 4)) == 0 else \
                    [1, *draw(st.lists(st.sampled_from([1, 1, 2]), min_size=2, max_size=2)), 1]
                if not last:
                    steps[name] = [1, 1, *steps[name][1:3]]
                steps[name][at] = draw(st.sampled_from([1, 2, 3, 3]))
        if draw(st.integers(0, 4)) == 0:  # a size known only at run time: TensorFlow's refusal
            name = draw(st.sampled_from(["ksize", "strides"]))
            listed = steps[name] if isinstance(steps[name], list) else [steps[name]]
            listed[draw(st.integers(0, len(listed) - 1))] = UNKNOWN
            steps[name] = listed
        order = ["ksize", "strides"] if draw(st.booleans()) else ["strides", "ksize"]
        parts.update({draw(st.sampled_from(["value"] * 5 + ["input"])): {"t": 0}, **{k: steps[k] for k in order}})
    parts["data_format"] = data_format
    return op, keep(parts), inputs


EQUATIONS = ["ij,jk->ik", "bhwc, bHWc->bhwHW", "bhwHW,bHWc->bhwc", "abc,xba->xc", "ab,acd->cdb", "ij->ji", "ij->j",
             "ij,jk", "bij,bjk->bik", "i,i->", "ii->i", "...ij,jk->...ik", "ij,kj->ikj", "ab,ab->ab", "a,b->ab",
             # three and four operands, contracted two at a time (bert4keras's CRF: 'bni,ij,bnj->b')
             "bni,ij,bnj->b", "bni,ij,bnj->nb", "ab,bc,cd->ad", "ab,bc,cd,de->ae", "a,b,c->cba", "bni,ij,bnj",
             "ab,ab,ab->ab", "...i,ij,jk->...k"]


# With an ellipsis, as attention layers write them (keras-cv, bert4keras), and some TensorFlow
# refuses: two ellipses, an output label no operand has, no ellipsis in or out.
BROADCAST = ["...ij->...ji", "...nij,...nkj->...nki", "...ni,ji->...nji", "...,d->...d", "...ij,...jk->...ik",
             "...i->...", "...ij->ij", "b...i,b...j->b...ij", "...ii->...i", "...ij,jk", "...ij->...", "...->...",
             "...,...->...", "i...->...i", "...ij->...jI", "...ab,ba->...", "...a...->...", "ij->...ij",
             "...ij->...ii", "...i.j->...", ",...->...", "...1->...", "...i,...ij->...j", "i...j,j...->...i",
             "...i,ij", "...ij,...jk", "ij,jk->...ik", "...ij,...ij->...", "...i,...ij->ij", "...ij"]


@st.composite
def einsum(draw: st.DrawFn) -> tuple[str, dict, list]:
    """Operands mostly of the equation's ranks with one size per label (some unknown), now
    and then a size that differs (1 too), a wrong rank, an unknown rank, a dtype mix; half
    the draws an equation with an ellipsis, on operands of unknown rank or of the
    ranks the equation takes (keras-cv's `...i,...ij->...j` on (2, 4, 3) and (3, 3))."""
    if draw(st.booleans()):
        equation = draw(st.sampled_from(BROADCAST))
        terms = equation.split("->")[0].split(",")
        if draw(st.booleans()):
            return "einsum", {"equation": equation, "operands": [{"t": i} for i in range(len(terms))]}, \
                [(draw(spread_operand(term, equation)), "float32") for term in terms]
        shapes = [None if draw(st.integers(0, 5)) else draw(st.sampled_from([(3, 4), (2, 3, 4)])) for _ in terms]
        return "einsum", {"equation": equation, "operands": [{"t": i} for i in range(len(terms))]}, \
            [(shape, "float32") for shape in shapes]
    equation = draw(st.sampled_from(EQUATIONS))
    parts = equation.replace(" ", "").split("->")[0].split(",")
    size = {c: draw(st.sampled_from([None, 1, 2, 3, 4, 7])) for c in set("".join(parts))}
    inputs = []
    for part in parts:
        shape = [size.get(c) if draw(st.integers(0, 5)) else draw(st.sampled_from([None, 1, 5])) for c in part]
        kind = draw(st.sampled_from(["same"] * 8 + ["longer", "unknown"]))
        shaped = None if kind == "unknown" else tuple([*shape, 2]) if kind == "longer" else tuple(shape)
        inputs.append((shaped, draw(st.sampled_from(["float32"] * 9 + ["int32"]))))
    return "einsum", {"equation": equation, "operands": [{"t": i} for i in range(len(parts))]}, inputs


SPREAD = st.sampled_from([None, 1, 1, 2, 3, 4, 0])


def spread_operand(term: str, equation: str) -> st.SearchStrategy[tuple | None]:
    """An operand of known rank for an einsum term: a size per label (the same draw for the
    same label in every term, mostly), the ellipsis a tail of one shape shared by the
    operands (so that they mostly broadcast), with a 1, an unknown or another size here and
    there; now and then an unknown rank or one axis too few."""
    key = sum(ord(c) for c in equation)  # each equation its own label sizes and ellipsis

    @st.composite
    def build(draw: st.DrawFn) -> tuple | None:
        kind = draw(st.sampled_from(["fits"] * 8 + ["unknown", "short"]))
        if kind == "unknown":
            return None
        label = {c: [None, 1, 2, 3, 4, 5, 8][(ord(c) + key) % 7] for c in set(term)}
        common = [2, 4, 3][:draw(st.integers(0, 3))]
        spread = common[len(common) - draw(st.integers(0, len(common))):]
        spread = [d if draw(st.integers(0, 3)) else draw(SPREAD) for d in spread]
        before, _, after = term.partition("...")
        dims = [label[c] if draw(st.integers(0, 5)) else draw(SPREAD) for c in before] + \
            (spread if "..." in term else []) + [label[c] if draw(st.integers(0, 5)) else draw(SPREAD) for c in after]
        return tuple(dims[1:] if kind == "short" else dims)

    return build()


@st.composite
def xent(draw: st.DrawFn, op: str) -> tuple[str, dict, list]:
    """Labels of the logits' shape (the sparse op: without the classes axis), mostly, with a
    size changed here and there; now and then a rank one off, an unknown rank, a dtype the op
    refuses, the operands the other way round."""
    sparse = op.startswith("nn.sparse")
    logits = draw(shape())
    kind = draw(st.sampled_from(["fits"] * 6 + ["other", "unknown", "longer", "shorter"]))
    if logits is None or kind == "other":
        labels = draw(shape())
    else:
        base = logits[:-1] if sparse and logits else logits
        labels = tuple(d if draw(st.integers(0, 4)) else draw(DIM) for d in base)
        labels = None if kind == "unknown" else (*labels, draw(DIM)) if kind == "longer" else \
            labels[1:] if kind == "shorter" else labels
    label_type = draw(st.sampled_from(["int32"] * 5 + ["float32"] if sparse else ["float32"] * 5 + ["int32"]))
    logit_type = draw(st.sampled_from(["float32"] * 9 + ["int32"]))
    first = draw(st.booleans())
    inputs = [(labels, label_type), (logits, logit_type)]
    return op, {"labels": {"t": 0 if first else 1}, "logits": {"t": 1 if first else 0}}, \
        inputs if first else inputs[::-1]


BOOL = maybe(st.booleans())
QUESTIONS: dict[str, st.SearchStrategy[tuple[str, dict, list]]] = {
    **{op: question(op, {"input_tensor": 0}, axis=maybe(st.one_of(st.none(), axes())), keepdims=BOOL,
                    reduction_indices=st.sampled_from(["absent"] * 4 + [0, 1, -1, [0, 1]]),
                    keep_dims=st.sampled_from(["absent"] * 4 + [True, False]))
       for op in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod")},
    "argmax": question("argmax", {"input": 0}, axis=maybe(AXIS), dimension=maybe(AXIS)),
    "argmin": question("argmin", {"input": 0}, axis=maybe(AXIS), dimension=maybe(AXIS)),
    "expand_dims": question("expand_dims", {"input": 0},
                            axis=st.one_of(AXIS, AXIS, st.lists(AXIS, max_size=2))),
    "squeeze": question("squeeze", {"input": 0}, axis=maybe(axes())),
    "transpose": question("transpose", {"a": 0},
                          perm=maybe(st.one_of(st.permutations(range(3)), st.permutations(range(4)),
                                               st.lists(st.integers(-1, 3), min_size=1, max_size=4)).map(list))),
    "matmul": question("matmul", {"a": 0, "b": 1}, transpose_a=BOOL, transpose_b=BOOL),
    "tile": question("tile", {"input": 0}, multiples=st.lists(SCALAR, min_size=1, max_size=4)),
    "reshape": question("reshape", {"tensor": 0}, shape=st.lists(SCALAR, min_size=1, max_size=4)),
    "concat": listed("concat", st.integers(1, 4)),
    "stack": listed("stack", st.integers(1, 4)),
    "one_hot": question("one_hot", {"indices": 0}, depth=st.sampled_from([1, 4, 10, 0]), axis=maybe(AXIS)),
    "gather": question("gather", {"params": 0, "indices": 1}, axis=maybe(AXIS),
                       batch_dims=st.sampled_from(["absent"] * 3 + [0, 1, 1, 2, -1])),
    "__getitem__": question("__getitem__", {"tensor": 0}, key=subscript()),
    "pad": question("pad", {"tensor": 0},
                    paddings=st.lists(st.lists(st.sampled_from([0, 1, 2, 3, -1, UNKNOWN]), min_size=2, max_size=2),
                                      min_size=1, max_size=4),
                    mode=maybe(st.sampled_from(["CONSTANT", "REFLECT", "SYMMETRIC", "reflect"]))),
    **{op: windowed(op) for op in ("nn.conv1d", "nn.conv2d", "nn.max_pool", "nn.avg_pool")},
    "einsum": einsum(),
    **{op: xent(op) for op in ("nn.softmax_cross_entropy_with_logits", "nn.softmax_cross_entropy_with_logits_v2",
                               "nn.sparse_softmax_cross_entropy_with_logits")},
    "nn.embedding_lookup": st.builds(
        lambda p, i, dtype: ("nn.embedding_lookup", {"params": {"t": 0}, "ids": {"t": 1}},
                             [(p, "float32"), (i, dtype)]),
        shape(), shape(max_rank=3), st.sampled_from(["int32", "int32", "float32"])),
    "slice": st.integers(1, 4).flatmap(lambda n: question(
        "slice", {"input_": 0}, begin=st.lists(st.sampled_from([0, 0, 1, 2, 5, -1, UNKNOWN]), min_size=n, max_size=n),
        size=st.lists(st.sampled_from([-1, -1, 0, 1, 2, 3, -2, UNKNOWN, UNKNOWN]), min_size=n, max_size=n))),
}


def ask(op: str, args: dict, inputs: list) -> tuple[tuple | None, str | None]:
    """TensorFlow's answer: (shape or None for an unknown rank, None), or (None, its error)."""
    from noiselint.shapes.tf_graph import load_tensorflow, op_shape

    try:
        return op_shape(load_tensorflow(), op, args, [(s, d) for s, d in inputs]), None
    except Exception as exc:  # TensorFlow's refusal is an answer
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


def refusal(op: str, args: dict, inputs: list) -> tuple[str, str] | None:
    """TensorFlow's error for a question, (type, message) whole; None if it answers."""
    from noiselint.shapes.tf_graph import load_tensorflow, op_shape

    try:
        op_shape(load_tensorflow(), op, args, [(s, d) for s, d in inputs])
    except Exception as exc:
        return type(exc).__name__, str(exc).strip()
    return None


@pytest.fixture(scope="module")
def tensorflow() -> None:
    from noiselint.shapes.tf_graph import load_tensorflow

    if isinstance(load_tensorflow(), str):
        pytest.skip("TensorFlow is not available")


@pytest.mark.parametrize("op", sorted(formulas_tf.FORMULAS))
def test_op_formula_agrees_with_tensorflow(op: str, tensorflow: None) -> None:
    answered = []

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(QUESTIONS[op])
    def agree(q: tuple[str, dict, list]) -> None:
        name, args, inputs = q
        written = formulas_tf.answer(name, args, [(tuple(s) if s is not None else None, d) for s, d in inputs])
        assert formulas_tf.answer(name, {**args, "name": "n"}, inputs) is None  # rarer arguments go to TF
        refused = formulas_tf.refusal(name, args, inputs)
        if refused is not None:
            assert written is None
            assert refused == refusal(name, args, inputs), q
            answered.append(q)
        if written is None:
            return
        shape, error = ask(name, args, inputs)
        assert error is None, f"{q}: the formula answered {written}, TensorFlow refused: {error}"
        assert (shape,) == written, q
        answered.append(q)

    agree()
    assert len(answered) >= 20, f"only {len(answered)} examples reached the {op} formula"
