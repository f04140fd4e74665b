"""The edges of data meeting a model (model/data_calls.py) that the rules' own cases leave
open: each hint of NL201, NL202 and NL205 and the words around it, what a dataset feeds,
several inputs, the TF 1 feeds noiselint does not judge, and when a data call leaves Keras
to answer. Found by mutation testing (benchmarks/mutation-results-mutdata1.md): each case
fails on a planted bug that the other tests let through."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.model.build import build_graph
from noiselint.model.demand import data_may_matter
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator


def _findings(source: str) -> list[tuple[str, str, str]]:
    """Each data finding as (code, the source text it points at, its whole message)."""
    settings = Settings(extend_select=("NL2",))
    text = SourceFile("case.py", textwrap.dedent(source).lstrip("\n"))
    lines = text.text.splitlines()
    found = []
    for d in lint_text(text, selected_rules(settings), shape_inference(settings)):
        if d.code.startswith(("NL2", "NL9")):
            line = lines[d.span.start_row - 1]
            end = d.span.end_col - 1 if d.span.end_row == d.span.start_row else len(line)
            found.append((d.code, line[d.span.start_col - 1:end], d.message))
    return found


_FUNCTIONAL = """
import numpy as np
import keras
import tensorflow as tf
from keras import layers

inp = keras.Input(shape={shape})
model = keras.Model(inp, layers.Dense(10)(layers.Flatten()(inp)))
{code}
"""


def _functional(shape: str, code: str) -> str:
    return _FUNCTIONAL.format(shape=shape, code=code)


# NL201: the array against a functional model's input, and the hint for the likely edit.
INPUT = [
    pytest.param(_functional("(28, 28, 3)", "model.predict(np.zeros((5, 28, 28)))"), [(
        "NL201", "np.zeros((5, 28, 28))",
        "`np.zeros((5, 28, 28))` on line 8 is (5, 28, 28) but the input of `model` (line 7) is (None, 28, 28, 3): "
        "`predict` raises ValueError (Invalid input shape for input. Expected shape (None, 28, 28, 3), but input "
        "has incompatible shape (5, 28, 28)); add the channel axis: `x[..., None]`, or give the model "
        "`Input(shape=(28, 28))`")], id="channel-axis"),
    pytest.param(_functional("(28, 28, 1)", "x = np.zeros((5, 28, 27))\nmodel.predict(x)"), [(
        "NL201", "x",
        "`x` from `np.zeros((5, 28, 27))` on line 8 is (5, 28, 27) but the input of `model` (line 7) is "
        "(None, 28, 28, 1): `predict` raises ValueError (Input 0 of layer \"functional\" is incompatible with the "
        "layer: expected shape=(None, 28, 28, 1), found shape=(None, 28, 27))")], id="no-hint"),
    pytest.param(_functional("(784,)", "model.predict(np.zeros((5, 28, 28)))"), [(
        "NL201", "np.zeros((5, 28, 28))",
        "`np.zeros((5, 28, 28))` on line 8 is (5, 28, 28) but the input of `model` (line 7) is (None, 784): "
        "`predict` raises ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected "
        "shape=(None, 784), found shape=(None, 28, 28)); flatten the samples (`x.reshape(len(x), -1)`) or give "
        "the model the samples' shape")], id="flatten-unnamed"),
    pytest.param(_functional("(784,)", "x = np.zeros((5, 100))\nmodel.predict(x)"), [(
        "NL201", "x",
        "`x` from `np.zeros((5, 100))` on line 8 is (5, 100) but the input of `model` (line 7) is (None, 784): "
        "`predict` raises ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected "
        "shape=(None, 784), found shape=(None, 100)); give the model `Input(shape=(100,))`, or pass data of the "
        "shape it takes")], id="same-rank"),
    pytest.param(_functional("(28, 28, 1)", "model.predict(np.zeros((28, 28)))"), [(
        "NL201", "np.zeros((28, 28))",
        "`np.zeros((28, 28))` on line 8 is (28, 28) but the input of `model` (line 7) is (None, 28, 28, 1): "
        "`predict` raises ValueError (Invalid input shape for input. Expected shape (None, 28, 28, 1), but input "
        "has incompatible shape (28, 28)); give it a batch axis: `np.expand_dims(np.zeros((28, 28)), 0)`")],
        id="one-sample-without-its-channel"),
    pytest.param(_functional("(28, 28, 1)", "X = np.zeros((9, 28, 28, 1))\nmodel.predict(X[0])"), [(
        "NL201", "X[0]",
        "`X[0]` on line 9 is (28, 28, 1) but the input of `model` (line 7) is (None, 28, 28, 1): `predict` raises "
        "ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected shape="
        "(None, 28, 28, 1), found shape=(None, 28, 1, 1)); give it a batch axis: `np.expand_dims(X[0], 0)`")],
        id="one-sample"),
    # A size NumPy is not told: no hint names it.
    pytest.param(_functional("(784,)", "x = np.zeros((60000, 28, 28))\nmodel.predict(x.reshape(5, n, 28, 28))"), [(
        "NL201", "x.reshape(5, n, 28, 28)",
        "`x.reshape(5, n, 28, 28)` on line 9 is (5, ?, 28, 28) but the input of `model` (line 7) is (None, 784): "
        "`predict` raises ValueError (Invalid input shape for input. Expected shape (None, 784), but input has "
        "incompatible shape (5, None, 28, 28))")], id="unknown-size-no-flatten-hint"),
    pytest.param(_FUNCTIONAL.replace("layers.Flatten()(inp)", "inp").format(
        shape="(4, 10)", code="x = np.zeros((60000, 28, 28))\nmodel.predict(x.reshape(5, n, 7))"), [(
            "NL201", "x.reshape(5, n, 7)",
            "`x.reshape(5, n, 7)` on line 9 is (5, ?, 7) but the input of `model` (line 7) is (None, 4, 10): "
            "`predict` raises ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected "
            "shape=(None, 4, 10), found shape=(None, None, 7))")], id="unknown-size-no-input-hint"),
    # A dataset feeds its elements as batches: named, unnamed, batched or not.
    pytest.param(_functional("(28, 28, 1)", "ds = tf.data.Dataset.from_tensor_slices(np.zeros((100, 28, 28, 1)))\n"
                                            "model.predict(ds)"), [(
        "NL201", "ds",
        "`ds`: an element (fed as a batch: no `.batch(n)`) of `tf.data.Dataset.from_tensor_slices(np.zeros((100, "
        "28, 28,...` on line 8 is (28, 28, 1) but the input of `model` (line 7) is (None, 28, 28, 1): `predict` "
        "raises ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected shape="
        "(None, 28, 28, 1), found shape=(None, 28, 1, 1)); batch the dataset: `ds.batch(32)`")],
        id="unbatched-dataset"),
    pytest.param(_functional("(28, 28, 1)", "model.predict(tf.data.Dataset.from_tensor_slices(np.zeros((100, 28, 28, "
                                            "1))))"), [(
        "NL201", "tf.data.Dataset.from_tensor_slices(np.zeros((100, 28, 28, 1)))",
        "an element (fed as a batch: no `.batch(n)`) of `tf.data.Dataset.from_tensor_slices(np.zeros((100, 28, 28,"
        "...` on line 8 is (28, 28, 1) but the input of `model` (line 7) is (None, 28, 28, 1): `predict` raises "
        "ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected shape="
        "(None, 28, 28, 1), found shape=(None, 28, 1, 1)); batch the dataset: `x.batch(32)`")],
        id="unnamed-unbatched-dataset"),
    pytest.param(_functional("(20,)", "ds = tf.data.Dataset.from_tensor_slices(np.zeros((100, 7))).batch(32)\n"
                                      "model.predict(ds)"), [(
        "NL201", "ds",
        "`ds`: a batch of `tf.data.Dataset.from_tensor_slices(np.zeros((100, 7))).ba...` on line 8 is (?, 7) but "
        "the input of `model` (line 7) is (None, 20): `predict` raises ValueError (Input 0 of layer \"functional\" "
        "is incompatible with the layer: expected shape=(None, 20), found shape=(None, 7)); give the model "
        "`Input(shape=(7,))`, or pass data of the shape it takes")], id="batched-dataset"),
    # Keras takes a dataset's labels from the dataset: a `y` beside it is not judged.
    pytest.param(_functional("(20,)", "ds = tf.data.Dataset.from_tensor_slices((np.zeros((100, 7)), "
                                      "np.zeros((100, 10)))).batch(32)\nmodel.fit(ds, np.zeros((100, 10)))"), [],
                 id="dataset-and-y"),
    # An unbatched dataset's elements: the first axes of x and y are not sample counts.
    pytest.param(_functional("(3,)", "ds = tf.data.Dataset.from_tensor_slices((np.zeros((100, 3)), "
                                     "np.zeros((100, 2))))\nmodel.fit(ds)"), [(
        "NL201", "ds",
        "`ds`: an element (fed as a batch: no `.batch(n)`) of `tf.data.Dataset.from_tensor_slices((np.zeros((100, "
        "3)), n...` on line 8 is (3,) but the input of `model` (line 7) is (None, 3): `fit` raises ValueError "
        "(Invalid input shape for input. Expected shape (None, 3), but input has incompatible shape (3,)); batch "
        "the dataset: `ds.batch(32)`")], id="unbatched-dataset-no-cardinality"),
]


@pytest.mark.parametrize(("source", "expected"), INPUT)
def test_input_findings_and_their_hints(source: str, expected: list[tuple[str, str, str]]) -> None:
    assert _findings(source) == expected


_SEQUENTIAL = """
    import numpy as np
    import keras
    from keras import layers

    model = keras.Sequential([{layers}])
    model.predict({data})
    """

# A Sequential checks the rank, then runs its layers on the data as it is.
SEQUENTIAL = [
    pytest.param("keras.Input(shape=(784,)), layers.Dense(10)", "np.zeros((5, 28, 28))", [(
        "NL201", "np.zeros((5, 28, 28))",
        "`np.zeros((5, 28, 28))` on line 6 is (5, 28, 28) but the input of `model` (line 5) is (None, 784): "
        "`predict` raises ValueError (Invalid input shape for input. Expected shape (None, 784), but input has "
        "incompatible shape (5, 28, 28)); flatten the samples (`x.reshape(len(x), -1)`) or give the model the "
        "samples' shape")], id="rank"),
    pytest.param("keras.Input(shape=(4, 5)), layers.Flatten(), layers.Dense(3)", "np.zeros((8, 4, 6))", [(
        "NL201", "np.zeros((8, 4, 6))",
        "`np.zeros((8, 4, 6))` on line 6 is (8, 4, 6) but the input of `model` (line 5) is (None, 4, 5) and "
        "`Dense` on line 5 refuses (None, 24), what the layers before it make of it: `predict` raises ValueError "
        "(Input 0 with name 'None' of layer 'Dense' is incompatible with the layer: expected axis -1 of input "
        "shape to have value 20, but received input with shape (None, 24)); give the model "
        "`Input(shape=(4, 6))`, or pass data of the shape it takes")], id="a-later-layer-refuses"),
    pytest.param("layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(2)", "np.zeros((5, 28, 28))", [(
        "NL201", "np.zeros((5, 28, 28))",
        "`np.zeros((5, 28, 28))` on line 6 is (5, 28, 28) but `model` (line 5) declares no input, so `predict` "
        "builds it on (None, 28, 28) and `Conv2D` on line 5 refuses (None, 28, 28): `predict` raises ValueError "
        "(Input 0 with name 'None' of layer 'Conv2D' is incompatible with the layer: expected min_ndim=4, found "
        "ndim=3. Full shape received: (None, 28, 28))")], id="built-by-the-data"),
    # A layer without weights takes other sizes than it was built on (Keras runs it); it is
    # made again from its shape arguments alone, which `Activation` and `Dropout` do not allow.
    pytest.param('keras.Input(shape=(10,)), layers.Activation("relu")', "np.zeros((5, 20))", [],
                 id="elementwise_layer_replayed"),
    pytest.param("keras.Input(shape=(10,)), layers.Dropout(0.5), layers.Dense(4)", "np.zeros((5, 20))", [(
        "NL201", "np.zeros((5, 20))",
        "`np.zeros((5, 20))` on line 6 is (5, 20) but the input of `model` (line 5) is (None, 10) and `Dense` on "
        "line 5 refuses (None, 20), what the layers before it make of it: `predict` raises ValueError (Input 0 "
        "with name 'None' of layer 'Dense' is incompatible with the layer: expected axis -1 of input shape to "
        "have value 10, but received input with shape (None, 20)); give the model `Input(shape=(20,))`, or pass "
        "data of the shape it takes")], id="elementwise_layer_replayed_then_dense"),
    # A last size NumPy is not told: Keras's rank adjustment cannot be known, nothing is said.
    pytest.param("keras.Input(shape=(10,)), layers.Dense(4)", "np.zeros((60000, 28)).reshape(5, 10, n)", [],
                 id="unknown-last-size"),
]


@pytest.mark.parametrize(("model_layers", "data", "expected"), SEQUENTIAL)
def test_sequential_input_findings(model_layers: str, data: str, expected: list[tuple[str, str, str]]) -> None:
    assert _findings(_SEQUENTIAL.format(layers=model_layers, data=data)) == expected


_SEVERAL = """
    import numpy as np
    import keras
    from keras import layers

    a = keras.Input(shape=(4,))
    b = keras.Input(shape=(6,))
    model = keras.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
    {code}
    """


@pytest.mark.parametrize(("code", "expected"), [
    pytest.param("model.predict([np.zeros((8, 4)), np.zeros((8, 7))])", [(
        "NL201", "[np.zeros((8, 4)), np.zeros((8, 7))]",
        "`np.zeros((8, 7))` on line 8 is (8, 7) but the input 1 of `model` (line 7) is (None, 6): `predict` raises "
        "ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected shape=(None, 6), "
        "found shape=(None, 7)); give the model `Input(shape=(7,))`, or pass data of the shape it takes")],
        id="the-second-input"),
    pytest.param("model.predict([np.zeros((8, 5)), np.zeros((8, 6))])", [(
        "NL201", "[np.zeros((8, 5)), np.zeros((8, 6))]",
        "`np.zeros((8, 5))` on line 8 is (8, 5) but the input 0 of `model` (line 7) is (None, 4): `predict` raises "
        "ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected shape=(None, 4), "
        "found shape=(None, 5)); give the model `Input(shape=(5,))`, or pass data of the shape it takes")],
        id="the-first-input"),
    pytest.param("model.fit([np.zeros((8, 4)), np.zeros((8, 6))], np.zeros((9, 1)))", [(
        "NL204", "model.fit([np.zeros((8, 4)), np.zeros((8, 6))], np.zeros((9, 1)))",
        "`np.zeros((8, 4))` on line 8 is (8, 4), `np.zeros((8, 6))` on line 8 is (8, 6), `np.zeros((9, 1))` on "
        "line 8 is (9, 1): `fit` raises ValueError (Data cardinality is ambiguous. Make sure all arrays contain the "
        "same number of samples. 'x[0]' sizes: 8 'x[1]' sizes: 8 'y' sizes: 9)")], id="cardinality-first"),
    pytest.param("model.predict(np.zeros((8, 4)))", [(
        "NL203", "np.zeros((8, 4))",
        "x is one array but `model` (line 7) has 2 inputs: `predict` raises ValueError (Layer \"functional\" expects "
        "2 input(s), but it received 1 input tensors)")], id="count"),
])
def test_a_model_of_several_inputs(code: str, expected: list[tuple[str, str, str]]) -> None:
    assert _findings(_SEVERAL.format(code=code)) == expected


_LABELS = """
import numpy as np
import keras
import tensorflow as tf
from keras import layers

inp = keras.Input(shape={shape})
model = keras.Model(inp, layers.Dense(10, activation="softmax")(inp))
model.compile(loss="{loss}", optimizer="adam")
{code}
"""

_ONE_HOT = "one-hot encode the labels (`to_categorical(y, 10)`) or use `sparse_categorical_crossentropy`"
_SPARSE = "the labels are one-hot: use `categorical_crossentropy`"
_KEEPS = "the output keeps an axis the labels do not have (a `Flatten` or global pooling before the last layer?)"


# NL202: the hint after the error, from the labels' shape, the output's and the loss.
@pytest.mark.parametrize(("shape", "loss", "y", "hint"), [
    ("(20,)", "categorical_crossentropy", "(100,)", _ONE_HOT),
    ("(20,)", "categorical_crossentropy", "(100, 1)", _ONE_HOT),
    ("(5, 20)", "categorical_crossentropy", "(100,)", _ONE_HOT),  # the classes are the last axis
    ("(20,)", "categorical_crossentropy", "(100, 5)", ""),
    ("(20,)", "sparse_categorical_crossentropy", "(100, 10)", _SPARSE),
    ("(5, 20)", "sparse_categorical_crossentropy", "(100, 5, 10)", _SPARSE),
    ("(5, 20)", "sparse_categorical_crossentropy", "(100,)", ""),
    ("(20,)", "sparse_categorical_crossentropy", "(100, 3, 4)", ""),
    ("(5, 20)", "categorical_crossentropy", "(100, 10)", _KEEPS),
    ("(5, 20)", "mse", "(100, 4, 10)", ""),
    ("(20,)", "mse", "(100, 5)", ""),
])
def test_label_hints(shape: str, loss: str, y: str, hint: str) -> None:
    xs = "(100, 5, 20)" if shape == "(5, 20)" else "(100, 20)"
    ((code, at, message),) = _findings(_LABELS.format(shape=shape, loss=loss,
                                                     code=f"model.fit(np.zeros({xs}), np.zeros({y}))"))
    assert (code, at) == ("NL202", f"np.zeros({y})")
    error_and_hint = message.split(" raises ", 1)[1]
    assert error_and_hint.partition("); ")[2] == hint, message


@pytest.mark.parametrize(("code", "expected"), [
    # The labels of a dataset's batches, against a call that names no `y`: the finding is the call's.
    pytest.param("ds = tf.data.Dataset.from_tensor_slices((np.zeros((100, 20)), np.zeros((100,)))).batch(32)\n"
                 "model.fit(ds, epochs=5)", [(
                     "NL202", "model.fit(ds, epochs=5)",
                     "`ds`: a batch of `tf.data.Dataset.from_tensor_slices((np.zeros((100, 20)), ...` on line 9 is "
                     "(?,) but the output of `model` (line 7) is (None, 10) under `categorical_crossentropy`: `fit` "
                     "raises ValueError (Arguments `target` and `output` must have the same rank (ndim). Received: "
                     "target.shape=(None,), output.shape=(None, 10)); " + _ONE_HOT)], id="dataset-labels"),
    pytest.param("model.fit(np.zeros((100, 20)), np.zeros((100, 10)), validation_data=(np.zeros((10, 20)), "
                 "np.zeros((11, 10))))", [(
                     "NL204", "model.fit(np.zeros((100, 20)), np.zeros((100, 10)), validation_data=(np.zeros((10, "
                              "20)), np.zeros((11, 10))))",
                     "in `validation_data`, `np.zeros((10, 20))` on line 9 is (10, 20), `np.zeros((11, 10))` on "
                     "line 9 is (11, 10): `fit` raises ValueError (Data cardinality is ambiguous. Make sure all arrays "
                     "contain the same number of samples. 'x' sizes: 10 'y' sizes: 11)")], id="validation-data"),
    # Labels not known: nothing is said of them, and the data calls after it are still judged.
    pytest.param("model.fit(np.zeros((100, 20)), load_labels())\nmodel.predict(np.zeros((5, 7)))", [(
        "NL201", "np.zeros((5, 7))",
        "`np.zeros((5, 7))` on line 10 is (5, 7) but the input of `model` (line 7) is (None, 20): `predict` raises "
        "ValueError (Input 0 of layer \"functional\" is incompatible with the layer: expected shape=(None, 20), "
        "found shape=(None, 7)); give the model `Input(shape=(7,))`, or pass data of the shape it takes")],
        id="labels-not-known"),
])
def test_label_and_sample_findings(code: str, expected: list[tuple[str, str, str]]) -> None:
    assert _findings(_LABELS.format(shape="(20,)", loss="categorical_crossentropy", code=code)) == expected


def test_a_compile_on_the_data_call_s_own_branch_is_its_loss() -> None:
    source = """
        import numpy as np
        import keras
        from keras import layers

        inp = keras.Input(shape=(20,))
        model = keras.Model(inp, layers.Dense(10, activation="softmax")(inp))
        if one_hot:
            model.compile(loss="categorical_crossentropy", optimizer="adam")
            model.fit(np.zeros((100, 20)), np.zeros((100,)))
        """
    assert [(c, at) for c, at, _ in _findings(source)] == [("NL202", "np.zeros((100,))")]


_TF1 = """
    import numpy as np
    import tensorflow.compat.v1 as tf

    X = tf.placeholder(tf.float32, [None, 784])
    Y = tf.placeholder(tf.float32, [None])
    P = tf.placeholder(tf.float32, [None, None])
    Q = tf.placeholder(tf.float32, [None, None, 3])
    F = tf.placeholder(tf.float32, [5, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    logits = tf.matmul(X, W)
    with tf.Session() as sess:
        sess.run(logits)
        {feed}
    """


def _feed(value: str, placeholder: str, shown: str, fed: str, hint: str = "") -> str:
    message = (f"`{value}` on line 13 is {fed} but the placeholder `{placeholder}` is {shown}: `feed_dict` raises "
               f"ValueError (Cannot feed value of shape {fed} for Tensor `{placeholder}`, which has shape {shown})")
    return f"{message}; {hint}" if hint else message


# NL205: the value against its placeholder, and the hint for the likely edit.
@pytest.mark.parametrize(("feed", "expected"), [
    ("{X: np.zeros(784)}", [("np.zeros(784)", _feed("np.zeros(784)", "X", "(?, 784)", "(784,)",
                                                    "feed a batch of one: `np.zeros(784)[None]`"))]),
    ("{P: np.zeros(7)}", [("np.zeros(7)", _feed("np.zeros(7)", "P", "(?, ?)", "(7,)",
                                                "feed a batch of one: `np.zeros(7)[None]`"))]),
    ("{X: np.zeros((5, 28, 28))}", [("np.zeros((5, 28, 28))", _feed(
        "np.zeros((5, 28, 28))", "X", "(?, 784)", "(5, 28, 28)",
        "reshape it to the placeholder's shape: `.reshape(-1, 784)`"))]),
    # No hint: the sizes do not divide, a size is unknown, the batch is fixed, or no batch axis.
    ("{X: np.zeros((5, 100))}", [("np.zeros((5, 100))", _feed("np.zeros((5, 100))", "X", "(?, 784)", "(5, 100)"))]),
    ("{Q: np.zeros((4, 5))}", [("np.zeros((4, 5))", _feed("np.zeros((4, 5))", "Q", "(?, ?, 3)", "(4, 5)"))]),
    ("{F: np.zeros((5, 28, 28))}", [("np.zeros((5, 28, 28))", _feed("np.zeros((5, 28, 28))", "F", "(5, 784)",
                                                                      "(5, 28, 28)"))]),
    ("{Y: np.zeros((5, 3))}", [("np.zeros((5, 3))", _feed("np.zeros((5, 3))", "Y", "(?,)", "(5, 3)"))]),
    ("{X: np.zeros((60000, 28)).reshape(5, n, 28)}", [("np.zeros((60000, 28)).reshape(5, n, 28)", _feed(
        "np.zeros((60000, 28)).reshape(5, n, 28)", "X", "(?, 784)", "(5, ?, 28)").replace(
            "value of shape (5, ?, 28)", "value of shape (5, None, 28)"))]),
    # A list of arrays is fed as one array (TensorFlow stacks it).
    pytest.param("{X: [np.zeros(100), np.zeros(100)]}", [("[np.zeros(100), np.zeros(100)]", _feed(
        "[np.zeros(100), np.zeros(100)]", "X", "(?, 784)", "(2, 100)"))], id="list_of_arrays"),
    # What is not judged: a tensor that is not a placeholder, a key or value not known; the
    # other values of the same feed still are.
    ("{logits: np.zeros((5, 3))}", []),
    ("{X: load_batch(), Y: np.zeros((5, 3))}", [("np.zeros((5, 3))", _feed("np.zeros((5, 3))", "Y", "(?,)",
                                                                            "(5, 3)"))]),
    ("{X: [a, b], Y: np.zeros((5, 3))}", [("np.zeros((5, 3))", _feed("np.zeros((5, 3))", "Y", "(?,)", "(5, 3)"))]),
    ('{"x:0": np.zeros((5, 3)), Y: np.zeros((5, 3))}', [("np.zeros((5, 3))", _feed("np.zeros((5, 3))", "Y", "(?,)",
                                                                                   "(5, 3)"))]),
])
def test_feed_findings_and_their_hints(feed: str, expected: list[tuple[str, str]]) -> None:
    found = _findings(_TF1.format(feed=f"sess.run(logits, feed_dict={feed})"))
    assert found == [("NL205", at, message) for at, message in expected]


def _asks(source: str) -> bool:
    parsed = parse_source(SourceFile("data.py", textwrap.dedent(source).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    graph, _ = build_graph(parsed, Evaluator(parsed), find_sites(parsed), KerasShapes(None), strict=True)
    return data_may_matter(graph.facts())


def test_a_data_call_leaves_keras_to_answer_only_what_noiselint_cannot() -> None:
    # Every shape known and judged: Keras has nothing to add.
    assert not _asks(_LABELS.format(shape="(20,)", loss="categorical_crossentropy",
                                    code="model.fit(np.zeros((100, 20)), np.zeros((100, 10)))"))
    assert not _asks(_SEQUENTIAL.format(layers="keras.Input(shape=(4, 10)), layers.Dense(4)",
                                        data="np.zeros((60000, 28)).reshape(5, n, 10)"))
    # The model's output is not known, the loss is: Keras can judge the labels.
    assert _asks(_LABELS.format(shape="(20,)", loss="categorical_crossentropy", code="").replace(
        'layers.Dense(10, activation="softmax")(inp)', "head(inp)") + "model.fit(np.zeros((100, 20)), "
        "np.zeros((100,)))\n")
    # A Sequential's layers run on other sizes than they were built on, and none refuses by
    # the written formulas: only Keras knows.
    assert _asks(_SEQUENTIAL.format(layers="keras.Input(shape=(4, 5)), layers.Flatten()", data="np.zeros((8, 4, 6))"))
    # A layer noiselint has no shapes for (not in its allow-list) stops the replay there.
    assert _asks(_SEQUENTIAL.format(
        layers="keras.Input(shape=(4, 5)), layers.Flatten(), layers.Lambda(lambda t: t), layers.Dense(3)",
        data="np.zeros((8, 4, 6))"))


def test_what_another_module_makes_is_named_without_a_line(tmp_path: Path) -> None:
    (tmp_path / "data.py").write_text(textwrap.dedent("""
        import numpy as np
        import keras
        from keras import layers


        def load():
            return np.zeros((5, 100))


        def build():
            return keras.Sequential([keras.Input(shape=(4, 5)), layers.Flatten(), layers.Dense(3)])
        """).lstrip("\n"), encoding="utf-8")
    main = tmp_path / "main.py"
    main.write_text(textwrap.dedent("""
        import numpy as np
        import keras
        from keras import layers
        from data import build, load

        inp = keras.Input(shape=(784,))
        model = keras.Model(inp, layers.Dense(10)(inp))
        x = load()
        model.predict(x)
        seq = build()
        seq.predict(np.zeros((8, 4, 6)))
        """).lstrip("\n"), encoding="utf-8")
    settings = Settings(no_cache=True, extend_select=("NL2",))
    text = main.read_text(encoding="utf-8")
    found = lint_text(SourceFile(str(main), text), selected_rules(settings), shape_inference(settings),
                      ModuleNames(ProjectIndex(), str(main), text))
    assert [d.message.split(": `predict` raises")[0] for d in found] == [
        "`x` from `np.zeros((5, 100))` is (5, 100) but the input of `model` (line 7) is (None, 784)",
        "`np.zeros((8, 4, 6))` on line 11 is (8, 4, 6) but the input of `seq` is (None, 4, 5) and `Dense` refuses "
        "(None, 24), what the layers before it make of it"]
