"""Keras 3's op API (`keras.ops`) in the model graph: which names are ops, the shapes Keras
gives on KerasTensors, which rule each refusal belongs to, and that an argument that is not
static leaves the shape unknown. The shapes come from Keras itself (shapes/keras_op_shapes.py);
the tests marked slow hold the op table and the recorded messages to the installed Keras."""

from __future__ import annotations

import inspect
import re
import textwrap

import pytest

from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts
from noiselint.shapes.facts import CallError, LayerFact
from noiselint.shapes.failures import OP, RESHAPE, classify
from noiselint.shapes.keras_ops import KERAS_OPS, SAME_SHAPE, keras_op_name
from noiselint.shapes.oracle import KerasShapes, load_keras
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

_HEAD = """
import keras
from keras import ops

inputs = keras.Input(shape=(10, 8))
x = keras.layers.Dense(6)(inputs)
"""


def _id(value: object) -> str:
    """A test id of word characters only (mutmut selects tests by id on a command line)."""
    return re.sub(r"\W+", "_", str(value)).strip("_") or "empty"


def _facts(body: str) -> dict[str, LayerFact]:
    """Each call of the snippet (after _HEAD), by the name it is bound to."""
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(_HEAD + body).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    # A fresh oracle: one kept across tests answers from its memo of this run, and Keras is
    # not asked again (Keras's import is once per process all the same).
    facts = infer_facts(parsed, Evaluator(parsed), find_sites(parsed), KerasShapes(None), strict=True)
    return {f.name or f.layer: f for m in facts.models for f in m.layers if f.name or f.layer.startswith("keras.ops.")}


@pytest.mark.parametrize(("qualified", "name"), [
    ("keras.ops.reshape", "reshape"),
    ("keras.src.ops.numpy.reshape", "reshape"),
    ("keras.src.ops.reshape", "reshape"),
    ("tensorflow.keras.ops.matmul", "matmul"),
    ("keras.ops.nn.softmax", "softmax"),
    ("keras.ops.image.resize", None),  # another namespace, not modelled
    ("keras.layers.Dense", None),
    ("tensorflow.reshape", None),
], ids=_id)
def test_keras_op_names(qualified: str, name: str | None) -> None:
    assert keras_op_name(qualified) == name


@pytest.mark.parametrize(("code", "shape"), [
    ("ops.reshape(x, (-1, 5, 12))", (None, 5, 12)),
    ("ops.transpose(x, (0, 2, 1))", (None, 6, 10)),
    ("ops.transpose(x)", (6, 10, None)),
    ("ops.concatenate([x, inputs], axis=-1)", (None, 10, 14)),
    ("ops.stack([x, x], axis=1)", (None, 2, 10, 6)),
    ("ops.matmul(x, ops.ones((6, 3)))", None),  # `ops.ones` is not modelled: unknown, no guess
    ("ops.matmul(ops.transpose(x, (0, 2, 1)), inputs)", (None, 6, 8)),
    ("ops.expand_dims(x, 1)", (None, 1, 10, 6)),
    ("ops.add(x, 1.0)", (None, 10, 6)),
    ("ops.multiply(x, ops.expand_dims(ops.sum(x, axis=-1), -1))", (None, 10, 6)),
    ("ops.mean(x, axis=(1, 2), keepdims=True)", (None, 1, 1)),
    ("ops.max(x, axis=-1)", (None, 10)),
    ("ops.tile(x, (1, 2, 1))", (None, 20, 6)),
    ("ops.repeat(x, 3, axis=1)", (None, 30, 6)),
    ("ops.einsum('bij,bkj->bik', x, x)", (None, 10, 10)),
    ("ops.argmax(x, axis=-1)", (None, 10)),
    ("ops.square(ops.cast(x, 'float16'))", (None, 10, 6)),
    ("ops.softmax(x, axis=1)", (None, 10, 6)),
    # A size known only at run time has no stand-in on a KerasTensor: unknown.
    ("ops.reshape(x, (ops.shape(x)[0], -1))", None),
], ids=_id)
def test_shapes_are_keras_answers(code: str, shape: tuple[int | None, ...] | None) -> None:
    fact = _facts(f"y = {code}\n")["y"]
    assert fact.output_shape == shape
    assert fact.error is None


def test_split_gives_each_part_its_shape() -> None:
    facts = _facts("a, b = ops.split(x, 2, axis=-1)\nc = keras.layers.Dense(4)(b)\n")
    assert facts["c"].input_shapes == ((None, 10, 3),)


@pytest.mark.parametrize(("code", "code_", "said"), [
    ("ops.matmul(x, inputs)", OP, "Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal"),
    ("ops.transpose(x, (0, 2, 1, 3))", OP, "axis must be a list of the same length as the input shape"),
    ("ops.transpose(x, (0, 1, 1))", OP, "`axes` must be a valid permutation"),
    ("ops.concatenate([x, inputs], axis=1)", OP, "Every value in `xs` must have the same shape"),
    ("ops.stack([x, inputs])", OP, "Every value in `x` must have the same shape"),
    ("ops.subtract(x, inputs)", OP, "Cannot broadcast shape"),
    ("ops.where(x, x, inputs)", OP, "Cannot broadcast shape"),
    ("ops.sum(x, axis=3)", OP, "axis 3 is out of bounds for an array with dimension 3"),
    ("ops.squeeze(x, axis=1)", OP, "Cannot squeeze axis 1, because the dimension is not 1"),
    ("ops.split(x, 4, axis=-1)", OP, "must be divisible by `indices_or_sections`"),
    ("ops.reshape(ops.reshape(x, (4, 15)), (7, 7))", RESHAPE, "The total size of the tensor must be unchanged"),
], ids=_id)
def test_refusals_are_kerass_words_and_their_rule(code: str, code_: str, said: str) -> None:
    facts = _facts(f"y = {code}\n")
    fact = facts.get("y") or facts["keras.ops.split"]  # a failed split binds no part
    assert fact.error is not None and fact.error.framework == "Keras"
    assert said in fact.error.message
    failure = classify(fact)
    assert failure is not None and failure.code == code_


def test_squeezing_an_unknown_size_is_no_finding() -> None:
    """Keras refuses it on a KerasTensor, but TensorFlow (which runs the op in a layer's
    `call` and in eager code) takes the size as 1: the line does not fail for a batch of 1."""
    fact = _facts("y = ops.squeeze(x, axis=0)\n")["y"]
    assert fact.error is not None and "Cannot squeeze axis 0" in fact.error.message
    assert classify(fact) is None


def test_a_message_no_pattern_knows_is_no_finding() -> None:
    fact = LayerFact(None, "keras.ops.reshape", ((None, 10, 6),), None, kind="op",
                     error=CallError("Keras", "ValueError", "There must be at most one unknown dimension (-1)"))
    assert classify(fact) is None


def test_arrays_are_not_keras_tensors() -> None:
    """On NumPy arrays Keras runs the backend's op at once: not modelled, so no finding."""
    facts = _facts("import numpy as np\ny = ops.matmul(np.zeros((3, 4)), np.zeros((5, 6)))\n")
    assert "y" not in facts or facts["y"].error is None


@pytest.mark.slow
def test_keras_ops_table_matches_keras_signatures() -> None:
    keras = load_keras()
    assert not isinstance(keras, str)
    for name, op in KERAS_OPS.items():
        real = tuple(inspect.signature(getattr(keras.ops, name)).parameters)
        assert real[:len(op.params)] == op.params, (name, real)
        assert op.tensors | op.tensor_lists | op.static <= set(real), name


@pytest.mark.slow
def test_same_shape_ops_keep_the_shape_in_keras() -> None:
    keras = load_keras()
    assert not isinstance(keras, str)
    for name in sorted(SAME_SHAPE):
        function = getattr(keras.ops, name)
        tensor = keras.KerasTensor((None, 10, 6))
        out = function(tensor, "float32") if name == "cast" else function(tensor)
        assert tuple(out.shape) == (None, 10, 6), name
