"""Questions the real trees asked TensorFlow or Keras for (issue #23: a small TF 1 tree
spent seconds importing TensorFlow for one of them), answered by the written formulas and
refusals alone: an oracle that cannot load Keras or TensorFlow gives the same outcomes and
never tries to (no warning)."""

from __future__ import annotations

import textwrap

from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts, with_rows
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator


def facts_of(text: str, oracle: KerasShapes) -> ShapeFacts:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    return with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), oracle))


def offline() -> KerasShapes:
    return KerasShapes(None, load=lambda: "no Keras here")


def test_cross_entropies_with_an_operand_of_unknown_rank() -> None:
    oracle = offline()
    facts = facts_of("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.int32)
        w = tf.Variable(tf.zeros([784, 10]))
        logits = tf.matmul(x, w)
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        dense = tf.nn.softmax_cross_entropy_with_logits(logits=tf.placeholder(tf.float32), labels=logits)
    """, oracle)
    outs = {f.layer: f.output_shape for f in facts.calls() if "cross_entropy" in (f.layer or "")}
    assert outs == {"tf.nn.sparse_softmax_cross_entropy_with_logits": (None,),
                    "tf.nn.softmax_cross_entropy_with_logits": None}
    assert oracle.warnings() == ()


def test_a_pooling_window_known_at_run_time_is_tensorflow_refusal() -> None:
    oracle = offline()
    facts = facts_of("""
        import tensorflow as tf
        def model(x, n):
            h = tf.placeholder(tf.float32, [None, 56, 128, 1])
            return tf.nn.max_pool(h, ksize=[1, n - 2, 1, 1], strides=[1, 1, 1, 1], padding="VALID")
    """, oracle)
    (pool,) = [f for f in facts.calls() if f.layer == "tf.nn.max_pool"]
    assert pool.output_shape is None and pool.error is not None
    assert pool.error.message == ("Expected int for argument 'ksize' not <tf.Tensor 'Placeholder_1:0' shape=() "
                                  "dtype=int32>.")
    assert oracle.warnings() == ()


def test_a_reused_dropout_keeps_its_input_shape() -> None:
    oracle = offline()
    facts = facts_of("""
        from keras import layers
        a = layers.Input(shape=(1024,), batch_size=10000)
        b = layers.Input(shape=(1024,), batch_size=5)
        d = layers.Dropout(0.5)
        x = d(a)
        y = d(b)
    """, oracle)
    assert [f.output_shape for f in facts.calls() if f.layer == "Dropout"] == [(10000, 1024), (5, 1024)]
    assert oracle.warnings() == ()


def test_a_bidirectional_encoder_s_states_are_written_out() -> None:
    # thushv89/attention_keras's NMT encoder: a run over that tree imported TensorFlow (3 s)
    # for these four questions. The states follow the output, forward then backward.
    oracle = offline()
    facts = facts_of("""
        import tensorflow as tf
        x = tf.keras.layers.Input(shape=(20, 30))
        out, fwd, back = tf.keras.layers.Bidirectional(
            tf.keras.layers.GRU(64, return_sequences=True, return_state=True))(x)
        seq, h_f, c_f, h_b, c_b = tf.keras.layers.Bidirectional(
            tf.keras.layers.LSTM(8, return_state=True), merge_mode="sum")(x)
        both = tf.keras.layers.Concatenate(axis=-1)([fwd, back])
    """, oracle)
    outs = {f.layer: f.output_shape for f in facts.calls() if f.layer in ("Concatenate",)}
    assert outs == {"Concatenate": (None, 128)}
    bidirectional = [f for f in facts.calls() if f.layer == "Bidirectional"]
    assert [f.output_shape for f in bidirectional] == [(None, 20, 128), (None, 8)]
    assert oracle.warnings() == ()
