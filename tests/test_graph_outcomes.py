"""The model graph records each call's outcome: the output shapes, or the error Keras or
TensorFlow raises for these inputs (type and message, verbatim), or unknown with a reason.
Real libcst parse, real Keras (the shape oracle constructs the allow-listed layers)."""

from __future__ import annotations

import re
import textwrap

from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts, with_rows
from noiselint.shapes.facts import LayerFact, ShapeFacts
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

ORACLE = KerasShapes(None)  # no cache: every answer below is Keras's or TensorFlow's own


def facts_of(text: str) -> ShapeFacts:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    return with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE))


def call_at(facts: ShapeFacts, row: int) -> LayerFact:
    (found,) = [fact for fact in facts.calls() if fact.row == row]
    return found


def test_a_reused_dense_fails_on_the_second_call_with_keras_message() -> None:
    facts = facts_of("""
        from keras import layers
        a = layers.Input(shape=(3,))
        b = layers.Input(shape=(5,))
        d = layers.Dense(4)
        x = d(a)
        y = d(b)
    """)
    first = [f for f in facts.calls() if f.layer == "Dense"]
    assert [f.input_shapes for f in first] == [((None, 3),), ((None, 5),)]
    ok, failing = first
    assert ok.error is None and ok.output_shape == (None, 4)
    assert failing.error is not None and failing.output_shape is None
    assert failing.built_on == ((None, 3),)
    assert failing.error.framework == "Keras" and failing.error.type == "ValueError"
    # Keras's own words, verbatim.
    assert "expected axis -1 of input shape to have value 3" in failing.error.message
    assert "(None, 5)" in failing.error.message
    assert facts.failures() == (failing,)


def test_a_layer_reused_on_the_same_shape_is_no_failure() -> None:
    facts = facts_of("""
        from keras import layers
        a = layers.Input(shape=(3,))
        b = layers.Input(shape=(3,))
        d = layers.Dense(4)
        x = d(a)
        y = d(b)
    """)
    assert facts.failures() == ()
    assert [f.output_shape for f in facts.calls() if f.layer == "Dense"] == [(None, 4), (None, 4)]


def test_two_instances_of_one_config_are_not_a_reuse() -> None:
    facts = facts_of("""
        from keras import layers
        a = layers.Input(shape=(3,))
        b = layers.Input(shape=(5,))
        x = layers.Dense(4)(a)
        y = layers.Dense(4)(b)
    """)
    assert facts.failures() == ()


def test_an_input_of_the_wrong_rank_records_keras_error() -> None:
    facts = facts_of("""
        from keras import layers
        x = layers.Input(shape=(28, 28, 1))
        h = layers.LSTM(32)(x)
    """)
    lstm = call_at(facts, 3)
    assert lstm.error is not None and "expected ndim=3, found ndim=4" in lstm.error.message
    assert lstm.kind == "layer" and lstm.input_shapes == ((None, 28, 28, 1),)


def test_a_tensorflow_op_records_tensorflow_error() -> None:
    facts = facts_of("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(784,))
        w = tf.zeros([500, 10])
        y = tf.matmul(x, w)
    """)
    failing = facts.failures()
    assert len(failing) == 1
    (matmul,) = failing
    assert matmul.kind == "op" and matmul.error is not None and matmul.error.framework == "TensorFlow"
    assert "784" in matmul.error.message and "500" in matmul.error.message


def test_an_unknown_input_is_unknown_with_a_reason_not_a_failure() -> None:
    facts = facts_of("""
        from keras import layers
        import numpy as np
        x = layers.Input(shape=(28, SIZE))
        h = layers.LSTM(32)(layers.Reshape((28, 28, 1))(x))
    """)
    assert facts.failures() == ()
    assert all(f.unknown_reason for f in facts.calls() if f.layer == "LSTM")


def test_the_written_rank_check_says_what_keras_says() -> None:
    # SpatialDropout2D's rank is checked without Keras (shapes/oracle.py); its message must
    # be Keras's own, word for word.
    import keras

    from noiselint.shapes.oracle import ndim_message

    for cls, shape in (("SpatialDropout2D", (None, 10, 3)), ("SpatialDropout1D", (None, 4)),
                       ("SpatialDropout3D", (None, 2, 2, 2))):
        layer = getattr(keras.layers, cls)(0.5)
        try:
            layer(keras.KerasTensor(shape))
        except ValueError as exc:
            # Keras numbers a second layer of a class (`spatial_dropout2d_1`): which number
            # depends on the tests that ran before; the first one's name is the class's.
            said = re.sub(r"(of layer '\w+?)_\d+'", r"\1'", str(exc))
        else:
            raise AssertionError(f"Keras accepted {cls} on {shape}")
        ndim = {"SpatialDropout1D": 3, "SpatialDropout2D": 4, "SpatialDropout3D": 5}[cls]
        assert ndim_message(cls, ndim, shape) == said


def test_two_scalar_tensors_add_as_numbers() -> None:
    """Found on keras-io (vq_vae and five more): `beta * commitment_loss + codebook_loss` of
    two `reduce_mean`s was asked of the Add merge layer, which fails on empty shapes
    (IndexError) where TensorFlow adds two scalars."""
    facts = facts_of("""
        import tensorflow as tf
        x = tf.keras.Input(shape=(4,))
        a = tf.reduce_mean(x ** 2)
        b = tf.reduce_mean(x)
        total = a + b
    """)
    assert facts.failures() == ()
    (added,) = [f for f in facts.calls() if f.row == 5]
    assert added.output_shape == () and added.error is None
