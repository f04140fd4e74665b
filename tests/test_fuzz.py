"""Fuzzing in the suite (issue 12): generated programs with dropout calls, and real fixtures
mutated token by token, through lint, `shapes` and `--fix --unsafe-fixes`. A longer run
with more examples is `python benchmarks/fuzz.py`."""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path

import pytest
from fuzzing import (
    check_properties,
    check_shapes_command,
    model_programs,
    mutated_fixtures,
    programs_with_dropouts,
)
from hypothesis import HealthCheck, given, settings

from noiselint.runner import shape_inference
from noiselint.settings import Settings

SETTINGS = Settings(no_cache=True)
INFER = shape_inference(SETTINGS)
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# About 0.25 s of CPU each through lint and --fix (most of it Keras building the layers of
# configs it has not seen); one in four also through `shapes`, which runs the same model
# reader again. The default run takes 30 programs (about 8 s); the slow run, as CI runs it,
# 120 more.
def _model_program(text: str) -> None:
    check_properties(text, INFER)
    if zlib.crc32(text.encode()) % 4 == 0:
        with tempfile.TemporaryDirectory() as directory:
            check_shapes_command(text, Path(directory), SETTINGS)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=_HEALTH)
@given(model_programs())
def test_model_programs(text: str) -> None:
    _model_program(text)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=_HEALTH)
@given(model_programs())
def test_model_programs_long(text: str) -> None:
    _model_program(text)


# hypothesmith writes any Python the grammar allows, at about a second a program (most of
# it generating): a few here, thousands in benchmarks/fuzz.py.
@settings(max_examples=2, deadline=None, derandomize=True, suppress_health_check=_HEALTH)
@given(programs_with_dropouts())
def test_grammar_programs(text: str) -> None:
    check_properties(text, INFER)


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=_HEALTH)
@given(mutated_fixtures())
def test_mutated_fixtures(text: str) -> None:
    check_properties(text, INFER)
