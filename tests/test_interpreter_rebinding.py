"""Names a called function rebinds outside itself, and the values a function reads of the
module while a branch noiselint could not decide is running. Python's functions read the
module's live names and write them through `global` (an enclosing function's through
`nonlocal`); the interpreter's frames must not keep a value the code has changed: a stale
`img_height = 0` made a false NL103 ("leaves an output size of zero or less") on
titu1994/Neural-Style-Transfer's pattern below."""

from __future__ import annotations

import pytest
from test_interpreter_statements import site_after

from noiselint.api import lint_source


def test_a_global_a_called_function_sets_is_unknown_after_the_call() -> None:
    # `load` sets `units` to a value of its argument on one path and leaves it on another:
    # after the call it is not the module's first value.
    assert site_after("""
        units = 0
        def load(size, wide):
            global units
            if wide:
                units = size
        load(32, flag)
        x = layers.Dense(units or 4)(x)
        """) == (None, 10, None)


def test_a_global_only_read_keeps_its_value() -> None:
    assert site_after("""
        units = 6
        def show():
            global units
            print(units)
        show()
        x = layers.Dense(units)(x)
        """) == (None, 10, 6)


STYLE_TRANSFER = """
import argparse
from keras.layers import Conv2D, Input
from keras.models import Model

parser = argparse.ArgumentParser()
parser.add_argument("--img_size", type=int, default=400)
parser.add_argument("--keep", type=bool, default=True)
args = parser.parse_args()

img_width = img_height = 0


def preprocess(path, load_dims=False):
    global img_width, img_height
    if load_dims:
        img_width = args.img_size
        if args.keep:
            img_height = int(img_width * 0.5)
        else:
            img_height = args.img_size
    return path


preprocess("a.png", True)
ip = Input(batch_shape=(2, img_width, img_height, 3))
x = Conv2D(64, (3, 3), padding="valid")(ip)
model = Model(ip, x)
"""


def test_no_false_alarm_from_a_global_set_by_a_call() -> None:
    # Before: the module's `img_width = img_height = 0` was read after `preprocess` set them,
    # and NL103 said the Conv2D "leaves an output size of zero or less".
    assert [d.code for d in lint_source(STYLE_TRANSFER, "style.py")] == []


def test_an_unknown_rebinding_is_still_reported_where_it_is_known_wrong() -> None:
    # The same module with `preprocess` never setting the sizes: the zeros are certain.
    code = STYLE_TRANSFER.replace('preprocess("a.png", True)\n', "")
    assert [d.code for d in lint_source(code, "style.py")] == ["NL103"]


@pytest.mark.parametrize("call", ["head(x)", "[head(t) for t in (x,)][0]"], ids=["direct", "in a comprehension"])
def test_a_call_on_an_undecided_branch_reads_that_branch(call: str) -> None:
    assert site_after(f"""
        units = 4
        def head(t):
            return layers.Dense(units)(t)
        if flag:
            units = 6
            y = layers.Dropout(0.5)({call})
        """) == (None, 10, 6)


def test_a_nonlocal_a_nested_function_sets_is_unknown_after_the_call() -> None:
    assert site_after("""
        def build(t):
            n = 4
            def grow():
                nonlocal n
                n = n * 2
            grow()
            return layers.Dense(n)(t)
        x = build(x)
        """) == (None, 10, None)


def test_a_function_nothing_calls_reads_any_value_a_function_may_set() -> None:
    # `build` and `load` may run in either order, after the module: `units` is either value.
    assert site_after("""
        units = 4
        def load(size):
            global units
            units = size
        def build():
            return layers.Dropout(0.5)(layers.Dense(units)(layers.Input((8,))))
        """) == (None, None)


def test_a_default_is_the_value_when_the_def_ran() -> None:
    # Python evaluates `k=units` once, at the `def`: the later `units = 6` does not change it.
    assert site_after("""
        units = 4
        def head(t, k=units):
            return layers.Dense(k)(t)
        units = 6
        x = head(x)
        """) == (None, 10, 4)
