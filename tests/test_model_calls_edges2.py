"""More edges of Keras calls in model code (model/calls.py, model/graph.py) that the other
tests leave open, found by mutation testing (benchmarks/mutation-results-mutcalls3.md): a
Keras layer outside the allow-list, the graph's node budget. Each case fails on a planted bug
that the other tests let through."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from test_model_calls_edges import HEAD, codes, facts_of

from noiselint.model.graph import BudgetExceeded, ModelGraph
from noiselint.shapes.oracle import KerasShapes


def test_a_keras_layer_outside_the_allow_list_is_unknown_and_says_why() -> None:
    # What `noiselint shapes` lists for each: the row of the call, no shape, and the reason
    # (a Lambda's own, any other layer's name).
    model = facts_of(HEAD + """
inp = keras.Input((4,))
k = 3
a = layers.TFSMLayer(k)(inp)
b = layers.Lambda(lambda t: t)(inp)
""")
    assert [(f.layer, f.row, f.output_shape, f.unknown_reason) for f in model.calls()][1:] == [
        ("TFSMLayer", 7, None, "`TFSMLayer` is not in noiselint's allow-list"),
        ("Lambda", 8, None, "`Lambda` runs user code")]


def test_the_graph_holds_as_many_nodes_as_its_budget_and_no_more() -> None:
    graph = ModelGraph(KerasShapes(None), max_nodes=3)
    for _ in range(3):
        graph.new_tensor()
    with pytest.raises(BudgetExceeded, match="more than 3 graph nodes"):
        graph.new_tensor()


def test_super_init_of_a_model_built_in_its_constructor_is_no_step() -> None:
    # `super().__init__(inputs=..., outputs=...)` hands Keras the tensors: no call of its own
    # in `noiselint shapes` (no row 9), the layers made before it keep their shapes.
    model = facts_of(HEAD + """
class Net(keras.Model):
    def __init__(self, **kwargs):
        inp = keras.Input((4,))
        out = layers.Dense(2)(inp)
        super().__init__(inputs=inp, outputs=out, **kwargs)
net = Net()
""")
    assert [(f.layer, f.row, f.output_shape) for f in model.calls() if f.kind != "opaque"] == [
        ("InputLayer", 7, (None, 4)), ("Dense", 8, (None, 2))]
    assert 9 not in [f.row for f in model.calls()]


# where the channels are (NL010) through layers that keep, define or may define them ---------

LAYOUT = HEAD + """
inputs = keras.Input(shape=(3, 32, 32))
x = layers.Conv2D(16, {kernel}, data_format={fmt})(inputs)
{middle}
x = layers.MaxPooling2D()(x)
"""


@pytest.mark.parametrize(("kernel", "fmt", "middle", "found"), [
    # An elementwise layer keeps the channels where they were: the pooling still reads them wrong.
    ("3", '"channels_first"', 'x = layers.Activation("relu")(x)', [(8, "NL010")]),
    # A Conv2D whose output shape is unknown (kernel not static) still puts them first.
    ("K", '"channels_first"', "x = x", [(8, "NL010")]),
    # A data_format noiselint cannot read says nothing about where they are.
    ("3", "FMT", "x = x", []),
])
def test_where_the_channels_are_after_a_layer(kernel: str, fmt: str, middle: str, found: list) -> None:
    assert codes(LAYOUT.format(kernel=kernel, fmt=fmt, middle=middle)) == found


def test_an_input_made_inside_a_custom_layer_is_drawn_inside_it() -> None:
    # Its depth in `noiselint shapes`: 1, under the custom layer's own row.
    model = facts_of(HEAD + """
class Block(layers.Layer):
    def call(self, x):
        extra = keras.Input((4,))
        return x
inp = keras.Input((4,))
y = Block()(inp)
""")
    assert [(f.layer, f.kind, f.depth, f.row) for f in model.calls()] == [
        ("InputLayer", "input", 0, 9), ("Block", "composite", 0, 10), ("InputLayer", "input", 1, 7)]


def test_a_tf1_static_shape_read_with_get_shape_as_list_sizes_the_next_op() -> None:
    assert [(f.layer, f.output_shape) for f in facts_of("""
import tensorflow as tf
h = tf.placeholder(tf.float32, [None, 20, 32])
n = h.get_shape().as_list()[2]
flat = tf.reshape(h, [-1, n])
""").calls()] == [("tf.placeholder", (None, 20, 32)), ("tf.reshape", (None, 32))]


RESIZED = HEAD + """
import numpy as np
x = np.zeros((100, 784))
y = np.zeros((100,))
{resize}
model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(10)])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
"""


def test_an_array_resized_in_place_is_not_judged_by_its_old_shape() -> None:
    # `x.resize(...)` changes x itself: the (100, 784) noiselint saw is no longer x's shape.
    assert codes(RESIZED.format(resize="")) == [(11, "NL201")]
    assert codes(RESIZED.format(resize="n = 100\nx.resize((n, 28, 28))")) == []


def test_a_subclassed_model_built_by_build_and_summarised() -> None:
    # `build` runs `call` on the shape given; `summary(print_fn=...)` changes nothing.
    model = facts_of(HEAD + """
class Net(keras.Model):
    def call(self, x):
        return layers.Dense(2)(x)
net = Net()
log = print
net.build((None, 4))
net.summary(print_fn=log)
""")
    assert [(f.layer, f.kind, f.depth, f.row, f.output_shape) for f in model.calls()] == [
        ("Net", "composite", 0, 8, (None, 2)), ("Dense", "layer", 1, 7, (None, 2))]


def test_classes_noiselint_cannot_see_into_applied_to_a_tensor() -> None:
    # Each is one step of unknown shape in `noiselint shapes`, with the reason a user reads:
    # a Keras class outside the allow-list (from each of the three packages), a class from
    # another module, a name bound to something noiselint cannot follow.
    model = facts_of(HEAD + """
from blocks import MyBlock
import tf_keras
inp = keras.Input((32, 32, 3))
top = False
a = keras.applications.VGG16(include_top=top)(inp)
b = tf.keras.applications.ResNet50(include_top=top)(inp)
c = tf_keras.applications.MobileNet(include_top=top)(inp)
d = MyBlock(top)(inp)
f = get_fn()
e = f(inp)
""")
    assert [(f.layer, f.kind, f.row, f.output_shape, f.unknown_reason) for f in model.calls()][1:] == [
        ("VGG16", "layer", 9, None, "`VGG16` is not in noiselint's allow-list"),
        ("ResNet50", "layer", 10, None, "`ResNet50` is not in noiselint's allow-list"),
        ("MobileNet", "layer", 11, None, "`MobileNet` is not in noiselint's allow-list"),
        ("MyBlock", "layer", 12, None, "custom layer `MyBlock`"),
        ("f", "opaque", 14, None, "`f` is not a Keras layer noiselint knows")]


def test_a_load_data_method_of_the_user_s_own_class_runs_as_written() -> None:
    # Only a Keras dataset module's `load_data` is Keras's; this one returns an Input.
    assert facts_of(HEAD + """
class Loader:
    def load_data(self):
        return keras.Input((4,))
inp = Loader().load_data()
x = layers.Dense(2)(inp)
""").models[0].layers[-1].output_shape == (None, 2)


def test_a_layer_given_kwargs_noiselint_cannot_read_says_so() -> None:
    model = facts_of(HEAD + """
inp = keras.Input((4,))
a = layers.Dense(**CFG)(inp)
""")
    assert [(f.layer, f.output_shape, f.unknown_reason) for f in model.calls()][1:] == [
        ("Dense", (None, None), "argument `units` not static (`**kwargs`)")]


def test_each_model_is_listed_once_and_only_once(run_cli, tmp_path: Path) -> None:
    """Two models on the same tensors are two models; a builder run twice on the same shapes
    makes one model to show, unless its runs took other layer calls (graph.facts, found by
    the survivors `facts` 17, 18, 20 of the lead's resumed run)."""
    (tmp_path / "m.py").write_text(textwrap.dedent("""
        import keras
        from keras import layers

        def make(flag):
            dense = layers.Dense(4) if flag else layers.Dense(4)
            return keras.Sequential([keras.Input((8,)), dense])

        def plain():
            return keras.Sequential([keras.Input((8,)), layers.Dense(4)])

        inp = keras.Input((10, 8))
        out = layers.Dense(4)(inp)
        encoder = keras.Model(inp, out)
        twin = keras.Model(inp, out)
        a = make(True)
        b = make(False)
        c = plain()
        d = plain()
        """))
    _, out, _ = run_cli("shapes", "--no-cache", "m.py", cwd=tmp_path)
    titles = [line for line in out.splitlines() if line.endswith(")") and " model `" in line]
    assert titles == ["functional model `encoder` (line 14)", "functional model `twin` (line 15)",
                      "Sequential model `a` (line 7)", "Sequential model `b` (line 7)",
                      "Sequential model `c` (line 10)"]
