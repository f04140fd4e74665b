"""Batch sizes that are names (NL001, checks/batch_names.py): which names say batch size,
and when the file shows the name holds the run-time batch instead."""

from __future__ import annotations

import textwrap

import pytest

from noiselint.checks.batch_names import batch_size_words
from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.settings import Settings


@pytest.mark.parametrize("name", [
    "batch_size", "BATCH_SIZE", "batchSize", "BatchSize", "bs", "bsz", "n_batch", "nbatch",
    "batchsize", "batch", "train_batch_size", "GLOBAL_BATCH_SIZE", "BATCH_SIZE_PER_REPLICA",
    "mini_batch_size", "minibatch_size",
])
def test_batch_size_names(name: str) -> None:
    assert batch_size_words(name)


@pytest.mark.parametrize("name", [
    "num_batches", "n_batches", "batch_norm", "batchnorm", "batch_idx", "batch_index",
    "batches", "batch_count", "size", "abs", "obs", "steps_per_epoch", "BatchNormalization",
])
def test_names_that_are_not_batch_sizes(name: str) -> None:
    assert not batch_size_words(name)


def _nl001(code: str) -> list[str]:
    source = SourceFile("m.py", textwrap.dedent(code).lstrip("\n"))
    return [d.message for d in lint_text(source, selected_rules(Settings(select=("NL001",))))]


@pytest.mark.parametrize("code", [
    # bound from the tensor's shape: the run-time batch
    """
    from keras import layers
    def block(x):
        batch_size, h, w, c = x.shape
        return layers.Dropout(0.2, noise_shape=[batch_size, h, w, 1])(x)
    """,
    """
    import tensorflow as tf
    from tensorflow.keras import layers
    def block(x):
        bs = tf.shape(x)[0]
        return layers.Dropout(0.2, noise_shape=[bs, 1, 8])(x)
    """,
    # a parameter the only call passes a run-time batch
    """
    import tensorflow as tf
    from tensorflow.keras import layers
    def block(x, batch_size):
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    def model(x):
        return block(x, tf.shape(x)[0])
    """,
    # a constructor parameter the only construction passes a run-time batch
    """
    import tensorflow as tf
    from tensorflow.keras import layers
    class Block(layers.Layer):
        def __init__(self, batch_size):
            super().__init__()
            self.batch_size = batch_size
            self.drop = layers.Dropout(0.2, noise_shape=[self.batch_size, 1, 8])
    def model(x):
        return Block(tf.shape(x)[0])(x)
    """,
    # a placeholder fed per step
    """
    import tensorflow as tf
    from tensorflow.keras import layers
    batch_size = tf.compat.v1.placeholder(tf.int32, [])
    y = layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """,
    # functions: the name is often the run-time batch there, and `None` is no fix
    """
    import tensorflow as tf
    y = tf.nn.dropout(x, 0.2, noise_shape=[FLAGS.batch_size, 1, 8])
    """,
    # a stateful RNN needs a fixed batch: the mask agrees with it
    """
    import keras
    from keras import layers
    def build(args):
        inputs = keras.Input(batch_shape=(args.batch_size, 10, 8))
        h = layers.LSTM(16, stateful=True, return_sequences=True)(inputs)
        return layers.Dropout(0.2, noise_shape=(args.batch_size, 1, 16))(h)
    """,
    # word-type dropout on an embedding matrix: axis 0 is the vocabulary
    """
    import tensorflow as tf
    VOCAB = 10000
    embedding = tf.Variable(tf.zeros([VOCAB, 300]))
    embedding = tf.nn.dropout(embedding, rate=0.1, noise_shape=[VOCAB, 1])
    """,
], ids=["shape-unpacked", "tf-shape", "caller-passes-tf-shape", "constructor-passes-tf-shape",
        "placeholder", "tf-nn-dropout", "stateful", "embedding-matrix"])
def test_runtime_batches_are_silent(code: str) -> None:
    assert _nl001(code) == []


@pytest.mark.parametrize(("code", "name"), [
    ("""
    from keras import layers
    def build(x, cfg):
        return layers.Dropout(0.2, noise_shape=(cfg["batch_size"], 1, 8))(x)
    """, 'cfg["batch_size"]'),
    ("""
    from keras import layers
    def build(x, hp):
        return layers.Dropout(0.2, noise_shape=(int(hp.get("batch_size")), 1, 8))(x)
    """, 'int(hp.get("batch_size"))'),
    ("""
    from keras import layers
    from settings import BATCH_SIZE
    y = layers.Dropout(0.2, noise_shape=(BATCH_SIZE, 1, 8))(x)
    """, "BATCH_SIZE"),
    ("""
    from tensorflow.keras.layers import Dropout, Input
    class Citations:
        def time_input(self, periods, rate, batch_size):
            inp = Input(shape=(periods,))
            return Dropout(rate, noise_shape=[batch_size, 1])(inp)
        def build(self):
            return self.time_input(10, 0.2, batch_size=256)
    """, "batch_size"),
], ids=["dict-entry", "int-of-get", "imported", "parameter-given-a-number"])
def test_configured_batch_sizes_are_flagged(code: str, name: str) -> None:
    (message,) = _nl001(code)
    assert f"hard-codes the batch size `{name}`" in message
