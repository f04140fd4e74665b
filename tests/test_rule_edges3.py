"""More edges of the rules that their own cases leave open (benchmarks/mutation-results-checks.md,
the survivors left "not killed"): each case fails on a planted bug the other tests let through."""

from __future__ import annotations

import pytest
from test_rule_edges import _run

# NL010 judges a layer's data_format against its input's layout only when it knows all four:
# the layout, the format the layer reads, its spatial rank and an input of that rank + 2.
NL010_SILENT = {
    # A 3-D channels_first tensor into a 2-D pooling: Keras refuses the rank (NL101); which
    # axis holds the channels is not the question.
    "rank-refused": """
        import keras
        from keras import layers

        seq = keras.Input(shape=(20, 3))
        first = layers.Conv1D(4, 3, data_format="channels_first")(seq)
        pooled = layers.MaxPooling2D()(first)
        model = keras.Model(seq, pooled)
        """,
    # The format the layer reads is not known (`fmt` is not bound): no claim either way.
    "format-unknown": """
        import keras
        from keras import layers

        img = keras.Input(shape=(3, 32, 32))
        a = layers.Conv2D(8, 3, data_format="channels_first")(img)
        b = layers.Conv2D(8, 3, data_format=fmt)(a)
        model = keras.Model(img, b)
        """,
    # A channels_first Conv2D Keras refuses (a kernel larger than its input): the pooling
    # after it reads a tensor whose layout is known but whose shape is not.
    "after-a-refused-call": """
        import keras
        from keras import layers

        img = keras.Input(shape=(3, 32, 32))
        bad = layers.Conv2D(8, 40, data_format="channels_first")(img)
        c = layers.MaxPooling2D()(bad)
        model = keras.Model(img, c)
        """,
}


@pytest.mark.parametrize("name", NL010_SILENT)
def test_nl010_silent(name: str) -> None:
    assert _run("NL010", NL010_SILENT[name]) == []


def test_noise_shape_rules_do_not_take_a_command_line_default_as_a_fact() -> None:
    """A size read from an `argparse` default may be given another value on the command line:
    only NL001, which names the default it rests on, judges it; NL005 says nothing of a -1
    that the run may replace."""
    source = """
        import argparse

        from keras import layers

        parser = argparse.ArgumentParser()
        parser.add_argument("--steps", type=int, default=-1)
        args = parser.parse_args()

        y = layers.Dropout(0.5, noise_shape=(None, args.steps, 8))(x)
        """
    assert _run("NL005", source) == []
    assert [d.message for d in _run("NL005", source.replace("args.steps", "-1"))] == [
        "`noise_shape` element 1 is -1: use `None`, not -1, for an axis that takes the input's size: "
        "Keras >= 3.13 raises a ValueError when the layer is constructed"]


def test_nl105_silent_in_a_model_applied_to_another_input() -> None:
    """A Sequential built for (7, 7, 64), whose reshape fits it, applied as a layer to a
    (4, 4, 64) tensor: the custom layer's call runs again on the new input, and as for the
    layer rules the mistake is the model's call, not the reshape's line (NL101's valid case
    `model-applied-to-other-input`). Declared for (4, 4, 64), the reshape is NL105's."""
    source = """
        import tensorflow as tf
        from tensorflow import keras


        class Flatten3136(keras.layers.Layer):
            def call(self, t):
                return tf.reshape(t, [-1, 3136])


        block = keras.Sequential([keras.Input(shape=(7, 7, 64)), Flatten3136()])
        small = keras.Input(shape=(4, 4, 64))
        model = keras.Model(small, block(small))
        """
    assert _run("NL105", source) == []
    found = _run("NL105", source.replace("(7, 7, 64)", "(4, 4, 64)"))
    assert [(d.span.start_row, d.message.split(":")[0]) for d in found] == [
        (7, "`tf.reshape` makes rows of 3136 elements but each sample has 1024")]
