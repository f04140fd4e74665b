"""More edges of the interpreter, found untested by the survivors of the mutation run of
`model/interpreter.py` and `model/exprs.py` that `test_interpreter_edges.py` did not cover
(issue 26): the code after an unrolled loop that may break, flags computed from a list of
bools, tensor arithmetic on a value noiselint does not know, and an array made by
broadcasting two arrays. Each case asserts what a user sees: a dropout's input shape as the
NL rules read it, or what a data finding's message says of an array."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_array_calls_edges import fed
from test_interpreter_edges import _strict_infer
from test_interpreter_statements import calls_of, site_after
from test_project import codes, lint, tree

from noiselint import budget
from noiselint.checks import RULES
from noiselint.engine import lint_text
from noiselint.files.source import SourceFile
from noiselint.values.arrays import show

AFTER_A_LOOP = {
    # A `break` on one path of an unrolled loop: the loop stops somewhere noiselint cannot
    # tell, but the code after it runs (what the loop assigns is unknown there, nothing else).
    "after a loop that may break": ("""
        for size in (16, 4):
            if early:
                break
            h = layers.Dense(size)(x)
        x = layers.Dense(16)(x)
        """, (None, 10, 16)),
    "after a loop that may break, in a builder": ("""
        def block(x):
            for size in (16, 4):
                h = layers.Dense(size)(x)
                if early:
                    break
            return layers.Dense(4)(x)
        x = block(x)
        """, (None, 10, 4)),
}


@pytest.mark.parametrize(("code", "shape"), AFTER_A_LOOP.values(), ids=AFTER_A_LOOP.keys())
def test_the_code_after_a_loop_that_may_break(code: str, shape: tuple[int | None, ...] | None) -> None:
    assert site_after(code) == shape


STACK = """
import keras
from keras import layers
def stack(x, n):
    for sequences in {flags}:
        x = layers.LSTM(8, return_sequences=sequences)(x)
    return x
inp = keras.Input((10, 8))
model = keras.Model(inp, layers.Dense(1)(stack(inp, 3)))
"""


@pytest.mark.parametrize(("flags", "found"), [
    ("[True] * (n - 1) + [False]", []),  # all but the last return sequences: right
    ("[False] * (n - 1) + [True]", [(6, "NL101")]),  # the second gets (None, 8)
])
def test_stacked_recurrent_layers_with_flags_from_a_list_of_bools(tmp_path: Path, flags: str, found: list) -> None:
    # The flags are list arithmetic on bools in a builder, which the interpreter computes
    # from literals of the values: a flag read as None would make the first LSTM return
    # (None, 8) and the second reject it.
    (tmp_path / "model.py").write_text(STACK.format(flags=flags), encoding="utf-8")
    assert codes(lint(tmp_path / "model.py")) == found


# A builder nothing calls, of 1,024 layers: run only at the end, on unknown arguments.
TOWER = """\
import keras
from keras import layers

def tower():
    x = keras.Input((10, 8))
    for _ in range(32):
        for _ in range(32):
            x = layers.Dense(8)(x)
    return layers.Dropout(0.5, noise_shape=(None, 1, 4))(x)
"""


def test_verbose_names_the_code_nothing_runs_as_the_slowest_construct(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tower takes ~50 ms; the module's own statements (imports, a def) and each rule
    # well under 1 ms: `--verbose` names the tower as the slowest construct.
    monkeypatch.setattr(budget, "SLOW_FILE_SECONDS", -1.0)
    with budget.clocked(True) as clock:
        found = lint_text(SourceFile("m.py", TOWER), tuple(r() for r in RULES), _strict_infer)
    assert [(d.code, d.span.start_row) for d in found] == [("NL003", 9)]
    assert clock.slowest[1] == "line 4: `def tower():`"
    assert "slowest construct: line 4: `def tower():`" in (clock.report() or "")


def test_the_methods_of_a_plain_class_nothing_builds_run_after_a_class_without_any() -> None:
    # Builder style: `Config` has only `__init__`; `Net.build` is run, on an instance made
    # from unknown arguments, and its row says why `units` is not known.
    found = calls_of("""class Config(object):
    def __init__(self):
        self.rate = 0.5
class Net(object):
    def __init__(self, units):
        self.units = units
    def build(self):
        x = keras.Input((10, 8))
        return layers.Dense(self.units)(x)
""")
    assert [(f.layer, f.row, f.output_shape, f.unknown_reason) for f in found] == [
        ("InputLayer", 10, (None, 10, 8), None),
        ("Dense", 11, (None, 10, None), "argument `units` not static (an argument of a class the module never builds)")]


def test_a_plain_class_nothing_builds_applied_to_itself_is_listed_at_the_class() -> None:
    # `self(x)` in a method nothing calls: the instance is the one noiselint made for the
    # class, so `noiselint shapes` lists its `__call__` on the class's line.
    found = calls_of("""class Block(object):
    def build(self):
        x = keras.Input((10, 8))
        return self(x)
    def __call__(self, x):
        return layers.Dense(16)(x)
""")
    assert [(f.layer, f.kind, f.depth, f.row, f.output_shape) for f in found] == [
        ("InputLayer", "input", 0, 5, (None, 10, 8)),
        ("Block", "composite", 0, 3, (None, 10, 16)),
        ("Dense", "layer", 1, 8, (None, 10, 16))]


def test_an_attribute_a_plain_class_s_method_sets_on_one_branch_is_not_known() -> None:
    # The method runs on an instance made before the branch: which `units` it holds after
    # the `if` depends on `wide`.
    found = calls_of("""class Net(object):
    def build(self):
        self.units = 16
        if wide:
            self.units = 64
        return layers.Dense(self.units)(keras.Input((10, 8)))
""")
    why = "`self.units` is set where noiselint cannot tell whether it runs"
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in found] == [
        ("InputLayer", (None, 10, 8), None),
        ("Dense", (None, 10, None), f"argument `units` not static ({why})")]


def test_a_parameter_of_a_plain_class_s_method_nothing_calls_says_so() -> None:
    found = calls_of("""class Net(object):
    def build(self, units):
        return layers.Dense(units)(keras.Input((10, 8)))
""")
    why = "a parameter of a method the module never calls"
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in found] == [
        ("InputLayer", (None, 10, 8), None),
        ("Dense", (None, 10, None), f"argument `units` not static ({why})")]


@pytest.mark.parametrize("code", [
    "units, n = sizes",  # not static
    "units, n = (16, 4, 2)",  # Python raises ValueError: too many values to unpack
    "units, n = (16,)",  # ... not enough values
])
def test_a_size_unpacked_from_what_is_not_two_values_is_not_known(code: str) -> None:
    dense = next(f for f in calls_of(f"x = layers.Input((10, 8))\n{code}\ny = layers.Dense(units)(x)\n")
                 if f.layer == "Dense")
    why = "unpacked from a value that is not static"
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({why})")


def test_a_sequence_too_large_to_follow_says_so() -> None:
    # Tuples of tuples, ten at each of five levels: 111,110 values, which noiselint does
    # not hold (nested 30 deep they would be 10 ** 30).
    code = "t = (1,) * 10\n" + "t = (t, t, t, t, t, t, t, t, t, t)\n" * 4 + "units = t[0][0][0][0][0]\n"
    dense = next(f for f in calls_of(f"x = layers.Input((10, 8))\n{code}y = layers.Dense(units)(x)\n")
                 if f.layer == "Dense")
    why = "a sequence too large to follow"
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({why})")


@pytest.mark.parametrize("use", [
    "tower(inp, head)",  # a builder passed to another
    "tower(inp, BLOCKS[0])",  # a tuple of builders
])
def test_a_builder_of_another_module_used_as_a_value(tmp_path: Path, use: str) -> None:
    # `head` is not called where it is named: it is looked up in blocks.py as a value.
    tree(tmp_path, {"pyproject.toml": "", "blocks.py": """
        from keras import layers
        def head(x):
            return layers.Dense(16)(x)
    """, "model.py": f"""
        import keras
        from blocks import head
        BLOCKS = (head,)
        def tower(x, block):
            return block(x)
        inp = keras.Input((10, 8))
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))({use})
    """})
    assert codes(lint(tmp_path / "model.py")) == [(7, "NL003")]


def test_an_attribute_set_on_an_attribute_of_self() -> None:
    # `self.cfg.units = 16` changes the Config `self.cfg` holds: Keras builds Dense(16).
    # Was ignored: the Dense read the 4 `Config.__init__` set.
    found = calls_of("""class Config(object):
    def __init__(self):
        self.units = 4
class Block(layers.Layer):
    def __init__(self):
        super().__init__()
        self.cfg = Config()
        self.cfg.units = 16
    def call(self, x):
        return layers.Dense(self.cfg.units)(x)
y = layers.Dropout(0.5)(Block()(keras.Input((10, 8))))
""")
    assert [(f.layer, f.output_shape) for f in found] == [
        ("InputLayer", (None, 10, 8)), ("Block", (None, 10, 16)), ("Dense", (None, 10, 16)),
        ("Dropout", (None, 10, 16))]


def test_tensor_arithmetic_on_an_unknown_value_says_why() -> None:
    # `noiselint shapes` lists the arithmetic as a call it cannot see into, with the reason.
    found = calls_of("x = layers.Input((10, 8))\ny = layers.Dropout(0.5)(x * scale)\n")
    assert [(f.layer, f.kind, f.output_shape, f.unknown_reason) for f in found] == [
        ("InputLayer", "input", (None, 10, 8), None),
        ("x * scale", "opaque", None, "tensor arithmetic noiselint does not model"),
        ("Dropout", "layer", None, "its input shape is not known")]


_X = np.empty((60000, 28, 28), np.uint8)  # mnist's x_train, without memory


@pytest.mark.parametrize("expression", [
    "x[..., None] * np.ones(3)",  # grayscale to three channels
    "np.zeros((100, 1)) + np.zeros((1, 5))",
])
def test_an_array_broadcast_to_a_new_shape_is_named_by_its_expression(expression: str) -> None:
    # The shape is NumPy's; the message quotes the expression that made the array.
    numpy = show(eval(expression, {"np": np, "x": _X}).shape)  # the test's own expressions
    assert fed(expression) == f"`{expression}` on line 10 is {numpy}"


# Statements and expressions inside a builder, which only the interpreter reads (found by
# the survivors `statement` 8, 41, `eval` 13 of the lead's resumed run).
IN_A_BUILDER = {
    "an annotated assignment": ("units: int = 16", "units"),
    "an augmented assignment": ("units = 8\n    units *= 2", "units"),
    "an augmented assignment by a local": ("units, factor = 8, 2\n    units *= factor", "units"),
    "a continue in an unrolled loop": ("units = 0\n    for size in (4, 16):\n        if size == 4:\n"
                                       "            continue\n        units += size", "units"),
    "an assignment expression": ("h = layers.Dense(n := 16)(x)", "n"),
}


@pytest.mark.parametrize(("body", "size"), IN_A_BUILDER.values(), ids=IN_A_BUILDER.keys())
def test_a_size_set_in_a_builder(body: str, size: str) -> None:
    code = f"def block(x):\n    {body}\n    return layers.Dense({size})(x)\nx = block(x)\n"
    assert site_after(code) == (None, 10, 16)


# Why a size is not known, as `noiselint shapes` prints it (`eval` 75, `bind` 43, 44).
REASONS = {
    "an expression that is no value": ("f = lambda: 3\n    return layers.Dense(f)(x)",
                                       "`lambda: 3` is not a static value"),
    "an array changed in place": ("a = np.zeros((10, 8))\n    a.shape = (80,)\n    return layers.Dense(a.shape[0])(x)",
                                  "an array changed in place (`x.shape = ...`)"),
}


@pytest.mark.parametrize(("body", "reason"), REASONS.values(), ids=REASONS.keys())
def test_the_reason_a_size_in_a_builder_is_not_known(body: str, reason: str) -> None:
    found = calls_of(f"import numpy as np\ndef block(x):\n    {body}\ny = block(layers.Input((10, 8)))\n")
    dense = next(f for f in found if f.layer == "Dense")
    assert (dense.output_shape, dense.unknown_reason) == ((None, 10, None), f"argument `units` not static ({reason})")
