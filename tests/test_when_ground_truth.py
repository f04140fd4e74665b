"""Ground truth for *when* each message says Keras or TensorFlow raises (issue 22, item 11):
the line is linted, and the part of it the message names (the constructor alone, an
argument alone, the function call) is run under real Keras 3 / TensorFlow, which must
raise the error class the message names, at that stage."""

from __future__ import annotations

import pytest

import noiselint

tf = pytest.importorskip("tensorflow")

pytestmark = pytest.mark.slow

PRELUDE = """\
import keras
import tensorflow as tf
from keras import layers
inp = keras.Input((10, 8))
x = tf.zeros((2, 10, 8))
"""

# (code, the linted line's expression, the phrase its message must hold, what to run to
# reach the stage that phrase names, the error class raised there)
CASES = [
    ("NL004", "layers.Dropout((0.1, (None, 1, 8)))", "a TypeError when the layer is constructed",
     "layers.Dropout((0.1, (None, 1, 8)))", TypeError),
    ("NL004", "layers.Dropout(1.5)", "a ValueError when the layer is constructed", "layers.Dropout(1.5)", ValueError),
    ("NL004", "tf.nn.dropout(x, rate=1.5)", "a ValueError when it is called", "tf.nn.dropout(x, rate=1.5)",
     ValueError),
    ("NL008", "layers.SpatialDropout1D(0.5, noise_shape=(None, 1, 8))",
     "Keras 3 raises a TypeError when the layer is constructed",
     "layers.SpatialDropout1D(0.5, noise_shape=(None, 1, 8))", TypeError),
    ("NL008", "layers.GaussianDropout(0.5, noise_shape=(None, 1, 8))",
     "Keras 3 raises a ValueError when the layer is constructed",
     "layers.GaussianDropout(0.5, noise_shape=(None, 1, 8))", ValueError),
    ("NL008", "layers.GaussianNoise(0.5, noise_shape=(None, 1, 8))",
     "Keras 3 raises a ValueError when the layer is constructed",
     "layers.GaussianNoise(0.5, noise_shape=(None, 1, 8))", ValueError),
    # A function drops on every call: the call itself fails (no training switch).
    # (on a tensor of unknown batch, as in a training step; x's batch is 2)
    ("NL001", "lambda t: tf.nn.dropout(t, rate=0.5, noise_shape=[32, 1, 8])", "tf.nn.dropout fails whenever it runs",
     "(lambda t: tf.nn.dropout(t, rate=0.5, noise_shape=[32, 1, 8]))(x)", tf.errors.InvalidArgumentError),
    ("NL003", "tf.nn.dropout(x, rate=0.5, noise_shape=[2, 3, 8])", "so it fails whenever it runs",
     "tf.nn.dropout(x, rate=0.5, noise_shape=[2, 3, 8])", tf.errors.InvalidArgumentError),
    ("NL007", "inp._keras_shape", "Keras 3 and tf-keras raise AttributeError", "inp._keras_shape", AttributeError),
    # The argument alone raises: the Dropout is never constructed.
    ("NL006", "layers.Dropout(0.5, noise_shape=(1, tf.shape(inp)[1], 8))(inp)",
     "when this line runs, before the layer is constructed", "(1, tf.shape(inp)[1], 8)", ValueError),
]


@pytest.mark.parametrize(("code", "expression", "phrase", "stage", "error"), CASES,
                         ids=[f"{c[0]}-{c[1][:40]}" for c in CASES])
def test_message_names_the_stage_keras_raises_at(code: str, expression: str, phrase: str, stage: str,
                                                   error: type[Exception]) -> None:
    findings = [d for d in noiselint.lint_source(f"{PRELUDE}y = {expression}\n", filename="m.py") if d.code == code]
    assert len(findings) == 1, findings
    assert phrase in findings[0].message, findings[0].message
    namespace: dict[str, object] = {}
    exec(PRELUDE, namespace)  # the test's own code, not a linted file
    with pytest.raises(error):
        eval(stage, namespace)
