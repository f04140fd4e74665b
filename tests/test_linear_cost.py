"""Cost linear in the file: doubling an argparse-heavy model script must about double the
work, not quadruple it. Work is counted (Python function calls, under `sys.setprofile`), not
timed, so the test holds on a loaded machine. Each `args.x` lookup once walked the whole
module again (values/configs.py), quadratic in the file: 565,824 node visits for one
1,300-line script."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from noiselint.checks import RULES
from noiselint.checks.base import Finding, GraphContext, GraphRule
from noiselint.engine import lint_text
from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts
from noiselint.shapes.cache import ShapeAnswer
from noiselint.shapes.oracle import KerasShapes


class _EveryModelFile(GraphRule):
    """A rule of the wider scope (every file with model code reaches the interpreter)."""

    code = "NL199"
    name = "model-scope-probe"
    summary = "reads every call's outcome"
    scope = "model"

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        ctx.facts.failures()
        return iter(())


def _script(blocks: int) -> str:
    """An argparse script of `blocks` options, each read in a layer call and a mask."""
    lines = ["import argparse", "from tensorflow import keras", "from tensorflow.keras import layers", "",
             "parser = argparse.ArgumentParser()"]
    lines += [f"parser.add_argument('--opt-{i}', type=int, default={i + 2})" for i in range(blocks)]
    lines += ["parser.add_argument('--batch-size', type=int, default=32)", "args = parser.parse_args()", "",
              "x = inp = keras.Input(shape=(8,))"]
    for i in range(blocks):
        lines += [f"x = layers.Dense(args.opt_{i})(x)",
                  f"x = layers.Dropout(0.1, noise_shape=(args.batch_size, args.opt_{i}))(x)"]
    lines.append("model = keras.Model(inp, x)")
    return "\n".join(lines) + "\n"


class _TooMuchWork(Exception):
    pass


def _work(text: str, limit: int | None = None, warm: bool = True) -> tuple[int, tuple[str, ...]]:
    """Python calls made linting `text` (shapes from the formulas, never TensorFlow), and the
    codes; past `limit` calls the lint is stopped (a quadratic cost would take minutes).
    `warm=False`: no uncounted first lint (for a text that may cost without bound)."""
    offline = KerasShapes(None).offline_twin()

    def infer(parsed, evaluator, sites, *, whole_model=False):
        return infer_facts(parsed, evaluator, sites, offline)

    rules = tuple(rule() for rule in (*RULES, _EveryModelFile))
    source = SourceFile("script.py", text)
    if warm:
        lint_text(source, rules, infer)  # warm: imports and first-use tables are not the file's cost
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1
            if limit is not None and calls > limit:
                sys.setprofile(None)
                raise _TooMuchWork

    sys.setprofile(count)
    try:
        found = lint_text(source, rules, infer)
    except _TooMuchWork:  # raised outside the engine's own guard when it lands there
        found = ()
    finally:
        sys.setprofile(None)
    return calls, tuple(d.code for d in found)


def test_work_grows_linearly_with_the_file() -> None:
    # About 200,000 calls today; the bound only keeps a quadratic regression from taking minutes.
    small, small_codes = _work(_script(20), limit=2_000_000)
    assert small <= 2_000_000, "20 options took more than 2,000,000 calls"
    # 4x the file: linear work is about 4x (3.9 measured); a walk of the module per `args.x`
    # lookup made it grow with the square (the lint is stopped at 5.5x).
    large, large_codes = _work(_script(80), limit=int(small * 5.5))
    assert large <= small * 5.5, f"4x the file took more than 5.5x the work ({small} calls, then over {large})"
    # The findings are there (the work was done, not skipped): one NL001 per mask.
    assert small_codes.count("NL001") == 20 and large_codes.count("NL001") == 80



class _CountingRemote:
    """The shape process, counting what it is asked."""

    def __init__(self) -> None:
        self.asked = 0

    def layer(self, question: object) -> ShapeAnswer:
        self.asked += 1
        return ShapeAnswer(((None, 4),))

    def op(self, op: str, args: object, inputs: object) -> ShapeAnswer:
        self.asked += 1
        return ShapeAnswer(((None,),))


def test_a_question_is_asked_once_per_run_without_a_cache() -> None:
    # A loop the interpreter unrolls asked TensorFlow the same question 1,141 times in one
    # keras-io example (`--no-cache`: no shape cache to remember it).
    remote = _CountingRemote()
    oracle = KerasShapes(None, remote=remote)
    for _ in range(3):
        assert oracle.op_shape("reduce_mean", {"axis": 1}, (((None, 3), "float32"),), True).outputs == ((None,),)
    assert oracle.offline_twin().op_shape("reduce_mean", {"axis": 1}, (((None, 3), "float32"),), True) \
        .outputs == ((None,),)  # the twin, which never asks, remembers it too
    assert remote.asked == 1
    oracle.op_shape("reduce_mean", {"axis": 0}, (((None, 3), "float32"),), True)
    assert remote.asked == 2


_LOOP = """
import keras
from keras import layers


def build(n):
    x = inp = keras.Input((10, 8))
    for _ in range(n):
        print("step")
    return keras.Model(inp, layers.Dropout(0.5, noise_shape=(None, 1, 8, 1))(x))


model = build({steps})
"""


@pytest.mark.parametrize("steps", ["10**12", "10**20"])
def test_a_loop_over_a_long_range_costs_no_work_per_step(steps: str) -> None:
    # The steps of a training loop are not unrolled one by one past a few hundred: the work of a
    # file does not grow with a number written in it. The mask after the loop is still read
    # (NL002: 4 entries for an input of rank 3), also for a range longer than `sys.maxsize`,
    # whose `len()` raises OverflowError (it once stopped the interpreter: no finding).
    short, codes = _work(_LOOP.format(steps=300), limit=10_000_000)  # also the warm-up of the next
    assert codes == ("NL002",)
    # Not warmed: every call is counted, so a lint that unrolls the range is stopped at the limit
    # (unrolled, `range(10**12)` once filled the machine's memory before any count began).
    work, codes = _work(_LOOP.format(steps=steps), limit=short * 2, warm=False)
    assert work <= short * 2, f"range({steps}) took more than twice the work of range(300)"
    assert codes == ("NL002",)
