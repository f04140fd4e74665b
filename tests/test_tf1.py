"""TF 1 graph code: placeholders, `tf.layers`, TF op shapes (TensorFlow's own inference in
a private graph, checked here against the ops run eagerly on real arrays), the length of
masks built from shape ops, and the rules on all of it."""

from __future__ import annotations

import importlib
import inspect
import textwrap
from pathlib import Path

import numpy as np
import pytest

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts
from noiselint.model.inference import make_shape_inference
from noiselint.settings import Settings
from noiselint.shapes.cache import ShapeCache
from noiselint.shapes.oracle import KerasShapes
from noiselint.shapes.tf_graph import load_tensorflow
from noiselint.shapes.tf_ops import TF_OPS
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Const, Seq, TensorDim

ORACLE = KerasShapes(None)


def parse(text: str) -> ParsedModule:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    return parsed


def shapes_of(text: str, oracle: KerasShapes = ORACLE) -> dict[str, tuple[int | None, ...] | None]:
    """The output shape of each call, by the variable it is bound to."""
    parsed = parse(text)
    facts = infer_facts(parsed, Evaluator(parsed), find_sites(parsed), oracle, strict=True)
    return {f.name: f.output_shape for m in facts.models for f in m.layers if f.name}


def findings(text: str) -> list[tuple[int, str]]:
    found = lint_text(SourceFile("m.py", textwrap.dedent(text).lstrip("\n")), selected_rules(Settings()),
                      make_shape_inference(None))
    return [(d.span.start_row, d.code) for d in found]


# placeholders and constants -------------------------------------------------------------------


def test_placeholders_in_both_import_styles() -> None:
    found = shapes_of("""
        import tensorflow as tf
        import tensorflow.compat.v1 as tf1
        a = tf.placeholder(tf.float32, shape=(None, None, None, 3))
        b = tf1.placeholder(tf.float32, [None, 20, 32], name="seq")
        c = tf.compat.v1.placeholder(tf.int32, shape=None)
        d = tf.compat.v1.placeholder(tf.float32)
        e = tf.zeros([4, 8])
        f = tf.get_variable("w", [3, 3, 1, 32])
        g = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        h = tf.placeholder_with_default(e, [None, 8])
        """)
    assert found == {"a": (None, None, None, 3), "b": (None, 20, 32), "c": None, "d": None, "e": (4, 8),
                     "f": (3, 3, 1, 32), "g": (2, 2), "h": (None, 8)}


# tf.layers: the Keras layer of the same kind ---------------------------------------------------


def test_tf_layers_functions_are_their_keras_layers() -> None:
    found = shapes_of("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, (None, 28, 28, 1))
        c = tf.layers.conv2d(x, 32, 5, padding="same", activation=tf.nn.relu)
        p = tf.layers.max_pooling2d(c, 2, 2)
        n = tf.layers.batch_normalization(p, training=True)
        f = tf.layers.flatten(n)
        d = tf.layers.dense(f, units=1024)
        s = tf.compat.v1.layers.dense(tf.placeholder(tf.float32, [None, 7, 16]), 128)
        t = tf.layers.conv2d_transpose(c, 8, 3, strides=2, padding="same")
        q = tf.layers.conv1d(tf.placeholder(tf.float32, [None, 50, 8]), 16, 5, data_format="channels_first")
        """)
    assert found["c"] == (None, 28, 28, 32) and found["p"] == (None, 14, 14, 32) and found["n"] == (None, 14, 14, 32)
    assert found["f"] == (None, 6272) and found["d"] == (None, 1024) and found["s"] == (None, 7, 128)
    assert found["t"] == (None, 56, 56, 8)
    assert found["q"] == (None, 16, 4)  # channels_first: 50 channels of length 8


def test_tf_layers_table_matches_the_real_tf_layers_signatures() -> None:
    """The positional order noiselint binds is that of the TF 1 functions (kept in
    tf-keras's legacy_tf_layers)."""
    from noiselint.shapes.tf_ops import TF_LAYERS

    modules = [importlib.import_module(f"tf_keras.src.legacy_tf_layers.{m}")
               for m in ("convolutional", "core", "pooling", "normalization")]
    for name, (_, params) in TF_LAYERS.items():
        function = next(getattr(m, name) for m in modules if hasattr(m, name))
        real = list(inspect.signature(function).parameters)
        assert real[0] == "inputs" and tuple(real[1:len(params) + 1]) == params, (name, real)


def test_tf_ops_table_matches_tensorflow_signatures() -> None:
    tf = load_tensorflow()
    assert not isinstance(tf, str)
    for name, op in TF_OPS.items():
        if op.path in ("__getitem__",):
            continue
        function = tf.compat.v1
        for part in op.path.split("."):
            function = getattr(function, part)
        real = tuple(inspect.signature(function).parameters)
        assert real[:len(op.params)] == op.params, (name, real)
        assert op.tensors | op.tensor_lists | op.static <= set(real), name


# TF ops: TensorFlow's inference, and what running the op gives -------------------------------

_OPS = [
    ("tf.reshape(x, [-1, 8])", (None, 10, 8), (None, 8)),
    ("tf.reshape(x, [tf.shape(x)[0], -1])", (None, 10, 8), (None, None)),
    ("tf.reshape(x, (-1, 5, 2, 8))", (None, 10, 8), (None, 5, 2, 8)),
    ("tf.squeeze(x, axis=1)", (None, 1, 8), (None, 8)),
    ("tf.squeeze(x, [2])", (None, 10, 1), (None, 10)),
    ("tf.expand_dims(x, -1)", (None, 10, 8), (None, 10, 8, 1)),
    ("tf.expand_dims(x, axis=1)", (None, 8), (None, 1, 8)),
    ("tf.concat([x, x], axis=-1)", (None, 10, 8), (None, 10, 16)),
    ("tf.concat([x, x], 1)", (None, 10, 8), (None, 20, 8)),
    ("tf.stack([x, x], axis=1)", (None, 8), (None, 2, 8)),
    ("tf.transpose(x, [0, 2, 1])", (None, 10, 8), (None, 8, 10)),
    ("tf.transpose(x, perm=[1, 0, 2])", (None, 10, 8), (10, None, 8)),
    ("tf.matmul(x, tf.zeros([8, 3]))", (None, 8), (None, 3)),
    ("tf.matmul(x, x, transpose_b=True)", (None, 10, 8), (None, 10, 10)),
    ("tf.reduce_mean(x, axis=[1, 2], keepdims=True)", (None, 6, 6, 4), (None, 1, 1, 4)),
    ("tf.reduce_sum(x, 1)", (None, 10, 8), (None, 8)),
    ("tf.reduce_max(x, axis=-1, keep_dims=True)", (None, 10, 8), (None, 10, 1)),
    ("tf.reduce_mean(x, reduction_indices=[1])", (None, 10, 8), (None, 8)),
    ("tf.math.reduce_sum(x)", (None, 10, 8), ()),
    ("x + tf.zeros([8])", (None, 10, 8), (None, 10, 8)),
    ("tf.add(x, tf.zeros([10, 1]))", (None, 10, 8), (None, 10, 8)),
    ("tf.multiply(x, tf.ones([1, 1, 8]))", (None, 8), (1, None, 8)),  # right-aligned: x is (1, B, 8)
    ("tf.maximum(x, 0.0)", (None, 10, 8), (None, 10, 8)),
    ("tf.nn.relu(x)", (None, 10, 8), (None, 10, 8)),
    ("tf.nn.softmax(x, axis=1)", (None, 10, 8), (None, 10, 8)),
    ("x[:, 0]", (None, 10, 8), (None, 8)),
    ("x[:, -1, :]", (None, 10, 8), (None, 8)),
    ("x[..., :3]", (None, 10, 8), (None, 10, 3)),
    ("x[:, tf.newaxis]", (None, 8), (None, 1, 8)),
    ("x[:, 2:8:2]", (None, 10, 8), (None, 3, 8)),
    ("tf.tile(x, [1, 2, 1])", (None, 10, 8), (None, 20, 8)),
    ("tf.pad(x, [[0, 0], [1, 1], [2, 2]])", (None, 10, 8), (None, 12, 12)),
    ("tf.argmax(x, axis=-1)", (None, 10, 8), (None, 10)),
    ("tf.argmin(x, dimension=1)", (None, 10, 8), (None, 8)),  # TF 1's name for `axis`
    ("tf.nn.conv2d(x, tf.zeros([3, 3, 4, 16]), strides=[1, 2, 2, 1], padding='SAME')", (None, 6, 6, 4),
     (None, 3, 3, 16)),
    ("tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')", (None, 6, 6, 4),
     (None, 3, 3, 4)),
    ("tf.einsum('bij,jk->bik', x, tf.zeros([8, 5]))", (None, 10, 8), (None, 10, 5)),
    ("tf.nn.embedding_lookup(tf.zeros([100, 16]), tf.placeholder(tf.int32, [None, 12]))", (None, 1), (None, 12, 16)),
]


@pytest.mark.parametrize(("expression", "given", "expected"), _OPS, ids=[o[0] for o in _OPS])
def test_op_shape_is_tensorflows_and_what_running_it_gives(expression: str, given, expected) -> None:
    found = shapes_of(f"""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, {list(given)})
        y = {expression}
        """)
    assert found["y"] == expected
    # The same op run eagerly on an array (batch 7 for every None) has a shape that every
    # known size of the answer matches.
    tf = load_tensorflow()
    assert not isinstance(tf, str)
    x = tf.constant(np.ones([7 if d is None else d for d in given], "float32"))
    run = expression.replace("tf.placeholder(tf.int32, [None, 12])", "tf.zeros([7, 12], tf.int32)")
    result = eval(run, {"tf": tf.compat.v1, "x": x})  # the test's own expression, not linted code
    assert len(result.shape) == len(expected)
    assert all(e is None or e == r for e, r in zip(expected, result.shape, strict=True))


def test_an_unknown_argument_makes_the_shape_unknown_never_guessed() -> None:
    found = shapes_of("""
        import tensorflow as tf
        from config import AXES, W
        x = tf.placeholder(tf.float32, [None, 10, 8])
        a = tf.reduce_sum(x, axis=AXES)
        b = tf.matmul(x, W)
        c = tf.reshape(W, [-1, 64])
        d = tf.expand_dims(x, AXES)
        """)
    assert found["a"] is None and found["d"] is None
    assert found["b"] is None  # W may have any rank
    assert found["c"] == (None, 64)  # a reshape to a static shape does not care what W is


def test_invalid_ops_are_unknown_with_tensorflows_reason() -> None:
    parsed = parse("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [4, 10, 8])
        y = tf.reshape(x, [-1, 7])
        """)
    facts = infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    (fact,) = [f for m in facts.models for f in m.layers if f.name == "y"]
    assert fact.output_shape is None and "TensorFlow rejects it" in (fact.unknown_reason or "")


def test_op_answers_are_cached_and_a_warm_oracle_never_loads_tensorflow(tmp_path: Path) -> None:
    text = """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 10, 8])
        y = tf.transpose(tf.reshape(x, [-1, 5, 16]), [0, 2, 1])
        """
    cold = shapes_of(text, KerasShapes(ShapeCache(tmp_path)))

    def refuse() -> str:
        raise AssertionError("a warm run must not import TensorFlow")

    warm = shapes_of(text, KerasShapes(ShapeCache(tmp_path), load=refuse, load_tf=refuse))
    assert cold == warm and warm["y"] == (None, 16, 5)


def test_only_allow_listed_ops_and_plain_words_reach_tensorflow() -> None:
    from noiselint.shapes.tf_graph import op_shape

    tf = load_tensorflow()
    with pytest.raises(KeyError):
        op_shape(tf, "io.write_file", {}, [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a plain word"):
        op_shape(tf, "nn.max_pool", {"value": {"t": 0}, "ksize": 2, "strides": 2, "padding": "__import__('os')"},
                 [((None, 4, 4, 1), "float32")])  # type: ignore[arg-type]


# masks built from shape ops -------------------------------------------------------------------


def _mask(expression: str, rank: int | None) -> object:
    """The evaluator's value of `expression`, knowing `tf.shape(x)` reads a tensor of `rank`."""
    parsed = parse(f"import tensorflow as tf\nm = {expression}\n")
    evaluator = Evaluator(parsed)
    if rank is not None:
        calls = [n for n in parsed.names.calls if parsed.code(n.func) == "tf.shape"]
        evaluator = evaluator.knowing({c: (None,) * rank for c in calls})
    statement = parsed.module.body[1].body[0]  # type: ignore[attr-defined]
    return evaluator.evaluate(statement.value)


@pytest.mark.parametrize(("expression", "rank", "length"), [
    ("tf.shape(x)[-1:]", 3, 1),
    ("tf.shape(x)[1:]", 4, 3),
    ("tf.shape(x)[:-1]", 3, 2),
    ("[tf.shape(x)[0], 1, d]", None, 3),
    ("tf.concat([[1], tf.shape(x)[1:]], axis=0)", 3, 3),
    ("tf.concat([tf.shape(x)[:-1], [1]], 0)", 4, 4),
    ("tf.concat([tf.shape(x)[:1], [1, 1], tf.shape(x)[3:]], 0)", 4, 4),
    ("tf.stack([tf.shape(x)[0], 1, 64])", None, 3),
    ("tf.constant([1, 1, 64])", None, 3),
    ("tf.concat(axis=0, values=[[1], tf.shape(x)[1:]])", 3, 3),  # TF 1.0's upgrade script wrote this order
    ("tf.concat([[1], tf.shape(x)[1:]], -1)", 3, 3),
    ("tf.concat([[1], tf.shape(x)], 0)", 3, 4),
    ("tf.constant(value=[1, 1, 64])", None, 3),
    ("tf.constant([1, 1, 64], dtype=tf.int32, name='mask')", None, 3),
    ("tf.constant([1, 1, 64], tf.int32)", None, 3),
    ("tf.stack([tf.shape(x)[0], 1, d])", None, 3),  # an unknown name is a size there
])
def test_mask_length_from_shape_ops(expression: str, rank: int | None, length: int) -> None:
    value = _mask(expression, rank)
    assert isinstance(value, Seq) and len(value.items) == length


@pytest.mark.parametrize(("expression", "rank"), [
    ("tf.shape(x)[1:]", None),  # the rank of x is not known
    ("tf.concat([[1], tf.shape(x)[1:]], axis=0)", None),
    ("tf.concat([tf.shape(x)[:-1], [1]], axis=1)", 3),  # not a 1-D concat
    ("tf.concat([tf.shape(x)[:-1], [1]], 1)", 3),
    ("tf.concat([[1], tf.shape(x)[1:]], axis=ax)", 3),  # the axis is not known
    ("tf.concat(parts, 0)", 3),
    ("tf.stack([tf.shape(x), tf.shape(x)])", None),  # a matrix
    ("tf.stack([tf.shape(x)[0], tf.concat([[1], tf.shape(x)[1:]], 0)])", None),  # a vector inside
    ("tf.constant([1, 1, 64], shape=(3, 1))", None),  # reshaped
    ("tf.constant([1, 1, 64], tf.int32, (3, 1))", None),
    ("tf.constant([[1, 1], [1, 64]])", None),  # a matrix
])
def test_mask_length_stays_unknown_when_not_certain(expression: str, rank: int | None) -> None:
    value = _mask(expression, rank)
    # NL006 quotes the tensor as written.
    assert isinstance(value, TensorDim) and value.text == expression


def test_mask_entries_keep_their_static_values() -> None:
    value = _mask("tf.concat([tf.shape(x)[:1], [1], tf.shape(x)[2:]], 0)", 3)
    assert isinstance(value, Seq)
    assert [type(i).__name__ for i in value.items] == ["TensorDim", "Const", "TensorDim"]
    assert value.items[1] == Const(1)
    stacked = _mask("tf.stack([tf.shape(x)[0], 1, 64])", None)
    assert isinstance(stacked, Seq) and stacked.items[1:] == (Const(1), Const(64))
    # NL002's message writes each run-time entry as its text.
    whole = _mask("tf.concat([[1], tf.shape(x)], 0)", 2)
    assert isinstance(whole, Seq) and [getattr(i, "text", None) for i in whole.items] == \
        [None, "tf.shape(x)[0]", "tf.shape(x)[1]"]


# the rules on TF 1 code -----------------------------------------------------------------------


def test_issue_patterns_are_found() -> None:
    assert findings("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, shape=(None, None, None, 3))
        c = tf.layers.conv2d(x, filters=64, kernel_size=(11, 11), padding="same")
        d = tf.layers.dropout(c, rate=0.5, noise_shape=(1, 1, 64))
        seq = tf.compat.v1.placeholder(tf.float32, [None, 20, 32])
        h = tf.layers.dense(seq, 128)
        h = tf.nn.dropout(h, rate=0.1, noise_shape=[tf.shape(h)[0], tf.shape(h)[-1]])
        e = tf.nn.dropout(h, rate=0.1, noise_shape=tf.shape(h)[-1:])
        f = tf.nn.dropout(h, rate=0.1, noise_shape=[tf.shape(h)[0], 1, 64])
        """) == [(4, "NL002"), (7, "NL002"), (8, "NL002"), (9, "NL003")]


def test_masks_from_the_same_input_stay_silent() -> None:
    assert findings("""
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        h = tf.layers.dense(tf.placeholder(tf.float32, [None, None, 300]), 64)
        a = tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([[1], tf.shape(h)[1:]], axis=0))
        b = tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([tf.shape(h)[:-1], [1]], axis=0))
        c = tf.nn.dropout(h, rate=0.1, noise_shape=tf.shape(h))
        d = tf.layers.dropout(h, 0.5, noise_shape=[tf.shape(h)[0], 1, tf.shape(h)[2]], training=True)
        e = tf.nn.dropout(h, keep_prob=0.9, noise_shape=tf.stack([tf.shape(h)[0], 1, 64]))
        """) == []


def test_a_mask_from_another_tensor_counts_only_when_its_rank_is_known() -> None:
    assert findings("""
        import tensorflow as tf
        from data import batch
        h = tf.placeholder(tf.float32, [None, 20, 32])
        flat = tf.reshape(h, [-1, 32])
        a = tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([[1], tf.shape(flat)[1:]], 0))
        b = tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([[1], tf.shape(batch)[1:]], 0))
        """) == [(5, "NL002")]


def test_builders_in_tf1_style_are_followed() -> None:
    assert findings("""
        import tensorflow as tf

        def conv_block(x, filters, rate, is_training):
            x = tf.layers.conv2d(x, filters, 3, padding="same")
            x = tf.layers.batch_normalization(x, training=is_training)
            x = tf.nn.relu(x)
            return tf.layers.dropout(x, rate, noise_shape=[1, 1, filters], training=is_training)

        images = tf.placeholder(tf.float32, [None, 32, 32, 3])
        is_training = tf.placeholder(tf.bool)
        net = conv_block(images, 32, 0.2, is_training)
        net = conv_block(tf.layers.max_pooling2d(net, 2, 2), 64, 0.3, is_training)
        """) == [(7, "NL002")]


# TF 1 files: tf.nn.dropout is TF 1's ---------------------------------------------------------


def test_tf1_file_reads_tf_nn_dropouts_second_argument_as_keep_prob() -> None:
    """QANet's pattern: `tf.nn.dropout(x, 1.0 - dropout)` in a file that uses TF 1-only
    names (it cannot run on TF 2) is a keep probability of 1.0, not a rate of 1.0."""
    tf1 = """
        import tensorflow as tf
        initializer = tf.contrib.layers.xavier_initializer()

        def highway(x, dropout=0.0):
            return tf.nn.dropout(x, 1.0 - dropout)

        def embed(x, keep_prob=0.9):
            return tf.nn.dropout(x, keep_prob=keep_prob)

        def bad(x):
            return tf.nn.dropout(x, keep_prob=1.5)
        """
    assert findings(tf1) == [(11, "NL004")]
    tf2 = tf1.replace("initializer = tf.contrib.layers.xavier_initializer()", "initializer = None")
    assert findings(tf2) == [(5, "NL004"), (8, "NL008"), (11, "NL008")]


@pytest.mark.parametrize(("line", "tf1"), [
    ("x = tf.placeholder(tf.float32, [None, 3])", True),
    ("sess = tf.Session()", True),
    ("with tf.variable_scope('a'): pass", True),
    ("opt = tf.train.AdamOptimizer(0.1)", True),
    ("x = tf.layers.dense(y, 3)", True),
    ("x = tf.compat.v1.placeholder(tf.float32, [None, 3])", False),
    ("x = tf.keras.layers.Dense(3)", False),
    ("placeholder = 3", False),
])
def test_tf1_files_are_told_by_their_tf1_only_names(line: str, tf1: bool) -> None:
    from noiselint.apis.tf1 import is_tf1_module

    assert is_tf1_module(parse(f"import tensorflow as tf\n{line}\n")) is tf1


@pytest.mark.slow  # two fresh interpreters, the first importing TensorFlow
def test_a_warm_run_on_tf1_code_imports_no_tensorflow(tmp_path: Path) -> None:
    """TF op shapes are in the shape cache like layer shapes: a changed file (parsed and
    interpreted again) gets every op shape from it without importing TensorFlow."""
    from test_shapes import _fresh_python

    model = tmp_path / "tf1_model.py"
    body = textwrap.dedent("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 14, 14, 1])
        # A matmul with `adjoint_b`: only TensorFlow answers it (no written formula), once.
        h = tf.reshape(tf.matmul(x, x, adjoint_b=True), [-1, 14 * 14])
        h = tf.expand_dims(h, 1)
        d = tf.nn.dropout(h, rate=0.5, noise_shape=[tf.shape(h)[0], 196])
        """)
    code = f"""
        import sys
        from noiselint.cli import main
        code = main(["--output-format", "concise", {str(model)!r}])
        print(code, "tensorflow" in sys.modules)
        """
    cache = str(tmp_path / "cache")
    model.write_text(body)
    cold = _fresh_python(code, NOISELINT_CACHE_DIR=cache)
    model.write_text(body + "# changed\n")
    warm = _fresh_python(code, NOISELINT_CACHE_DIR=cache)
    assert cold.splitlines()[-1] == "1 True" and warm.splitlines()[-1] == "1 False"
    assert cold.splitlines()[:-1] == warm.splitlines()[:-1]
    assert any("NL002" in line for line in warm.splitlines())


def test_a_keras_layers_mask_from_shape_ops_is_one_nl006_without_a_fix() -> None:
    """`tf.shape(inp)[1:]` now has countable entries, but it is still one TF value on a
    KerasTensor: one NL006, and no element fix that would leave a TF op behind."""
    text = """
        import tensorflow as tf
        inp = tf.keras.Input((10, 8))
        y = tf.keras.layers.Dropout(0.5, noise_shape=tf.concat([[1], tf.shape(inp)[1:]], 0))(inp)
        """
    found = lint_text(SourceFile("m.py", textwrap.dedent(text).lstrip("\n")), selected_rules(Settings()),
                      make_shape_inference(None))
    assert [(d.code, d.fix) for d in found] == [("NL006", None)]
    assert "is the TensorFlow value `tf.concat([[1], tf.shape(inp)[1:]], 0)`" in found[0].message


def test_no_fix_unpacks_a_tensor_mask() -> None:
    """`(None, *tf.concat(...)[1:])` cannot run in graph code: a mask computed by TF ops
    gets its finding and no fix."""
    text = """
        import tensorflow as tf
        h = tf.placeholder(tf.float32, [None, 20, 32])
        a = tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([[32], tf.shape(h)[1:]], 0))
        b = tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([[1], [32]], 0))
        """
    found = lint_text(SourceFile("m.py", textwrap.dedent(text).lstrip("\n")), selected_rules(Settings()),
                      make_shape_inference(None))
    assert [(d.span.start_row, d.code, d.fix) for d in found] == [(3, "NL001", None), (4, "NL002", None)]



@pytest.mark.parametrize(("expression", "expected"), [
    # A shape op's tensor adds and multiplies entry by entry (TensorFlow), never as a Python
    # list joins or repeats: `tf.constant([1, 32]) * 2` is [2, 64], not [1, 32, 1, 32].
    ("tf.constant([1, 32]) * 2", (2, 64)),
    ("tf.constant([1, 32]) + [3, 4]", (4, 36)),
    ("[10] - tf.constant([1, 2, 3])", (9, 8, 7)),
    ("tf.constant([4, 32]) // tf.constant([2])", (2, 16)),
    ("tf.stack([1, 2]) * 3", (3, 6)),
    ("tf.concat([[1], [32]], 0) + 1", (2, 33)),
    ("tf.constant([1, 2]) + tf.constant([1, 2, 3])", None),  # TensorFlow refuses: no length
    ("tf.constant([1, 2]) ** 2", None),
    ("list(tf.constant([1, 2])) + [3]", (1, 2, 3)),  # a Python list of its entries joins
])
def test_arithmetic_on_a_shape_op_tensor_is_entry_by_entry(expression, expected):
    from evaluated import assigned_value

    from noiselint.values.kinds import Const, Seq, TensorDim

    value = assigned_value(f"import tensorflow as tf\nRESULT = {expression}\n")
    if expected is None:
        assert isinstance(value, TensorDim) and value.kind == "vector" and value.length is None, value
    else:
        assert isinstance(value, Seq) and all(isinstance(i, Const) for i in value.items), value
        assert tuple(i.value for i in value.items) == expected  # type: ignore[union-attr]


def test_nl002_counts_an_elementwise_mask_as_tensorflow_does():
    # The mask is [2, 2, 32] for a rank-3 input; read as a list it was (1, 1, 16, 1, 1, 16),
    # six entries: a false NL002.
    source = ("import tensorflow as tf\nfrom tensorflow import keras\n"
              "inp = keras.Input((10, 32))\n"
              "x = keras.layers.Dropout(0.5, noise_shape=tf.constant([1, 1, 16]) * 2)(inp)\n")
    found = lint_text(SourceFile("m.py", source), selected_rules(Settings(select=("ALL",))))
    assert not any(d.code == "NL002" for d in found), found
