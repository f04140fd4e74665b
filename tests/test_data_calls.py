"""Arrays as values in the model interpreter and data calls as graph nodes (model/array_calls.py,
model/data_calls.py): the shapes the file states reach the call, unknowns stay unknown, and
only what Keras or TensorFlow certainly raises becomes an error. Real libcst, real Keras."""

from __future__ import annotations

import textwrap

from noiselint.files.source import SourceFile
from noiselint.model.build import build_graph
from noiselint.shapes.facts import DataFact
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

ORACLE = KerasShapes(None)


def data_calls(text: str) -> list[DataFact]:
    parsed = parse_source(SourceFile("data.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    assert notes == ()
    return list(graph.facts().data_calls)


def errors(text: str) -> list[tuple[str, str]]:
    return [(f.problem, f.data) for f in data_calls(text) if f.error is not None]


_MODEL = textwrap.dedent("""
    import numpy as np
    import keras
    from keras import layers
    from sklearn.model_selection import train_test_split
    import tensorflow as tf

    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(),
                              layers.Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    (x, y), (xt, yt) = keras.datasets.mnist.load_data()
    {code}
    """)


def test_every_data_call_is_a_node() -> None:
    found = data_calls(_MODEL.format(code="model.fit(x, y)\nmodel.evaluate(xt, yt)\nmodel.predict(xt)"))
    assert [(f.method, f.problem, f.error) for f in found] == [("fit", "call", None), ("evaluate", "call", None),
                                                                ("predict", "call", None)]


def test_array_operations_keep_track_of_the_shape() -> None:
    for code in ("x = x.reshape(-1, 28, 28, 1)", "x = x[..., None]", "x = x[:, :, :, np.newaxis]",
                 "x = np.expand_dims(x, -1)", "x = x.astype('float32') / 255.0", "x = x.reshape(60000, 784)",
                 "x = x.reshape(-2, 28, 28, 1)"):  # NumPy infers any negative size
        flagged = errors(_MODEL.format(code=f"{code}\nmodel.predict(x[0])"))
        assert [p for p, _ in flagged] == ["input"], code


def test_a_sample_with_its_channel_axis_is_still_one_sample() -> None:
    # (28, 28, 1) into (None, 28, 28, 1): Keras adds a trailing axis, (28, 28, 1, 1), and
    # Conv2D then fails; that is the layers' failure, which the replay finds.
    (fact,) = [f for f in data_calls(_MODEL.format(code="x = x[..., None]\nmodel.predict(x[:1])\nmodel.predict(x[0])"))
               if f.error is not None]
    assert fact.problem == "input"


def test_unknown_data_is_silent() -> None:
    for code in ("x = np.load('x.npy')", "x = preprocess(x)",
                 "x = x[np.array([1, 2])]", "x = x.reshape(n, 28, 28, 1)"):
        assert errors(_MODEL.format(code=f"{code}\nmodel.fit(x, y)")) == [], code


def test_train_test_split_keeps_the_sample_shape() -> None:
    flagged = errors(_MODEL.format(code="x = x.reshape(-1, 784)\nxa, xb, ya, yb = train_test_split(x, y)\n"
                                        "model.fit(xa, ya)"))
    assert flagged == [("input", "`xa` from `train_test_split(x, y)` on line 12 is (?, 784)")]


def test_dataset_elements_and_batches() -> None:
    ok = "ds = tf.data.Dataset.from_tensor_slices((x[..., None], y)).shuffle(100).batch(32)\nmodel.fit(ds)"
    bad = "ds = tf.data.Dataset.from_tensor_slices((x[..., None], y))\nmodel.fit(ds)"
    assert errors(_MODEL.format(code=ok)) == []
    assert [p for p, _ in errors(_MODEL.format(code=bad))] == ["input"]


_BRANCH = """
    import numpy as np
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
    {compile}
    model.fit(np.zeros((8, 4)), np.zeros((8,)))
    """


def test_compile_on_one_branch_is_not_the_loss() -> None:
    assert [p for p, _ in errors(_BRANCH.format(compile='model.compile(loss="categorical_crossentropy")'))] \
        == ["labels"]
    assert errors(_BRANCH.format(compile='if flag:\n        model.compile(loss="categorical_crossentropy")')) == []


def test_cardinality_comes_first() -> None:
    flagged = errors(_MODEL.format(code="model.fit(x.reshape(-1, 784), yt)"))
    assert [p for p, _ in flagged] == ["cardinality"]


def test_reshape_error_is_numpy_s() -> None:
    (fact,) = [f for f in data_calls(_MODEL.format(code="x = x.reshape(28, 28)")) if f.error is not None]
    assert fact.error is not None and fact.error.framework == "NumPy"
    assert fact.error.message == "cannot reshape array of size 47040000 into shape (28,28)"


def test_reshape_error_with_an_inferred_size() -> None:
    (fact,) = [f for f in data_calls(_MODEL.format(code="x = x.reshape(-1, 29)")) if f.error is not None]
    # NumPy's words; how it then writes the new shape varies between versions.
    assert fact.error is not None and fact.error.message.startswith("cannot reshape array of size 47040000 into shape")


def test_in_place_resize_forgets_the_shape() -> None:
    assert errors(_MODEL.format(code="x.resize((60000, 784))\nmodel.predict(x[0])")) == []
    assert errors(_MODEL.format(code="x.shape = (60000, 784)\nmodel.predict(x[0])")) == []


def test_model_called_on_an_array() -> None:
    flagged = errors(_MODEL.format(code="out = model(np.zeros((28, 28, 1)))"))
    assert [p for p, _ in flagged] == ["input"]


def test_feed_dict_against_a_placeholder() -> None:
    code = """
        import numpy as np
        import tensorflow.compat.v1 as tf

        X = tf.placeholder(tf.float32, [None, 784])
        Y = tf.placeholder(tf.float32)
        with tf.Session() as sess:
            sess.run(X, feed_dict={X: np.zeros((2, 784)), Y: np.zeros((3, 3))})
            sess.run(X, feed_dict={X: [[1.0, 2.0]]})
        """
    assert errors(code) == [("feed", "`[[1.0, 2.0]]` on line 8 is (1, 2)")]


def test_a_dataset_module_bound_to_a_name() -> None:
    code = """
        from tensorflow import keras

        fashion_mnist = keras.datasets.fashion_mnist
        (x, y), _ = fashion_mnist.load_data()
        model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
        model.predict(x[0])
        """
    assert errors(code) == [("input", "`x[0]` on line 6 is (28, 28)")]


def test_the_last_certain_compile_is_the_loss() -> None:
    code = _BRANCH.format(compile='LOSS = "categorical_crossentropy"\n    model.compile(loss="mse")\n'
                                  '    model.compile(loss=LOSS)')
    assert [p for p, _ in errors(code)] == ["labels"]
