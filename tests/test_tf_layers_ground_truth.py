"""Ground truth for noiselint's `tf.layers` -> Keras mapping (shapes/tf_ops.py): each call
is built with the real TF 1 layers functions (tf-keras's legacy_tf_layers, what
`tf.compat.v1.layers` is under TF_USE_LEGACY_KERAS=1) on a placeholder in a private graph,
and the shape TF 1 gives must be the one noiselint infers from the Keras layer."""

from __future__ import annotations

import importlib

import pytest
from test_tf1 import shapes_of

from noiselint.shapes.tf_graph import load_tensorflow

pytestmark = pytest.mark.slow

_CASES = [
    ("conv1d(x, 16, 5)", (None, 50, 8)),
    ("conv1d(x, 16, 5, 2, 'same')", (None, 50, 8)),
    ("conv1d(x, 16, 3, data_format='channels_first')", (None, 8, 50)),
    ("conv2d(x, 32, (3, 5), strides=(2, 1), padding='SAME')", (None, 28, 28, 3)),
    ("conv2d(x, 64, 11, 4)", (None, 227, 227, 3)),
    ("conv2d(x, 8, 3, dilation_rate=2)", (None, 28, 28, 3)),
    ("conv2d(x, 8, 3, data_format='channels_first')", (None, 3, 28, 28)),
    ("conv3d(x, 4, 3, padding='same')", (None, 8, 16, 16, 1)),
    ("conv2d_transpose(x, 16, 3, strides=2, padding='same')", (None, 7, 7, 32)),
    ("conv2d_transpose(x, 16, 4, 2)", (None, 7, 7, 32)),
    ("conv3d_transpose(x, 2, 2, strides=2)", (None, 4, 4, 4, 3)),
    ("separable_conv2d(x, 16, 3, strides=2)", (None, 28, 28, 3)),
    ("separable_conv1d(x, 16, 3, padding='same')", (None, 50, 8)),
    ("dense(x, 128)", (None, 20, 32)),
    ("dense(x, units=10)", (None, 784)),
    ("flatten(x)", (None, 7, 7, 64)),
    ("max_pooling1d(x, 2, 2)", (None, 50, 8)),
    ("max_pooling2d(x, pool_size=3, strides=2, padding='same')", (None, 28, 28, 3)),
    ("max_pooling2d(x, 2, 2, data_format='channels_first')", (None, 3, 28, 28)),
    ("max_pooling3d(x, 2, 2)", (None, 8, 16, 16, 1)),
    ("average_pooling1d(x, 4, 1)", (None, 50, 8)),
    ("average_pooling2d(x, (2, 2), (2, 2), 'valid')", (None, 28, 28, 3)),
    ("average_pooling3d(x, 2, 1, padding='same')", (None, 8, 16, 16, 1)),
    ("batch_normalization(x, axis=1, training=True)", (None, 3, 28, 28)),
    ("dropout(x, 0.5, noise_shape=[None, 1, 32], training=True)", (None, 20, 32)),
]


@pytest.mark.parametrize(("call", "given"), _CASES, ids=[c[0] for c in _CASES])
def test_tf_layers_shape_is_tf1s(call: str, given: tuple[int | None, ...]) -> None:
    tf = load_tensorflow()
    assert not isinstance(tf, str)
    modules = [importlib.import_module(f"tf_keras.src.legacy_tf_layers.{m}")
               for m in ("convolutional", "core", "pooling", "normalization")]
    name = call.split("(", 1)[0]
    function = next(getattr(m, name) for m in modules if hasattr(m, name))
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, list(given))
        real = eval(call.replace(name, "f", 1), {"f": function, "x": x})  # the test's own call
        expected = tuple(real.shape.as_list())
    found = shapes_of(f"""
        import tensorflow as tf
        x = tf.compat.v1.placeholder(tf.float32, {list(given)})
        y = tf.layers.{call}
        """)
    assert found["y"] == expected
