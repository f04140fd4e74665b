"""The last edges of Keras calls in model code (model/calls.py, model/graph.py) left open by
mutation testing (benchmarks/mutation-results-mutcalls2.md, -mutcalls3.md): classes of another
module of the project or of an installed package, a name bound to one of two layer classes,
models replayed on inputs that do not match their own, where the channels are after a layer
whose data_format noiselint cannot read or after two layers that disagree. Each case fails on
a planted bug that the other tests let through."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from test_model_calls_edges import HEAD, calls, codes, facts_of, layers


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


# classes of another module ---------------------------------------------------------------------


def test_classes_of_installed_packages_are_named_after_their_module(tmp_path: Path, run_cli) -> None:
    # In a project, a class imported from a module that is not in it is a layer of an
    # installed package: `noiselint shapes` says which module (the whole dotted name); one
    # that may come from either of two packages is a custom layer.
    write(tmp_path, {"pyproject.toml": "", "model.py": """
        import keras
        from extpkg.blocks import Other
        from extpkg import Plain
        try:
            from fastpkg import Fancy
        except ImportError:
            from slowpkg import Fancy

        inp = keras.Input((8,))
        c = Other()(inp)
        d = Plain(3)(inp)
        e = Fancy()(inp)
        m = keras.Model(inp, [c, d, e])
    """})
    code, out, _ = run_cli("shapes", "--no-cache", "model.py", cwd=tmp_path)
    assert code == 0, out
    rows = [" ".join(line.split()) for line in out.splitlines() if "unknown:" in line]
    assert rows == ["c (Other) unknown: `Other` comes from `extpkg.blocks`, which is not in the project",
                    "d (Plain) unknown: `Plain` comes from `extpkg`, which is not in the project",
                    "e (Fancy) unknown: custom layer `Fancy`"]


def test_a_model_class_of_another_project_module_is_listed_at_its_line(tmp_path: Path, run_cli) -> None:
    # The subclassed model is made on line 4 of model.py, where the title points.
    write(tmp_path, {"pyproject.toml": "", "nets.py": """
        import keras
        from keras import layers

        class Net(keras.Model):
            def call(self, x):
                return layers.Dense(2)(x)
    """, "model.py": """
        import keras
        from nets import Net

        net = Net()
        net.build((None, 8))
    """})
    code, out, _ = run_cli("shapes", "--no-cache", "model.py", cwd=tmp_path)
    assert code == 0, out
    assert "subclassed model `net` (line 4)" in out.splitlines()


def test_a_name_bound_to_one_of_two_layer_classes_is_not_guessed() -> None:
    # `D` is a Dense or a Conv1D: noiselint cannot tell which, so `D(4)` is a step of
    # unknown shape, not one of them (a Conv1D would be a false "Keras rejects it").
    model = facts_of(HEAD + """
inp = keras.Input((8,))
if FLAG:
    D = layers.Dense
else:
    D = layers.Conv1D
x = D(4)(inp)
""")
    assert [(f.layer, f.kind, f.row, f.output_shape, f.error) for f in model.calls()][1:] == [
        ("D(4)", "opaque", 10, None, None)]


def test_a_subclassed_model_with_its_own_build_runs_it_as_written() -> None:
    # Keras runs the user's `build` and not `call`: no model is traced on (None, 4) at
    # `net.build`, only the call on line 12 (its Dense sized by the user's build).
    facts = facts_of(HEAD + """
class Net(keras.Model):
    def build(self, input_shape):
        self.head = layers.Dense(input_shape[-1] * 2)
    def call(self, x):
        return self.head(x)
net = Net()
net.build((None, 4))
y = net(keras.Input((4,)))
""")
    assert [(m.kind, m.name) for m in facts.models] == [("", "")]
    assert [(f.layer, f.kind, f.row, f.output_shape) for f in facts.calls()] == [
        ("InputLayer", "input", 12, (None, 4)), ("Net", "composite", 10, (None, 8)),
        ("Dense", "layer", 7, (None, 8))]


# layers and models applied to inputs that are not theirs ---------------------------------------


def test_a_single_input_layer_called_on_a_list_is_not_given_its_element() -> None:
    # Keras 3 and tf-keras both reject `Dense(4)([x])` (checked): no (None, 4) for it.
    assert layers(HEAD + """
x = keras.Input((3,))
y = layers.Dense(4)([x])
""") == [("InputLayer", (None, 3)), ("Dense", None)]


def test_a_model_of_named_inputs_applied_to_a_dict_is_unknown() -> None:
    # noiselint does not map a dict of inputs to the model's own: the replay stops at once.
    assert calls("""
a = keras.Input((4,), name="a")
b = keras.Input((6,), name="b")
inner = keras.Model({"a": a, "b": b}, layers.Concatenate()([a, b]))
outer = inner({"a": keras.Input((4,)), "b": keras.Input((6,))})
""")[-1] == ("inner", "composite", 0, 8, None)


def test_a_replayed_layer_with_fewer_outputs_than_before_stops_there() -> None:
    # The LSTM made three outputs; on a rank-2 input Keras rejects it, and the listing says so.
    model = facts_of(HEAD + """
i = keras.Input((5, 8))
out, h, c = layers.LSTM(4, return_state=True)(i)
inner = keras.Model(i, [out, h, c])
y = inner(keras.Input((5,)))
""").models[-1]
    assert [(f.layer, f.kind, f.depth, f.row, f.output_shape) for f in model.layers] == [
        ("InputLayer", "input", 0, 8, (None, 5)), ("inner", "composite", 0, 8, None),
        ("LSTM", "layer", 1, 6, None)]
    assert model.layers[-1].unknown_reason.startswith("Keras rejects it: ")


# where the channels are (NL010) ----------------------------------------------------------------


def test_a_pooling_of_a_data_format_noiselint_cannot_read_assumes_no_layout() -> None:
    # The pooling's layout is unknown: the Conv2D after it is not said to disagree with it.
    assert codes(HEAD + """
inputs = keras.Input(shape=(3, 32, 32))
x = layers.MaxPooling2D(data_format=FMT)(inputs)
y = layers.Conv2D(16, 3, data_format="channels_first")(x)
""") == []


def test_the_sum_of_a_channels_first_and_a_channels_last_tensor_has_no_layout() -> None:
    # Neither pooling after the Add is judged: the channels are first in one input, last in
    # the other.
    assert codes(HEAD + """
inputs = keras.Input(shape=(16, 16, 16))
a = layers.Conv2D(16, 3, padding="same", data_format="channels_first")(inputs)
b = layers.Conv2D(16, 3, padding="same")(inputs)
x = layers.Add()([a, b])
p = layers.MaxPooling2D()(x)
q = layers.MaxPooling2D(data_format="channels_first")(x)
""") == []


# Keras 1's kernel of two ints -------------------------------------------------------------------


@pytest.mark.parametrize(("args", "shape"), [
    # keras-io's RetinaNet: Keras 2 rejects four positionals, Keras 1 would read "same" as
    # an initializer: only Keras 3 / tf.keras run it, with strides 2.
    ('3, 2, "same"', (None, 14, 14, 8)),
    ('3, 2, "VALID"', (None, 13, 13, 8)),
    # A Keras 1 initializer after the two ints: a 3x3 kernel there, strides 2 in Keras 3.
    ('3, 2, "he_normal"', (None, None, None, None)),
    ("3, 2", (None, None, None, None)),
])
def test_a_conv_of_two_ints_is_a_keras_1_kernel_only_where_keras_1_could_run_it(args: str, shape: tuple) -> None:
    assert layers(HEAD + f"""
x = layers.Conv2D(8, {args})(keras.Input((28, 28, 1)))
""")[-1] == ("Conv2D", shape)


@pytest.mark.parametrize("pooled, added", [
    ("x", "[x, g]"),
    # The vector first, pooled from the input (whose layout nobody made): the same sum.
    ("inputs", "[g, x]"),
])
def test_a_pooled_vector_added_to_channels_first_maps_keeps_their_layout(pooled: str, added: str) -> None:
    # `Add` broadcasts the (None, 16) vector over the last axis of the (None, 16, 16, 16)
    # maps: the sum still has its channels first, and the default pooling after it reads
    # them as last (a squeeze-and-excite block without its Reshape).
    assert codes(HEAD + f"""
inputs = keras.Input(shape=(16, 16, 16))
x = layers.Conv2D(16, 3, padding="same", data_format="channels_first")(inputs)
g = layers.GlobalAveragePooling2D(data_format="channels_first")({pooled})
y = layers.Add()({added})
y = layers.MaxPooling2D()(y)
""") == [(9, "NL010")]


def test_a_method_of_a_tensor_noiselint_does_not_model_is_not_its_shape() -> None:
    # `inp.dot(w)` is a step of unknown shape in the listing; a size read through
    # `inp.numpy()` is unknown, with that call as the reason (not the tensor's 32).
    model = facts_of(HEAD + """
inp = keras.Input((20, 32))
w = tf.zeros((32, 8))
d = inp.dot(w)
x = layers.Dense(inp.numpy()[2])(inp)
""")
    assert [(f.layer, f.kind, f.output_shape, f.unknown_reason) for f in model.calls()][2:] == [
        ("inp.dot", "opaque", None, "`inp.dot` is not a Keras layer noiselint knows"),
        ("Dense", "layer", (None, 20, None), "argument `units` not static (`inp.numpy(...)` is not modelled)")]
