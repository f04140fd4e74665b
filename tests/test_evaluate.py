"""The static evaluator: what it knows, and that what it cannot know stays Unknown."""

from __future__ import annotations

import math
import textwrap

import pytest
from evaluated import assigned_value
from hypothesis import given
from hypothesis import strategies as st

from noiselint.syntax import nodes
from noiselint.values.kinds import Const, Seq, TensorDim, Unknown, Value


def _value_of(code: str, target: str = "RESULT") -> Value:
    return assigned_value(textwrap.dedent(code), target)


def _plain(value: Value) -> object:
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        return tuple(_plain(v) for v in value.items)
    return type(value).__name__


@pytest.mark.parametrize(("code", "expected"), [
    ("RESULT = (64, 1, 8)", (64, 1, 8)),
    ("RESULT = [None, 1, 8.0]", (None, 1, 8.0)),
    ("RESULT = -3", -3),
    ("RESULT = 'abc'", "abc"),
    ("RESULT = True", True),
    ("B = 128\nRESULT = (B, 1)", (128, 1)),
    ("B = 128\nRESULT = (B // 2, B * 2 + 1, B - 8, B % 5, 2 ** 3)", (64, 257, 120, 3, 8)),
    ("NOISE = (64, 1, 8)\nRESULT = NOISE", (64, 1, 8)),
    ("NOISE = (64, 1, 8)\nRESULT = NOISE[0]", 64),
    ("NOISE = (64, 1, 8)\nRESULT = NOISE[-1]", 8),
    ("NOISE = (64, 1, 8)\nRESULT = (None,) + NOISE[1:]", (None, 1, 8)),
    ("NOISE = (64, 1, 8)\nRESULT = (None, *NOISE[1:])", (None, 1, 8)),
    ("RESULT = [1] * 3", (1, 1, 1)),
    ("B, T, F = 32, 10, 8\nRESULT = (B, T, F)", (32, 10, 8)),
    ("SHAPE = (16, 4)\nS0, S1 = SHAPE\nRESULT = (S1, S0)", (4, 16)),
    ("(A, (B, C)) = (1, (2, 3))\nRESULT = (A, B, C)", (1, 2, 3)),
    ("X: int = 5\nRESULT = X", 5),
    ("RESULT = tuple([1, 2])", (1, 2)),
    ("RESULT = int(7.9)", 7),
    ("def build(batch_size=64):\n    RESULT = (batch_size, 1)", (64, 1)),
    ("def build(*, batch_size=32):\n    RESULT = batch_size", 32),
    ("class M:\n    B = 99\n    def f(self):\n        RESULT = self.B", 99),
    ("class M:\n    B = 99\n    def f(self):\n        RESULT = M.B", 99),
    ("class M:\n    def __init__(self):\n        self.b = 77\n    def f(self):\n        RESULT = self.b", 77),
    ("B = 1\ndef f():\n    B = 2\n    RESULT = B", 2),
    ("B = 1\ndef f():\n    RESULT = B", 1),
    ("RESULT = (1,) * 0", ()),
    ("RESULT = (1,) * 64", (1,) * 64),
    ("RESULT = 2 ** 64", 2 ** 64),
    ("RESULT = 1 + 100", 101),
    ("RESULT = (1, 2, 3)[::1]", (1, 2, 3)),
    ("class M:\n    B = 9\n    @classmethod\n    def f(cls):\n        RESULT = cls.B", 9),
    ("RESULT = float('-inf')", float("-inf")),
    ("import numpy as np\nRESULT = np.inf", float("inf")),
    ("class Config:\n    rate = 0.5\ncfg = Config()\nRESULT = cfg.rate", 0.5),
    # A guard on another attribute says nothing about this one.
    ("class M:\n    X = 1\n    Y = 2\n    def f(self):\n        if self.Y != 1:\n            RESULT = self.X", 1),
])
def test_static_values(code: str, expected: object) -> None:
    assert _plain(_value_of(code)) == expected


@pytest.mark.parametrize("code", [
    "RESULT = unknown_name",
    "import config\nRESULT = config.BATCH",
    "B = 1\nB = 2\nRESULT = B",
    "B = 1\nB += 1\nRESULT = B",
    "for B in range(3):\n    pass\nRESULT = B",
    "def f(batch_size):\n    RESULT = batch_size",
    "RESULT = x.shape[0]",
    "RESULT = len(q)",
    "RESULT = f'{x}'",
    "import os\nRESULT = int(os.environ['B'])",
    "A, *REST = (1, 2, 3)\nRESULT = REST",
    "RESULT = (1, 2)[5]",
    "RESULT = 10 ** 1000",
    "RESULT = 1 // 0",
    "with open(p) as B:\n    RESULT = B",
    "import keras\nRESULT = keras.ops.shape(inp)[0]",
    "RESULT = (1,) * 65",
    "RESULT = (1, 2) + 3",
    "RESULT = None + 1",
    "RESULT = -x",
    "RESULT = -'a'",
    "B = 1\nif c:\n    B = True\nRESULT = B",
    "RESULT = float()",
    "RESULT = float(x='nan')",
    "RESULT = round(7.9)",
    "RESULT = int(1e300)",
    "RESULT = (1, 2)[2]",
    "RESULT = (1, 2)[x:]",
    "class M:\n    B = 9\n    def f(self, other):\n        RESULT = other.B",
    "RESULT = float(2)",
    "RESULT = float(x)",
])
def test_unknowable_values_stay_unknown(code: str) -> None:
    assert isinstance(_value_of(code), Unknown)


@pytest.mark.parametrize(("code", "is_list"), [
    ("RESULT = [1, 2]", True),
    ("RESULT = (1, 2)", False),
    ("RESULT = [1] + [2]", True),
    ("RESULT = (1,) + (2,)", False),
    ("RESULT = [0] * 2", True),
    ("RESULT = (0,) * 2", False),
    ("RESULT = [1, 2, 3][1:]", True),
    ("RESULT = list((1, 2))", True),
    ("RESULT = tuple([1, 2])", False),
])
def test_a_list_stays_a_list(code: str, is_list: bool) -> None:
    """`isinstance(mask, list)` and messages that quote a value read it."""
    value = _value_of(code)
    assert isinstance(value, Seq) and value.is_list is is_list


@pytest.mark.parametrize(("code", "reason"), [
    ("RESULT = 2 ** 65", "a very large power"),
    ("RESULT = 1 / 0", "arithmetic that fails"),
    ("RESULT = x + 1", "`x` is not bound in this file"),
    ("RESULT = 1 + x", "`x` is not bound in this file"),
    ("RESULT = (1, 2) + 3", "arithmetic on values that are not numbers"),
    ("B = 1\nB = 2\nRESULT = B", "`B` is bound more than once"),
    ("RESULT = (1, 2, 3)[::0]", "a zero slice step"),
    ("RESULT = (1, 2)[5]", "an index that is not static or out of range"),
    ("RESULT = 5[0]", "indexing a non-sequence"),
    ("RESULT = x[0]", "`x` is not bound in this file"),
    ("RESULT = f'{x}'", "an f-string"),
    ("RESULT = 'y' f'{x}'", "an f-string"),
    ("RESULT = lambda: 1", "`lambda: 1` is not a static value"),
    ("RESULT = foo(1)", "`foo(...)` is only known at run time"),
    ("RESULT = int(1e300)", "a number too large to follow"),
    ("A, B, C = (1, 2)\nRESULT = C", "`C` is unpacked from a value that is not static"),
    ("def f(b):\n    RESULT = b", "parameter `b` has no default"),
    ("for B in range(3):\n    pass\nRESULT = B", "`B` is not bound to a static value"),
    ("RESULT = -x", "`x` is not bound in this file"),
    ("RESULT = (*5,)", "a starred element that is not static"),
    ("RESULT = tuple(5)", "not a sequence"),
    ("RESULT = tuple(x)", "`x` is not bound in this file"),
    ("RESULT = -'a'", "not a number"),
    ("RESULT = (1, 2)[x:]", "a slice that is not static"),
    ("RESULT = x.rate", "`x.rate` is not a static value"),
    ("class Config:\n    rate = 0.5\ncfg = Config()\nRESULT = cfg.missing", "`cfg.missing` is not a static value"),
    ("class Config:\n    rate = 0.5\n    rate = 0.6\ncfg = Config()\nRESULT = cfg.rate",
     "`rate` is bound more than once"),
    ("A0 = (0,) * 64\nA1 = A0 * 64\nRESULT = A1 * 64", "a sequence too long to follow"),
    ("A0 = (0,) * 64\nA1 = A0 * 64\nRESULT = A1 + A1 + A1", "a sequence too long to follow"),
    # In a guard's condition a constant is a constant: `C` reads 4 there, though the guard
    # around it excludes 4 (narrowing is not applied inside conditions).
    ("B = 4\nC = 4\nif C != 4:\n    if B != C:\n        RESULT = B",
     "`B` on line 1 never reaches this use: `B != C` is true there"),
    # A guard on the same expression: the value never reaches the use.
    ("class M:\n    X = 1\n    def f(self):\n        if self.X != 1:\n            RESULT = self.X",
     "class attribute `X` on line 2 never reaches this use: `self.X != 1` is true there"),
    ("cfg = {'rate': 0.5}\nif cfg['rate'] != 0.5:\n    RESULT = cfg['rate']",
     "config entry `cfg['rate']` on line 1 never reaches this use: `cfg['rate'] != 0.5` is true there"),
    ("cfg = {'rate': 0.5}\nif cfg.get('rate') != 0.5:\n    RESULT = cfg.get('rate')",
     "config entry `cfg['rate']` on line 1 never reaches this use: `cfg.get('rate') != 0.5` is true there"),
])
def test_the_reason_a_value_is_unknown(code: str, reason: str) -> None:
    """The reason `noiselint shapes` and the editor hover show for a layer argument left unknown."""
    value = _value_of(code)
    assert isinstance(value, Unknown) and value.reason == reason


@pytest.mark.parametrize(("code", "origin"), [
    ("class M:\n    B = 99\n    def f(self):\n        RESULT = self.B", "class attribute `B` on line 2"),
    ("class M:\n    def __init__(self):\n        self.b = 77\n    def f(self):\n        RESULT = self.b",
     "`self.b` on line 3"),
])
def test_an_attributes_origin_names_where_it_is_set(code: str, origin: str) -> None:
    value = _value_of(code)
    assert value.origin is not None and value.origin.describe() == origin


def test_float_reads_a_word_for_not_a_number() -> None:
    for code in ("RESULT = float('nan')", "import math\nRESULT = math.nan"):
        value = _value_of(code)
        assert isinstance(value, Const) and math.isnan(value.value)


@pytest.mark.parametrize(("expression", "kind"), [
    ("tf.shape(inp)[0] * 2", ""),
    ("tf.shape(inp)[0]", "scalar"),
    ("tf.shape(inp)", "vector"),
    ("tf.shape(inp)[1:]", "vector"),
    ("tf.concat([tf.shape(inp)[:1], [1]], 0)", "vector"),
])
def test_a_tensor_dimension_keeps_its_text(expression: str, kind: str) -> None:
    """Messages quote the expression a runtime size comes from."""
    value = _value_of(f"import tensorflow as tf\nRESULT = {expression}")
    assert isinstance(value, TensorDim) and (value.text, value.kind) == (expression, kind)


def test_equal_rebinding_is_still_known() -> None:
    assert _plain(_value_of("B = 4\nif c:\n    B = 4\nRESULT = B")) == 4


@pytest.mark.parametrize("code", [
    "import tensorflow as tf\nRESULT = tf.shape(inp)[0]",
    "import tensorflow as tf\nRESULT = tf.shape(inp)",
    "from tensorflow.keras import backend as K\nRESULT = K.shape(inp)[0]",
    "import tensorflow as tf\nbs = tf.shape(inp)[0]\nRESULT = bs",
    "import tensorflow as tf\nRESULT = tf.shape(inp)[0] * 2",
    "import tensorflow as tf\nRESULT = tf.shape(inp)[0, 1]",
    # The same runtime size bound on two lines is one value.
    "import tensorflow as tf\nB = tf.shape(x)[0]\nif c:\n    B = tf.shape(x)[0]\nRESULT = B",
])
def test_tf_shapes_are_tensors(code: str) -> None:
    assert isinstance(_value_of(code), TensorDim)


def test_origin_names_the_binding() -> None:
    value = _value_of("BATCH = 128\nRESULT = (BATCH, 1)")
    assert isinstance(value, Seq)
    assert value.items[0].origin.describe() == "`BATCH` on line 1"
    param = _value_of("def build(batch_size=64):\n    RESULT = batch_size")
    assert param.origin.describe() == "parameter default `batch_size` on line 1"


def test_self_reference_does_not_recurse_forever() -> None:
    for code in ("A = B\nB = A\nRESULT = A", "A = A + 1\nRESULT = A"):
        value = _value_of(code)
        assert isinstance(value, Unknown) and value.reason == "the value refers to itself"


def _known(value: Value) -> bool:
    return isinstance(value, Const) or (isinstance(value, Seq) and all(_known(v) for v in value.items))


@pytest.mark.parametrize(("first", "line"), [
    ("A0 = 1", "A{i} = A{p} + 1"),
    ("A0 = 1", "A{i} = 1 + A{p}"),
    ("A0 = 1", "A{i} = (A{p},)"),
    ("A0 = (1,)", "A{i} = (*A{p},)"),
    ("A0 = 1", "A{i} = -A{p}"),
    ("A0 = (1,)", "A{i} = A{p}[:]"),
    ("A0 = 0", "A{i} = (0,)[A{p}]"),
    ("A0 = 0", "A{i} = (0, 0)[A{p}:][0]"),
    ("A0 = (1,)", "A{i} = tuple(A{p})"),
    ("A0 = 1", "A{i} = int(A{p})"),
    ("class A0:\n    X = 1", "class A{i}:\n    X = A{p}.X"),
    ("class A0:\n    X = 1", "class A{i}:\n    def __init__(self):\n        self.X = A{p}.X"),
])
def test_a_chain_deeper_than_python_can_follow_is_unknown_not_a_crash(first: str, line: str) -> None:
    """Each binding built from the one before, through one construct: a short chain is
    followed; a chain of hundreds (generated code, a hostile file) is cut off, wherever the
    depth is passed on, and never runs into Python's recursion limit."""
    def chain(length: int) -> str:
        lines = [first, *(line.format(i=i, p=i - 1) for i in range(1, length + 1))]
        return "\n".join(lines) + f"\nRESULT = A{length}" + (".X" if first.startswith("class") else "") + "\n"

    assert _known(_value_of(chain(8)))
    deep = _value_of(chain(400))
    assert not _known(deep)
    if line == "A{i} = A{p} + 1":
        assert isinstance(deep, Unknown) and deep.reason == "the value is nested too deeply to follow"


def test_the_step_budget_is_per_question_not_per_file() -> None:
    # A file with thousands of constants: each question starts its own count of steps.

    from noiselint.files.source import SourceFile
    from noiselint.syntax.parse import ParsedModule, parse_source
    from noiselint.values.evaluate import Evaluator

    parsed = parse_source(SourceFile("m.py", "".join(f"A{i} = {i}\n" for i in range(3000))))
    assert isinstance(parsed, ParsedModule)
    evaluator = Evaluator(parsed)
    values = [evaluator.evaluate(line.body[0].value) for line in parsed.module.body
              if isinstance(line, nodes.SimpleStatementLine) and isinstance(line.body[0], nodes.Assign)]
    assert [_plain(v) for v in values] == list(range(3000))


_LITERALS = ["0", "00", "7", "1_000", "0x1F", "0X_ff", "0o17", "0b1010", "0B_1", "1.5", "1_0.2_5", ".5", "5.",
             "1e5", "1E-3", "2.5e+2_0", "1e400", "3j", "1.5J", "1_0e1j", "0x1e5",
             "'abc'", '"a b"', "''", "u'x'", "r'a\\\\b'", "R'\\n'", "'a\\nb'", "'\\x41'", "'\\\\'", "b'ab'",
             "rb'\\d'", "Br'x'", "'''a\nb'''", '"""q"""', "'é'", "'a' 'b'", "'a' r'\\d' \"c\"", "b'a' b'b'",
             "'\\N{BULLET}'"]


@pytest.mark.parametrize("literal", _LITERALS)
def test_literals_read_as_python_reads_them(literal: str) -> None:
    import ast

    value = _value_of(f"RESULT = {literal}")
    expected = ast.literal_eval(literal)
    assert isinstance(value, Const) and type(value.value) is type(expected) and value.value == expected


@given(st.one_of(st.integers(min_value=0, max_value=10**60), st.floats(min_value=0, allow_infinity=False),
                 st.text(max_size=20), st.binary(max_size=20)))
def test_any_repr_reads_back(value: object) -> None:
    # repr() writes escapes (quotes, control characters) and exponents: the slow path too.
    read = _value_of(f"RESULT = {value!r}")
    assert isinstance(read, Const) and type(read.value) is type(value) and read.value == value


@pytest.mark.parametrize("literal", ["f'x' 'y'", "'y' f'{x}'"])
def test_strings_that_are_not_one_value_stay_unknown(literal: str) -> None:
    assert isinstance(_value_of(f"RESULT = {literal}"), Unknown)


def test_an_answer_given_again_costs_the_file_budget_what_it_cost_the_first_time() -> None:
    # The rules ask for the same argument again and again; the answer is kept, but the
    # file's step budget is charged as if it were evaluated anew, so where the budget runs
    # out (and so which findings a file gets) does not change.

    from noiselint import budget
    from noiselint.files.source import SourceFile
    from noiselint.syntax.parse import ParsedModule, parse_source
    from noiselint.values.evaluate import Evaluator

    parsed = parse_source(SourceFile("m.py", "A = 2\nB = (A, A * 3, A + 4)\nRESULT = B\n"))
    assert isinstance(parsed, ParsedModule)
    statement = parsed.module.body[-1].body[0]
    assert isinstance(statement, nodes.Assign)
    fresh, again = Evaluator(parsed), Evaluator(parsed)
    first = fresh.evaluate(statement.value)
    once = fresh._file_meter.steps
    assert once > 1 and _plain(first) == (2, 6, 6)
    assert again.evaluate(statement.value) == first and again.evaluate(statement.value) == first
    assert again._file_meter.steps == 2 * once
    # The same after other questions: only this answer's own steps are charged again.
    other = parsed.module.body[1].body[0]
    assert isinstance(other, nodes.Assign)
    later = Evaluator(parsed)
    later.evaluate(other.value)
    before = later._file_meter.steps
    assert later.evaluate(statement.value) == first and later.evaluate(statement.value) == first
    assert later._file_meter.steps == before + 2 * once
    # Past the budget the value is evaluated anew (and comes out as it would have).
    spent = Evaluator(parsed)
    spent.evaluate(statement.value)
    spent._file_meter.steps = budget.MAX_FILE_EVAL_STEPS - 1
    assert _plain(spent.evaluate(statement.value)) != (2, 6, 6)


def test_self_inside_a_comprehension_of_a_method_is_the_instance() -> None:
    # The comprehension is a scope of its own; `self` is still the enclosing method's.
    from noiselint.engine import lint_text, selected_rules
    from noiselint.files.source import SourceFile
    from noiselint.settings import Settings

    text = ("from keras import layers\n\n\nclass Block(layers.Layer):\n    def __init__(self):\n"
            "        super().__init__()\n        self.rate = 1.5\n\n    def build(self, shape):\n"
            "        self.drops = [layers.Dropout(self.rate) for _ in range(2)]\n")
    found = lint_text(SourceFile("m.py", text), selected_rules(Settings(shapes=False)))
    assert [(d.code, d.span.start_row) for d in found] == [("NL004", 10)]
