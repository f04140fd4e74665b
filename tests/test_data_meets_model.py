"""Data meeting the model (model/data_calls.py), as the data rules NL201-NL205 report it: which
`compile` gives the loss, where a finding points when the data is passed by keyword or in
`validation_data`, how a model's inputs and outputs are read, and the message of a Sequential
built by its first data call. Found by mutation testing (benchmarks/mutation-results-mutdata2.md):
each case fails on a planted bug that tests/test_data_calls.py lets through."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.runner import shape_inference
from noiselint.settings import Settings

_DATA_RULES = ("NL201", "NL202", "NL203", "NL204", "NL205")


def _found(source: str, path: str = "case.py", names: object = None) -> list[tuple[str, int, str, str]]:
    """Each data finding (and NL902, a file noiselint could not follow): its code, row, the
    source text it points at (its first line) and its message."""
    text = textwrap.dedent(source).lstrip("\n") if names is None else source
    settings = Settings(extend_select=_DATA_RULES, no_cache=True)
    found = lint_text(SourceFile(path, text), selected_rules(settings), shape_inference(settings),
                      *(() if names is None else (names,)))
    lines = text.splitlines()
    out = []
    for d in found:
        if d.code not in (*_DATA_RULES, "NL902"):
            continue
        line = lines[d.span.start_row - 1]
        end = d.span.end_col - 1 if d.span.end_row == d.span.start_row else len(line)
        out.append((d.code, d.span.start_row, line[d.span.start_col - 1:end], d.message))
    return out


def _codes(source: str) -> list[tuple[str, int]]:
    return [(code, row) for code, row, _, _ in _found(source)]


_SOFTMAX = """
    import numpy as np
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])"""
_BAD_LABELS = "np.zeros((8, 4)), np.zeros((8,))"  # integer labels under categorical_crossentropy


# compile: which loss the labels are judged under ---------------------------------------------

def test_the_loss_given_by_position_or_after_other_keywords() -> None:
    assert _codes(_SOFTMAX + f"""
    model.compile("adam", "categorical_crossentropy")
    model.fit({_BAD_LABELS})
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit({_BAD_LABELS})
    """) == [("NL202", 7), ("NL202", 9)]


def test_a_compile_without_a_loss_then_one_with() -> None:
    assert _codes(_SOFTMAX + f"""
    model.compile(optimizer="adam")
    model.compile(loss="categorical_crossentropy")
    model.fit({_BAD_LABELS})
    """) == [("NL202", 8)]


def test_a_compile_repeated_in_a_branch_with_the_same_loss_keeps_it() -> None:
    # the branch may or may not run: the loss is the same either way
    assert _codes(_SOFTMAX + f"""
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    if fine_tune:
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model.fit({_BAD_LABELS})
    """) == [("NL202", 9)]


def test_a_compile_in_a_branch_holds_in_that_branch() -> None:
    # ... and only there (tests/test_data_calls.py: after the branch, the loss is not known);
    # `validation_data` is judged under it too
    assert _codes(_SOFTMAX + """
    if flag:
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(np.zeros((8, 4)), np.zeros((8,)))
        model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((2, 4)), np.zeros((2,))))
    """) == [("NL202", 8), ("NL202", 9)]


def test_a_certain_compile_holds_in_a_branch_and_a_function() -> None:
    assert _codes(_SOFTMAX + f"""
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    if flag:
        model.fit({_BAD_LABELS})


    def train():
        model.fit({_BAD_LABELS})


    train()
    """) == [("NL202", 8), ("NL202", 12)]


def test_losses_named_through_tf_keras_and_tf_keras() -> None:
    tf = """
        import numpy as np
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=tf.keras.losses.categorical_crossentropy, optimizer="adam")
        model.fit(np.zeros((8, 4)), np.zeros((8,)))
        """
    legacy = """
        import numpy as np
        import tf_keras

        model = tf_keras.Sequential([tf_keras.Input(shape=(4,)), tf_keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=tf_keras.losses.CategoricalCrossentropy(), optimizer="adam")
        model.fit(np.zeros((8, 4)), np.zeros((8,)))
        """
    for source in (tf, legacy):
        assert _codes(source) == [("NL202", 6)]


def test_losses_that_are_not_one_known_keras_loss() -> None:
    # another library's loss of the same name; a name that is one of two Keras losses (labels
    # that either would refuse: still not claimed); a loss from the command line or none;
    # then a known loss, so that reading the others did not stop the reading
    assert _codes(_SOFTMAX + """
    from mylib.losses import categorical_crossentropy
    if flag:
        from keras.losses import mean_squared_error as loss_fn
    else:
        from keras.losses import categorical_crossentropy as loss_fn

    model.compile(loss=categorical_crossentropy, optimizer="adam")
    model.fit(np.zeros((8, 4)), np.zeros((8,)))
    model.compile(loss=loss_fn, optimizer="adam")
    model.fit(np.zeros((8, 4)), np.zeros((8, 2)))
    model.compile(loss=args.loss, optimizer="adam")
    model.fit(np.zeros((8, 4)), np.zeros((8,)))
    model.compile(loss=None, optimizer="adam")
    model.fit(np.zeros((8, 4)), np.zeros((8,)))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(np.zeros((8, 4)), np.zeros((8,)))
    """) == [("NL202", 21)]


# where a finding points -----------------------------------------------------------------------

def test_arrays_passed_by_keyword_or_after_the_labels() -> None:
    found = _found(_SOFTMAX + """
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(x=np.zeros((8, 5)), y=np.zeros((8, 3)))
    model.fit(x=np.zeros((8, 4)), y=np.zeros((8,)))
    model.fit(np.zeros((8, 4)), np.zeros((8,)), 32)
    """)
    assert [(code, row, at) for code, row, at, _ in found] == [
        ("NL201", 7, "np.zeros((8, 5))"), ("NL202", 8, "np.zeros((8,))"), ("NL202", 9, "np.zeros((8,))")]


def test_validation_data() -> None:
    found = _found(_SOFTMAX + """
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((2, 5)), np.zeros((2, 3)), np.ones(2)))
    model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((2, 4)), np.zeros((2,))))
    model.fit(np.zeros((8, 4)), np.zeros((8, 3)), 32, 1, 0, None, 0.0, (np.zeros((2, 5)), np.zeros((2, 3))))
    model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((2, 4)), np.zeros((3, 3))))
    """)
    tuple_of = "np.zeros((2, {})), np.zeros(({}))"
    assert [(code, row, at) for code, row, at, _ in found] == [
        ("NL201", 7, tuple_of.format(5, "2, 3") + ", np.ones(2)"),  # (x, y, sample_weight)
        ("NL202", 8, tuple_of.format(4, "2,")),
        ("NL201", 9, tuple_of.format(5, "2, 3")),  # passed by position
        ("NL204", 10, "model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((2, 4)), "
                      "np.zeros((3, 3))))")]
    assert all("`fit` raises ValueError" in message for *_, message in found)
    assert re.search(r"\bvalidation_data\b", found[3][3])


def test_the_samples_of_validation_data_are_named_as_such() -> None:
    # It read "`a` is (2, 4), `b` is (3, 3) but validation_data: `fit` raises ...".
    (found,) = _found(_SOFTMAX + """
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(np.zeros((8, 4)), np.zeros((8, 3)), validation_data=(np.zeros((2, 4)), np.zeros((3, 3))))
    """)
    assert found[3] == ("in `validation_data`, `np.zeros((2, 4))` on line 7 is (2, 4), `np.zeros((3, 3))` on line 7 "
                        "is (3, 3): `fit` raises ValueError (Data cardinality is ambiguous. Make sure all arrays "
                        "contain the same number of samples. 'x' sizes: 2 'y' sizes: 3)")


def test_a_model_called_on_an_array() -> None:
    found = _found("""
        import numpy as np
        import keras
        from keras import layers

        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])
        a = model(np.zeros((8, 5)))
        b = model(inputs=np.zeros((8, 6)))
        """)
    assert [(code, row, at) for code, row, at, _ in found] == [("NL201", 6, "np.zeros((8, 5))"),
                                                               ("NL201", 7, "np.zeros((8, 6))")]
    assert all("`model(...)` raises ValueError" in message for *_, message in found)


# the samples' counts --------------------------------------------------------------------------

def test_sample_counts_name_each_array() -> None:
    found = _found("""
        import numpy as np
        import keras
        from keras import layers

        a = keras.Input(shape=(4,))
        b = keras.Input(shape=(3,))
        model = keras.Model([a, b], layers.Dense(1)(layers.concatenate([a, b])))
        model.compile(loss="mse", optimizer="adam")
        model.fit([np.zeros((8, 4)), np.zeros((6, 3))], np.zeros((8, 1)))
        model.fit(np.zeros((8, 4)), np.zeros((6, 1)))
        """)
    assert [message.split(" (Data cardinality is ambiguous. ")[1] for *_, message in found] == [
        "Make sure all arrays contain the same number of samples. 'x[0]' sizes: 8 'x[1]' sizes: 6 'y' sizes: 8)",
        "Make sure all arrays contain the same number of samples. 'x' sizes: 8 'y' sizes: 6)"]


def test_calling_a_model_counts_no_samples() -> None:
    # It was a false NL204: `model(x)` runs no data adapter, and Keras 3 and tf-keras run this
    # call (each output keeps its input's batch); `predict` counts the samples and refuses them.
    found = _found("""
        import numpy as np
        import keras
        from keras import layers

        a = keras.Input(shape=(4,))
        b = keras.Input(shape=(3,))
        model = keras.Model([a, b], [layers.Dense(1)(a), layers.Dense(1)(b)])
        out = model([np.zeros((8, 4)), np.zeros((6, 3))])
        pred = model.predict([np.zeros((8, 4)), np.zeros((6, 3))])
        """)
    assert [(code, row) for code, row, _, _ in found] == [("NL204", 9)]


# the model's inputs and outputs ---------------------------------------------------------------

def test_the_output_of_a_functional_model_judges_the_labels() -> None:
    # one output, given alone or in a list of one; two outputs and one array of labels is
    # not what this rule knows (Keras refuses the structure first)
    found = _found("""
        import numpy as np
        import keras
        from keras import layers

        inputs = keras.Input(shape=(4,))
        out = layers.Dense(3, activation="softmax")(inputs)
        other = layers.Dense(1)(inputs)
        model = keras.Model(inputs, out)
        listed = keras.Model(inputs=inputs, outputs=[out])
        both = keras.Model(inputs, [out, other])
        for m in (model, listed, both):
            m.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((8, 4)), np.zeros((8,)))
        listed.fit(np.zeros((8, 4)), np.zeros((8,)))
        both.fit(np.zeros((8, 4)), np.zeros((8,)))
        both.fit(np.zeros((8, 5)), [np.zeros((8, 3)), np.zeros((8, 1))])
        """)
    assert [(code, row) for code, row, _, _ in found] == [("NL202", 13), ("NL202", 14), ("NL201", 16)]
    assert "the output of `listed` (line 9) is (None, 3) under `categorical_crossentropy`" in found[1][3]


def test_a_layer_added_on_one_branch_is_not_replayed() -> None:
    # a Keras 3 Sequential runs its layers on the data as it is; when one of them may not
    # be there, what the layers make of the data is not known
    assert _found(_SOFTMAX.replace("layers.Dense(3, activation=\"softmax\")", "") + """
    if flag:
        model.add(layers.Dense(5))
    model.add(layers.Activation("relu"))
    model.predict(np.zeros((8, 12)))
    """) == []


def test_an_array_that_is_one_of_two_is_not_judged() -> None:
    assert _found(_SOFTMAX + """
    if flag:
        x = np.zeros((8, 5))
    else:
        x = np.zeros((8, 4))
    model.predict(x)
    """) == []


def test_models_without_a_name_or_a_line() -> None:
    found = _found("""
        import numpy as np
        import keras
        from keras import layers

        keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)]).predict(np.zeros((8, 5)))
        """)
    assert [message.split(" and `Dense`")[0] for *_, message in found] == [
        "`np.zeros((8, 5))` on line 5 is (8, 5) but the input of the model (line 5) is (None, 4)"]


def test_a_model_built_in_another_module(tmp_path: Path) -> None:
    # its line is in another file: the message names no line of this one
    from noiselint.project import ModuleNames, ProjectIndex

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/models.py").write_text("import keras\nfrom keras import layers\n\n\ndef build():\n"
                                            "    return keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])\n"
                                            "\n\ndef bare():\n    return keras.Sequential([layers.Conv2D(8, 3)])\n")
    path = tmp_path / "pkg/train.py"
    text = ("import numpy as np\nimport keras\nfrom .models import bare, build\n\nmodel = build()\n"
            "model.predict(np.zeros((8, 5)))\nnet = bare()\nnet.predict(np.zeros((8, 28, 28)))\n")
    path.write_text(text)
    found = _found(text, str(path), ModuleNames(ProjectIndex(), str(path), text))
    assert [(code, row) for code, row, _, _ in found] == [("NL201", 6), ("NL201", 8)]
    assert "but the input of `model` is (None, 4) and `Dense` refuses it: `predict` raises" in found[0][3]
    assert "but `net` declares no input, so `predict` builds it on (None, 28, 28) and `Conv2D` refuses " \
           "(None, 28, 28): `predict` raises" in found[1][3]


# a Sequential that declares no input is built by its first data call ----------------------------

def test_a_sequential_built_on_data_that_a_layer_refuses() -> None:
    found = _found("""
        import keras
        from keras import layers

        (x, y), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(x, y)
        keras.Sequential([layers.Dense(2), layers.Conv1D(4, 3)]).predict(x[0])
        """)
    assert found == [
        ("NL201", 7, "x", "`x` from `keras.datasets.mnist.load_data()` on line 4 is (60000, 28, 28) but `model` "
                          "(line 5) declares no input, so `fit` builds it on (None, 28, 28) and `Conv2D` on line 5 "
                          "refuses (None, 28, 28): `fit` raises ValueError (Input 0 with name 'None' of layer 'Conv2D' "
                          "is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: "
                          "(None, 28, 28))"),
        # the second layer refuses what the first makes of the data
        ("NL201", 8, "x[0]", "`x[0]` on line 8 is (28, 28) but the model (line 8) declares no input, so `predict` "
                             "builds it on (None, 28) and `Conv1D` on line 8 refuses (None, 2): `predict` raises "
                             "ValueError (Input 0 with name 'None' of layer 'Conv1D' is incompatible with the layer: "
                             "expected min_ndim=3, found ndim=2. Full shape received: (None, 2))")]


def test_a_sequential_built_on_data_it_takes_then_given_other_data() -> None:
    # the first call builds it on (None, 4): the second is judged against that
    found = _found("""
        import numpy as np
        import keras
        from keras import layers

        model = keras.Sequential([layers.Dense(10)])
        model.fit(np.zeros((8, 4)), np.zeros((8, 10)))
        model.predict(np.zeros((8, 5)))
        built = keras.Sequential([layers.Dense(10)])
        built.build((None, 4))
        built.predict(np.zeros((8, 5)))
        """)
    assert [(code, row) for code, row, _, _ in found] == [("NL201", 7), ("NL201", 10)]
    assert all("is (None, 4) and `Dense` on line" in message for *_, message in found)


def test_a_sequential_is_not_built_on_data_of_unknown_size_or_on_two_arrays() -> None:
    # Keras builds it on the data's real size, which noiselint does not know, and refuses two
    # arrays (not claimed: tf-keras reads them otherwise); then a later call is not judged either
    source = """
        import sys
        import numpy as np
        import keras
        from keras import layers

        model = keras.Sequential([layers.Dense(10)])
        model.predict(np.zeros((8, int(sys.argv[1]))))
        model.predict(np.zeros((8, 5, 4)))
        pair = keras.Sequential([layers.Dense(10)])
        pair.predict([np.zeros((8, 4)), np.zeros((8, 4))])
        pair.predict(np.zeros((8, 5)))
        """
    assert _found(source) == []


# what a data call returns ---------------------------------------------------------------------

def test_what_predict_returns_is_not_static() -> None:
    from noiselint.model.build import infer_facts
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import ParsedModule, parse_source
    from noiselint.values.evaluate import Evaluator
    from tests.test_data_calls import ORACLE

    text = textwrap.dedent("""
        import numpy as np
        import keras
        from keras import layers

        encoder = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])
        features = encoder.predict(np.zeros((8, 4)))
        head = layers.Dense(features.shape[-1])(keras.Input(shape=(3,)))
        """).lstrip("\n")
    parsed = parse_source(SourceFile("case.py", text))
    assert isinstance(parsed, ParsedModule)
    facts = infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    (dense,) = [layer for model in facts.models for layer in model.layers if layer.layer == "Dense"
                and parsed.row(layer.node) == 7]
    assert "what `predict` returns" in (dense.unknown_reason or "")


def test_a_matrix_product_of_arrays_has_numpy_s_shape() -> None:
    # `x @ w` with a weight vector gives one value per sample: (100,) where the placeholder wants
    # (?, 1); with a weight column it gives (100, 1), which fits (cases2 tf1_feed_regression_targets_rank1).
    source = """
        import numpy as np
        import tensorflow.compat.v1 as tf
        x_data = np.zeros((100, 3))
        y_data = x_data @ np.array([1.0, 2.0, 3.0]) + 0.5
        y_col = x_data @ np.ones((3, 1))
        y = tf.placeholder(tf.float32, [None, 1])
        loss = tf.reduce_mean(y)
        with tf.Session() as sess:
            sess.run(loss, feed_dict={y: y_data})
            sess.run(loss, feed_dict={y: y_col})
        """
    assert _codes(source) == [("NL205", 9)]


def test_sample_weight_is_counted_with_x_and_y() -> None:
    # Keras's data adapter counts `sample_weight` too; `np.where(y == 1, ...)` has y's shape
    # (cases2 sample_weight_from_full_set). Weights of the training split fit.
    source = """
        import numpy as np
        import keras
        from keras import layers
        x = np.zeros((100, 8))
        y = np.zeros((100,))
        weights = np.where(y == 1, 5.0, 1.0)
        model = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x[:80], y[:80], sample_weight=weights)
        model.fit(x[:80], y[:80], sample_weight=weights[:80])
        """
    found = _found(source)
    assert [(code, row) for code, row, _, _ in found] == [("NL204", 9)]
    assert "'sample_weight' sizes: 100" in found[0][3]


def test_labels_of_a_two_output_model_are_judged_in_order() -> None:
    # A list of losses pairs with the outputs by position; a single loss serves them all
    # (cases2 multi_output_labels_in_wrong_order).
    source = """
        import numpy as np
        import keras
        from keras import layers
        x = np.zeros((64, 20))
        y_class, y_score = np.zeros((64, 5)), np.zeros((64, 1))
        inputs = keras.Input((20,))
        model = keras.Model(inputs, [layers.Dense(5, activation="softmax")(inputs), layers.Dense(1)(inputs)])
        model.compile(optimizer="adam", loss=["categorical_crossentropy", "mse"])
        model.fit(x, [y_score, y_class])
        model.fit(x, [y_class, y_score])
        other = keras.Model(inputs, [layers.Dense(5)(inputs), layers.Dense(1)(inputs)])
        other.compile(optimizer="adam", loss="mse")
        other.fit(x, [y_class, y_score])
        """
    found = _found(source)
    assert [(code, row) for code, row, _, _ in found] == [("NL202", 9)]
    assert "the output 0 of `model`" in found[0][3] and "order of the model's outputs" in found[0][3]


def test_a_dataset_map_lambda_gives_the_element_shape() -> None:
    # `Dataset.map` runs the lambda on each element's parts: flattening the image leaves
    # (784,) for a (28, 28, 1) input (cases2 tfdata_map_flattens_images); a cast keeps it, and
    # a lambda noiselint cannot follow leaves the dataset unknown.
    source = """
        import numpy as np
        import tensorflow as tf
        x, y = np.zeros((64, 28, 28, 1)), np.zeros((64,))
        model = tf.keras.Sequential([tf.keras.Input((28, 28, 1)), tf.keras.layers.Flatten(),
                                     tf.keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        ds = tf.data.Dataset.from_tensor_slices((x, y))
        model.fit(ds.map(lambda img, label: (tf.reshape(img, [-1]), label)).batch(16))
        model.fit(ds.map(lambda img, label: (tf.cast(img, tf.float32) / 255.0, label)).batch(16))
        model.fit(ds.map(lambda img, label: (preprocess(img), label)).batch(16))
        model.fit(ds.map(lambda *parts: parts).batch(16))
        """
    assert _codes(source) == [("NL201", 8)]


def test_a_stateful_rnn_takes_batches_of_its_input_s_batch_size() -> None:
    # Keras keeps a stateful RNN's state for the batch size its input fixes: another
    # `batch_size` (Keras's default 32 counts) fails, and so does a smaller last batch in `fit`
    # (checked under Keras 3; cases2 stateful_lstm_fit_other_batch_size).
    source = """
        import numpy as np
        import keras
        from keras import layers
        x, y = np.zeros((64, 10, 1)), np.zeros((64, 1))
        model = keras.Sequential([keras.Input(batch_shape=(16, 10, 1)), layers.LSTM(8, stateful=True), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y, batch_size=16)
        model.fit(x, y)
        model.fit(x[:40], y[:40], batch_size=16)
        model.fit(x, y, batch_size=16, validation_split=0.1)
        plain = keras.Sequential([keras.Input(batch_shape=(16, 10, 1)), layers.LSTM(8), layers.Dense(1)])
        plain.compile(optimizer="adam", loss="mse")
        plain.fit(x, y)
        """
    found = _found(source)
    assert [(code, row) for code, row, _, _ in found] == [("NL201", 8), ("NL201", 9)]
    assert "pass `batch_size=16`" in found[0][3] and "multiple of 16" in found[1][3]


def test_an_elementwise_loss_on_targets_of_another_rank() -> None:
    # Right-aligned broadcasting: (N, 28, 28) images against a flat (None, 784) output cannot
    # broadcast whatever the batch (cases2 dense_autoencoder_flat_output_vs_images); (N,) against
    # (None, 10) depends on the batch size (its axis meets the 10), so it is not claimed.
    source = """
        import numpy as np
        import keras
        from keras import layers
        x = np.zeros((64, 28, 28))
        model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(784)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, x)
        model.fit(x, np.zeros((64, 784)))
        other = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(10)])
        other.compile(optimizer="adam", loss="mse")
        other.fit(x, np.zeros((64,)))
        """
    found = _found(source)
    assert [(code, row) for code, row, _, _ in found] == [("NL202", 7)]
    assert "Incompatible shapes: (64, 28, 28) vs. (None, 784)" in found[0][3]


def test_a_training_loop_followed_past_its_budget_still_checks_every_call_in_it() -> None:
    # 200 epochs of a custom loop: after its statement budget the rest of the loop is followed
    # as a loop of unknown length. The loss call inside is judged on its first pass and found
    # on its first passes; what the loop reassigns is unknown after it, so the `fit` there is not judged.
    busy = "\n".join(f"        seen_{k} = epoch" for k in range(30))
    found = _codes(_SOFTMAX + f"""
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    x, y = np.zeros((8, 4)), np.zeros((8, 3))
    for epoch in range(200):
{busy}
        loss = loss_fn(y, model(x))
        y = np.zeros((8, 3))
    model.compile("adam", "categorical_crossentropy")
    model.fit(x, y[:, 0])
    """)
    assert found and set(found) == {("NL202", 39)}  # one per origin of `y` (lines 7 and 40)
