"""The edges of each rule that its own cases (checks/nlXXX_*.py, run by test_rules.py) leave
open: every branch of a message, fix titles and their safety, the APIs that take another
path. Found by mutation testing (benchmarks/mutation-results-checks.md): each case fails on
a planted bug that the rule's own cases let through."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from noiselint.diagnostics import Applicability
from noiselint.engine import fix_text, lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.runner import shape_inference
from noiselint.settings import Settings

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


@dataclass(frozen=True)
class Expect:
    """One finding: a part of its message, and its fix's title and safety (None: no fix)."""

    message: str
    fix: str | None = None
    applicability: Applicability | None = None
    at: str | None = None  # the source text the finding points at (one line)


def _run(code: str, source: str):
    # The default rules run too, as in a real run: some of them make the shapes known.
    settings = Settings(extend_select=(code,))
    text = SourceFile("case.py", textwrap.dedent(source).lstrip("\n"))
    rules = selected_rules(settings)
    found = [d for d in lint_text(text, rules, shape_inference(settings)) if d.code in (code, "NL902")]
    fixed = fix_text(text, rules, unsafe=True, infer_shapes=shape_inference(settings)).fixed_text
    return found, fixed


def _check(code: str, source: str, expected: tuple[Expect, ...], fixed: str | None) -> None:
    found, fixed_text = _run(code, source)
    lines = textwrap.dedent(source).lstrip("\n").splitlines()
    seen = [(d.code, d.message, d.fix.message if d.fix else None, d.fix.applicability if d.fix else None,
             lines[d.span.start_row - 1][d.span.start_col - 1:d.span.end_col - 1]) for d in found]
    assert len(seen) == len(expected), seen
    for (rule, message, title, applicability, at), want in zip(seen, expected, strict=True):
        assert rule == code and want.message in message, (message, want.message)
        assert title == want.fix, (title, want.fix)
        if want.applicability is not None:
            assert applicability is want.applicability
        if want.at is not None:
            assert at == want.at
    if fixed is not None:
        assert fixed_text == textwrap.dedent(fixed).lstrip("\n")


NL001 = [
    pytest.param("""
        from keras import layers
        def block(x, batch_size):
            return layers.Dropout(0.2, noise_shape=(batch_size, 1, 8))(x)
        """, (Expect("hard-codes the batch size `batch_size`", "Replace `batch_size` with `None`", SAFE),),
        id="named-three-entries-safe"),
    pytest.param("""
        from keras import layers
        def block(x, batch_size):
            return layers.Dropout(0.2, noise_shape=(batch_size, 8))(x)
        """, (Expect("hard-codes the batch size `batch_size`", "Replace `batch_size` with `None`", UNSAFE),),
        id="named-two-entries-rank-unknown-unsafe"),
    pytest.param("""
        import keras
        from keras import layers
        from config import batch_size
        inputs = keras.Input(shape=(8,))
        y = layers.Dropout(0.2, noise_shape=(batch_size, 8))(inputs)
        """, (Expect("hard-codes the batch size `batch_size`", "Replace `batch_size` with `None`", SAFE),),
        id="named-two-entries-rank-known-safe"),
    # a single entry is right-aligned: without the rank it may be the last axis
    pytest.param("""
        from keras import layers
        def block(x, batch_size):
            return layers.Dropout(0.2, noise_shape=(batch_size,))(x)
        """, (), id="named-one-entry"),
    # another rank is NL002's
    pytest.param("""
        import keras
        from keras import layers
        from config import batch_size
        inputs = keras.Input(shape=(10, 8))
        y = layers.Dropout(0.2, noise_shape=(batch_size, 8))(inputs)
        """, (), id="named-other-rank"),
    # `keras.random.dropout` is a function: a batch-size name there often holds the run-time batch
    pytest.param("""
        import keras
        def block(x, batch_size):
            return keras.random.dropout(x, 0.2, noise_shape=(batch_size, 1, 8))
        """, (), id="named-in-a-function"),
    # no `tensorflow` alias to write `tf.shape(x)[0]` with: the finding has no fix
    pytest.param("""
        from tensorflow.nn import dropout
        def block(x):
            return dropout(x, 0.2, noise_shape=[32, 1, 8])
        """, (Expect("hard-codes batch size 32"),), id="no-tensorflow-alias"),
    # a statement before `import tensorflow as tf` on its line: the alias is still found
    pytest.param("""
        import os; os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"; import tensorflow as tf
        def block(x):
            return tf.nn.dropout(x, 0.2, noise_shape=[32, 1, 8])
        """, (Expect("hard-codes batch size 32: tf.nn.dropout fails whenever it runs",
                     "Replace `32` with `tf.shape(x)[0]`"),), id="tensorflow-imported-after-a-statement"),
    # a TF op's result cannot be unpacked in graph code: no fix; a Python call's can
    pytest.param("""
        import tensorflow as tf
        from keras import layers
        y = layers.Dropout(0.2, noise_shape=tf.stack([32, 1, 8]))(x)
        z = layers.Dropout(0.2, noise_shape=tuple([32, 1, 8]))(x)
        """, (Expect("hard-codes batch size 32: Dropout"),
              Expect("hard-codes batch size 32: Dropout", "Replace `tuple([32, 1, 8])` with "
                     "`(None, *tuple([32, 1, 8])[1:])`", SAFE)), id="tf-op-and-python-call"),
    # the element is replaced where it is written, even after a starred element
    pytest.param("""
        from keras import layers
        REST = (1,)
        NOISE = (64, 8)
        y = layers.Dropout(0.2, noise_shape=(32, *REST, 8))(x)
        z = layers.Dropout(0.2, noise_shape=NOISE)(x)
        """, (Expect("hard-codes batch size 32: Dropout", "Replace `32` with `None`", SAFE, at="32"),
              Expect("hard-codes batch size 64 (from `NOISE` on line 3): Dropout",
                     "Replace `NOISE` with `(None, *NOISE[1:])`", UNSAFE, at="NOISE")),
        id="starred-and-named"),
]


@pytest.mark.parametrize(("source", "expected"), NL001)
def test_nl001(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL001", source, expected, None)


_RANK3 = """
    import keras
    import tensorflow as tf
    from keras import layers
    inputs = keras.Input(shape=(10, 64))
    """
_RANK4 = """
    import keras
    from keras import layers
    inputs = keras.Input(shape=(8, 8, 16))
    """

NL002 = [
    pytest.param(_RANK3 + "y = tf.nn.dropout(inputs, 0.2, noise_shape=[None, 64])\n",
                 (Expect("tf.nn.dropout fills in a `None` only when the lengths match",
                         "Prepend `tf.shape(inputs)[0]` to `noise_shape`", UNSAFE),), id="tf-none-shorter"),
    pytest.param(_RANK3 + "y = layers.Dropout(0.2, noise_shape=(k, 1))(inputs)\n",
                 (Expect("it is read right-aligned as (1, ?, 1), so the batch axis meets no entry",
                         "Prepend `None` to `noise_shape`"),), id="unknown-entry"),
    pytest.param(_RANK4 + "y = layers.Dropout(0.2, noise_shape=(1, 16))(inputs)\n",
                 (Expect("read right-aligned as (1, 1, 1, 16), so one mask is shared by every sample and along "
                         "axis 1, with no error on any backend"),), id="two-missing"),
    pytest.param(_RANK3 + "y = tf.nn.dropout(inputs, 0.2, noise_shape=[1, 64])\n",
                 (Expect("read right-aligned as (1, 1, 64), so one mask is shared by every sample, with no error",
                         "Prepend `tf.shape(inputs)[0]` to `noise_shape`", UNSAFE),), id="one-missing"),
    pytest.param(_RANK3 + "y = layers.Dropout(0.2, noise_shape=(1, 32))(inputs)\n",
                 (Expect("read right-aligned as (1, 1, 32), which does not broadcast to the input on axis 2: "
                         "the call fails whenever dropout is applied", "Prepend `None` to `noise_shape`"),),
                 id="clash-on-the-last-axis"),
    pytest.param(_RANK4 + "y = layers.Dropout(0.2, noise_shape=(None, None, 1))(inputs)\n",
                 (Expect("so the mask is (batch, 8, 1), broadcast right-aligned against (None, 8, 8, 16): the "
                         "layer fails in training unless the batch size is 8", "Prepend `None` to `noise_shape`"),),
                 id="none-takes-the-size-from-the-left"),
    pytest.param("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(None, 16))
        y = layers.Dropout(0.2, noise_shape=(None, None))(inputs)
        """, (Expect("so the mask is (batch, None), broadcast right-aligned against (None, None, 16): the layer "
                     "fails in training unless the batch size is 16", "Prepend `None` to `noise_shape`"),),
                 id="none-meets-an-unknown-size"),
    pytest.param("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 8, 16))
        y = layers.Dropout(0.2, noise_shape=(1, None, 1))(inputs)
        """, (Expect("so the mask is (1, 10, 1), broadcast right-aligned against (None, 10, 8, 16): the layer "
                     "fails in training", "Prepend `None` to `noise_shape`"),),
                 id="none-takes-a-size-that-clashes-later"),
    pytest.param("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 10, 64])
        y = tf.nn.dropout(x, 0.5, noise_shape=[None, 1, 1, 64])
        """, (Expect("tf.nn.dropout (TF 1) has rank 3, shape (None, 10, 64): building the graph fails with "
                     "`Shapes must be equal rank, but are 4 and 3`"),), id="longer-tf1"),
    pytest.param(_RANK3 + "y = tf.nn.dropout(inputs, 0.2, noise_shape=[None, 1, 1, 64])\n",
                 (Expect("called eagerly it silently grows the output to rank 4; inside a `tf.function` it fails"),),
                 id="longer-tf"),
    pytest.param(_RANK3 + "y = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(inputs)\n",
                 (Expect("`fit` fails with `Shapes must be equal rank, but are 4 and 3`, and a call with "
                         "`training=True` on TensorFlow silently returns a rank-4 output"),), id="longer-dropout"),
    pytest.param(_RANK3 + "y = keras.random.dropout(inputs, 0.2, noise_shape=(None, 1, 1, 64))\n",
                 (Expect("`fit` fails with `Shapes must be equal rank, but are 4 and 3`"),),
                 id="longer-keras3-function"),
    pytest.param(_RANK3 + "y = tf.compat.v1.layers.dropout(inputs, 0.2, noise_shape=(None, 1, 1, 64))\n",
                 (Expect("the mask has more axes than the input, so the output changes rank or the layer fails"),),
                 id="longer-tf-layers"),
    # tf.keras's AlphaDropout resolves no `None`, and has no input tensor to read a batch from
    pytest.param("""
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(10, 64))
        y = tf.keras.layers.AlphaDropout(0.2, noise_shape=(1, 64))(inputs)
        """, (Expect("so one mask is shared by every sample, with no error"),), id="alpha-dropout-no-fix"),
    pytest.param("""
        import keras
        from tensorflow.nn import dropout
        inputs = keras.Input(shape=(10, 64))
        y = dropout(inputs, 0.2, noise_shape=[1, 64])
        """, (Expect("so one mask is shared by every sample, with no error"),), id="no-tensorflow-alias"),
]


@pytest.mark.parametrize(("source", "expected"), NL002)
def test_nl002(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL002", source, expected, None)


NL003 = [
    pytest.param("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 32))
        x = layers.Dropout(0.2, noise_shape=(None, 1, 64))(inputs)
        """, (Expect("axis 2 is 64 but must be 1, None or 32, so it fails when dropout runs in training", at="64"),),
        id="layer"),
    pytest.param("""
        import keras
        import tensorflow as tf
        inputs = keras.Input(shape=(10, 32))
        x = tf.nn.dropout(inputs, 0.2, noise_shape=[None, 5, 1])
        """, (Expect("axis 1 is 5 but must be 1, None or 10, so it fails whenever it runs", at="5"),),
        id="function"),
    pytest.param("""
        import keras
        import tensorflow as tf
        inputs = keras.Input(shape=(10, 32))
        x = tf.compat.v1.layers.dropout(inputs, 0.2, noise_shape=(None, 5, 1))
        """, (Expect("axis 1 is 5 but must be 1, None or 10, so it fails when dropout runs in training"),),
        id="tf1-layers-function"),
    pytest.param("""
        import keras
        from keras import layers
        x = inputs = keras.Input(shape=(10, 16))
        for units in (64, 32, 16):
            x = layers.Dense(units)(x)
            x = layers.Dropout(0.1, noise_shape=(None, 1, 64))(x)
        """, (Expect("shape (None, 10, 32) on one of its runs (it also runs on (None, 10, 64), (None, 10, 16))"),),
        id="three-runs"),
]


@pytest.mark.parametrize(("source", "expected"), NL003)
def test_nl003(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL003", source, expected, None)


NL004 = [
    pytest.param("from keras import layers\ny = layers.Dropout(None)(x)\n",
                 (Expect("is None, not a number"),), id="none"),
    # the shape is given twice, or the tuple is not (rate, shape): no fix
    pytest.param("from keras import layers\ny = layers.Dropout((0.5, (None, 1, 8)), noise_shape=(None, 1, 8))(x)\n",
                 (Expect("is a tuple, not a number"),), id="tuple-and-noise-shape"),
    pytest.param("from keras import layers\ny = layers.Dropout((0.5, 1, 8))(x)\n",
                 (Expect("is a tuple, not a number"),), id="three-tuple"),
    pytest.param("from keras import layers\ny = layers.Dropout((0.5, (None, 1, 8)), name=\"drop\")(x)\n",
                 (Expect("is a tuple, not a number: a TypeError when the layer is constructed; did you mean "
                         "`layers.Dropout(0.5, noise_shape=(None, 1, 8), ...)`?",
                         "Pass the shape as `noise_shape`, not inside the rate"),), id="tuple-and-more-arguments"),
    pytest.param("import tensorflow as tf\ny = tf.compat.v1.nn.dropout(x, keep_prob=0.0)\n",
                 (Expect("`keep_prob` 0.0 is not in (0, 1]: a ValueError when it runs"),), id="keep-prob-zero"),
]


@pytest.mark.parametrize(("source", "expected"), NL004)
def test_nl004(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL004", source, expected, None)
