"""The edges of Keras calls in model code (model/calls.py, model/graph.py) that the other
tests leave open: a shape read with `keras.ops.shape` / `tf.shape`, `get_layer` past the
end or by a name noiselint cannot read, a layer list that is not static, a list grown under
an undecided `if`, a `pop` that may not run. Found by mutation testing
(benchmarks/mutation-results-mutcalls2.md): each case fails on a planted bug that the other
tests let through (a wrong shape, or the interpreter stopping on an exception)."""

from __future__ import annotations

import textwrap

import pytest

from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.model.build import infer_facts, with_rows
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator

ORACLE = KerasShapes(None)  # no cache: every shape below is Keras's own answer


def facts_of(text: str) -> ShapeFacts:
    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text).lstrip("\n")))
    assert isinstance(parsed, ParsedModule)
    return with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True))


def layers(text: str, model: int = 0) -> list[tuple[str, tuple[int | None, ...] | None]]:
    """A model's layers (the first by default) and their output shapes."""
    return [(layer.layer, layer.output_shape) for layer in facts_of(text).models[model].layers]


HEAD = "import keras\nimport tensorflow as tf\nfrom keras import layers\n"


# sizes read from a tensor's shape ----------------------------------------------------------


@pytest.mark.parametrize("read", ["keras.ops.shape(inp)[1]", "tf.shape(inp)[1]"])
def test_a_static_size_read_from_a_tensor_sizes_the_next_layer(read: str) -> None:
    # Keras 3 gives `(None, 4, 8)` for the shape of a symbolic input: 4 is certain.
    assert layers(HEAD + f"""
inp = keras.Input((4, 8))
n = {read}
x = layers.Reshape((n * 8,))(inp)
""") == [("InputLayer", (None, 4, 8)), ("Reshape", (None, 32))]


def test_the_batch_size_read_from_a_tensor_stays_unknown() -> None:
    # A `None` in the static shape is a run-time tensor inside a layer's `call`: not a size.
    reshape = facts_of(HEAD + """
inp = keras.Input((4, 8))
b = keras.ops.shape(inp)[0]
x = layers.Reshape((b, 32))(inp)
""").models[0].layers[-1]
    assert (reshape.output_shape, reshape.unknown_reason) == \
        (None, "argument `target_shape` not static (known at run time)")


@pytest.mark.parametrize("read", ["tf.shape(input=inp)[1]", "tf.shape(SOMETHING)[1]"])
def test_a_shape_read_noiselint_cannot_follow_leaves_the_size_unknown(read: str) -> None:
    assert layers(HEAD + f"""
inp = keras.Input((4, 8))
n = {read}
x = layers.Reshape((n * 8,))(inp)
""") == [("InputLayer", (None, 4, 8)), ("Reshape", None)]


def test_the_reason_a_shape_read_is_unknown_is_shown() -> None:
    reshape = facts_of(HEAD + """
inp = keras.Input((4, 8))
n = tf.shape(SOMETHING)[1]
x = layers.Reshape((n * 8,))(inp)
""").models[0].layers[-1]
    assert reshape.unknown_reason == \
        "argument `target_shape` not static (the shape of something that is not a known tensor)"


def test_int_shape_of_a_tensor_of_unknown_shape_is_unknown() -> None:
    assert layers(HEAD + """
from keras import backend as K
inp = keras.Input((4, 8))
x = MyLayer()(inp)
n = K.int_shape(x)[1]
y = layers.Reshape((n,))(x)
""") == [("InputLayer", (None, 4, 8)), ("MyLayer", None), ("Reshape", None)]


# models' layers --------------------------------------------------------------------------


@pytest.mark.parametrize("lookup", ["get_layer(index=2)", "get_layer(NAME)"])
def test_a_layer_get_layer_cannot_find_is_unknown(lookup: str) -> None:
    # Keras raises for `index=2` of two layers; a name noiselint cannot read may be any layer.
    assert layers(HEAD + f"""
m = keras.Sequential([layers.Dense(4), layers.Dense(2)])
m.build((None, 3))
inp = keras.Input((3,))
x = m.{lookup}(inp)
out = layers.Dense(5)(x)
""", -1) == [("InputLayer", (None, 3)), (f"m.{lookup}", None), ("Dense", None)]


def test_a_sequential_of_a_layer_list_that_is_not_static() -> None:
    assert layers(HEAD + "m = keras.Sequential(LAYERS)\n") == [("keras.Sequential(LAYERS)", None)]


# code that may not run --------------------------------------------------------------------


def test_a_list_grown_under_an_undecided_if_is_unknown_after_it() -> None:
    assert layers(HEAD + """
inp = keras.Input((4,))
outs = [layers.Dense(2)(inp)]
if FLAG:
    outs.append(layers.Dense(3)(inp))
x = layers.concatenate(outs)
""")[-1] == ("Concatenate", None)


def test_a_list_made_and_grown_inside_one_branch_is_known_there() -> None:
    assert layers(HEAD + """
inp = keras.Input((4,))
if FLAG:
    outs = [layers.Dense(2)(inp)]
    outs.append(layers.Dense(3)(inp))
    x = layers.concatenate(outs)
""")[-1] == ("Concatenate", (None, 5))


def test_a_list_extended_by_what_noiselint_cannot_read_is_unknown() -> None:
    assert layers(HEAD + """
inp = keras.Input((4,))
outs = [layers.Dense(2)(inp)]
outs.extend(MORE)
x = layers.concatenate(outs)
""")[-1] == ("Concatenate", None)


def test_a_pop_that_may_not_run_leaves_the_rest_unknown() -> None:
    assert layers(HEAD + """
m = keras.Sequential([keras.Input((4,)), layers.Dense(4), layers.Dense(3)])
if FLAG:
    m.pop()
m.add(layers.Dense(2))
""")[-1] == ("Dense", None)


def test_a_list_grown_inside_a_function_is_grown_for_its_caller() -> None:
    # `outs` is the module's list: the function's `append` changes it there.
    assert layers(HEAD + """
inp = keras.Input((4,))
outs = [layers.Dense(2)(inp)]
def add(t):
    outs.append(t)
add(layers.Dense(3)(inp))
x = layers.concatenate(outs)
""")[-1] == ("Concatenate", (None, 5))


# calls noiselint cannot see into ------------------------------------------------------------


def test_a_method_of_an_object_noiselint_cannot_see_is_a_step_of_unknown_shape() -> None:
    assert layers(HEAD + """
helper = get_helper()
inp = keras.Input((4,))
y = helper.transform(inp)
z = layers.Dense(3)(y)
m = keras.Model(inp, z)
""") == [("InputLayer", (None, 4)), ("helper.transform", None), ("Dense", None)]


def test_a_custom_layer_that_returns_no_tensor() -> None:
    assert layers(HEAD + """
class Nothing(layers.Layer):
    def call(self, x):
        return 0
inp = keras.Input((4,))
y = Nothing()(inp)
""") == [("InputLayer", (None, 4)), ("Nothing", None)]


# `tf.shape(x)` in code run several times --------------------------------------------------------

TF1_DROP = """
import tensorflow as tf
def drop(h, other):
    return tf.nn.dropout(h, rate=0.1, noise_shape=tf.concat([[1], tf.shape(other)[1:]], 0))
h = tf.placeholder(tf.float32, [None, 20, 32])
flat = tf.reshape(h, [-1, 32])
"""


def codes(text: str) -> list[tuple[int, str]]:
    """Each finding of the default rules as (row, code)."""
    source = SourceFile("case.py", textwrap.dedent(text).lstrip("\n"))
    found = lint_text(source, selected_rules(Settings()), shape_inference(Settings()))
    return [(d.span.start_row, d.code) for d in found]


def test_a_shape_read_on_the_same_shape_in_every_run_is_known() -> None:
    # Both runs build a mask of 2 entries for an input of rank 3.
    assert codes(TF1_DROP + "a = drop(h, flat)\nb = drop(h, flat)\n") == [(3, "NL002")]


def test_a_shape_read_on_shapes_of_two_ranks_is_not_judged() -> None:
    # The one `tf.shape` call reads a rank-3 tensor, then a rank-2 one: noiselint keeps only
    # what every run agrees on, here not even the rank.
    assert codes(TF1_DROP + "a = drop(h, h)\nb = drop(h, flat)\n") == []


# tensors after an `if` noiselint cannot decide --------------------------------------------------


def test_a_shape_both_branches_agree_on_is_exact_and_judged() -> None:
    # `a` is (None, 4) on both paths: adding it to (None, 5) fails whichever runs.
    assert codes(HEAD + """
inp = keras.Input((4,))
a = layers.Dense(4)(inp)
if FLAG:
    a = layers.Dense(4)(a)
b = layers.Dense(5)(inp)
c = layers.Add()([a, b])
""") == [(10, "NL104")]


def test_a_size_the_branches_disagree_on_is_shown_as_not_known() -> None:
    model = facts_of(HEAD + """
inp = keras.Input((4,))
x = layers.Dense(4)(inp)
if FLAG:
    x = layers.Dense(6)(x)
y = layers.Dropout(0.5)(x)
""").models[0]
    last = model.layers[-1]
    assert (last.layer, last.output_shape, last.output_exact) == ("Dropout", (None, None), False)


CHANNELS_FIRST = HEAD + """
inputs = keras.Input(shape=(3, 32, 32))
x = layers.Conv2D(16, 3, data_format="channels_first")(inputs)
if FLAG:
    x = {}
x = layers.MaxPooling2D({})(x)
"""


def test_a_layout_both_branches_keep_still_holds_after_the_if() -> None:
    assert codes(CHANNELS_FIRST.format("layers.Dropout(0.2)(x)", "")) == [(9, "NL010")]


def test_a_layout_one_branch_changes_is_not_known_after_the_if() -> None:
    # The branch's Conv2D reads the channels_first tensor as channels_last (its own finding);
    # after the `if` the channels may be on either axis, so the pooling is not judged.
    # The pooling is not judged whichever layout it reads.
    for pooling in ("", 'data_format="channels_first"'):
        assert codes(CHANNELS_FIRST.format('layers.Conv2D(16, 3, padding="same")(x)', pooling)) == [(8, "NL010")]


def test_calls_on_objects_noiselint_cannot_see_where_and_why_they_are_shown() -> None:
    # What `noiselint shapes` lists: an opaque step at its call's row, drawn inside the custom
    # layer that makes it, labelled by its code; a value such a call returns is unknown with
    # the reason; a call that stores a tensor (`append`) is no step at all.
    model = facts_of(HEAD + """
helper = get_helper()
blocks = get_blocks()
store = get_store()
class Block(layers.Layer):
    def call(self, x):
        return helper.transform(x)
inp = keras.Input((4, 8))
y = Block()(inp)
z = blocks[i + 1](y)
store.append(layers.Dense(2)(z))
n = helper.size()
r = layers.Reshape((n,))(inp)
""").models[0]
    assert [(f.layer, f.depth, f.row, f.unknown_reason) for f in model.layers] == [
        ("InputLayer", 0, 11, None),
        ("Block", 0, 12, "custom layer `Block`"),
        ("helper.transform", 1, 10, "`helper.transform` is not a Keras layer noiselint knows"),
        ("blocks[i + 1]", 0, 13, "`blocks[i + 1]` is not a Keras layer noiselint knows"),
        ("Dense", 0, 14, "its input shape is not known"),
        ("Reshape", 0, 16, "argument `target_shape` not static (`helper.size(...)` is not modelled)"),
    ]
    # what `noiselint shapes --format json` gives as each step's inputs
    assert [f.input_shapes for f in model.layers][1:4] == [((None, 4, 8),), ((None, 4, 8),), (None,)]


# a functional model applied as a layer (its calls replayed on the new shapes) --------------------


def calls(text: str) -> list[tuple[str, str, int, int | None, tuple[int | None, ...] | None]]:
    """Every call of the graph, as `noiselint shapes` lists it: label, kind, depth, row, shape."""
    return [(f.layer, f.kind, f.depth, f.row, f.output_shape) for f in facts_of(HEAD + text).calls()]


def test_a_replayed_model_feeds_each_input_to_the_place_it_had() -> None:
    # The query, made second, is still the Attention's first input: its length (3) is kept.
    assert calls("""
v = layers.Input((None, 8))
q = layers.Input((None, 8))
inner = keras.Model([q, v], layers.Attention()([q, v]))
x = inner([layers.Input((3, 8)), layers.Input((7, 8))])
""")[-2:] == [("inner", "composite", 0, 8, (None, 3, 8)), ("Attention", "layer", 1, 7, (None, 3, 8))]


def test_a_replayed_model_stops_at_an_op() -> None:
    # `tf.reshape` is judged where it is written, not replayed: what follows is unknown.
    assert calls("""
i = layers.Input((None, 4))
inner = keras.Model(i, layers.Dense(2)(tf.reshape(i, (-1, 2, 2))))
x = inner(layers.Input((10, 4)))
""")[-1] == ("inner", "composite", 0, 7, None)


def test_a_model_applied_where_it_is_made_is_shown_as_model() -> None:
    assert calls("""
i = layers.Input((None, 4))
x = layers.Dense(3)(keras.Model(i, layers.Dense(2)(i))(layers.Input((10, 4))))
""")[-3:] == [("Model", "composite", 0, 6, (None, 10, 2)), ("Dense", "layer", 1, 6, (None, 10, 2)),
              ("Dense", "layer", 0, 6, (None, 10, 3))]


def test_a_model_replayed_inside_a_custom_layer_is_drawn_inside_it() -> None:
    assert calls("""
i = layers.Input((None, 4))
inner = keras.Model(i, layers.Dense(2)(tf.nn.dropout(i, 0.5)))
class Outer(layers.Layer):
    def call(self, x):
        return inner(x)
x = Outer()(layers.Input((10, 4)))
""")[-4:] == [("Outer", "composite", 0, 10, (None, 10, 2)), ("inner", "composite", 1, 9, (None, 10, 2)),
              ("tf.nn.dropout", "passthrough", 2, 6, (None, 10, 4)), ("Dense", "layer", 2, 6, (None, 10, 2))]


# where a failing call's inputs came from (its message) --------------------------------------------


def messages(text: str) -> list[tuple[int, str, str]]:
    source = SourceFile("case.py", textwrap.dedent(text).lstrip("\n"))
    found = lint_text(source, selected_rules(Settings()), shape_inference(Settings()))
    return [(d.span.start_row, d.code, d.message) for d in found]


ADD = "`Add` expects inputs whose shapes broadcast together: "


def test_a_failing_call_names_where_each_input_came_from_in_order() -> None:
    # A custom layer's output is named after the custom layer, not the Dense inside it.
    assert messages(HEAD + """
class Block(layers.Layer):
    def call(self, x):
        return layers.Dense(4)(x)
inp = keras.Input((4,))
b = layers.Dense(5)(inp)
a = Block()(inp)
c = layers.Add()([b, a])
e = layers.Add()([a, b])
""") == [(11, "NL104", ADD + "`b` from `Dense` on line 9 is (None, 5) and `a` from `Block` on line 10 is (None, 4)"),
         (12, "NL104", ADD + "`a` from `Block` on line 10 is (None, 4) and `b` from `Dense` on line 9 is (None, 5)")]


def test_an_input_joined_after_an_if_has_no_source_and_the_next_still_has_one() -> None:
    assert messages(HEAD + """
inp = keras.Input((4,))
a = layers.Dense(4)(inp)
if FLAG:
    a = layers.Dense(4)(a)
b = layers.Dense(5)(inp)
c = layers.Add()([a, b])
""") == [(10, "NL104", ADD + "input 1 is (None, 4) and `b` from `Dense` on line 9 is (None, 5)")]


# a dropout's noise_shape as this call reads it ---------------------------------------------------


def test_a_noise_shape_is_shown_only_when_every_size_is_known() -> None:
    model = facts_of(HEAD + """
n = get_n()
inp = keras.Input((10, 8))
x = layers.Dropout(0.5, noise_shape=(None, 1, n))(inp)
y = layers.Dropout(0.5, noise_shape=NS)(inp)
z = layers.Dropout(0.5, noise_shape=(None, 1, 8))(inp)
""")
    assert [(f.layer, f.output_shape, f.mask) for f in model.calls()] == [
        ("InputLayer", (None, 10, 8), None), ("Dropout", (None, 10, 8), None),
        ("Dropout", (None, 10, 8), None), ("Dropout", (None, 10, 8), (None, 1, 8))]
    assert list(model.input_shapes.values()) == [(None, 10, 8)] * 3


# builtins --------------------------------------------------------------------------------------


def test_len_of_an_array_is_its_first_size_and_a_builtin_with_keywords_is_unknown() -> None:
    # `enumerate(..., start=1)`: noiselint does not model the keyword, so it does not unroll
    # the loop with the wrong counter (0, 1) but runs the body once on unknown values.
    model = facts_of(HEAD + """
import numpy as np
data = np.zeros((16, 8))
inp = keras.Input((len(data),))
x = inp
for i, u in enumerate((4, 8), start=1):
    x = layers.Dense(u * i)(x)
""")
    assert [(f.layer, f.output_shape) for f in model.calls()] == [("InputLayer", (None, 16)), ("Dense", None)]


def test_merge_functions_and_input_layers_read_their_arguments() -> None:
    model = facts_of(HEAD + """
shape = (16,)
m = keras.Sequential([layers.InputLayer(input_shape=shape), layers.Dense(8)])
inp = keras.Input((4,))
a = layers.Dense(2)(inp)
c = layers.concatenate([a, inp], axis=AX)
d = layers.concatenate([a, inp])
""")
    assert [(f.layer, f.row, f.output_shape, f.unknown_reason) for f in model.calls()] == [
        ("InputLayer", 6, (None, 16), None), ("Dense", 6, (None, 8), None),
        ("InputLayer", 7, (None, 4), None), ("Dense", 8, (None, 2), None),
        ("Concatenate", 9, (None, None), "argument `axis` not static (`AX` is not bound in this file)"),
        ("Concatenate", 10, (None, 6), None)]


def test_attention_inputs_given_by_keyword() -> None:
    # A key whose length (6) is not the value's (5): Keras cannot apply the layer.
    assert layers(HEAD + """
q = keras.Input((3, 8))
v = keras.Input((5, 16))
k = keras.Input((6, 16))
y = layers.MultiHeadAttention(2, 4)(query=q, value=v)
z = layers.MultiHeadAttention(2, 4)(q, v, key=k)
""")[-2:] == [("MultiHeadAttention", (None, 3, 8)), ("MultiHeadAttention", None)]


def test_a_custom_layer_inside_a_replayed_model_is_not_replayed_as_one_step() -> None:
    # The Dense inside `Block` is replayed on its own; `Block` itself adds no step.
    assert calls("""
class Block(layers.Layer):
    def call(self, x):
        return layers.Dense(6)(x)
i = layers.Input((None, 4))
inner = keras.Model(i, layers.Dense(2)(Block()(i)))
x = inner(layers.Input((10, 4)))
""")[-3:] == [("inner", "composite", 0, 10, (None, 10, 2)), ("Dense", "layer", 1, 7, (None, 10, 6)),
              ("Dense", "layer", 1, 9, (None, 10, 2))]


def test_tf_calls_inside_a_custom_layer_are_drawn_inside_it() -> None:
    assert calls("""
class Block(layers.Layer):
    def call(self, x):
        x = tf.nn.dropout(x, 0.5)
        return tf.reshape(x, (-1, 40))
y = Block()(layers.Input((10, 4)))
""") == [("InputLayer", "input", 0, 9, (None, 10, 4)), ("Block", "composite", 0, 9, (None, 40)),
         ("tf.nn.dropout", "passthrough", 1, 7, (None, 10, 4)), ("tf.reshape", "op", 1, 8, (None, 40))]


def test_models_made_with_arguments_in_other_forms() -> None:
    # `Model(inp, **kw)`: no outputs noiselint can see, so no model; a Sequential's name
    # given third positionally labels it where it is applied.
    assert calls("""
inp = layers.Input((4,))
m = keras.Model(inp, **kw)
e = keras.Sequential([layers.Dense(2)], True, "enc")
y = e(inp)
""") == [("InputLayer", "input", 0, 5, (None, 4)), ("enc", "composite", 0, 8, (None, 2)),
         ("Dense", "layer", 1, 7, (None, 2))]


def test_a_batch_shape_size_noiselint_cannot_tell_and_a_layer_called_with_inputs() -> None:
    # `noiselint shapes` marks axis 1 of the first input `?` (a value, not a `None`).
    model = facts_of(HEAD + """
inp = keras.Input(batch_shape=(None, N, 8))
inp2 = keras.Input(batch_shape=(4, 3, 8))
y = layers.Dense(4)(inputs=inp2)
old = tf.keras.Input(batch_input_shape=(None, N, 8))
sized = keras.Input((3,), batch_size=4)
positional = keras.Input((3,), 4)
""")
    # tf-keras (Keras 2) takes `batch_input_shape=` too: checked, it gives (None, 3, 8) for (None, 3, 8).
    assert [(f.layer, f.output_shape, f.unknown_axes) for f in model.calls()] == [
        ("InputLayer", (None, None, 8), (1,)), ("InputLayer", (4, 3, 8), ()), ("Dense", (4, 3, 4), None),
        ("InputLayer", (None, None, 8), (1,)), ("InputLayer", (4, 3), ()),
        ("InputLayer", (4, 3), ())]


def test_a_replay_stopped_by_an_opaque_call_still_feeds_the_next_layer() -> None:
    # What the picture draws: Input -> inner -> Dense, though inner's output is unknown.
    outer = facts_of(HEAD + """
i = layers.Input((None, 4))
inner = keras.Model(i, layers.Dense(6)(mystery(i)))
x = inner(layers.Input((10, 4)))
y = layers.Dense(2)(x)
""").models[-1]
    assert [(f.layer, f.output_shape) for f in outer.layers] == [
        ("InputLayer", (None, 10, 4)), ("inner", None), ("Dense", None)]
    assert outer.edges == ((0, 1), (1, 2))


def test_every_output_of_a_replayed_model_is_replayed() -> None:
    assert calls("""
i = layers.Input((None, 4))
inner = keras.Model(i, [layers.Dense(2)(i), layers.Dense(3)(i)])
a, b = inner(layers.Input((10, 4)))
""")[-3:] == [("inner", "composite", 0, 7, (None, 10, 2)), ("Dense", "layer", 1, 6, (None, 10, 2)),
              ("Dense", "layer", 1, 6, (None, 10, 3))]


def test_a_layout_a_branch_changes_the_other_way_is_not_known_after_the_if() -> None:
    assert codes(HEAD + """
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3)(inputs)
if FLAG:
    x = layers.Conv2D(16, 3, padding="same", data_format="channels_first")(x)
x = layers.MaxPooling2D(data_format="channels_first")(x)
""") == [(8, "NL010")]


def test_a_dropout_site_inside_a_replayed_model_keeps_what_both_runs_agree_on() -> None:
    # The site runs on (None, None, 4), then replayed on (None, 7, 4): its length is not certain.
    facts = facts_of(HEAD + """
i = layers.Input((None, 4))
inner = keras.Model(i, tf.nn.dropout(i, 0.5, noise_shape=[1, 1, 4]))
x = inner(layers.Input((7, 4)))
r = layers.Reshape((sum(DIMS),))(x)
""")
    assert list(facts.input_shapes.values()) == [(None, None, 4)]
    reshape = facts.calls()[-1]
    assert (reshape.layer, reshape.unknown_reason) == \
        ("Reshape", "argument `target_shape` not static (`sum(...)` is not modelled here)")




def test_why_an_input_shape_is_unknown() -> None:
    # What `noiselint shapes` gives as the reason on each Input's row.
    model = facts_of(HEAD + """
a = keras.Input(shape=S)
b = keras.Input(*SHAPE)
c = keras.Input(batch_shape=BS)
""")
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in model.calls()] == [
        ("InputLayer", None, "argument `shape` not static"), ("InputLayer", None, "`*args` that are not static"),
        ("InputLayer", None, "argument `batch_shape` not static")]


BLOCK = HEAD + """
class Block(layers.Layer):
    def call(self, x):
        return layers.Add()([x, layers.Dense(5)(x)])
inp = keras.Input((4,))
"""


def test_a_failure_inside_a_custom_layer_shows_at_its_line_unless_a_model_applies_it() -> None:
    # Inside a model applied as a layer, the failure shows at the model's call, not at the
    # layer's line, even through a custom layer: a Sequential that declares no input is built
    # by that call, where Keras raises the Add's error.
    assert codes(BLOCK + "y = Block()(inp)\n") == [(7, "NL104")]
    assert codes(BLOCK + "seq = keras.Sequential([Block()])\ny = seq(inp)\n") == [(10, "NL104")]


def test_a_model_called_eagerly_on_an_array_given_as_inputs() -> None:
    assert codes(HEAD + """
import numpy as np
model = keras.Sequential([keras.Input((10,)), layers.Dense(3)])
y = model(inputs=np.zeros((5, 20)))
""") == [(7, "NL201")]


def test_a_model_s_eager_output_on_an_array_has_the_output_s_shape_for_its_samples() -> None:
    reshape = facts_of(HEAD + """
import numpy as np
model = keras.Sequential([keras.Input((10,)), layers.Dense(3)])
n = model(np.zeros((5, 10))).shape[1]
r = layers.Reshape((n, 2))(keras.Input((6,)))
""").calls()[-1]
    assert (reshape.layer, reshape.output_shape) == ("Reshape", (None, 3, 2))


def test_a_model_s_eager_output_on_an_array_it_refuses_is_unknown_with_its_reason() -> None:
    reshape = facts_of(HEAD + """
import numpy as np
model = keras.Sequential([keras.Input((10,)), layers.Dense(3)])
n = model(np.zeros((5, 9))).shape[1]
r = layers.Reshape((n, 2))(keras.Input((6,)))
""").calls()[-1]
    assert (reshape.layer, reshape.output_shape, reshape.unknown_reason) == \
        ("Reshape", None, "argument `target_shape` not static (the model's output on arrays)")


# a site whose noise_shape reads otherwise here than the rules read it ------------------------------

HEAD_BUILDER = HEAD + """
def head(x, units=64):
    x = layers.Dense(units)(x)
    return {}
"""
TF_DROP = "tf.nn.dropout(x, 0.2, noise_shape=[1, 1, units])"
LAYER_DROP = "layers.Dropout(0.2, noise_shape=(None, 1, units))(x)"


@pytest.mark.parametrize("first", ["32", "64"])
def test_a_dropout_function_called_with_another_argument_lends_no_shape(first: str) -> None:
    # As test_graph's Dropout case: the rules read `units` as 64 (one call leaves it out), so
    # the call with 32 must not lend its (None, 10, 32) to the site.
    facts = facts_of(HEAD_BUILDER.format(TF_DROP) + f"""
out = head(keras.Input((10, 8)), {first})
other = head(keras.Input((10, 8)))
""")
    assert list(facts.input_shapes.values()) == [(None, 10, 64)]


@pytest.mark.parametrize("drop", [TF_DROP, LAYER_DROP])
def test_a_replayed_site_with_another_argument_lends_no_shape(drop: str) -> None:
    facts = facts_of(HEAD_BUILDER.format(drop) + """
i = keras.Input((None, 8))
inner = keras.Model(i, head(i, 32))
other = head(keras.Input((10, 8)))
y = inner(keras.Input((12, 8)))
""")
    assert list(facts.input_shapes.values()) == [(None, 10, 64)]


@pytest.mark.parametrize("drop", ["tf.nn.dropout(x, 0.2, noise_shape=shape)",
                                  "layers.Dropout(0.2, noise_shape=shape)(x)"])
def test_a_dropout_given_a_noise_shape_of_another_length_lends_nothing(drop: str) -> None:
    # The rules read `shape` as its default (1, 64), which one call uses; the call with a
    # three-entry noise_shape on a rank-3 input must not lend (None, 10, 64) to the site.
    facts = facts_of(HEAD + f"""
def head(x, shape=(1, 64)):
    return {drop}
a = head(keras.Input((10, 64)), (1, 1, 64))
b = head(keras.Input((64,)))
""")
    assert list(facts.input_shapes.values()) == [(None, 64)]


def test_names_and_reasons_of_a_layer_that_returns_its_input() -> None:
    # `noiselint shapes` names each row by its variable: the Input keeps `inp` though the
    # custom layer's output is the same tensor; a size from a function noiselint cannot see
    # is unknown with that reason.
    model = facts_of(HEAD + """
class Ident(layers.Layer):
    def call(self, x):
        return x
inp = keras.Input((4,))
y = Ident()(inp)
n = get_size()
r = layers.Reshape((n,))(y)
""")
    assert [(f.name, f.layer, f.output_shape, f.unknown_reason) for f in model.calls()] == [
        ("inp", "InputLayer", (None, 4), None), ("y", "Ident", (None, 4), None),
        ("r", "Reshape", None, "argument `target_shape` not static (`get_size` is not a function noiselint can see)")]
    # An Input with no variable of its own is not named after the custom layer's output.
    assert [(f.name, f.layer) for f in facts_of(HEAD + """
class Ident(layers.Layer):
    def call(self, x):
        return x
y = Ident()(keras.Input((4,)))
""").calls()] == [(None, "InputLayer"), ("y", "Ident")]


def test_layer_arguments_noiselint_cannot_read_and_why() -> None:
    model = facts_of(HEAD + """
inp = keras.Input((4,))
a = layers.Dense(output_dim=4)(inp)
b = layers.Dense(*CFG)(inp)
""")
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in model.calls()][1:] == [
        ("Dense", (None, None), "argument `output_dim` not static (Keras 1 read this argument differently, "
                                "so the shape depends on which Keras runs it)"),
        ("Dense", (None, None), "argument `units` not static (`*args` that are not static)")]


def test_a_layer_given_all_its_mapped_arguments_positionally() -> None:
    # `output_dim` unknown sets only the last axis; the sequence length (10) holds for any value.
    assert layers(HEAD + """
inp = keras.Input((10,))
x = layers.Embedding(1000, DIM)(inp)
""")[-1] == ("Embedding", (None, 10, None))


@pytest.mark.parametrize("args", ["(3, 3), (2, 2)", "(3, 3), 2"])
def test_a_conv_with_a_tuple_kernel_and_strides_is_no_keras_1_call(args: str) -> None:
    # Only `Conv2D(8, 3, 3)` (two ints) may be Keras 1's rows and columns.
    assert layers(HEAD + f"""
x = layers.Conv2D(8, {args})(keras.Input((28, 28, 1)))
""")[-1] == ("Conv2D", (None, 13, 13, 8))


@pytest.mark.parametrize("declared", ["BIS", "(N, 16)"])
def test_a_first_layer_s_batch_input_shape_that_is_not_static_declares_no_input(declared: str) -> None:
    assert layers(HEAD + f"""
m = keras.Sequential([layers.Dense(8, batch_input_shape={declared}), layers.Dense(2)])
""") == [("Dense", None), ("Dense", None)]


def test_a_first_layer_s_batch_size_is_part_of_its_declared_input() -> None:
    # tf.keras (Keras 2): `input_shape=` and `batch_size=` on the first layer.
    assert layers(HEAD + """
m = tf.keras.Sequential([tf.keras.layers.Dense(8, input_shape=(16,), batch_size=32)])
""") == [("InputLayer", (32, 16)), ("Dense", (32, 8))]


@pytest.mark.parametrize("declared", ["input_shape=(16,), batch_size=BS", "input_shape=IS", "input_shape=(N, 16)"])
def test_a_first_layer_s_input_shape_that_is_not_static_declares_no_input(declared: str) -> None:
    assert layers(HEAD + f"""
m = tf.keras.Sequential([tf.keras.layers.Dense(8, {declared}), tf.keras.layers.Dense(2)])
""") == [("Dense", None), ("Dense", None)]


def test_a_shared_layer_is_judged_against_its_first_call_every_time() -> None:
    # The weights are those of the first call (8 features): both later calls on 16 fail.
    assert codes(HEAD + """
d = layers.Dense(4)
a = d(keras.Input((8,)))
b = d(keras.Input((16,)))
c = d(keras.Input((16,)))
""") == [(7, "NL102"), (8, "NL102")]


def test_a_shared_layer_s_message_names_the_call_that_built_it() -> None:
    found = messages(HEAD + """
d = layers.Dense(4)
a = d(keras.Input((8,)))
b = d(keras.Input((5, 8)))
c = d(keras.Input((16,)))
""")
    assert [(row, code) for row, code, _ in found] == [(8, "NL102")]
    assert "built for (None, 8) by its call on line 6" in found[0][2]


def test_a_shared_layer_s_calls_are_one_instance() -> None:
    # What the picture draws as one node and `noiselint shapes` marks as shared.
    calls_ = facts_of(HEAD + """
d = layers.Dense(4)
a = d(keras.Input((8,)))
b = d(keras.Input((5, 8)))
e = layers.Dense(4)(a)
""").calls()
    dense = [f.instance for f in calls_ if f.layer == "Dense"]
    assert dense[0] == dense[1] != 0 and dense[2] not in (0, dense[0])


def test_a_site_applied_to_two_ranks_is_judged_on_neither() -> None:
    # `block(b, units=16)` reads the noise_shape with other values: it lends the site only its
    # rank (2), while `block(a)` lends its full shape (rank 3). The rules read one input shape
    # per site and quote it in their messages; applications of two ranks give none, rather
    # than judge the written noise_shape against one of them.
    facts = facts_of(HEAD + """
def block(x, units=4):
    return layers.Dropout(0.5, noise_shape=(None, 1, units))(x)
a = keras.Input(shape=(10, 8))
b = keras.Input(shape=(16,))
y1 = block(a)
y2 = block(b, units=16)
""")
    assert list(facts.input_shapes.values()) == []
    same = facts_of(HEAD + """
def block(x, units=4):
    return layers.Dropout(0.5, noise_shape=(None, 1, units))(x)
a = keras.Input(shape=(10, 8))
b = keras.Input(shape=(12, 16))
y1 = block(a)
y2 = block(b, units=16)
""")
    assert list(same.input_shapes.values()) == [(None, 10, 8)]  # one rank: the full shape holds


# a size noiselint cannot tell inside a layer's tuple argument or an Input's shape -----------------


@pytest.mark.parametrize(("layer", "argument", "shape"), [
    ("layers.Conv1D(4, (n,))", "kernel_size", (None, None, None)),
    ("layers.ZeroPadding1D((n, 1))", "padding", (None, None, None)),
    ("layers.Permute((2, n))", "dims", (None, None, None)),
    ("layers.Reshape((n, 4))", "target_shape", None),
])
def test_a_tuple_argument_holding_a_size_noiselint_cannot_tell_is_not_static(
        layer: str, argument: str, shape: tuple[None, ...] | None) -> None:
    # Keras is not asked with the unknown size inside the tuple: `noiselint shapes` once
    # showed "Keras rejects it: ... Received kernel_size=(Unknown(reason=...),)".
    (model,) = facts_of(HEAD + f"""
def build(n):
    inp = keras.Input((10, 8))
    return keras.Model(inp, {layer}(inp))
m = build(unknown())
""").models
    last = model.layers[-1]
    assert (last.output_shape, last.error, last.unknown_reason) == \
        (shape, None, f"argument `{argument}` not static (`unknown` is not a function noiselint can see)")


def test_which_sizes_of_an_input_shape_noiselint_cannot_tell() -> None:
    # A size written 0 is known (Keras builds `Input((0, 8))` as (None, 0, 8)). A string (an
    # argparse default without `type=int`) or a float is no size (Keras raises ValueError):
    # `noiselint shapes` shows `?`, not `None`, which says "set when the model runs".
    model = facts_of(HEAD + """
zero = keras.Input((0, 8))
text = keras.Input(("28", 8))
real = keras.Input((2.5, 8))
placeholder = tf.compat.v1.placeholder(tf.float32, [None, "28", 0])
""")
    assert [(f.layer, f.output_shape, f.unknown_axes) for f in model.calls()] == [
        ("InputLayer", (None, 0, 8), ()), ("InputLayer", (None, None, 8), (1,)),
        ("InputLayer", (None, None, 8), (1,)), ("tf.placeholder", (None, None, 0), (1,))]


def test_a_layer_added_on_a_branch_inside_a_loop_may_be_added_many_times() -> None:
    # Pooled once per step the loop takes: (None, 32, 8), then (None, 16, 8), ... A branch
    # inside a loop is still a loop: the MaxPooling1D's output is not known, not (None, 32, 8).
    assert layers(HEAD + """
def build(n, pool):
    model = keras.Sequential([keras.Input((64, 8))])
    for _ in range(n):
        if pool:
            model.add(layers.MaxPooling1D(2))
    model.add(layers.Dense(4))
    return model
m = build(unknown(), unknown())
""") == [("InputLayer", (None, 64, 8)), ("MaxPooling1D", (None, None, None)), ("Dense", (None, None, 4))]


def test_a_replayed_call_of_one_tensor_twice_keeps_both_inputs() -> None:
    # Self-attention, `mha(x, x)`: the graph holds one edge for the two inputs; the replay
    # must still give the layer its query and its value (deit.py's blocks).
    assert calls("""
x1 = layers.Input((197, 192))
att = layers.MultiHeadAttention(num_heads=3, key_dim=64)(x1, x1)
block = keras.Model(x1, layers.Add()([att, x1]))
y = block(layers.Input((197, 192)))
""")[-3:] == [("block", "composite", 0, 8, (None, 197, 192)),
              ("MultiHeadAttention", "layer", 1, 6, (None, 197, 192)), ("Add", "layer", 1, 7, (None, 197, 192))]


def test_a_none_read_from_a_parameter_default_is_not_a_dynamic_size() -> None:
    # `Net` is never built here: a caller may set `n_features` (`Net(X.shape[1])`). Its
    # default `None` is a value still to be set, not `Input(shape=(None,))`: no Dense
    # refusal on a guess.
    assert codes(HEAD + """
class Net:
    def __init__(self, n_features=None):
        self.n_features = n_features
    def build(self):
        inp = keras.Input(shape=(self.n_features,))
        return keras.Model(inp, layers.Dense(4)(inp))
""") == []
    assert codes(HEAD + """
inp = keras.Input(shape=(None,))
out = layers.Dense(4)(inp)
""") == [(6, "NL102")]
