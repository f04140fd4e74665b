"""Every written TensorFlow op formula (shapes/formulas_tf.py) against a table of
TensorFlow's own answers (valid and invalid arguments, partially unknown shapes, unknown
ranks), recorded once by tests/make_tf_answers.py: where a formula answers, TensorFlow gave
the same shape (or the same unknown rank); where TensorFlow refused, the formula does not
answer. Fast: no TensorFlow here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from noiselint.shapes import formulas_tf

TABLE = json.loads((Path(__file__).resolve().parent / "data" / "tf_answers.json").read_text(encoding="utf-8"))
ROWS = TABLE["rows"]


def _inputs(row: dict) -> list:
    return [(tuple(s) if s is not None else None, d) for s, d in row["inputs"]]


@pytest.mark.parametrize("op", sorted(formulas_tf.FORMULAS))
def test_each_op_formula_gives_tensorflow_answers(op: str) -> None:
    rows = [row for row in ROWS if row["op"] == op]
    assert rows, f"no recorded answers for {op}: run tests/make_tf_answers.py"
    answered = Counter()
    for row in rows:
        written = formulas_tf.answer(op, row["args"], _inputs(row))
        if row["error"] is not None:
            assert written is None, f"{row}: the formula answered {written}, TensorFlow refused: {row['error']}"
        elif written is not None:
            expected = tuple(row["output"]) if row["rank_known"] else None
            assert written == (expected,), row
            known = written[0]
            answered["unknown rank" if known is None else "partly unknown" if None in known else "known"] += 1
    # The table reaches each formula's domain: answers, and partially unknown inputs among them.
    assert answered["known"] + answered["partly unknown"] > 0, (op, answered)


def test_the_table_holds_refusals_and_unknown_ranks_for_most_ops() -> None:
    refusals = Counter(row["op"] for row in ROWS if row["error"] is not None)
    unknown = Counter(row["op"] for row in ROWS if row["error"] is None and not row["rank_known"])
    assert len(refusals) >= len(formulas_tf.FORMULAS) * 3 // 4, refusals
    assert len(unknown) >= len(formulas_tf.FORMULAS) // 2, unknown


def test_every_formula_declines_arguments_it_does_not_know() -> None:
    """`name`, rarer options and a TF 1 alias next to its new spelling go to TensorFlow (and
    its checks of them)."""
    for row in ROWS:
        for extra in ({"name": "n"}, {"keep_dims": True, "keepdims": True}, {"validate_indices": True}):
            assert formulas_tf.answer(row["op"], {**row["args"], **extra}, _inputs(row)) is None, row


def test_written_refusals_are_tensorflow_errors() -> None:
    """Where a refusal is written out (formulas_tf.REFUSALS), TensorFlow refused the question
    with those words; the table holds such questions for every op that has one."""
    refused = Counter()
    for row in ROWS:
        written = formulas_tf.refusal(row["op"], row["args"], _inputs(row))
        if written is not None:
            kind, message = written
            assert row["error"] == f"{kind}: {message.splitlines()[0][:200]}", row
            refused[row["op"]] += 1
    assert set(refused) == set(formulas_tf.REFUSALS), refused


def test_einsum_with_an_ellipsis_on_operands_of_unknown_rank_has_an_unknown_rank() -> None:
    """keras-cv's and bert4keras's attention (`...nij,...nkj->...nki` on tensors of unknown rank)
    asked TensorFlow 143 times on one tree: the answer is an unknown rank, as TensorFlow's own,
    recorded in the table."""
    x = {"t": 0}
    for equation in ("...ij->...ji", "...nij,...nkj->...nki", "...,d->...d"):
        operands = [x, {"t": 1}][:len(equation.split("->")[0].split(","))]
        inputs = [(None, "float32")] * len(operands)
        assert formulas_tf.answer("einsum", {"equation": equation, "operands": operands}, inputs) == (None,)
    rows = [row for row in ROWS if row["op"] == "einsum" and "." in row["args"]["equation"]
            and row["error"] is None and not row["rank_known"]]
    assert len([row for row in rows if formulas_tf.answer("einsum", row["args"], _inputs(row)) == (None,)]) >= 5


def test_einsum_with_an_ellipsis_on_operands_of_known_rank_broadcasts_the_ellipses() -> None:
    """keras-cv's `...i,...ij->...j` on (2, 4, 3) and (3, 3) (TensorFlow: (2, 4, 3)) and
    `...ni,ji->...nji` on (None, None, None) and (8, 3) (TensorFlow: (None, None, 8, 3)); the
    ellipses broadcast as a binary op's shapes (TensorFlow: (2, None) from (2, 1) and (None,));
    one that does not, or an output without the ellipsis that is not empty, is TensorFlow's
    to refuse."""
    def einsum(equation: str, *shapes: tuple) -> object:
        args = {"equation": equation, "operands": [{"t": i} for i in range(len(shapes))]}
        return formulas_tf.answer("einsum", args, [(s, "float32") for s in shapes])

    assert einsum("...i,...ij->...j", (2, 4, 3), (3, 3)) == ((2, 4, 3),)
    assert einsum("...ni,ji->...nji", (None, None, None), (8, 3)) == ((None, None, 8, 3),)
    assert einsum("...i,...ij->...j", (2, 1, 3), (None, 3, 3)) == ((2, None, 3),)
    assert einsum("...ij,jk", (2, 4, 3), (3, 5)) == ((2, 4, 5),)  # the implicit output: the ellipsis first
    assert einsum("...i,...ij->...j", (2, 4, 3), (5, 3, 3)) is None  # "Dimensions must be equal"
    assert einsum("...i,...ij->ij", (2, 4, 3), (3, 3)) is None  # "Shape must be at most rank 0"
    rows = [row for row in ROWS if row["op"] == "einsum" and "." in row["args"]["equation"] and row["rank_known"]
            and row["inputs"][0][0] is not None and len(row["inputs"][0][0]) > 2]
    assert [row for row in rows if formulas_tf.answer("einsum", row["args"], _inputs(row)) is not None]


def test_run_time_axes_begins_and_squeezed_axes_are_answered_as_tensorflow_does() -> None:
    """tensorpack's `reduce_mean(x, [h, w])` and `slice(x, [0, 0, i, j], [-1, -1, h, w])` with
    values known only at run time ("?"), keras's `squeeze(x, axis=[a])`: TensorFlow's answers
    and refusal, recorded in the table."""
    x = [(None, "float32")]
    assert formulas_tf.answer("reduce_mean", {"input_tensor": {"t": 0}, "axis": ["?", "?"]}, x) == (None,)
    assert formulas_tf.answer("reduce_mean", {"input_tensor": {"t": 0}, "axis": ["?", 1], "keepdims": True},
                              [((2, 3, 4), "float32")]) == ((None, None, None),)
    four = [((None, 5, 6, 7), "float32")]
    assert formulas_tf.answer("slice", {"input_": {"t": 0}, "begin": [0, 0, "?", 4], "size": [-1, -1, "?", "?"]},
                              four) == ((None, None, None, None),)
    assert formulas_tf.answer("slice", {"input_": {"t": 0}, "begin": [0, 1, "?", 2], "size": [-1, -1, -1, 3]},
                              four) == ((None, 4, None, 3),)
    assert formulas_tf.answer("squeeze", {"input": {"t": 0}, "axis": ["?"]}, x) is None
    assert formulas_tf.refusal("squeeze", {"input": {"t": 0}, "axis": ["?"]}, x) == \
        ("TypeError", "Expected int for argument 'axis' not <tf.Tensor 'Placeholder_1:0' shape=() dtype=int32>.")
    for op, name in (("reduce_mean", "axis"), ("slice", "begin"), ("squeeze", "axis")):
        rows = [row for row in ROWS if row["op"] == op and "?" in json.dumps(row["args"].get(name))]
        told = [row for row in rows if (formulas_tf.answer(op, row["args"], _inputs(row)) or
                                        formulas_tf.refusal(op, row["args"], _inputs(row))) is not None]
        assert len(told) >= 3, (op, len(rows), len(told))


def test_max_pool_windows_the_channels_and_avg_pool_keeps_them() -> None:
    """handson-ml3's `tf.nn.max_pool(x, ksize=[1, 1, 1, 3], strides=[1, 1, 1, 3], "VALID")` on
    (2, 70, 120, 60) pools over the channels: TensorFlow's MaxPool gives (2, 70, 120, 20); its
    AvgPool shape function keeps the channels; the table holds such questions answered."""
    args = {"value": {"t": 0}, "ksize": [1, 1, 1, 3], "strides": [1, 1, 1, 3], "padding": "VALID"}
    image = [((2, 70, 120, 60), "float32")]
    assert formulas_tf.answer("nn.max_pool", args, image) == ((2, 70, 120, 20),)
    assert formulas_tf.answer("nn.avg_pool", args, image) == ((2, 70, 120, 60),)
    assert formulas_tf.answer("nn.max_pool", args, [((2, 70, 120, 2), "float32")]) is None  # "Negative dimension"

    def over_channels(row: dict) -> bool:
        at = 1 if row["args"].get("data_format") == "NCHW" else -1
        return any(isinstance(v, list) and len(v) == 4 and v[at] not in (1, "?")
                   for v in (row["args"].get("ksize"), row["args"].get("strides")))
    rows = [row for row in ROWS if row["op"] in ("nn.max_pool", "nn.avg_pool") and over_channels(row)]
    assert len([row for row in rows if formulas_tf.answer(row["op"], row["args"], _inputs(row)) is not None]) >= 4


def test_einsum_of_three_operands_is_answered_as_one_einsum() -> None:
    """bert4keras's CRF, `einsum('bni,ij,bnj->b', ...)` on tensors of unknown rank: TensorFlow
    contracts two at a time (opt_einsum's order) and answers (None,); a size known in any
    operand reaches the output; sizes that differ go to TensorFlow."""
    def einsum(equation: str, *shapes: tuple | None) -> object:
        args = {"equation": equation, "operands": [{"t": i} for i in range(len(shapes))]}
        return formulas_tf.answer("einsum", args, [(s, "float32") for s in shapes])

    assert einsum("bni,ij,bnj->b", None, None, None) == ((None,),)
    assert einsum("bni,ij,bnj->bn", (2, None, 3), (3, 3), (None, 5, 3)) == ((2, 5),)
    assert einsum("ab,bc,cd->ad", (2, 3), (1, 4), (4, 5)) is None  # "Dimensions must be equal"
    assert einsum("...i,ij,jk->...k", (2, 3), (3, 4), (4, 5)) is None  # an ellipsis beside three: TensorFlow's
    rows = [row for row in ROWS if row["op"] == "einsum" and len(row["inputs"]) > 2 and row["error"] is None]
    assert len([row for row in rows if formulas_tf.answer("einsum", row["args"], _inputs(row)) is not None]) >= 5


def test_concat_of_one_value_is_its_identity() -> None:
    """`tf.concat([x], axis)` returns `identity(x)` before any shape function runs: its shape,
    whatever the axis (keras-cv asked TensorFlow 42 times, on tensors of unknown rank)."""
    one = {"values": [{"t": 0}], "axis": 0}
    assert formulas_tf.answer("concat", one, [(None, "float32")]) == (None,)
    assert formulas_tf.answer("concat", {**one, "axis": 5}, [((2, 3), "int32")]) == ((2, 3),)
    rows = [row for row in ROWS if row["op"] == "concat" and len(row["args"]["values"]) == 1]
    assert rows and all(formulas_tf.answer("concat", row["args"], _inputs(row)) == (
        tuple(row["output"]) if row["rank_known"] else None,) for row in rows if row["error"] is None)
