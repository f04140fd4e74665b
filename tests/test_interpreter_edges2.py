"""More edges of the interpreter, found untested by the survivors of the mutation run of
`model/interpreter.py` and `model/exprs.py` that `test_interpreter_edges.py` did not cover
(issue 26): the code after an unrolled loop that may break, and an array made by
broadcasting two arrays. Each case asserts what a user sees: a dropout's input shape as the
NL rules read it, or what a data finding's message says of an array."""

from __future__ import annotations

import numpy as np
import pytest
from test_array_calls_edges import fed
from test_interpreter_statements import site_after

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


_X = np.empty((60000, 28, 28), np.uint8)  # mnist's x_train, without memory


@pytest.mark.parametrize("expression", [
    "x[..., None] * np.ones(3)",  # grayscale to three channels
    "np.zeros((100, 1)) + np.zeros((1, 5))",
])
def test_an_array_broadcast_to_a_new_shape_is_named_by_its_expression(expression: str) -> None:
    # The shape is NumPy's; the message quotes the expression that made the array.
    numpy = show(eval(expression, {"np": np, "x": _X}).shape)  # the test's own expressions
    assert fed(expression) == f"`{expression}` on line 10 is {numpy}"
