"""Edges of the interpreter the mutation runs of `model/interpreter.py` and `model/exprs.py`
found untested (issue 26): a functional model's `.output`/`.outputs`/`.inputs` as Keras 3
gives them, a conditional expression of two tensors, a `while` whose condition is false,
a Sequential applied twice, and why a size is not known. Each case asserts what
`noiselint shapes` shows or a dropout's input shape, as the NL rules read it."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from test_interpreter_statements import calls, calls_of, models, site_after
from test_project import codes, lint, tree

from noiselint import budget
from noiselint.checks import RULES
from noiselint.engine import lint_text
from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts
from noiselint.shapes.oracle import KerasShapes

TWO_INPUTS = ("b = layers.Input((10, 4))\n"
              "model = keras.Model([x, b], layers.Concatenate()([x, b]))\n")
ONE_OUTPUT = "model = keras.Model(x, layers.Dense(16)(x))\n"

# A functional model's tensors, as Keras 3.15 gives them: `.outputs` and `.inputs` are
# lists even for one tensor; `.output` and `.input` are the structure the model was given.
MODEL_TENSORS = {
    "model.output of one output": (ONE_OUTPUT + "x = model.output", (None, 10, 16)),
    "model.outputs of two outputs": (
        "model = keras.Model(x, [layers.Dense(16)(x), layers.Dense(4)(x)])\nx = model.outputs[1]", (None, 10, 4)),
    "model.inputs of one input is a list": (ONE_OUTPUT + "x = model.inputs[0]", (None, 10, 8)),
    "model.input of two inputs is a list": (TWO_INPUTS + "x = model.input[1]", (None, 10, 4)),
    "model.inputs of two inputs": (TWO_INPUTS + "x = model.inputs[1]", (None, 10, 4)),
    "model.inputs concatenated": (TWO_INPUTS + "x = layers.Concatenate()(model.inputs)", (None, 10, 12)),
    "a Sequential's first layer's input": (
        "model = keras.Sequential([layers.Input((10, 8)), layers.Dense(16), layers.Dense(4)])\n"
        "x = model.layers[0].input", (None, 10, 8)),
}


@pytest.mark.parametrize(("code", "shape"), MODEL_TENSORS.values(), ids=MODEL_TENSORS.keys())
def test_tensors_of_a_functional_model(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


@pytest.mark.parametrize("read", ["x = model.outputs[0]", "x, = model.outputs", "x = model.outputs[-1]"])
def test_the_outputs_of_a_model_of_one_output_are_a_list(read: str) -> None:
    # Was the output tensor itself: `[0]` read its batch axis, a shape of (10, 16).
    assert site_after(ONE_OUTPUT + read) == (None, 10, 16)


FLOW = {
    # Both branches of an undecided `... if ... else ...` make a tensor of one shape.
    "a conditional expression of two tensors of one shape": (
        "x = layers.Dense(16)(x) if deep else layers.Dense(16)(layers.Dense(4)(x))", (None, 10, 16)),
    "a conditional expression of two tensors that differ": (
        "x = layers.Dense(16)(x) if deep else layers.Dense(4)(x)", (None, 10, None)),
    # A `while` whose condition is false runs neither its body nor anything else.
    "a while loop whose condition is false": (
        "DEBUG = False\nwhile DEBUG:\n    x = layers.Dense(4)(x)\nx = layers.Dense(16)(x)", (None, 10, 16)),
    "a while loop whose condition is false runs its else": (
        "DEBUG = False\nwhile DEBUG:\n    x = layers.Dense(4)(x)\nelse:\n    x = layers.Dense(16)(x)",
        (None, 10, 16)),
    # Keras builds a declared Sequential once: `head.layers` is its one Dense however
    # often it is applied.
    "the layers of a declared Sequential applied twice": (
        "head = keras.Sequential([keras.Input((10, 8)), layers.Dense(16)])\ny = head(x)\nz = head(x)\n"
        "x = layers.Dense(len(head.layers) * 4)(x)", (None, 10, 4)),
    # `not` of a static value in a builder decides the branch.
    "`if not` on a builder's default": (
        "def block(x, wide=False):\n    if not wide:\n        return layers.Dense(4)(x)\n"
        "    return layers.Dense(16)(x)\nx = block(x)", (None, 10, 4)),
    "freezing the layers of an undeclared Sequential": (
        "model = keras.Sequential([layers.Dense(16)])\nfor layer in model.layers:\n    layer.trainable = False\n"
        "x = layers.Dense(16)(x)", (None, 10, 16)),
    "a builder's *args": (
        "def f(x, *sizes):\n    for s in sizes:\n        x = layers.Dense(s)(x)\n    return x\nx = f(x, 16, 4)",
        (None, 10, 4)),
    # Keras raises there ("cannot be built because it has no layers"); noiselint says
    # nothing of it, but follows the rest of the module.
    "an empty Sequential applied does not stop the module": (
        "y = keras.Sequential()(x)\nx = layers.Dense(16)(x)", (None, 10, 16)),
}


@pytest.mark.parametrize(("code", "shape"), FLOW.values(), ids=FLOW.keys())
def test_flow(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


def test_a_declared_sequential_applied_twice_is_one_model_of_its_own() -> None:
    found = models("""
        head = keras.Sequential([keras.Input((10, 8)), layers.Dense(16)])
        y = head(keras.Input((10, 8)))
        z = head(keras.Input((10, 8)))
        """)
    # Both calls are in the module's one unnamed graph; `head` is listed once on its own.
    assert sorted(found) == [" (, line 4)", "head (sequential, line 3)"]


REASONS = {
    "a default taken with `or`": ("def f(units=None):\n    return units or 16\nunits = f(n)",
                                  "a condition that is not static"),
    "a comprehension filter that is not static": (
        "units = [u for u in (4, 8) if u > n][0]", "a comprehension filter that is not static"),
    # An undeclared Sequential is built on the data it is first given: its tensors are not known.
    "the output of an undeclared Sequential": (
        "model = keras.Sequential([layers.Conv1D(16, 3)])\nunits = model.output.shape[-1]",
        "the Sequential model's input is not declared"),
    "a layer's output in an undeclared Sequential": (
        "model = keras.Sequential([layers.Conv1D(16, 3)])\nunits = model.layers[-1].output.shape[-1]",
        "the model's layers are not known"),
    "a comparison in arithmetic": ("units = 32 * (1 + (mode == 'wide'))", "a comparison that is not static"),
    "a function that raises on every branch": (
        "def f(kind):\n    if kind == 'a':\n        raise ValueError(kind)\n    else:\n        raise TypeError(kind)\n"
        "units = f(k)", "the function always raises"),
}


@pytest.mark.parametrize(("code", "reason"), REASONS.values(), ids=REASONS.keys())
def test_why_a_size_is_not_known(code: str, reason: str) -> None:
    dense = next(f for f in calls_of(f"x = layers.Input((10, 8))\n{code}\ny = layers.Dense(units)(x)\n")
                 if f.layer == "Dense")
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({reason})")


def test_a_class_constant_inherited_from_another_module_is_read_there(tmp_path: Path) -> None:
    # `UNITS = BASE * 2` is read in blocks.py, where `BASE` is 8, also through a subclass
    # made in model.py, which has no `BASE`.
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": """
        BASE = 8
        class Head:
            UNITS = BASE * 2
    """, "model.py": """
        import keras
        from blocks import Head
        class Wide(Head):
            pass
        inp = keras.Input(shape=(10, 8))
        x = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(keras.layers.Dense(Wide.UNITS)(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(6, "NL003")]


def test_a_keras_layer_subclass_without_call_is_a_call_noiselint_cannot_see_into() -> None:
    # `Inner` defines no `call` (its code is Keras's base class's, or not in the project):
    # listed under the custom layer that applies it, with why its output is not known.
    found = calls_of("""class Inner(layers.Layer):
    pass
class Outer(layers.Layer):
    def call(self, x):
        return Inner()(x)
y = layers.Dropout(0.5)(Outer()(layers.Input((10, 8))))
""")
    assert [(f.layer, f.kind, f.depth, f.row, f.input_shapes, f.unknown_reason) for f in found] == [
        ("InputLayer", "input", 0, 8, (), None),
        ("Outer", "composite", 0, 8, ((None, 10, 8),), "custom layer `Outer`"),
        ("Inner", "opaque", 1, 7, ((None, 10, 8),), "custom layer `Inner`"),
        ("Dropout", "layer", 0, 8, (None,), "its input shape is not known")]


def test_a_build_inherited_from_another_module_runs_there(tmp_path: Path) -> None:
    # `build` is read in base.py, where `layers` and `WIDTH` are known; model.py has neither.
    tree(tmp_path, {"pyproject.toml": "", "base.py": """
        from keras import layers
        WIDTH = 16
        class Base(layers.Layer):
            def build(self, input_shape):
                self.proj = layers.Dense(WIDTH)
    """, "model.py": """
        import keras
        from base import Base
        class Block(Base):
            def call(self, x):
                return self.proj(x)
        inp = keras.Input((10, 8))
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(Block()(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(7, "NL003")]


def test_an_attribute_set_on_an_undecided_branch_of_init_says_so() -> None:
    found = calls_of("""x = layers.Input((10, 8))
class Block(layers.Layer):
    def __init__(self, wide=False):
        super().__init__()
        self.units = 8
        if wide:
            self.units = 16
    def call(self, x):
        return layers.Dense(self.units)(x)
y = Block(flag)(x)
""")
    dense = next(f for f in found if f.layer == "Dense")
    reason = "`self.units` is set where noiselint cannot tell whether it runs"
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({reason})")


def test_a_builtin_named_in_another_module_is_not_a_definition_there(tmp_path: Path) -> None:
    # `len` has no binding in blocks.py: it is no def or class of that module.
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": """
        from keras import layers
        def widen(x, names):
            names = sorted(names, key=len)
            return layers.Dense(16)(x)
    """, "model.py": """
        import keras
        from blocks import widen
        inp = keras.Input((10, 8))
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(widen(inp, ["a", "bc"]))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(4, "NL003")]


def test_a_negation_that_is_not_static_says_so() -> None:
    # Stacked LSTMs: all but the last return sequences, decided by an argument not known here.
    found = calls_of("def stack(x, last):\n    return layers.LSTM(8, return_sequences=not last)(x)\n"
                     "y = stack(layers.Input((10, 8)), last)\n")
    lstm = next(f for f in found if f.layer == "LSTM")
    assert (lstm.output_shape, lstm.unknown_reason) == (
        None, "argument `return_sequences` not static (a condition that is not static)")


# What the module defines but never runs or builds: still run, on unknown arguments.
NEVER_BUILT = {
    "a layer class nothing builds: its GRU's units are an unknown argument": ("""
        class Enc(layers.Layer):
            def __init__(self, units):
                super().__init__()
                self.rnn = layers.GRU(units)
            def call(self, x):
                return self.rnn(x)
        """, [("Enc", "composite", 0, 3, (None, None), None),
              ("GRU", "layer", 1, 6, (None, None),
               "argument `units` not static (an argument of a class the module never builds)")]),
    "a subclassed model nothing builds is built as a model": ("""
        class Net(keras.Model):
            def call(self, x):
                return layers.Dense(16)(x)
        net = Net()
        """, [("Net", "composite", 0, 6, None, "custom layer `Net`"),
              ("Dense", "layer", 1, 5, None, "its input shape is not known")]),
}


@pytest.mark.parametrize(("code", "expected"), NEVER_BUILT.values(), ids=NEVER_BUILT.keys())
def test_what_the_module_never_builds(code: str, expected: list[tuple[object, ...]]) -> None:
    found = calls_of(textwrap.dedent(code).lstrip("\n"))  # after two import lines
    # Rows as `noiselint shapes` shows them: a class nothing builds is listed at its `class`.
    assert [(f.layer, f.kind, f.depth, f.row, f.output_shape, f.unknown_reason) for f in found] == expected


def test_a_subclassed_model_nothing_builds_is_listed_as_a_model() -> None:
    assert models("""
        class Net(keras.Model):
            def call(self, x):
                return layers.Dense(16)(x)
        net = Net()
        """) == {"net (subclassed, line 6)": [("Net", 0, None, False, 6), ("Dense", 1, None, False, 5)]}


# The layers `noiselint shapes` lists under a functional model: the calls that make its
# outputs, not every call its inputs feed.
FUNCTIONAL = {
    "a call its input feeds outside the model is not one of its layers": ("""
        inp = keras.Input((10, 8))
        out = layers.Dense(16)(inp)
        aux = layers.Dense(4)(inp)
        model = keras.Model(inp, out)
        """, {"model (functional, line 6)": [("InputLayer", 0, (None, 10, 8), True, 3),
                                             ("Dense", 0, (None, 10, 16), True, 4)],
              " (, line 5)": [("Dense", 0, (None, 10, 4), True, 5)]}),
    "outputs noiselint cannot follow: the calls its inputs feed": ("""
        inp = keras.Input((10, 8))
        h = layers.Dense(16)(inp)
        model = keras.Model(inp, heads)
        """, {"model (functional, line 5)": [("InputLayer", 0, (None, 10, 8), True, 3),
                                             ("Dense", 0, (None, 10, 16), True, 4)]}),
    "a model bound to no name": ("""
        def make():
            inp = keras.Input((10, 8))
            return keras.Model(inp, layers.Dense(16)(inp))
        make().summary()
        """, {"model (functional, line 5)": [("InputLayer", 0, (None, 10, 8), True, 4),
                                             ("Dense", 0, (None, 10, 16), True, 5)]}),
}


@pytest.mark.parametrize(("code", "expected"), FUNCTIONAL.values(), ids=FUNCTIONAL.keys())
def test_the_layers_of_a_functional_model(code: str, expected: dict[str, list[tuple[object, ...]]]) -> None:
    assert models(code) == expected


UNCALLED = """\
import keras
from keras import layers

def tower(depth):
    x = keras.Input((10, 8))
    for _ in range(16):
        x = layers.Dense(8)(layers.Dense(32)(x))
    return layers.Dropout(0.5, noise_shape=(None, 1, 4))(x)

class Head(layers.Layer):
    def call(self, x):
        return tower(x)
"""


def _strict_infer(parsed, evaluator, sites, *, whole_model=False):
    return infer_facts(parsed, evaluator, sites, KerasShapes(None).offline_twin(), strict=True)


def test_code_nothing_runs_is_timed_for_verbose(monkeypatch: pytest.MonkeyPatch) -> None:
    # `--verbose` on a slow file: the function and the layer class nothing calls are run
    # (and timed) at the end; no construct took longer than the file's whole analysis.
    monkeypatch.setattr(budget, "SLOW_FILE_SECONDS", -1.0)
    with budget.clocked(True) as clock:
        # strict: a failure of the interpreter is an NL902 rather than a note
        found = lint_text(SourceFile("m.py", UNCALLED), tuple(r() for r in RULES), _strict_infer)
        elapsed = time.monotonic() - clock.started
    assert [(d.code, d.span.start_row) for d in found] == [("NL003", 8)]  # in the tower nothing calls
    assert "slowest construct: " in (clock.report() or "")
    assert 0 < clock.slowest[0] <= elapsed


def test_an_init_inherited_from_another_module_runs_there(tmp_path: Path) -> None:
    # `__init__` is read in base.py, where `layers` and `WIDTH` are known; model.py has neither.
    tree(tmp_path, {"pyproject.toml": "", "base.py": """
        from keras import layers
        WIDTH = 16
        class Base(layers.Layer):
            def __init__(self):
                super().__init__()
                self.proj = layers.Dense(WIDTH)
    """, "model.py": """
        import keras
        from base import Base
        class Block(Base):
            def call(self, x):
                return self.proj(x)
        inp = keras.Input((10, 8))
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(Block()(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(7, "NL003")]


def test_a_declared_sequential_applied_to_another_shape_is_judged_against_its_input() -> None:
    # Keras 3.15: "expected shape=(None, 10, 8), found shape=(None, 10, 4)". The model was
    # built for its declared input; its input check refuses the call before any layer runs.
    found = calls_of("head = keras.Sequential([layers.Dense(16, input_shape=(10, 8)), layers.Dense(4)])\n"
                     "y = head(keras.Input((10, 4)))\n")
    applied = [(f.layer, f.kind, f.error.message if f.error else None) for f in found if f.kind == "composite"]
    assert applied == [("head", "composite", 'Input 0 of layer "functional" is incompatible with the layer: '
                                             "expected shape=(None, 10, 8), found shape=(None, 10, 4)")]
    assert [f for f in found if f.depth == 1] == []


def test_a_slice_of_a_shape_vector_in_a_builder_is_a_tensor() -> None:
    # TensorFlow (eager, 2.21): `tf.stack([1, 1, 8])[1:] * 2` is [2, 16], not the list repeated.
    found = calls("import tensorflow as tf\n"
                  "def f(x, n=8):\n"
                  "    return layers.Dropout(0.5, noise_shape=tf.stack([1, 1, n])[1:] * 2)(x)\n"
                  "y = f(keras.Input((10, 8)))\n")
    assert [(layer, mask) for layer, _, _, _, mask in found] == [("InputLayer", None), ("Dropout", (2, 16))]


def test_a_method_inherited_from_another_module_runs_there_when_called(tmp_path: Path) -> None:
    # `self.head(x)`: `head` is read in base.py, where `layers` and `WIDTH` are known.
    tree(tmp_path, {"pyproject.toml": "", "base.py": """
        from keras import layers
        WIDTH = 16
        class Base(layers.Layer):
            def head(self, x):
                return layers.Dense(WIDTH)(x)
    """, "model.py": """
        import keras
        from base import Base
        class Block(Base):
            def call(self, x):
                return self.head(x)
        inp = keras.Input((10, 8))
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(Block()(inp))
    """})
    assert codes(lint(tmp_path / "model.py")) == [(7, "NL003")]


def test_a_builder_nothing_calls_has_unknown_star_args() -> None:
    found = calls_of("def make(*sizes):\n    x = keras.Input((10, 8))\n    return layers.Dense(sizes[0])(x)\n")
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in found] == [
        ("InputLayer", (None, 10, 8), None),
        ("Dense", (None, 10, None), "argument `units` not static (a parameter of a function the module never calls)")]


def test_a_recursive_call_is_not_followed_and_says_so() -> None:
    # A recursive builder of layers is one call noiselint cannot see into, on its own line.
    found = calls_of("def stack(x, n):\n    return stack(layers.Dense(8)(x), n - 1) if n else x\n"
                     "y = layers.Dense(4)(stack(layers.Input((10, 8)), 3))\n")
    assert [(f.layer, f.row, f.output_shape) for f in found] == [
        ("InputLayer", 5, (None, 10, 8)), ("Dense", 4, (None, 10, 8)), ("stack", 3, None), ("Dense", 5, None)]
    # A recursive size: Python gives 32; noiselint says why it does not.
    found = calls_of("def width(n):\n    return width(n - 1) * 2 if n else 8\n"
                     "y = layers.Dense(width(2))(layers.Input((10, 8)))\n")
    dense = next(f for f in found if f.layer == "Dense")
    assert dense.unknown_reason == "argument `units` not static (a recursive or too deep call)"
