"""`--verbose` says where a slow file's time went: the stages and the slowest construct."""

from __future__ import annotations

import pytest

from noiselint import budget
from noiselint.checks import RULES
from noiselint.engine import lint_text
from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts
from noiselint.shapes.oracle import KerasShapes

CODE = """\
from tensorflow.keras import layers
import tensorflow as tf

inp = tf.keras.Input(shape=(8,))
x = layers.Dense(4)(inp)
x = layers.Dropout(0.5, noise_shape=(32, 4))(x)
"""


def _infer(parsed, evaluator, sites, *, whole_model=False):
    return infer_facts(parsed, evaluator, sites, KerasShapes(None).offline_twin())


def test_a_slow_file_names_its_stages_and_slowest_construct(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "SLOW_FILE_SECONDS", -1.0)  # every file counts as slow
    with budget.clocked(True) as clock:
        found = lint_text(SourceFile("m.py", CODE), tuple(r() for r in RULES), _infer)
    assert [d.code for d in found] == ["NL001"]
    said = clock.report()
    assert said is not None and "s of analysis:" in said
    for stage in ("pre-check and parse", "model interpreter", "rules"):
        assert stage in said or clock.stages.get(stage, 0) < 0.05, said
    assert set(clock.stages) >= {"pre-check and parse", "sites", "model interpreter", "rules"}
    assert "slowest construct:" in said


def test_a_file_under_the_bound_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "SLOW_FILE_SECONDS", 1e9)
    with budget.clocked(True) as clock:
        lint_text(SourceFile("m.py", CODE), tuple(r() for r in RULES), _infer)
    assert clock is not None and clock.stages and clock.report() is None
    with budget.clocked(False) as off:  # without --verbose nothing is measured
        assert off is None
