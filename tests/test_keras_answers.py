"""Every written shape formula against a table of Keras's own answers (valid and invalid
configs, strides that do not divide, `same` padding, ranks Keras refuses), recorded once by
tests/make_keras_answers.py: where a formula answers, Keras gave the same shapes; where
Keras refused, the formula does not answer. Fast: no Keras here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from noiselint.shapes import formulas

TABLE = json.loads((Path(__file__).resolve().parent / "data" / "keras_answers.json").read_text(encoding="utf-8"))
ROWS = TABLE["rows"]


def _inputs(row: dict) -> tuple:
    return tuple(tuple(s) for s in row["inputs"])


def _written(row: dict) -> tuple | None:
    if "built_on" in row:  # a second call of a layer instance built by a first
        return formulas.answer_built(row["layer"], row["config"], _inputs(row),
                                     tuple(tuple(s) for s in row["built_on"]))
    return formulas.answer(row["layer"], row["config"], _inputs(row))


@pytest.mark.parametrize("layer", sorted(formulas.FORMULAS))
def test_each_formula_gives_keras_answers(layer: str) -> None:
    rows = [row for row in ROWS if row["layer"] == layer and "built_on" not in row]
    _check(layer, rows)


@pytest.mark.parametrize("layer", sorted(formulas._BUILT))
def test_each_built_layer_formula_gives_keras_answers(layer: str) -> None:
    rows = [row for row in ROWS if row["layer"] == layer and "built_on" in row]
    _check(layer, rows)
    # Keras refuses some second calls (another channel count) that a first call would take;
    # the input specs of Flatten, Reshape, Embedding, the pooling and upsampling layers and
    # the plain elementwise layers do not change when they are built.
    assert layer in ("Flatten", "Reshape", "Embedding", *formulas._UNCHANGED) or "Pooling" in layer \
        or "UpSampling" in layer or any(
        row["outputs"] is None and formulas.answer(layer, row["config"], _inputs(row)) is not None for row in rows
    ), f"no recorded refusal of a second {layer} call"


def _check(layer: str, rows: list[dict]) -> None:
    assert rows, f"no recorded answers for {layer}: run tests/make_keras_answers.py"
    answered = refused = 0
    for row in rows:
        written = _written(row)
        if row["outputs"] is None:
            refused += 1
            assert written is None, f"{row}: the formula answered {written}, Keras refused: {row['error']}"
        elif written is not None:
            answered += 1
            assert [list(s) for s in written] == row["outputs"], row
    # The table reaches each formula's domain on both sides (what Keras takes and refuses).
    assert answered > 0, f"no recorded question reached the {layer} formula"


POOLING = [f"{kind}Pooling{n}D" for kind in ("Max", "Average") for n in (1, 2, 3)]


MERGES = ["Add", "Multiply", "Average", "Maximum", "Minimum", "Subtract"]


@pytest.mark.parametrize("layer", ["Conv1D", "Conv2D", "Conv3D", "Dense", *POOLING, "DepthwiseConv1D",
                                   "DepthwiseConv2D", *MERGES, "MultiHeadAttention"])
def test_written_refusals_are_keras_recorded_words(layer: str) -> None:
    """`formulas.refusal` words Keras's error only where Keras refused, in Keras's words
    (the table keeps a message's first line, up to 200 characters): a too-small "valid"
    convolution, a second call with another size on the built axis, a pooling `padding`
    other than "valid" and "same", an average pooling without `pool_size`, a DepthwiseConv
    on an unknown channel count, a merge of other batch sizes or of sizes that do not
    broadcast, a MultiHeadAttention asked about its query alone."""
    worded = Counter()
    for row in (row for row in ROWS if row["layer"] == layer):
        built_on = tuple(tuple(s) for s in row["built_on"]) if "built_on" in row else None
        written = formulas.refusal(layer, row["config"], _inputs(row), built_on)
        if written is None:
            continue
        assert row["outputs"] is None, f"{row}: Keras answered, the formula refused: {written}"
        assert written[0] in ("ValueError", "TypeError") and written[1].splitlines()[0][:200] == row["error"], row
        worded["built" if built_on else "first"] += 1
        worded[written[1].split(".")[0]] += 1
    if layer.startswith("AveragePooling"):  # both refusals: a padding and a missing pool size
        assert worded["Argument `padding` must be either 'valid' or 'same'"] > 0, worded
        assert worded[f"{layer}"] > 0, worded  # "AveragePooling1D.__init__() missing ..."
    if layer in MERGES:  # both refusals: batch sizes, and sizes that do not broadcast
        assert worded["Cannot merge tensors with different batch sizes"] > 0, worded
        assert worded["Inputs have incompatible shapes"] > 0, worded
    if layer in POOLING or layer.startswith("Depthwise") or layer in MERGES or layer == "MultiHeadAttention":
        assert worded["first"] > 0, worded
    else:
        assert worded["built"] > 0 and (layer == "Dense" or worded["first"] > 0), worded  # both kinds, each layer


def test_the_table_holds_refusals_for_most_layers() -> None:
    refusals = Counter(row["layer"] for row in ROWS if row["outputs"] is None)
    assert len(refusals) >= len(formulas.FORMULAS) // 2, refusals


def test_a_second_call_without_the_built_axis_is_left_to_keras() -> None:
    """Hypothesis found it (tests/test_shape_formulas.py): a channels-first Conv1D built on
    (None, 1, None), called again on (None,), raised IndexError inside the formula, which a
    user's run reports as noiselint crashing. Keras refuses that input: the formula says
    nothing and Keras is asked."""
    from noiselint.shapes import formulas

    conv = {"kernel_size": 1, "filters": 1, "padding": "valid", "data_format": "channels_first"}
    assert formulas.answer_built("Conv1D", conv, ((None,),), ((None, 1, None),)) is None
    assert formulas.answer_built("Dense", {"units": 4}, ((),), ((None, 3),)) is None


def test_every_written_refusal_is_keras_recorded_words() -> None:
    """Over every recorded first call: where `formulas.refusal` words an error, Keras
    refused with those words; and each constructor's required argument left out (tensorpack's
    `Conv2D` without `kernel_size`, Keras 2's `AveragePooling1D()`) is among them."""
    missing = Counter()
    for row in (row for row in ROWS if "built_on" not in row):
        written = formulas.refusal(row["layer"], row["config"], _inputs(row))
        if written is None:
            continue
        assert row["outputs"] is None and written[1].splitlines()[0][:200] == row["error"], (row, written)
        if "required positional" in written[1]:
            missing[row["layer"]] += 1
    # TimeDistributed: the wrapped layer's constructor (`TimeDistributed(Dropout(...))`, made without its rate).
    assert set(missing) == {*formulas._REQUIRED, "TimeDistributed"}, set(formulas._REQUIRED) - set(missing)


def test_concatenations_with_sizes_of_one_are_answered_as_keras_answered() -> None:
    """A detector's heads, `(None, None, 1)` five times on axis 1 (EfficientDet), asked Keras
    (and loaded TensorFlow) before the formula compared sizes of one; the recorded rows with
    a 1 beside the axis that Keras took are answered, with Keras's shapes."""
    heads = ((None, None, 1),) * 5
    assert formulas.answer("Concatenate", {"axis": 1}, heads) == ((None, None, 1),)
    def beside_axis(row: dict) -> list[list]:
        axis = row["config"].get("axis", -1)
        return [s[:axis % len(s)] + s[axis % len(s) + 1:] for s in row["inputs"]]

    ones = [row for row in ROWS if row["layer"] == "Concatenate" and row["outputs"] is not None
            and len({len(s) for s in row["inputs"]}) == 1 and any(1 in r for r in beside_axis(row))]
    assert sum(_written(row) is not None for row in ones) >= 30


def test_pooling_windows_larger_than_the_input_and_global_pooling_called_again() -> None:
    """keras's own tests asked Keras (and loaded TensorFlow) about a `MaxPooling2D((2, 2))` on
    (None, 1, 254, 32), which Keras refuses in words written out here, and a
    `GlobalMaxPooling2D` built on (None, 7, 7, 128) called again on (64, 7, 7, 128), which a
    first call does not constrain; both held to the recorded rows."""
    pool = {"pool_size": [2, 2], "data_format": "channels_last"}
    assert formulas.refusal("MaxPooling2D", pool, ((None, 1, 254, 32),)) == ("ValueError", (
        "Computed output size would be zero or negative. Received: `inputs.shape=[None 1 254 32]`, "
        "`pool_size=[2 2]`, `strides=(2, 2)`, `padding=valid`."))
    assert formulas.answer_built("GlobalMaxPooling2D", {"data_format": "channels_last"}, ((64, 7, 7, 128),),
                                 ((None, 7, 7, 128),)) == ((64, 128),)
    small = [row for row in ROWS if "built_on" not in row and row["error"] is not None
             and "zero or negative" in row["error"] and "Pooling" in row["layer"]
             and formulas.refusal(row["layer"], row["config"], _inputs(row)) is not None]
    assert len({row["layer"] for row in small}) == 6 and any("  " in row["error"] for row in small), len(small)


def test_a_recurrent_layer_called_again_on_another_length_is_answered() -> None:
    """An LSTM built on sequences of unknown length, called again on six steps (t81's and the
    TF 2 tutorials' notebooks asked Keras, and loaded TensorFlow, for it); another feature size
    is left to Keras."""
    assert formulas.answer_built("LSTM", {"units": 128}, ((None, 6, 1),), ((None, None, 1),)) == ((None, 128),)
    assert formulas.answer_built("GRU", {"units": 4, "return_sequences": True}, ((2, 9, 5),),
                                 ((None, None, 5),)) == ((2, 9, 4),)
    assert formulas.answer_built("LSTM", {"units": 128}, ((None, 6, 2),), ((None, None, 1),)) is None
    rows = [row for row in ROWS if row["layer"] in ("LSTM", "GRU", "SimpleRNN") and "built_on" in row]
    assert sum(_written(row) is not None for row in rows) >= 10
