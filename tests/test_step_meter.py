"""`StepMeter.reached` (the interpreter's expressions count their own steps and call it only
at `due`) looks at the clock at the same steps as `spend` and gives the same answers."""

import pytest

from noiselint import budget


@pytest.mark.parametrize("limit", [0, 1, 255, 256, 257, 600, 1024])
def test_reached_looks_at_the_clock_and_answers_as_spend_does(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    looks: list[int] = []
    plain, counted = budget.StepMeter(limit), budget.StepMeter(limit)
    monkeypatch.setattr(budget, "check", lambda: looks.append(plain.steps))
    by_spend = [plain.spend() for _ in range(limit + 600)]
    spend_looks, looks[:] = list(looks), []
    monkeypatch.setattr(budget, "check", lambda: looks.append(counted.steps))
    by_reached = []
    for _ in range(limit + 600):
        counted.steps += 1
        by_reached.append(not (counted.steps >= counted.due and not counted.reached()))
    assert by_reached == by_spend
    assert looks == spend_looks and spend_looks  # the same steps, and some at all
