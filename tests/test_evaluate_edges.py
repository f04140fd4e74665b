"""Edges of the Evaluator that no other test reached (found by mutation testing, issue 26):
slices of `tf.shape(x)` whose bounds are not plain ints, and the reason given for a constant of
another module that module binds twice."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Seq, TensorDim, Unknown, Value


def _value(text: str, rank: int | None = None, view: ModuleNames | None = None, path: str = "m.py") -> Value:
    """The value of the last statement's right-hand side; with `rank`, the evaluator knows
    that every `tf.shape(...)` reads a tensor of that rank (as the model graph tells it)."""
    parsed = parse_source(SourceFile(path, textwrap.dedent(text)), view)
    assert isinstance(parsed, ParsedModule)
    evaluator = Evaluator(parsed)
    if rank is not None:
        calls = [call for call in parsed.names.calls if parsed.code(call.func) == "tf.shape"]
        evaluator = evaluator.knowing({c: (None,) * rank for c in calls})
    return evaluator.evaluate(parsed.module.body[-1].body[0].value)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("expression", "length"), [
    ("tf.shape(x)[0:2]", 2),  # a zero lower bound is a bound like any other
    ("tf.shape(x)[::1]", 3),
    ("tf.shape(x)[1::1]", 2),
])
def test_a_slice_of_a_known_rank_is_a_sequence(expression: str, length: int) -> None:
    value = _value(f"import tensorflow as tf\nm = {expression}\n", rank=3)
    assert isinstance(value, Seq) and len(value.items) == length


@pytest.mark.parametrize("expression", [
    "tf.shape(x)[::0]",  # TensorFlow refuses a zero step
    "tf.shape(x)[0.5:]",  # and a bound that is not an int
    "tf.shape(x)[n:]",  # a bound noiselint does not know
    "tf.shape(x)[n:2]",
    "tf.shape(x)[0, 1]",  # two indexes into a vector: TensorFlow refuses it
    "tf.stack([tf.shape(x)[0, 1], 1, 64])",
])
def test_a_slice_noiselint_cannot_read_is_no_sequence_and_no_crash(expression: str) -> None:
    value = _value(f"import tensorflow as tf\nm = {expression}\n", rank=3)
    assert isinstance(value, TensorDim) and not isinstance(value, Seq)


def test_a_constant_another_module_binds_twice_names_itself(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "cfg.py").write_text("UNITS = 16\nUNITS = 32\n", encoding="utf-8")
    text = "from cfg import UNITS\nR = UNITS\n"
    path = str(tmp_path / "model.py")
    assert _value(text, view=ModuleNames(ProjectIndex(), path, text), path=path) == \
        Unknown("`UNITS` is bound more than once")
