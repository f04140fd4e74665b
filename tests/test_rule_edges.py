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
    whole: bool = False  # `message` is the whole message
    edit: str | None = None  # the source text the fix's first edit replaces (one line)
    ends: str | None = None  # how the message ends


def _run(code: str, source: str):
    # The default rules run too, as in a real run: some of them make the shapes known.
    settings = Settings(extend_select=(code,))
    text = SourceFile("case.py", textwrap.dedent(source).lstrip("\n"))
    rules = selected_rules(settings)
    return [d for d in lint_text(text, rules, shape_inference(settings)) if d.code in (code, "NL902")]


def _text(lines: list[str], span) -> str:
    return lines[span.start_row - 1][span.start_col - 1:span.end_col - 1]


def _check(code: str, source: str, expected: tuple[Expect, ...], fixed: str | None) -> None:
    found = _run(code, source)
    lines = textwrap.dedent(source).lstrip("\n").splitlines()
    seen = [(d.code, d.message, d.fix.message if d.fix is not None else None,
             d.fix.applicability if d.fix is not None else None,
             _text(lines, d.span), _text(lines, d.fix.edits[0].span) if d.fix is not None else None)
            for d in found]
    assert len(seen) == len(expected), seen
    for (rule, message, title, applicability, at, edit), want in zip(seen, expected, strict=True):
        assert rule == code and (message == want.message if want.whole else want.message in message), \
            (message, want.message)
        assert title == want.fix, (title, want.fix)
        if want.applicability is not None:
            assert applicability is want.applicability
        if want.at is not None:
            assert at == want.at
        if want.edit is not None:
            assert edit == want.edit
        if want.ends is not None:
            assert message.endswith(want.ends), message
    if fixed is not None:  # the rule's own fixes, without the other rules'
        alone = Settings(select=(code,))
        result = fix_text(SourceFile("case.py", textwrap.dedent(source).lstrip("\n")), selected_rules(alone),
                          unsafe=True, infer_shapes=shape_inference(alone))
        assert result.fixed_text == textwrap.dedent(fixed).lstrip("\n")


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
    # a command-line default is named; 2 is a batch size (1 is a single sample, a choice);
    # TF 1's layers function drops only in training
    pytest.param("""
        import argparse
        import tensorflow as tf
        from keras import layers
        parser = argparse.ArgumentParser()
        parser.add_argument("--batch_size", type=int, default=32)
        args = parser.parse_args()
        y = layers.Dropout(0.5, noise_shape=(args.batch_size, 1, 8))(x)
        z = layers.Dropout(0.5, noise_shape=(2, 1, 8))(x)
        w = tf.compat.v1.layers.dropout(x, 0.5, noise_shape=[32, 1, 8])
        """, (Expect("hard-codes batch size 32 (from command-line default `--batch",
                     "Replace `args.batch_size` with `None`"),
              Expect("hard-codes batch size 2: Dropout fails in training (fit, `training=True`)",
                     "Replace `2` with `None`"),
              Expect("hard-codes batch size 32: tf.layers.dropout fails in training (`training=True`) on any",
                     "Replace `32` with `None`")),
        id="default-two-and-tf-layers"),
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
                 (Expect("`noise_shape` (?, 1) has 2 entries but the input of Dropout has rank 3, shape "
                         "(None, 10, 64): it is read right-aligned as (1, ?, 1), so the batch axis meets no entry",
                         "Prepend `None` to `noise_shape`"),), id="unknown-entry"),
    pytest.param(_RANK4 + "y = layers.Dropout(0.2, noise_shape=(1, 16))(inputs)\n",
                 (Expect("read right-aligned as (1, 1, 1, 16), so one mask is shared by every sample and along "
                         "axis 1, with no error on any backend"),), id="two-missing"),
    pytest.param("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(4, 8, 8, 16))
        y = layers.Dropout(0.2, noise_shape=(16,))(inputs)
        """, (Expect("`noise_shape` (16,) has 1 entry but the input of Dropout has rank 5, shape (None, 4, 8, 8, 16): "
                     "it is read right-aligned as (1, 1, 1, 1, 16), so one mask is shared by every sample and along "
                     "axes 1, 2 and 3, with no error on any backend", whole=True),),
        id="four-missing"),
    pytest.param(_RANK3 + "y = tf.nn.dropout(inputs, 0.2, noise_shape=[tf.shape(inputs)[0], 64])\n",
                 (Expect("`noise_shape` (tf.shape(inputs)[0], 64) has 2 entries but the input of tf.nn.dropout has "
                         "rank 3, shape (None, 10, 64): "),), id="run-time-entry"),
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
                 (Expect("`noise_shape` (None, 1, 1, 64) has 4 entries but the input of Dropout has rank 3, shape "
                         "(None, 10, 64): `fit` fails with `Shapes must be equal rank, but are 4 and 3`, and a call "
                         "with `training=True` on TensorFlow silently returns a rank-4 output"),), id="longer-dropout"),
    pytest.param("""
        import tf_keras
        inputs = tf_keras.Input(shape=(10, 64))
        y = tf_keras.layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(inputs)
        """, (Expect("`fit` fails with `Shapes must be equal rank, but are 4 and 3`"),), id="longer-tf-keras-dropout"),
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
    # A builder applied to two inputs that agree only on the rank: no size is known, so the
    # message gives the rank alone, not a `(None, None, None)` that reads as Keras's shape.
    pytest.param("""
        import keras
        from keras import layers
        def block(x, units):
            x = layers.Dense(units)(x)
            return layers.Dropout(0.3, noise_shape=(1, units))(x)
        y = block(keras.Input(shape=(10, 8)), 64)
        z = block(keras.Input(shape=(4, 8)), 16)
        """, (Expect("the input of Dropout has rank 3: it is read right-aligned as (1, 1, ?)",
                "Prepend `None` to `noise_shape`"),),
        id="rank-alone"),
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
    # a command-line default is a possibility, not the size: no claim rests on it
    pytest.param("""
        import argparse
        import keras
        from keras import layers
        parser = argparse.ArgumentParser()
        parser.add_argument("--units", type=int, default=64)
        args = parser.parse_args()
        inputs = keras.Input(shape=(10, 32))
        x = layers.Dropout(0.2, noise_shape=(None, 1, args.units))(inputs)
        """, (), id="command-line-default"),
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
    # when the error comes: a layer is constructed, a function called
    pytest.param("""
        import math
        import tensorflow as tf
        from keras import layers
        RATE = (0.5, [None, 1, 8])
        a = layers.Dropout(1.5)(x)
        b = tf.nn.dropout(x, 1.5)
        c = layers.Dropout(math.nan)(x)
        d = layers.Dropout(RATE)(x)
        """, (Expect("`rate` of Dropout is 1.5, outside [0, 1]: a ValueError when the layer is constructed",
                     whole=True),
              Expect("`rate` of tf.nn.dropout is 1.5, outside [0, 1]: a ValueError when it is called", whole=True),
              Expect("is NaN, not a number in [0, 1]: a ValueError when the layer is constructed"),
              # a tuple bound to a name: no fix (the fix rewrites a tuple written at the call)
              Expect("is a tuple, not a number: a TypeError when the layer is constructed")),
        id="when-it-fails"),
    pytest.param("import tensorflow as tf\ny = tf.compat.v1.nn.dropout(x, keep_prob=0.0)\n",
                 (Expect("`keep_prob` 0.0 is not in (0, 1]: a ValueError when it runs"),), id="keep-prob-zero"),
]


@pytest.mark.parametrize(("source", "expected"), NL004)
def test_nl004(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL004", source, expected, None)


_KERAS3_CONSTRUCTED = "Keras >= 3.13 raises a ValueError when the layer is constructed"

NL005 = [
    pytest.param("""
        import keras
        import tf_keras
        y = tf_keras.layers.Dropout(0.5, noise_shape=(None, 1.0, 8))(x)
        z = keras.layers.AlphaDropout(0.5, noise_shape=(None, -1, 8))(x)
        w = keras.layers.Dropout(0.5, noise_shape=(None, 1.0, 8))(x)
        """, (Expect("element 1 is the float 1.0, not an int: Dropout fails when dropout runs", at="1.0"),
              Expect("element 1 is -1: use `None`, not -1, for an axis that takes the input's size: AlphaDropout "
                     "fails when dropout runs", at="-1"),
              Expect(f"element 1 is the float 1.0, not an int: {_KERAS3_CONSTRUCTED}", at="1.0")),
        id="what-fails-where"),
]


@pytest.mark.parametrize(("source", "expected"), NL005)
def test_nl005(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL005", source, expected, None)


_KERASTENSOR = ("Keras 3 raises 'A KerasTensor cannot be used as input to a TensorFlow function' when this line "
                "runs, before the layer is constructed (tf-keras fails later, in fit)")

NL006 = [
    pytest.param("""
        import tensorflow as tf
        import tf_keras
        inp = tf.keras.Input((10, 8))
        shape = tf.shape(inp)
        y = tf.keras.layers.Dropout(0.5, noise_shape=shape)(inp)
        z = tf_keras.layers.AlphaDropout(0.5, noise_shape=(tf.shape(inp)[0], 1, 8))(inp)
        """, (Expect(f"`noise_shape` is the TensorFlow value `tf.shape(inp)` (from `shape` on line 4): {_KERASTENSOR}",
                     whole=True, at="shape"),
              Expect(f"`noise_shape` element 0 is `tf.shape(inp)[0]`, a TensorFlow op on a symbolic tensor: "
                     f"{_KERASTENSOR}; this AlphaDropout does not resolve `None` either: use "
                     f"`keras.layers.AlphaDropout` with `None`", whole=True, at="tf.shape(inp)[0]")),
        id="through-a-name-and-no-none"),
    pytest.param("""
        import tensorflow as tf
        inp = tf.keras.Input((10, 8))
        y = tf.keras.layers.Dropout(0.5, noise_shape=(tf.shape(inp)[0], 1, 8))(inp)
        """, (Expect(f"a TensorFlow op on a symbolic tensor: {_KERASTENSOR}; use `None`", "Replace "
                     "`tf.shape(inp)[0]` with `None`", SAFE),), id="use-none"),
]


@pytest.mark.parametrize(("source", "expected"), NL006)
def test_nl006(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL006", source, expected, None)


_REMOVE = "Remove the `noise_shape` argument"

def test_nl007_fix_title() -> None:
    _check("NL007", """
        from keras import layers
        y = layers.Dropout(0.5, noise_shape=(None, 1, x._keras_shape[2]))(x)
        """, (Expect("`x._keras_shape`", "Replace `_keras_shape` with `shape`"),), None)


NL008 = [
    pytest.param("""
        import tf_keras
        from keras import layers
        a = tf_keras.layers.SpatialDropout1D(0.3, noise_shape=(None, 1, 8))(x)
        b = layers.SpatialDropout1D(0.3, noise_shape=(None, 1, 8))(x)
        c = layers.GaussianDropout(0.3, noise_shape=(None, 1, 8))(x)
        """, (Expect("SpatialDropout1D takes no `noise_shape`: tf-keras accepts it and silently ignores it; "
                     "SpatialDropout1D already shares its mask over the spatial axes", _REMOVE, UNSAFE, whole=True),
              Expect("SpatialDropout1D takes no `noise_shape`: Keras 3 raises a TypeError when the layer is "
                     "constructed; SpatialDropout1D already shares its mask over the spatial axes", _REMOVE,
                     UNSAFE, whole=True),
              Expect("GaussianDropout takes no `noise_shape`: Keras 3 raises a ValueError when the layer is "
                     "constructed", _REMOVE, UNSAFE, whole=True)),
        id="noise-shape-where-it-is-not-taken"),
    pytest.param("""
        import tensorflow as tf
        from keras import layers
        a = tf.nn.dropout(x, rate=0.2, keep_prob=0.8)
        b = layers.Dropout(0.2, keep_prob=0.8)(x)
        c = tf.nn.dropout(x, keep_prob=0.8)
        """, (Expect("tf.nn.dropout has no `keep_prob` (it was TF 1's): a TypeError; remove it (`rate` is given)",
                     whole=True),
              Expect("Dropout has no `keep_prob` (it was TF 1's): a ValueError; remove it (`rate` is given)",
                     whole=True),
              Expect("tf.nn.dropout has no `keep_prob` (it was TF 1's): a TypeError; pass `rate=1 - keep_prob`",
                     "Replace `keep_prob=k` with `rate=1 - k`", UNSAFE, whole=True)),
        id="keep-prob"),
]


def test_nl008_fix_keeps_the_layout() -> None:
    """The replaced argument brings no whitespace of its own: the call's spacing stays as written."""
    _check("NL008", """
        import tensorflow as tf
        y = tf.nn.dropout(x, keep_prob=0.8 )
        z = tf.nn.dropout(
            x,
            keep_prob=0.8
        )
        """, (Expect("pass `rate=1 - keep_prob`", "Replace `keep_prob=k` with `rate=1 - k`"),) * 2, """
        import tensorflow as tf
        y = tf.nn.dropout(x, rate=1 - 0.8 )
        z = tf.nn.dropout(
            x,
            rate=1 - 0.8
        )
        """)


@pytest.mark.parametrize(("source", "expected"), NL008)
def test_nl008(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL008", source, expected, None)


NL009 = [
    # not `Dropout`, not 3 to 5 entries, an entry not known, a missing or tuple rate
    pytest.param("""
        from keras import layers
        a = layers.AlphaDropout(0.2, noise_shape=(None, 1, 1, 64))(x)
        b = layers.Dropout(0.2, noise_shape=(None, 64))(x)
        c = layers.Dropout(0.2, noise_shape=(None, 1, 1, 1, 1, 16))(x)
        d = layers.Dropout(0.2, noise_shape=(None, 1, 1, k))(x)
        e = layers.Dropout(noise_shape=(None, 1, 1, 64))(x)
        f = layers.Dropout((0.2, 1), noise_shape=(None, 1, 1, 64))(x)
        """, (), id="not-spatial"),
    # only the channels stay: any other size in between is not a Spatial layer's mask
    pytest.param("""
        from keras import layers
        a = layers.Dropout(0.2, noise_shape=(None, 10, 1, 64))(x)
        b = layers.Dropout(0.2, noise_shape=(None, 1, 10, 64))(x)
        """, (), id="a-size-in-between"),
    # another rank or channel count is NL002's or NL003's
    pytest.param("""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(10, 64))
        a = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(inputs)
        images = keras.Input(shape=(8, 8, 32))
        b = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(images)
        """, (), id="other-rank-or-channels"),
    pytest.param("""
        from keras import layers
        a = layers.Dropout(0.2, noise_shape=(None, 1, 1, 2))(x)
        b = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64), trainable=False)(x)
        c = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64), **kw)(x)
        d = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64), name="drop")(x)
        """, (Expect("`noise_shape` (None, 1, 1, 2) drops whole channels (channels last): `SpatialDropout2D(0.2)` "
                     "says so by name", "Use `SpatialDropout2D`", UNSAFE, whole=True),
              Expect("`SpatialDropout2D(0.2)`"), Expect("`SpatialDropout2D(0.2)`"),
              Expect("`SpatialDropout2D(0.2)`", "Use `SpatialDropout2D`", UNSAFE)),
        id="fixes"),
]


@pytest.mark.parametrize(("source", "expected"), NL009)
def test_nl009(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL009", source, expected, None)


def test_nl009_fix_alone() -> None:
    """The fix itself drops `noise_shape` (not NL008's fix of the Spatial layer afterwards)."""
    _check("NL009", """
        from keras import layers
        d = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64), name="drop")(x)
        """, (Expect("`SpatialDropout2D(0.2)`", "Use `SpatialDropout2D`", UNSAFE),), """
        from keras import layers
        d = layers.SpatialDropout2D(0.2, name="drop")(x)
        """)


NL010 = [
    # a layer told channels_first on a channels_last tensor: the axes it works on, by layer kind
    pytest.param("""
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3),
            layers.MaxPooling2D(data_format="channels_first"),
        ])
        model2 = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3),
            layers.Conv2D(16, 3, data_format="channels_first"),
        ])
        model3 = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3),
            layers.SpatialDropout2D(0.2, data_format="channels_first"),
        ])
        """, (Expect("made it channels_last: it pools over axes 2 and 3 (sizes 26, 32) instead of axes 1 and 2 "
                     "(sizes 26, 26)"),
              Expect("made it channels_last: it convolves over axes 2 and 3 (sizes 26, 32) instead of axes 1 and 2 "
                     "(sizes 26, 26)"),
              Expect("made it channels_last: it shares one draw over axes 2 and 3 and drops single positions of "
                     "axis 1 (size 26) instead of whole channels (axis 3, size 32)")),
        id="channels-first-on-channels-last"),
    pytest.param("""
        import keras
        from keras import layers

        model = keras.Sequential([
            keras.Input(shape=(None, None, 1)),
            layers.Conv2D(32, 3),
            layers.MaxPooling2D(data_format="channels_first"),
        ])
        """, (Expect("it pools over axes 2 and 3 (sizes None, 32) instead of axes 1 and 2 (sizes None, None)"),),
        id="sizes-not-known"),
    # a builder applied twice makes the layer twice: one finding
    pytest.param("""
        import keras
        from keras import layers

        def block(x):
            return layers.Conv2D(8, 3, data_format="channels_first")(x)

        inputs = keras.Input(shape=(28, 28, 3))
        h = layers.Conv2D(16, 3)(inputs)
        a = block(h)
        b = block(h)
        """, (Expect("`Conv2D` reads its input (None, 26, 26, 16) as channels_first but `Conv2D` on line 8 made it "
                     "channels_last"),), id="builder-applied-twice"),
    # two readers disagree and the first was told its layout: no "(the default)" for it
    pytest.param("""
        import keras
        from keras import layers

        inputs = keras.Input(shape=(3, 32, 32))
        x = layers.MaxPooling2D(data_format="channels_first")(inputs)
        x = layers.Conv2D(16, 3)(x)
        """, (Expect("but `MaxPooling2D` on line 5 read the same tensor as channels_first: one of them works on the "
                     "wrong axes"),), id="readers-disagree-one-told"),
]


@pytest.mark.parametrize(("source", "expected"), NL010)
def test_nl010(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL010", source, expected, None)


NL011 = [
    pytest.param("""
        import tensorflow as tf
        from keras import layers
        a = layers.Dropout(KEEP_PROB)(x)
        b = layers.Dropout(cfg["keep_prob"])(x)
        c = layers.Dropout(1 - rate)(x)
        """, (Expect("`KEEP_PROB` is a keep probability but `rate` (argument 1) of Dropout is the fraction to drop",
                     "Replace `KEEP_PROB` with `1 - KEEP_PROB`", UNSAFE),
              Expect("`cfg[\"keep_prob\"]` is a keep probability", "Replace `cfg[\"keep_prob\"]` with "
                     "`1 - cfg[\"keep_prob\"]`", UNSAFE),
              Expect("`1 - rate` is a keep probability", "Replace `1 - rate` with `rate`", UNSAFE)),
        id="names-and-fix-titles"),
    # `p` alone, or `max_rate - keep_prob`, says neither
    pytest.param("""
        import tensorflow as tf
        from keras import layers
        a = tf.compat.v1.nn.dropout(x, keep_prob=p)
        b = layers.Dropout(max_rate - keep_prob)(x)
        """, (), id="says-neither"),
]


@pytest.mark.parametrize(("source", "expected"), NL011)
def test_nl011(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL011", source, expected, None)


# NL105's rows-mix-samples finding (`_rows_mix_samples`): only a `[-1, ...]` target of a tensor
# whose batch alone is unknown and whose size is a fact; each case here is silent
NL105_SILENT = [
    pytest.param("""
        import tensorflow as tf
        x = tf.zeros([8, 4, 4, 64])
        y = tf.reshape(x, [-1, 2048])
        """, id="batch-known"),  # 8 samples fill 4 rows: TensorFlow checks it when it builds the graph
    pytest.param("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(None, 64))
        y = tf.reshape(x, [-1, 128])
        """, id="sample-size-unknown"),  # a sequence of even length fills whole rows
    pytest.param("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(4, 4, 64))
        y = tf.reshape(x, [2, 2048])
        """, id="first-entry-not-minus-one"),  # NL107's: the batch is fixed, not left to -1
    pytest.param("""
        import tensorflow as tf
        x = tf.constant(3.0)
        y = tf.reshape(x, [-1, 1])
        """, id="scalar"),
    pytest.param("""
        import tensorflow as tf
        x = tf.zeros([1])
        y = tf.reshape(x, [])
        """, id="to-a-scalar"),
    pytest.param("""
        import tensorflow as tf
        from config import BATCH
        x = tf.keras.Input(shape=(4, 4, 64), batch_size=BATCH)
        y = tf.reshape(x, [-1, 3136])
        """, id="batch-fixed-to-an-unknown-size"),  # BATCH may be a multiple of 49
    pytest.param("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(4, 4, 64))
        y = tf.reshape(x, [-1, 0])
        """, id="rows-of-zero"),  # TensorFlow builds it; rows of no element are not "rows that mix samples"
]


@pytest.mark.parametrize("source", NL105_SILENT)
def test_nl105_silent(source: str) -> None:
    _check("NL105", source, (), None)


NL107 = [
    pytest.param("""
        import tensorflow as tf

        SHAPE = [32, -1]
        inputs = tf.keras.Input(shape=(28, 28, 1))
        a = tf.reshape(inputs, SHAPE)
        b = tf.reshape(inputs, shape=[32, -1])
        c = tf.reshape(inputs, [32, 28, 28, 1])
        d = tf.reshape(inputs, [32, 28, 56])
        """, (Expect("`tf.reshape` fixes axis 0 to 32, but `inputs` from `Input` on line 4 is (None, 28, 28, 1)"),
              Expect("fixes axis 0 to 32", "Replace the shape with `[-1, 784]`", edit="[32, -1]"),
              Expect("fixes axis 0 to 32", "Replace the batch size with `-1`", edit="32"),
              # `[-1, 28, 56]` would put two samples in a row
              Expect("fixes axis 0 to 32")),
        id="where-the-shape-is-written"),
    # TensorFlow builds a target with two -1 or a 0 (it fails when it runs): no fix to offer
    pytest.param("""
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(28, 28, 1))
        a = tf.reshape(inputs, [32, -1, -1])
        b = tf.reshape(inputs, [32, -1, 0])
        """, (Expect("fixes axis 0 to 32", at="tf.reshape(inputs, [32, -1, -1])"),
              Expect("fixes axis 0 to 32", at="tf.reshape(inputs, [32, -1, 0])")),
        id="no-fix-for-two-unknowns-or-a-zero"),
    # a size noiselint cannot tell: the batch is still fixed, but no fix can spell the rest
    pytest.param("""
        import tensorflow as tf
        from config import N
        inputs = tf.keras.Input(shape=(28, 28, 1))
        a = tf.reshape(inputs, [32, N])
        b = tf.reshape(inputs, [32, N, -1])
        """, (Expect("fixes axis 0 to 32"), Expect("fixes axis 0 to 32")), id="no-fix-for-an-unknown-size"),
]


@pytest.mark.parametrize(("source", "expected"), NL107)
def test_nl107(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL107", source, expected, None)


# NL107 needs a tensor whose axis 0 alone is the run-time batch and a size that is a fact;
# each case here is silent
NL107_SILENT = [
    pytest.param("""
        import tensorflow as tf
        from config import BATCH
        x = tf.keras.Input(shape=(4, 4, 64), batch_size=BATCH)
        y = tf.reshape(x, [32, -1])
        """, id="batch-fixed-to-an-unknown-size"),  # BATCH may be 32
    pytest.param("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(None, 64))
        y = tf.reshape(x, [32, -1])
        """, id="sample-size-unknown"),
    pytest.param("""
        import tensorflow as tf
        x = tf.constant(3.0)
        y = tf.reshape(x, [1])
        """, id="scalar"),
    pytest.param("""
        import tensorflow as tf
        x = tf.keras.Input(shape=())
        y = tf.reshape(x, [])
        """, id="to-a-scalar"),
    pytest.param("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(4, 4, 64))
        y = tf.reshape(x, [1, -1])
        """, id="one-sample"),  # a batch of one is a choice (as for NL001)
]


@pytest.mark.parametrize("source", NL107_SILENT)
def test_nl107_silent(source: str) -> None:
    _check("NL107", source, (), None)


NL201 = [
    pytest.param("""
        import numpy as np
        import keras
        from keras import layers

        model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(),
                                  layers.Dense(10, activation="softmax")])
        out = model(np.zeros((28, 28, 1)))
        pred = model.predict(np.zeros((5, 3)))
        """, (Expect("`Conv2D` on line 5 refuses it: `model(...)` raises ValueError (",
                     ends="; give it a batch axis: `np.expand_dims(np.zeros((28, 28, 1)), 0)`"),
              # no advice for this one: the message ends with the framework's error
              Expect("`np.zeros((5, 3))` on line 8 is (5, 3) but the input of `model` (line 5) is (None, 28, 28, 1): "
                     "`predict` raises ValueError (", ends="(5, 3))")),
        id="call-and-predict"),
]


@pytest.mark.parametrize(("source", "expected"), NL201)
def test_nl201(source: str, expected: tuple[Expect, ...]) -> None:
    _check("NL201", source, expected, None)


# How the layer-call rules name a call and its inputs (checks/layer_calls.py)
LAYER_CALLS = [
    pytest.param("NL103", """
        import keras
        from keras import layers
        inputs = keras.Input(shape=(4, 4, 3))
        x = layers.MaxPooling2D(pool_size=(5, 5), strides=2, padding="valid")(inputs)
        """, (Expect("`MaxPooling2D(pool_size=(5, 5), strides=2, padding='valid')` leaves an output size of zero or "
                     "less: `inputs` from `Input` on line 3 is (None, 4, 4, 3)", whole=True),),
        id="settings-the-file-passes"),
    # an op is named as called, with TensorFlow's reason after a colon
    pytest.param("NL103", """
        import tensorflow as tf
        x = tf.zeros([8, 2, 2, 1])
        w = tf.zeros([5, 5, 1, 16])
        y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="VALID")
        """, (Expect("`tf.nn.conv2d`: Negative dimension size caused by subtracting 5 from 2"),), id="op"),
    # one tensor given twice: the message still names each input
    pytest.param("NL106", """
        import tensorflow as tf
        import keras
        inputs = keras.Input(shape=(3, 4))
        y = tf.matmul(inputs, inputs)
        """, (Expect("`tf.matmul`: Dimensions must be equal, but are 4 and 3: `inputs` from `Input` on line 3 is "
                     "(None, 3, 4) and "),), id="one-tensor-twice"),
    # an operator's code is cut at 60 characters
    pytest.param("NL104", """
        import keras
        long_name_tensor_number_one_for_the_test = keras.Input(shape=(3,))
        long_name_tensor_number_two_for_the_test = keras.Input(shape=(5,))
        z = long_name_tensor_number_one_for_the_test + long_name_tensor_number_two_for_the_test
        """, (Expect("`long_name_tensor_number_one_for_the_test + long_name_tens...` expects inputs whose shapes "
                     "broadcast together: `long_name_tensor_number_one_for_the_test` from `Input` on line 2 is "
                     "(None, 3) and `long_name_tensor_number_two_for_the_test` from `Input` on line 3 is (None, 5)",
                     whole=True),), id="long-operator-code"),
    pytest.param("NL104", """
        import keras
        from keras import layers
        a = keras.Input(shape=(8,))
        b = keras.Input(shape=(16,))
        c = keras.Input(shape=(32,))
        s = layers.Add()([a, b, c])
        """, (Expect(": `a` from `Input` on line 3 is (None, 8), `b` from `Input` on line 4 is (None, 16) and `c` "
                     "from `Input` on line 5 is (None, 32)", ends="(None, 32)"),), id="three-inputs"),
]


@pytest.mark.parametrize(("code", "source", "expected"), LAYER_CALLS)
def test_layer_call_messages(code: str, source: str, expected: tuple[Expect, ...]) -> None:
    _check(code, source, expected, None)


# tf.reshape (NL105, NL107): one finding per call however often a builder runs it, on inputs
# of other shapes too (each run makes a fact of its own for the call)
_RESHAPES = """
    import tensorflow as tf

    def flatten(t):
        a = tf.reshape(t, [32, -1])
        b = tf.reshape(t, [-1, 3136])
        c = tf.reshape(t, [-1, 3136, 1])
        d = tf.reshape(t, [2, -1])
        return a, b, c, d

    inputs = tf.keras.Input(shape=(4, 4, 64))
    more = tf.keras.Input(shape=(8, 8, 16))
    one = flatten(inputs)
    two = flatten(more)
    """
_MIXES = ("`tf.reshape` makes rows of 3136 elements but each sample has 1024: `inputs` from `Input` on line 10 is "
          "(None, 4, 4, 64), so it fails for any batch size that is not a multiple of 49 (and mixes samples across "
          "rows for those that are)")


def test_reshape_findings_once_per_call() -> None:
    _check("NL107", _RESHAPES, (Expect("fixes axis 0 to 32", "Replace the shape with `[-1, 1024]`"),
                                Expect("fixes axis 0 to 2", "Replace the shape with `[-1, 1024]`")), None)
    _check("NL105", _RESHAPES, (Expect(_MIXES, whole=True), Expect(_MIXES, whole=True)), None)


# Failing calls (layer_calls.failing_calls, data_rule): each rule finds its own among others,
# at the application, once however often a builder runs it (on inputs of other shapes too)
_FAILURES = """
    import numpy as np
    import keras
    from keras import layers

    def head(x):
        return layers.Conv2D(8, 3)(x)

    def train(model):
        model.predict(np.zeros((5, 3)))

    inputs = keras.Input(shape=(16,))
    pool = layers.MaxPooling2D(pool_size=5)
    tiny = keras.Input(shape=(4, 4, 3))
    p = pool(tiny)
    other = keras.Input(shape=(8,))
    a = head(inputs)
    b = head(other)
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(10)])
    model.fit(np.zeros((5, 28, 28, 1)), np.zeros((5, 10)))
    train(model)
    train(model)
    """


@pytest.mark.parametrize(("code", "at"), [("NL101", "layers.Conv2D(8, 3)(x)"), ("NL103", "pool(tiny)"),
                                          ("NL201", "np.zeros((5, 3))")])
def test_failing_calls_among_others(code: str, at: str) -> None:
    _check(code, _FAILURES, (Expect("", at=at),), None)


@pytest.mark.parametrize("layout", ['keras.backend.set_image_data_format("channels_last")',
                                    'keras.backend.set_image_dim_ordering("tf")',
                                    'print(keras.backend.image_dim_ordering())'])
def test_rank_failures_when_the_layout_is_unsure(layout: str) -> None:
    # the file sets (or reads) the global layout: a size failure may be noiselint's reading of
    # the layout and is not reported, but a rank failure after it still is
    source = f"""
        import keras
        from keras import layers

        {layout}
        rgb = keras.Input(shape=(32, 32, 3))
        gray = keras.Input(shape=(32, 32, 1))
        conv = layers.Conv2D(8, 3)
        x = conv(rgb)
        y = conv(gray)
        flat = keras.Input(shape=(16,))
        z = layers.Conv2D(8, 3)(flat)
        """
    _check("NL102", source, (), None)
    _check("NL101", source, (Expect("", at="layers.Conv2D(8, 3)(flat)"),), None)


def test_data_findings_each_call() -> None:
    # the same problem at two calls is two findings with the same message; two problems, two
    source = """
        import numpy as np
        import keras
        from keras import layers

        model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(10)])
        data = np.zeros((5, 3))
        model.predict(data)
        model.predict(data)
        model.evaluate(np.zeros((5, 4)), np.zeros((5, 10)))
        """
    found = _run("NL201", source)
    assert [d.span.start_row for d in found] == [7, 8, 9], [d.message for d in found]
    assert found[0].message == found[1].message


def test_sequential_applied_to_another_size() -> None:
    # Keras builds a Sequential that declares its input when it is made, so its Dense line is
    # right for the model's own input (it was a false NL102 there: "`Dense` expects 32 ...,
    # got 128", built on the call's input); the mistake is the model's call, which Keras's input
    # check refuses (Keras 3.15: "expected shape=(None, 128), found shape=(None, 32)").
    for first in ("keras.Input(shape=(128,)), layers.Dense(10)", "layers.Dense(10, input_shape=(128,))"):
        source = f"""
            import keras
            from keras import layers
            b = keras.Input(shape=(32,))
            m = keras.Sequential([{first}])
            y = m(b)
            """
        _check("NL102", source, (Expect("`m` expects inputs of shape (None, 128): `b` from `Input` on line 3 is "
                                        "(None, 32)", whole=True, at="m(b)"),), None)


def test_reshape_in_a_builder_of_another_module(tmp_path) -> None:
    # a call in another module of the project is that module's to report, not the caller's
    from noiselint.project import ModuleNames, ProjectIndex

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/blocks.py").write_text("import tensorflow as tf\n\n\ndef flatten(t):\n"
                                            "    return tf.reshape(t, [-1, 3136])\n")
    path = tmp_path / "pkg/model.py"
    path.write_text("import tensorflow as tf\nfrom .blocks import flatten\n\n"
                    "inputs = tf.keras.Input(shape=(4, 4, 64))\nflat = flatten(inputs)\n"
                    "local = tf.reshape(inputs, [-1, 3136])\n")
    text = path.read_text()
    settings = Settings(extend_select=("NL105",), no_cache=True)
    found = lint_text(SourceFile(str(path), text), selected_rules(settings), shape_inference(settings),
                      ModuleNames(ProjectIndex(), str(path), text))
    assert [(d.code, d.span.start_row) for d in found if d.code in ("NL105", "NL902")] == [("NL105", 6)]
