"""Failing layer and op calls (NL101-NL107): which rule each framework error belongs to, how
`noiselint shapes`, its JSON and the editor hover show a failing call, and where the
interpreter's notion of an exact input keeps a finding away (never guess). Real libcst,
real Keras and TensorFlow (the shape oracle asks them)."""

from __future__ import annotations

import json
import textwrap

import pytest

from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts, with_rows
from noiselint.report.shapes_json import render_shapes_json
from noiselint.report.shapes_text import render_shapes
from noiselint.server.checking import CheckResult
from noiselint.server.hover import hover
from noiselint.shapes.facts import CallError, LayerFact, ShapeFacts
from noiselint.shapes.failures import classify, failure_text
from noiselint.shapes.oracle import KerasShapes
from noiselint.shapes.tables import file_shapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

ORACLE = KerasShapes(None)  # no cache: every error below is Keras's or TensorFlow's own


def parsed_and_facts(text: str) -> tuple[ParsedModule, ShapeFacts]:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    return parsed, with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE))


def failing(text: str) -> LayerFact:
    (fact,) = parsed_and_facts(text)[1].failures()
    return fact


@pytest.mark.parametrize(("code", "text"), [
    ("NL101", "from keras import layers\nx = layers.Input(shape=(28, 28, 1))\ny = layers.LSTM(4)(x)\n"),
    ("NL101", "from keras import layers\nx = layers.Input(shape=(28, 28))\ny = layers.Conv2D(4, 3)(x)\n"),
    ("NL101", "from keras import layers\nx = layers.Input(shape=(32,))\n"
              "y = layers.TimeDistributed(layers.Dense(1))(x)\n"),
    ("NL102", "from keras import layers\na = layers.Input(shape=(3,))\nb = layers.Input(shape=(5,))\n"
              "d = layers.Dense(4)\nx = d(a)\ny = d(b)\n"),
    ("NL103", "from keras import layers\nx = layers.Input(shape=(2, 2, 1))\ny = layers.Conv2D(4, 3)(x)\n"),
    ("NL103", "from keras import layers\nx = layers.Input(shape=(1, 1, 4))\ny = layers.MaxPooling2D(2)(x)\n"),
    ("NL103", "from keras import layers\nx = layers.Input(shape=(4, 4, 1))\ny = layers.Cropping2D(2)(x)\n"),
    ("NL104", "from keras import layers\na = layers.Input(shape=(10, 4))\nb = layers.Input(shape=(12, 4))\n"
              "y = layers.Concatenate()([a, b])\n"),
    ("NL104", "from keras import layers\na = layers.Input(shape=(16,))\nb = layers.Input(shape=(32,))\n"
              "y = layers.Dot(axes=1)([a, b])\n"),
    ("NL105", "from keras import layers\nx = layers.Input(shape=(3136,))\ny = layers.Reshape((7, 7, 32))(x)\n"),
    ("NL105", "import tensorflow as tf\nx = tf.zeros([10, 3136])\ny = tf.reshape(x, [10, 7, 7, 32])\n"),
    ("NL103", "import tensorflow as tf\nx = tf.zeros([1, 2, 2, 1])\nw = tf.zeros([3, 3, 1, 4])\n"
              "y = tf.nn.conv2d(x, w, strides=1, padding='VALID')\n"),
    ("NL106", "import tensorflow as tf\nx = tf.zeros([4, 784])\nw = tf.zeros([500, 10])\ny = tf.matmul(x, w)\n"),
    ("NL106", "import tensorflow as tf\nx = tf.zeros([3, 4])\ny = tf.concat([x, tf.zeros([5, 6])], 1)\n"),
    ("NL106", "import tensorflow as tf\nx = tf.zeros([4, 16])\ny = tf.add(x, tf.zeros([4, 32]))\n"),
    # integer labels broadcast against the logits' classes axis (TensorFlow's shape function)
    ("NL106", "import tensorflow as tf\nx = tf.zeros([32, 10])\n"
              "y = tf.nn.softmax_cross_entropy_with_logits(labels=tf.zeros([32]), logits=x)\n"),
    # a subclassed model called on a NumPy array sees a tensor of its shape in `call`
    ("NL106", "import numpy as np\nimport tensorflow as tf\nclass M(tf.keras.Model):\n"
              "    def __init__(self):\n        super().__init__()\n        self.a = tf.keras.layers.Dense(32)\n"
              "        self.b = tf.keras.layers.Dense(16)\n    def call(self, x):\n"
              "        return tf.concat([self.a(x), self.b(x)], axis=1)\nout = M()(np.zeros((4, 10, 8)))\n"),
    ("NL106", "import tensorflow.compat.v1 as tf\ny = tf.placeholder(tf.int32, [None, 10])\n"
              "z = tf.placeholder(tf.float32, [None, 10])\n"
              "l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z)\n"),
])
def test_each_framework_error_has_its_rule(code: str, text: str) -> None:
    failure = classify(failing(text))
    assert failure is not None and failure.code == code


def test_sparse_labels_one_rank_below_the_logits_are_no_failure() -> None:
    _, facts = parsed_and_facts("""
        import tensorflow.compat.v1 as tf
        y = tf.placeholder(tf.int32, [None])
        z = tf.placeholder(tf.float32, [None, 10])
        l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z)
        """)
    assert not facts.failures()
    (fact,) = [f for m in facts.models for f in m.layers if f.name == "l"]
    assert fact.output_shape == (None,)


def test_an_error_no_rule_knows_gives_no_finding() -> None:
    # noiselint's own refusal to build an op, and a Keras error that is not about shapes.
    for framework, message in (("TensorFlow", "argument 'a b' is not a plain word"),
                               ("Keras", "Unrecognized keyword arguments passed to Dense: {'foo': 1}")):
        fact = LayerFact(None, "X", ((None, 3),), None, error=CallError(framework, "ValueError", message))  # type: ignore[arg-type]
        assert classify(fact) is None
        assert failure_text(fact) is not None and failure_text(fact).startswith(f"{framework} rejects it")  # type: ignore[union-attr]


_REUSED = """
    from keras import layers
    a = layers.Input(shape=(128,))
    b = layers.Input(shape=(32,))
    d = layers.Dense(4)
    x = d(a)
    y = d(b)
"""


def test_shapes_text_marks_the_failing_call() -> None:
    _, facts = parsed_and_facts(_REUSED)
    text = render_shapes(facts, "model.py")
    assert "✗ Dense: expects 128 on axis -1, got 32" in text


def test_shapes_json_carries_the_error() -> None:
    _, facts = parsed_and_facts(_REUSED)
    (model,) = json.loads(render_shapes_json([file_shapes("model.py", facts)]))[0]["models"]
    errors = [layer["error"] for layer in model["layers"] if layer["error"] is not None]
    assert len(errors) == 1
    assert errors[0]["code"] == "NL102" and errors[0]["framework"] == "Keras" and errors[0]["type"] == "ValueError"
    assert "expected axis -1 of input shape to have value 128" in errors[0]["message"]


def test_hover_shows_the_failure() -> None:
    parsed, facts = parsed_and_facts(_REUSED)
    result = CheckResult(document=None, diagnostics=(), parsed=parsed, facts=facts)  # type: ignore[arg-type]
    shown = hover(result, 6, 5)
    assert shown is not None
    assert "✗ Keras raises `ValueError`: expects 128 on axis -1, got 32" in shown.contents.value  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [
    # An undecided branch: one path gives a rank LSTM takes.
    "from keras import layers\nif flag:\n    x = layers.Input(shape=(4, 4, 1))\nelse:\n"
    "    x = layers.Input(shape=(4, 4))\ny = layers.LSTM(4)(x)\n",
    # A function nobody calls, its parameter unknown.
    "from keras import layers\ndef block(n):\n    x = layers.Input(shape=(n, 4))\n"
    "    return layers.Concatenate()([x, layers.Input(shape=(10, 4))])\n",
    # A parameter default is not what the function is called with.
    "from keras import layers\ndef build(shape=(28, 28)):\n    return layers.Conv2D(8, 3)(layers.Input(shape=shape))\n"
    "model = build((28, 28, 1))\n",
    # A custom layer noiselint cannot see into.
    "from keras import layers\nfrom mylib import Mine\nx = Mine()(layers.Input(shape=(4,)))\ny = layers.LSTM(4)(x)\n",
    # A size from a value not in the file.
    "from keras import layers\nfrom config import WIDTH\na = layers.Input(shape=(WIDTH,))\n"
    "y = layers.Add()([a, layers.Input(shape=(4,))])\n",
])
def test_what_is_not_certain_is_no_failure(text: str) -> None:
    assert parsed_and_facts(text)[1].failures() == ()


@pytest.mark.parametrize(("array", "shape"), [
    ("np.zeros((64, 784))", (64, 784)),
    ("np.random.rand(25, 28, 28).astype('float32')", (25, 28, 28)),
    ("tf.constant(np.ones([3, 4]), dtype=tf.float32)", (3, 4)),
])
def test_a_numpy_array_meets_a_tensorflow_op_with_its_shape(array: str, shape: tuple[int, ...]) -> None:
    _, facts = parsed_and_facts(f"import numpy as np\nimport tensorflow as tf\ny = tf.reshape({array}, [-1])\n")
    (op,) = [f for f in facts.calls() if f.kind == "op"]
    assert op.input_shapes == (shape,) and op.output_exact


def test_an_array_of_unknown_shape_is_no_failure() -> None:
    text = "import numpy as np\nimport tensorflow as tf\ny = tf.matmul(np.zeros(shape), tf.zeros([500, 10]))\n"
    assert parsed_and_facts(text)[1].failures() == ()


def test_a_sequential_its_data_builds_is_the_data_rules_to_report() -> None:
    # No input declared: `fit` builds the model on the data's shape and raises there (NL201),
    # so the Conv2D's own line is not where the failure is.
    text = """
        import numpy as np
        import keras
        from keras import layers
        model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(1)])
        model.compile(loss="mse")
        model.fit(np.zeros((10, 28, 28)), np.zeros((10, 1)))
    """
    (fact,) = parsed_and_facts(text)[1].failures()
    assert fact.layer == "Conv2D" and fact.in_model_call


def test_a_positional_cross_entropy_call_is_not_judged(tmp_path) -> None:
    """TF 0.x read `(logits, labels)`, TF 1 refuses positional arguments (`_sentinel`), TF 2
    reads `(labels, logits)`: facenet's TF 1 script passes `(logits, labels)`, which is no rank
    error but an argument-order one."""
    from noiselint.engine import lint_text, selected_rules
    from noiselint.files.source import SourceFile
    from noiselint.runner import shape_inference
    from noiselint.settings import Settings

    text = ("import tensorflow as tf\n"
            "logits = tf.placeholder(tf.float32, [64, 10])\n"
            "labels = tf.placeholder(tf.int64, [64])\n"
            "loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits, labels)\n"
            "ok = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n"
            "bad = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=logits, logits=labels)\n")
    settings = Settings(cache_dir=str(tmp_path / "cache"), select=("NL106",))
    found = lint_text(SourceFile(str(tmp_path / "m.py"), text), selected_rules(settings), shape_inference(settings))
    assert [(d.code, d.span.start_row) for d in found] == [("NL106", 6)]


_BLOCK = ("import random\nimport keras\nfrom keras import layers\n"
          "block = keras.Sequential([layers.Dense(8), layers.Dense(4)])\n"
          "a = keras.Input((16,))\nb = keras.Input((32,))\n")


@pytest.mark.parametrize(("calls", "expected"), [
    ("y1 = block(a)\ny2 = block(b)\n", [("NL102", 8)]),
    ("y1 = block(a)\ny2 = block(keras.Input((5, 16)))\n", [("NL101", 8)]),
    ("y1 = block(a)\ny2 = block(keras.Input((16,)))\n", []),
    # The first call may not run: the second may be the one that builds the block.
    ("if random.random() > 0.5:\n    y1 = block(a)\ny2 = block(b)\n", []),
], ids=["other-width", "other-rank", "same-width", "first-call-uncertain"])
def test_a_sequential_built_by_its_first_call_checks_the_later_ones(tmp_path, calls: str,
                                                                    expected: list[tuple[str, int]]) -> None:
    from noiselint.engine import lint_text, selected_rules
    from noiselint.files.source import SourceFile
    from noiselint.runner import shape_inference
    from noiselint.settings import Settings

    settings = Settings(cache_dir=str(tmp_path / "cache"))
    found = lint_text(SourceFile(str(tmp_path / "m.py"), _BLOCK + calls), selected_rules(settings),
                      shape_inference(settings))
    assert [(d.code, d.span.start_row) for d in found] == expected


def test_a_numpy_array_given_to_a_tf_op_is_quoted_once(tmp_path) -> None:
    from noiselint.engine import lint_text, selected_rules
    from noiselint.files.source import SourceFile
    from noiselint.runner import shape_inference
    from noiselint.settings import Settings

    text = ("import numpy as np\nimport tensorflow as tf\n"
            "x = tf.reshape(np.random.rand(25, 28, 28), [32, -1])\n")
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    found = lint_text(SourceFile(str(tmp_path / "m.py"), text), selected_rules(settings), shape_inference(settings))
    assert [d.code for d in found] == ["NL105"]
    assert "the output of `np.random.rand(25, 28, 28)` on line 3 is (25, 28, 28)" in found[0].message


@pytest.mark.parametrize(("operands", "shape"), [
    ("keras.Input((3, 4)), keras.Input((4, 6))", (None, 3, 6)),
    ("keras.Input((3, 4)), tf.zeros((4, 6))", (None, 3, 6)),  # the batch axes broadcast
    ("tf.zeros((2, 3, 4)), tf.zeros((5, 4, 6))", None),  # batch 2 and 5: refused
    ("keras.Input((3, 4)), tf.zeros((4,))", None),  # a vector: Keras takes it, TF does not
])
def test_the_matmul_operator_on_tensors(operands: str, shape: tuple[int | None, ...] | None) -> None:
    _, facts = parsed_and_facts(f"""
        import keras
        import tensorflow as tf
        a, b = {operands}
        c = a @ b
        """)
    (fact,) = [f for f in facts.calls() if f.layer == "a @ b"]
    assert fact.output_shape == shape
    assert (fact.error is not None) == (operands.startswith("tf.zeros((2"))
