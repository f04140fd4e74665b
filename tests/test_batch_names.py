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
    "mini_batch_size", "minibatch_size", "train_batchsize", "EVAL_MINIBATCHSIZE",
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
    # bound to the run-time batch on one branch: any binding may hold it
    """
    import tensorflow as tf
    from keras import layers
    def block(x, batch_size):
        if x.dtype == tf.int32:
            batch_size = tf.shape(x)[0]
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """,
    """
    import tensorflow as tf
    from keras import layers
    def block(x, dynamic):
        batch_size = 32
        if dynamic:
            batch_size = tf.shape(x)[0]
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """,
    """
    import tensorflow as tf
    from keras import layers
    from config import batch_size
    def block(x):
        global batch_size
        if x.dtype == tf.int32:
            batch_size = tf.shape(x)[0]
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """,
    # one binding is no number (`None`): unsure, which counts as the run-time batch
    """
    from keras import layers
    def block(x, args):
        batch_size = None
        if args.fixed_batch:
            batch_size = 64
        return layers.Dropout(0.2, noise_shape=(batch_size, 1, 8))(x)
    """,
    # `int()` of a run-time batch is still the run-time batch
    """
    import tensorflow as tf
    from keras import layers
    def block(x):
        bs = tf.shape(x)[0]
        return layers.Dropout(0.2, noise_shape=[int(bs), 1, 8])(x)
    """,
    # a parameter passed back to its own function, a name bound to itself: the search
    # for what they hold ends (unsure, so silent) instead of recursing forever
    """
    from keras import layers
    def block(x, batch_size):
        if x is None:
            return block(x, batch_size)
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """,
    """
    from keras import layers
    def block(x, batch_size):
        if x is None:
            return block(x, int(batch_size))
        return layers.Dropout(0.2, noise_shape=[int(batch_size), 1, 8])(x)
    """,
    """
    from keras import layers
    from config import batch_size
    batch_size = batch_size
    y = layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """,
    # keyword-only parameters, class and static methods, methods called on `self`
    """
    import tensorflow as tf
    from keras import layers
    def block(*, x, batch_size):
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    def model(x):
        return block(x=x, batch_size=tf.shape(x)[0])
    """,
    """
    import tensorflow as tf
    from keras import layers
    class Net:
        @classmethod
        def block(cls, x, batch_size):
            return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
        @staticmethod
        def block2(x, batch_size):
            return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    def model(x):
        return Net.block(x, tf.shape(x)[0]) + Net.block2(x, tf.shape(x)[0])
    """,
    """
    import tensorflow as tf
    from keras import layers
    class Net:
        def block(self, x, batch_size):
            return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
        def call(self, x):
            return self.block(x, tf.shape(x)[0])
    """,
    # the file fixes its model's batch (`Input(batch_size=)`, `InputLayer`, a stateful RNN)
    """
    from keras import Input, layers
    def build(args, x):
        inputs = Input(shape=(10, 8), batch_size=args.batch_size)
        return layers.Dropout(0.2, noise_shape=(args.batch_size, 1, 16))(x)
    """,
    """
    from keras import layers
    def build(args, x):
        inputs = layers.InputLayer(shape=(10, 8), batch_size=args.batch_size)
        return layers.Dropout(0.2, noise_shape=(args.batch_size, 1, 16))(x)
    """,
    """
    import keras
    from keras import layers
    def build(args):
        inputs = keras.Input(shape=(10, 8))
        h = layers.LSTM(16, stateful=True, return_sequences=True)(inputs)
        return layers.Dropout(0.2, noise_shape=(args.batch_size, 1, 16))(h)
    """,
    # a bytes key is no name
    """
    from keras import layers
    def build(x, cfg):
        y = layers.Dropout(0.2, noise_shape=(cfg[b"batch_size"], 1, 8))(x)
        return layers.Dropout(0.2, noise_shape=(cfg.get(b"batch_size"), 1, 8))(y)
    """,
], ids=["shape-unpacked", "tf-shape", "caller-passes-tf-shape", "constructor-passes-tf-shape",
        "placeholder", "tf-nn-dropout", "stateful", "embedding-matrix", "param-rebound-on-a-branch",
        "local-rebound-on-a-branch", "import-rebound-on-a-branch", "none-on-one-branch", "int-of-tf-shape",
        "recursive-call",
        "recursive-call-through-int", "bound-to-itself", "keyword-only", "classmethod-and-staticmethod",
        "method-on-self", "input-batch-size", "input-layer-batch-size", "stateful-without-batch-shape",
        "bytes-key"])
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
    ("""
    from keras import layers
    from config import BATCH_SIZE
    def block(x, batch_size=BATCH_SIZE):
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    """, "batch_size"),
    # only the argument given for `batch_size` counts, by keyword in any order
    ("""
    import tensorflow as tf
    from keras import layers
    def block(x, seq_len, batch_size):
        return layers.Dropout(0.2, noise_shape=[batch_size, 1, 8])(x)
    def model(h):
        return block(h, batch_size=64, seq_len=tf.shape(h)[1])
    """, "batch_size"),
    # `stateful=False` does not fix the batch
    ("""
    import keras
    from keras import layers
    def build(args):
        inputs = keras.Input(shape=(10, 8))
        h = layers.LSTM(16, stateful=False, return_sequences=True)(inputs)
        return layers.Dropout(0.2, noise_shape=(args.batch_size, 1, 16))(h)
    """, "args.batch_size"),
], ids=["dict-entry", "int-of-get", "imported", "parameter-given-a-number", "parameter-default-imported",
        "keyword-arguments-in-any-order", "not-stateful"])
def test_configured_batch_sizes_are_flagged(code: str, name: str) -> None:
    (message,) = _nl001(code)
    assert f"hard-codes the batch size `{name}`" in message
