"""The last edges of the interpreter the mutation runs of `model/interpreter.py` and
`model/exprs.py` left untested (issue 26, session 5): augmented assignments of tensors, a
function that returns nothing, the rows an unpacking names, a comparison compared again, a
custom layer whose `build` makes a model, a Sequential's dropout in a builder called with
another argument, and builders of other modules that shadow or rebind a name. Each case
asserts what `noiselint shapes` shows, a dropout's input shape, or a finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_graph import facts_of
from test_interpreter_statements import calls_of, site_after
from test_project import codes, lint, tree


def test_an_augmented_assignment_of_tensors_is_listed_on_its_line() -> None:
    # `x += ...` of two tensors is an Add on the statement's line (inside the builder's
    # frame); `x *= 2` keeps the shape, listed by its code.
    found = calls_of("""def block(x):
    x += layers.Dense(8)(x)
    return x
y = block(layers.Input((10, 8)))
y *= 2
""")
    assert [(f.layer, f.kind, f.row, f.output_shape) for f in found] == [
        ("InputLayer", "input", 6, (None, 10, 8)),
        ("Dense", "layer", 4, (None, 10, 8)),
        ("Add", "layer", 4, (None, 10, 8)),
        ("y *= 2", "passthrough", 7, (None, 10, 8))]


@pytest.mark.parametrize("end", ["", "    return\n"], ids=["falling off its end", "a bare return"])
def test_a_function_that_returns_nothing_returns_none(end: str) -> None:
    # `pick("narrow")` falls off its end (or returns bare): None, which the caller replaces.
    assert site_after('def pick(name):\n    if name == "wide":\n        return 64\n' + end +
                      'units = pick("narrow")\nif units is None:\n    units = 16\nx = layers.Dense(units)(x)') \
        == (None, 10, 16)


def test_the_rows_an_unpacking_names() -> None:
    # `a, b = ...` names each row after its variable; a loop variable names no row, also
    # when the loop unpacks: `t` and `u` walk values made elsewhere.
    found = calls_of("""x = layers.Input((10, 8))
a, b = layers.Dense(4)(x), layers.Dense(8)(x)
for t, u in [(layers.Dense(2)(x), layers.Dense(6)(x))]:
    y = layers.Concatenate()([t, u])
""")
    assert [(f.layer, f.name) for f in found] == [
        ("InputLayer", "x"), ("Dense", "a"), ("Dense", "b"), ("Dense", None), ("Dense", None), ("Concatenate", "y")]


def test_a_comparison_compared_again() -> None:
    # `n > 2` is False, and `False == deep` holds: the first size.
    assert site_after("""
        n, deep = 1, False
        x = layers.Dense(16 if (n > 2) == deep else 64)(x)
        """) == (None, 10, 16)


def test_a_model_a_custom_layer_s_build_makes_is_inside_the_layer() -> None:
    # The Input and Dense made in `build` belong to the custom layer: one level below it in
    # `noiselint shapes`, as the model its `call` applies.
    found = calls_of("""class Block(layers.Layer):
    def build(self, shape):
        inp = keras.Input(shape[1:])
        self.inner = keras.Model(inp, layers.Dense(16)(inp))
    def call(self, x):
        return self.inner(x)
y = layers.Dropout(0.5)(Block()(keras.Input((10, 8))))
""")
    assert [(f.layer, f.kind, f.depth, f.output_shape) for f in found] == [
        ("InputLayer", "input", 1, (None, 10, 8)),
        ("Dense", "layer", 1, (None, 10, 16)),
        ("InputLayer", "input", 0, (None, 10, 8)),
        ("Block", "composite", 0, (None, 10, 16)),
        ("Model", "composite", 1, (None, 10, 16)),
        ("Dense", "layer", 2, (None, 10, 16)),
        ("Dropout", "layer", 0, (None, 10, 16))]


@pytest.mark.parametrize("first", ["32", "64"])
def test_a_dropout_listed_in_a_sequential_a_builder_makes_with_another_argument_lends_no_shape(first: str) -> None:
    # As a Dropout applied in a builder (test_graph): the rules read `units` as 64 (one call
    # leaves it out), so the Sequential made with 32 must not lend (None, 10, 32) to the site.
    _, facts = facts_of(f"""import keras
from keras import layers
def make(units=64):
    return keras.Sequential([keras.Input((10, 8)), layers.Dense(units),
                             layers.Dropout(0.2, noise_shape=(None, 1, units))])
a = make({first})
b = make()
""")
    assert list(facts.input_shapes.values()) == [(None, 10, 64)]


# Builders of another module (blocks.py), used from model.py: `y` is what the builder
# makes; `z` is a mismatch on an Input of its own, found only if reading goes on after `y`.
MODEL = """
    import keras
    from keras import layers
    from blocks import {name}
    inp = keras.Input((10, 8))
    y = {name}(inp)
    z = layers.Dropout(0.5, noise_shape=(None, 1, 4))(layers.Dense(16)(keras.Input((10, 8))))
    w = layers.Dropout(0.5, noise_shape=(None, 1, 4))(y)
"""
HEADS = "from keras import layers\ndef head(x):\n    return layers.Dense(16)(x)\n"  # heads.py
BLOCKS = {
    # The index's last binding of `head` is a def; blocks.py rebinds it where noiselint
    # cannot tell whether it runs, or to a value it cannot see: not followed, `y` unknown.
    "a def rebound on a branch": ("head", """
        from keras import layers
        def head(x):
            return layers.Dense(16)(x)
        if FAST:
            head = None
        """, [(6, "NL003")]),
    "a def rebound to a value": ("head", """
        from keras import layers
        def head(x):
            return layers.Dense(16)(x)
        head = wrap(head)
        """, [(6, "NL003")]),
    # `tower` imports `head` from heads.py, shadowing blocks.py's own `head`: Dense(16).
    "a local import shadowing a def of the module": ("tower", """
        from keras import layers
        def head(x):
            return layers.Dense(4)(x)
        def tower(x):
            from heads import head
            return head(x)
        """, [(6, "NL003"), (7, "NL003")]),
}


@pytest.mark.parametrize(("name", "blocks", "found"), BLOCKS.values(), ids=BLOCKS.keys())
def test_a_name_of_another_module(tmp_path: Path, name: str, blocks: str, found: list) -> None:
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": blocks, "model.py": MODEL.format(name=name), "heads.py": HEADS})
    assert codes(lint(tmp_path / "model.py")) == found


VALUE = {
    # An enum member's `.value`: the Evaluator reads `Pad.SAME` as "same". Was "not
    # modelled" for any value but an int: the Conv1D's shape was unknown.
    "a str enum member's value": (
        "import enum\nclass Pad(enum.Enum):\n    SAME = 'same'\nx = layers.Conv1D(16, 3, padding=Pad.SAME.value)(x)",
        (None, 10, 16)),
    "an int enum member's value": (
        "import enum\nclass Size(enum.Enum):\n    SMALL = 16\nx = layers.Dense(Size.SMALL.value)(x)", (None, 10, 16)),
    # TF 1: the size of a Dimension not known is None.
    "the value of a batch dimension": (
        "n = x.shape[0].value\nif n is None:\n    n = 16\nx = layers.Dense(n)(x)", (None, 10, 16)),
}


@pytest.mark.parametrize(("code", "shape"), VALUE.values(), ids=VALUE.keys())
def test_the_value_of_a_constant(code: str, shape: tuple[int | None, ...]) -> None:
    assert site_after(code) == shape


def test_a_def_on_the_branch_not_taken_is_not_the_name_s_value(tmp_path: Path) -> None:
    # `FANCY` is True: `head` is heads.py's (Dense(16)), not the fallback defined below it,
    # though that def is the module's last binding of the name.
    tree(tmp_path, {"pyproject.toml": "", "heads.py": HEADS, "model.py": """
        import keras
        from keras import layers
        FANCY = True
        if FANCY:
            from heads import head
        else:
            def head(x):
                return layers.Dense(4)(x)
        y = head(keras.Input((10, 8)))
        w = layers.Dropout(0.5, noise_shape=(None, 1, 4))(y)
        """})
    assert codes(lint(tmp_path / "model.py")) == [(10, "NL003")]


def test_the_layers_of_an_undeclared_sequential_of_two_layers_are_not_known() -> None:
    # Keras builds an undeclared Sequential on the data it is first given: before that,
    # `model.layers[-1].output` raises. The first layer's output is no input of the model.
    dense = next(f for f in calls_of("x = layers.Input((10, 8))\n"
                                     "model = keras.Sequential([layers.Conv1D(16, 3), layers.Dense(4)])\n"
                                     "units = model.layers[-1].output.shape[-1]\ny = layers.Dense(units)(x)\n")
                 if f.layer == "Dense" and f.row == 6)
    why = "the model's layers are not known"
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({why})")



def _block(build_end: str) -> str:
    return ("class Block(layers.Layer):\n    def build(self, shape):\n"
            "        self.dense = layers.Dense(shape[-1] * 2)\n" + build_end +
            "    def call(self, x):\n        return self.dense(x)\n")


_SUPER = "        super().build(shape)\n"
_BUILT_HERE = "b = Block()\nb.build((None, 10, 4))\ny = b(keras.Input((10, 8)))\n"


@pytest.mark.parametrize(("block", "code", "units"), [
    (_SUPER, _BUILT_HERE, 8),
    ("        with keras.name_scope('b'):\n            super(Block, self).build(shape)\n", _BUILT_HERE, 8),
    # Made and built on one branch: built wherever it exists.
    (_SUPER, "if flag:\n    b = Block()\n    b.build((None, 10, 4))\n    y = b(keras.Input((10, 8)))\n", 8),
    # Built on one branch only: the call may be its first build (on the input's shape).
    (_SUPER, "b = Block()\nif flag:\n    b.build((None, 10, 4))\ny = b(keras.Input((10, 8)))\n", 16),
    (_SUPER, "b = Block()\ny = b(keras.Input((10, 8)))\n", 16),
    # Without `super().build(...)` (or after a `return` that may come first) Keras 2 leaves
    # the layer unbuilt, and builds it when it is called.
    ("", _BUILT_HERE, 16),
    ("        if flag:\n            return\n" + _SUPER, _BUILT_HERE, 16),
])
def test_a_layer_built_by_an_explicit_build_is_not_built_again_when_called(block: str, code: str, units: int) -> None:
    # Keras builds a layer once: `b.build((None, 10, 4))` made Dense(8), and calling `b` on
    # (10, 8) does not run `build` again (which would make Dense(16)).
    found = calls_of(_block(block) + code)
    assert [(f.layer, f.depth, f.output_shape) for f in found] == [
        ("InputLayer", 0, (None, 10, 8)), ("Block", 0, (None, 10, units)), ("Dense", 1, (None, 10, units))]
