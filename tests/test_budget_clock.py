"""The per-file time budget counts CPU time (issue #21): waiting, as a loaded machine makes
a file wait, is not charged; working is. The wall clock is only a far last resort."""

from __future__ import annotations

import time

import pytest

from noiselint import budget


def test_waiting_is_not_charged_to_the_budget() -> None:
    with budget.deadline(0.05):
        time.sleep(0.3)  # six times the budget, spent waiting (another process has the core)
        budget.check()


def test_working_past_the_budget_is_too_complex() -> None:
    with budget.deadline(0.05), pytest.raises(budget.TooComplex, match=r"0\.05 s \(CPU time\)"):
        end = time.monotonic() + 30
        while time.monotonic() < end:
            sum(range(10_000))
            budget.check()


def test_the_wall_clock_bound_is_far_above_the_budget() -> None:
    assert budget.wall_seconds(10) == 100 and budget.wall_seconds(0.5) == budget.WALL_MINIMUM


def test_a_pause_is_charged_to_neither_clock() -> None:
    with budget.deadline(0.05):
        with budget.paused():
            end = time.thread_time() + 0.2
            while time.thread_time() < end:
                pass
        budget.check()
