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
    return st.one_of(AXIS, st.lists(AXIS, max_size=3))


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


BOOL = maybe(st.booleans())
QUESTIONS: dict[str, st.SearchStrategy[tuple[str, dict, list]]] = {
    **{op: question(op, {"input_tensor": 0}, axis=maybe(st.one_of(st.none(), axes())), keepdims=BOOL)
       for op in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod")},
    "argmax": question("argmax", {"input": 0}, axis=maybe(AXIS)),
    "argmin": question("argmin", {"input": 0}, axis=maybe(AXIS)),
    "expand_dims": question("expand_dims", {"input": 0}, axis=AXIS),
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
    "gather": question("gather", {"params": 0, "indices": 1}, axis=maybe(AXIS)),
    "__getitem__": question("__getitem__", {"tensor": 0}, key=subscript()),
    "pad": question("pad", {"tensor": 0},
                    paddings=st.lists(st.lists(st.sampled_from([0, 1, 2, 3, -1, UNKNOWN]), min_size=2, max_size=2),
                                      min_size=1, max_size=4),
                    mode=maybe(st.sampled_from(["CONSTANT", "REFLECT", "SYMMETRIC", "reflect"]))),
}


def ask(op: str, args: dict, inputs: list) -> tuple[tuple | None, str | None]:
    """TensorFlow's answer: (shape or None for an unknown rank, None), or (None, its error)."""
    from noiselint.shapes.tf_graph import load_tensorflow, op_shape

    try:
        return op_shape(load_tensorflow(), op, args, [(s, d) for s, d in inputs]), None
    except Exception as exc:  # TensorFlow's refusal is an answer
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


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
        if written is None:
            return
        shape, error = ask(name, args, inputs)
        assert error is None, f"{q}: the formula answered {written}, TensorFlow refused: {error}"
        assert (shape,) == written, q
        answered.append(q)

    agree()
    assert len(answered) >= 20, f"only {len(answered)} examples reached the {op} formula"
