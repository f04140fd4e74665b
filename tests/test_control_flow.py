"""Control flow that decides which value reaches a use: each case is one where getting the
flow wrong turns into a false finding (or loses a true one). Real parse, real shapes."""

from __future__ import annotations

import textwrap

import pytest

from noiselint import lint_source


def findings(text: str) -> list[tuple[int, str]]:
    found = lint_source(textwrap.dedent(text).lstrip("\n"), filename="model.py")
    return [(d.span.start_row, d.code) for d in found]


def test_a_break_in_an_unrolled_loop_stops_the_loop() -> None:
    # The loop breaks before its only Dense: x keeps its last axis of 8. Reading past the
    # `break` would make it 16: a false NL003 on line 7 and a lost one on line 8.
    assert findings("""
        from keras import layers
        x = layers.Input((10, 8))
        for size in (8, 16):
            if size == 8:
                break
            x = layers.Dense(size)(x)
        y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
        z = layers.Dropout(0.5, noise_shape=(None, 1, 16))(x)
    """) == [(8, "NL003")]


def test_a_name_rebound_on_one_branch_only_is_either_value() -> None:
    # x is (None, 10, 8) or (None, 10, 16): neither mask is wrong on every path.
    assert findings("""
        import random
        from keras import layers
        x = layers.Input((10, 8))
        if random.random() > 0.5:
            x = layers.Dense(16)(x)
        y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
        w = layers.Dropout(0.5, noise_shape=(None, 1, 16))(x)
    """) == []


def test_a_mask_bound_on_one_branch_only_is_judged_where_it_is_bound() -> None:
    assert findings("""
        import random
        from keras import layers
        x = layers.Input((10, 8))
        if random.random() > 0.5:
            ns = (32, 1, 8)
        else:
            ns = (None, 1, 8)
        y = layers.Dropout(0.5, noise_shape=ns)(x)
    """) == []


def test_an_if_else_where_one_branch_exits_narrows_what_reaches_after_it() -> None:
    assert findings("""
        from keras import layers

        def block(x, rate=1.5):
            if rate >= 1:
                rate = 0.5
            else:
                return x
            return layers.Dropout(rate)(x)

        def block2(x, rate=1.5):
            if rate >= 1:
                raise ValueError("rate")
            else:
                rate = rate / 2
            return layers.Dropout(rate)(x)

        def block3(x, rate=1.5):
            if rate < 1:
                pass
            else:
                return x
            return layers.Dropout(rate)(x)

        def block4(x, rate=1.5):
            if rate < 1:
                return x
            else:
                pass
            return layers.Dropout(rate)(x)
    """) == [(29, "NL004")]


def test_a_name_bound_on_one_branch_only_has_that_value_wherever_it_is_read() -> None:
    # The other path never binds `ns`: it raises NameError before the Dropout, so every
    # path that reaches the Dropout passes the hard-coded batch.
    assert findings("""
        import random
        from keras import layers
        x = layers.Input((10, 8))
        if random.random() > 0.5:
            ns = (32, 1, 8)
        y = layers.Dropout(0.5, noise_shape=ns)(x)
    """) == [(6, "NL001")]


def test_a_builder_applied_twice_gives_one_finding_per_layer() -> None:
    assert findings("""
        from keras import layers

        def block(x):
            x = layers.Conv2D(8, 3, data_format="channels_first")(x)
            x = layers.MaxPooling2D((2, 1))(x)
            return layers.Dropout(0.5)(x)

        inp = layers.Input((3, 32, 32))
        a = block(inp)
        b = block(inp)
    """) == [(5, "NL010")]


def test_negative_indexes_at_the_bound_of_a_tuple() -> None:
    # SHAPE[-3] is the first element of a 3-tuple; SHAPE[-4] would raise (nothing to say).
    assert findings("""
        from keras import layers
        SHAPE = (32, 10, 8)
        x = layers.Input((10, 8))
        y = layers.Dropout(0.5, noise_shape=(SHAPE[-3], 1, 8))(x)
        z = layers.Dropout(0.5, noise_shape=(None, SHAPE[-2], 1))(x)
        w = layers.Dropout(0.5, noise_shape=(SHAPE[-4], 1, 8))(x)
    """) == [(4, "NL001")]


def test_keep_prob_zero_in_tf1_is_an_invalid_rate() -> None:
    assert findings("""
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 10])
        y = tf.nn.dropout(x, keep_prob=0.0)
        z = tf.nn.dropout(x, keep_prob=1.0)
    """) == [(3, "NL004")]


def test_the_symbolic_tensor_fix_replaces_the_element_at_fault_not_the_first() -> None:
    found = lint_source(textwrap.dedent("""
        import tensorflow as tf
        from keras import layers
        x = layers.Input((10, 8))
        y = layers.Dropout(0.5, noise_shape=(None, tf.shape(x)[1], 8))(x)
    """).lstrip("\n"), filename="model.py")
    (nl006,) = found
    assert nl006.code == "NL006" and nl006.fix is not None
    (edit,) = nl006.fix.edits
    assert (edit.span.start_row, edit.span.start_col, edit.content) == (4, 44, "None")


@pytest.mark.parametrize("binding", [
    "self.units, self.depth = units, 2",  # unpacked
    "[self.units] = [units]",
    "self.depth, *self.units = units",  # after a starred element
    "self.units *= units",  # augmented
    "for self.units in units: pass",  # a loop target
])
def test_every_binding_of_a_self_attribute_counts(binding: str) -> None:
    # `self.units` is 16 after `__init__`, or what `grow` makes it: the mask may fit.
    assert findings(f"""
        from keras import layers
        class Net:
            def __init__(self):
                self.units = 16
            def grow(self, units):
                {binding}
            def build(self):
                x = layers.Dense(8)(layers.Input((10, 4)))
                return layers.Dropout(0.5, noise_shape=(None, 1, self.units))(x)
    """) == []


def test_a_self_attribute_unpacked_from_a_literal_is_its_element() -> None:
    assert findings("""
        from keras import layers
        class Net:
            def __init__(self):
                self.units, self.depth = 16, 2
            def build(self):
                x = layers.Dense(8)(layers.Input((10, 4)))
                return layers.Dropout(0.5, noise_shape=(None, 1, self.units))(x)
    """) == [(7, "NL003")]


_NESTED = """
    import keras
    from keras import layers

    def build(a, b):
        if a:
            m = keras.Sequential([keras.Input((10, 8)), layers.Dense(16)])
            {add}
            m.add(layers.Dropout(0.5, noise_shape=(None, 1, 16)))
            return m
        return None
"""


def test_a_model_changed_in_a_branch_inside_the_branch_that_made_it_may_not_be_changed() -> None:
    # The Dense(4) is added only when `b`: the mask fits the model made when not `b`. The
    # model was made inside the outer branch, but before the inner one: both of its paths
    # share it (a false NL003 on line 9 before).
    assert findings(_NESTED.format(add="if b:\n                m.add(layers.Dense(4))")) == []
    # Added on every path of the branch that made the model: certain there.
    assert findings(_NESTED.format(add="m.add(layers.Dense(4))")) == [(8, "NL003")]


def test_a_statement_noiselint_does_not_model_ends_no_reading() -> None:
    # `match` is not modelled: what it binds becomes unknown and the reading goes on past it.
    assert findings("""
        import keras
        mode = "wide"
        match mode:
            case "wide":
                units = 32
        inp = keras.Input((10, 8))
        x = keras.layers.Dense(16)(inp)
        y = keras.layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
        z = keras.layers.Dropout(0.5, noise_shape=(None, 1, units))(x)
    """) == [(8, "NL003")]


def test_a_layer_of_the_enclosing_function_is_applied_in_an_undecided_branch() -> None:
    # `dense` is bound in `build`, `block`'s closure: a branch of `block` still sees it.
    assert findings("""
        import random
        import keras
        from keras import layers

        def build(flag):
            inp = keras.Input((10, 8))
            dense = layers.Dense(16)

            def block(x):
                if flag:
                    x = dense(x)
                    x = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
                return x

            return keras.Model(inp, block(inp))

        model = build(random.random() > 0.5)
    """) == [(12, "NL003")]
