"""The evaluator's reading of masks built from TensorFlow shape ops: `tf.shape(x)` (a
vector as long as x's rank, when the model graph knows that rank), its elements and slices
(`tf.shape(x)[0]`, `tf.shape(x)[1:]`), and the vectors `tf.concat` / `tf.stack` /
`tf.constant` make of them. A mask whose length is certain becomes a `Seq` of its entries
(run-time sizes stay `TensorDim`s), so NL002 can count them; anything less certain stays
a `TensorDim`, as before. Called by `values/evaluate.py` only."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq, TensorDim, Unknown, Value

# TF ops that return a tensor's shape as a 1-D vector (`tf.unstack`/`tf.shape_n` do not).
SHAPE_VECTOR = frozenset({
    "tensorflow.shape", "tensorflow.compat.v1.shape", "tensorflow.compat.v2.shape",
    "tensorflow.keras.backend.shape", "tf_keras.backend.shape", "keras.backend.shape",
})
_ROOTS = ("tensorflow.", "tensorflow.compat.v1.", "tensorflow.compat.v2.")
CONCAT = frozenset(f"{r}concat" for r in _ROOTS)
STACK = frozenset({*(f"{r}stack" for r in _ROOTS), "tensorflow.pack"})
CONSTANT = frozenset(f"{r}{n}" for r in _ROOTS for n in ("constant", "convert_to_tensor"))
SHAPE_OPS = CONCAT | STACK | CONSTANT

Evaluate = Callable[[cst.BaseExpression], Value]


def shape_vector(text: str, rank: int | None) -> TensorDim:
    """`tf.shape(x)`: a vector of `rank` run-time sizes (None: rank not known)."""
    return TensorDim(text, length=rank, kind="vector")


def entries(value: Value) -> list[Value] | None:
    """The entries of a 1-D value whose length is certain: a literal list, a `Seq` made
    here, or a shape vector of known length."""
    if isinstance(value, Seq) and all(_scalar(i) for i in value.items):
        return list(value.items)
    if isinstance(value, TensorDim) and value.kind == "vector" and value.length is not None:
        return [TensorDim(f"{value.text}[{i}]", kind="scalar") for i in range(value.length)]
    return None


def subscript(base: TensorDim, text: str, index: Value | None, bounds: Sequence[int | None] | None) -> Value:
    """`tf.shape(x)[i]` (a scalar) or `tf.shape(x)[a:b]` (a Seq when its length is certain)."""
    if base.kind != "vector":
        return TensorDim(text)
    if index is not None:
        return TensorDim(text, kind="scalar")
    parts = entries(base)
    if parts is None or bounds is None:
        return TensorDim(text, kind="vector")
    return Seq(tuple(parts[slice(*bounds)]), is_list=True, tensor=True)


def call(names: set[str], node: cst.Call, text: str, evaluate: Evaluate) -> Value:
    """`tf.concat([...], 0)`, `tf.stack([...])`, `tf.constant([...])` of shape values."""
    args = [a for a in node.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    if any(a.star for a in node.args):
        return TensorDim(text)
    first = args[0].value if args else keywords.get("values", keywords.get("value"))
    if first is None:
        return Unknown("no values")
    values = evaluate(first)
    if names & CONSTANT:
        if keywords.keys() - {"value", "dtype", "name"} or len(args) > 2:
            return TensorDim(text)  # a `shape=` reshapes the value
        parts = entries(values)
        return Seq(tuple(parts), is_list=True, tensor=True) if parts is not None else TensorDim(text)
    axis_node = args[1].value if len(args) > 1 else keywords.get("axis")
    axis = evaluate(axis_node) if axis_node is not None else Const(0)
    if not (isinstance(values, Seq) and isinstance(axis, Const) and axis.value in (0, -1)):
        return TensorDim(text)
    found: list[Value] = []
    for part in values.items:
        if names & STACK:
            if not _scalar(part):
                return TensorDim(text)
            found.append(part)
        else:
            inner = entries(part)
            if inner is None:
                return TensorDim(text, kind="vector")
            found.extend(inner)
    return Seq(tuple(found), is_list=True, tensor=True)


# The operators TensorFlow applies entry by entry to a shape op's 1-D tensor; any other
# gives a vector noiselint does not compute.
_ENTRY_BY_ENTRY = frozenset({operator.add, operator.sub, operator.mul, operator.floordiv})


def vector_arithmetic(text: str, op: Callable[[int, int], int] | None, left: Value, right: Value) -> Value:
    """`op` with a shape op's 1-D tensor on one side (the Evaluator's and the interpreter's
    arithmetic both come here): entry by entry where TensorFlow computes it so."""
    if op not in _ENTRY_BY_ENTRY:
        return TensorDim(text, kind="vector")
    return elementwise(text, op, left, right)


def elementwise(text: str, op: Callable[[int, int], int], left: Value, right: Value) -> Value:
    """`a + b`, `a * 2`, ... with a 1-D tensor of a shape op on one side: TensorFlow works
    entry by entry, a length of 1 (or a scalar) broadcast, where Python lists would be
    joined or repeated. Whole numbers give whole numbers (`tf.constant([1, 32]) * 2` is
    `[2, 64]`); a run-time size gives a vector as long as the longer side when both lengths
    agree, else of a length not known (TensorFlow fails on lengths that differ)."""
    a, b = _entries(left), _entries(right)
    length = None if a is None or b is None else len(a) if len(a) == len(b) or len(b) == 1 \
        else len(b) if len(a) == 1 else None
    if a is None or b is None or length is None \
            or not all(isinstance(v, Const) and type(v.value) is int for v in (*a, *b)):
        return TensorDim(text, kind="vector", length=length)
    pairs = zip(a * length if len(a) == 1 else a, b * length if len(b) == 1 else b, strict=True)
    try:
        found = [op(x.value, y.value) for x, y in pairs]  # type: ignore[union-attr]
    except ArithmeticError:
        return TensorDim(text, kind="vector", length=length)
    return Seq(tuple(Const(v) for v in found), is_list=True, tensor=True)


def _entries(value: Value) -> list[Value] | None:
    """`value`'s entries as a 1-D tensor (a scalar: one), or None."""
    if isinstance(value, Const):
        return [value] if type(value.value) in (int, float) else None
    if isinstance(value, TensorDim) and value.kind == "scalar":
        return [value]
    return entries(value)


def _scalar(value: Value) -> bool:
    """Whether `value` is one entry of a 1-D vector in any run where the code works: a
    list entry that is not itself a list or a vector (an unknown name is a size there)."""
    if isinstance(value, Seq):
        return False
    if isinstance(value, TensorDim):
        return value.kind != "vector"
    return not isinstance(value, Const) or type(value.value) is int
