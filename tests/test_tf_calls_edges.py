"""Edges of the interpreter's TensorFlow calls (model/tf_calls.py) and builtins
(model/builtin_calls.py): what `noiselint shapes` lists for each TF call (its label, kind,
depth, shape and the reason a shape is unknown), and the sizes builtins give layers when
only the interpreter knows their arguments (a builder's parameters). Real parse, Keras and
TensorFlow shapes; each expectation is what TensorFlow or Python gives, or noiselint's
stated refusal to guess."""

from __future__ import annotations

import textwrap

import pytest
from test_graph import facts_of, only_site
from test_tf1 import findings

from noiselint.shapes.facts import LayerFact

PLACEHOLDER = "import numpy as np\nimport tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 28, 28, 1])\n"


def rows(text: str) -> list[LayerFact]:
    _, facts = facts_of(text)
    return [f for m in facts.models for f in m.layers]


def bound_to(text: str, name: str = "r") -> LayerFact:
    (fact,) = [f for f in rows(text) if f.name == name]
    return fact


# what each TF 1 call is, as `noiselint shapes` lists it ---------------------------------------


TF1 = {
    # `tf.convert_to_tensor` of a nested list is a constant of the list's shape.
    "r = tf.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])": ("tf.convert_to_tensor", "input", (2, 2), None),
    "r = tf.constant([[1.0, 2.0]])": ("tf.constant", "input", (1, 2), None),
    # A constant of a tensor is that tensor.
    "r = tf.constant(x)": ("tf.constant", "passthrough", (None, 28, 28, 1), None),
    # `shape=` reshapes the value (TensorFlow: `tf.constant([[1., 2.]], shape=[2, 1])` is 2 x 1).
    "r = tf.constant([[1.0, 2.0]], shape=[2, 1])": ("tf.constant", "input", (2, 1), None),
    "r = tf.constant(0.0, shape=[3, 4])": ("tf.constant", "input", (3, 4), None),
    "r = tf.constant(1.0, tf.float32, [3, 4])": ("tf.constant", "input", (3, 4), None),  # shape is third
    # An elementwise op's tensor given by keyword.
    "r = tf.identity(input=x)": ("tf.identity", "passthrough", (None, 28, 28, 1), None),
    "r = tf.fill([2, 3], 1.0)": ("tf.fill", "input", (2, 3), None),  # its shape is `dims`
    "r = tf.placeholder(tf.float32)": ("tf.placeholder", "input", None,
                                       "a placeholder without a `shape` takes any rank"),
    "r = tf.zeros(shape_var)": ("tf.zeros", "input", None, "argument `shape` not static"),
    # Its shape is its `shape`, which may clear sizes of its input (TensorFlow: `(None, 28)` for
    # an input of (32, 28) and `shape=[None, 28]`), not its input's.
    "r = tf.placeholder_with_default(x, [None, 28, None, 1])": ("tf.placeholder_with_default", "input",
                                                               (None, 28, None, 1), None),
    "r = tf.placeholder_with_default(x, shape=None)": ("tf.placeholder_with_default", "input", None,
                                                       "a placeholder without a `shape` takes any rank"),
    "r = tf.placeholder_with_default(x, **opts)": ("tf.placeholder_with_default", "input", None, "`**kwargs`"),
    "r = tf.placeholder_with_default(x)": (
        "tf.placeholder_with_default", "input", None,
        "`tf.placeholder_with_default` without a `shape` (TensorFlow raises TypeError)"),
    # The shape may be in `**kwargs`: not "without a `shape`".
    "r = tf.placeholder(tf.float32, **opts)": ("tf.placeholder", "input", None, "`**kwargs`"),
    "r = tf.zeros(*dims)": ("tf.zeros", "input", None, "`*args` that are not static"),
    # noiselint does not read the shape of an initializer.
    "r = tf.get_variable('w', initializer=tf.zeros([3, 4]))": ("tf.get_variable", "input", None,
                                                              "argument `shape` not static"),
    # AvgPool takes no integer tensors: the input is asked of TensorFlow as float32.
    "r = tf.nn.avg_pool(x, 2, 2, 'VALID')": ("tf.nn.avg_pool", "op", (None, 14, 14, 1), None),
    "r = tf.reduce_sum(x, axis=None)": ("tf.reduce_sum", "op", (), None),  # None is a static axis
    "r = tf.reshape(x, *rest)": ("tf.reshape", "opaque", None, "`*args` that are not static"),
    # A tensor inside a size list: noiselint does not read it (TensorFlow gives rank 2 here),
    # and says so rather than guess a size.
    "r = tf.reshape(x, [tf.placeholder(tf.int32, []), -1])": ("tf.reshape", "opaque", None,
                                                             "argument `shape` is not static"),
    # A constant that is no size (bytes, complex) in a size list: not static, as at the top;
    # TensorFlow is not asked with it.
    "r = tf.reshape(x, [-1, b'28'])": ("tf.reshape", "opaque", None, "argument `shape` is not static"),
    "r = tf.reduce_sum(x, axis=[1, 2j])": ("tf.reduce_sum", "opaque", None, "argument `axis` is not static"),
    "r = tf.stack([x, x])": ("tf.stack", "op", (2, None, 28, 28, 1), None),
    "r = tf.stack([[1, 2], [3, 4]])": ("tf.stack", "op", (2, 2), None),
    # A size list with an element noiselint cannot tell: a vector of unknown length.
    "r = tf.concat([[1], dims], 0)": ("tf.concat", "op", (None,), None),
    "r = tf.reshape(np.zeros((4, 6)), [2, 12])": ("tf.reshape", "op", (2, 12), None),
    "r = x[0, :, :, 0]": ("x[0, :, :, 0]", "op", (28, 28), None),
    "r = x[:, None]": ("x[:, None]", "op", (None, 1, 28, 28, 1), None),
    "r = x[..., tf.newaxis]": ("x[..., tf.newaxis]", "op", (None, 28, 28, 1, 1), None),
    "r = x[..., 0]": ("x[..., 0]", "op", (None, 28, 28), None),
    "r = x[:, tf.compat.v1.newaxis]": ("x[:, tf.compat.v1.newaxis]", "op", (None, 1, 28, 28, 1), None),
    "k = 2\nr = x[:, k]": ("x[:, k]", "op", (None, 28, 1), None),
    "k = 3\nr = x[:, :k]": ("x[:, :k]", "op", (None, 3, 28, 1), None),
    "r = x[tf.newaxis, :, 0]": ("x[tf.newaxis, :, 0]", "op", (1, None, 28, 1), None),
    # An op noiselint cannot apply to a value it does not know, given a tensor too.
    "r = tf.nn.bias_add(unknown, tf.zeros([4]))": ("tf.nn.bias_add", "opaque", None,
                                                   "`tf.nn.bias_add` is not a Keras layer noiselint knows"),
    "r = tf.layers.dense(x, **kw)": ("Dense", "layer", (None, 28, 28, None),
                                     "argument `units` not static (`**kwargs`)"),
    # Why a layer's size is not known names the TF call that gave it.
    "r = tf.layers.dense(x, tf.cast(hidden, tf.int32))": (
        "Dense", "layer", (None, 28, 28, None),
        "argument `units` not static (`tf.cast` of something that is not a known tensor)"),
    "r = x[:, unknown]": ("x[:, unknown]", "opaque", None, "an index that is not static"),
    "r = x[:, :unknown]": ("x[:, :unknown]", "opaque", None, "a slice that is not static"),
}


@pytest.mark.parametrize("line", TF1)
def test_what_shapes_lists_for_a_tf1_call(line: str) -> None:
    fact = bound_to(PLACEHOLDER + line + "\n")
    assert (fact.layer, fact.kind, fact.output_shape, fact.unknown_reason) == TF1[line]
    assert fact.row == PLACEHOLDER.count("\n") + line.count("\n") + 1  # the line of the call


@pytest.mark.parametrize("line", [
    "r = tf.constant([1, 28, 1])",  # a 1-D list: its entries stay a mask's values
    "r = tf.concat([[1], [28, 1]], -1)",
    "r = tf.stack([1, 28, 1])",
    "r = tf.constant([[1.0, 2.0], [3.0]])",  # ragged: TensorFlow refuses it, no shape is claimed
])
def test_a_size_vector_or_ragged_constant_is_no_tensor_in_the_graph(line: str) -> None:
    assert [f.name for f in rows(PLACEHOLDER + line + "\n")] == ["x"]


def test_a_known_tensor_in_a_list_literal_is_exact_where_the_list_is() -> None:
    # [[1.0], [2.0]] is a 2 x 1 constant: the product's second axis is a dynamic size of
    # the placeholder, not a size noiselint failed to infer.
    fact = bound_to(PLACEHOLDER + "r = tf.matmul(tf.placeholder(tf.float32, [None, None, 2]), [[1.0], [2.0]])\n")
    assert (fact.output_shape, fact.output_exact) == ((None, None, 1), True)


def test_a_numpy_operand_is_listed_as_the_array_it_is() -> None:
    made = [f for f in rows(PLACEHOLDER + "r = tf.reshape(np.zeros((4, 6)), [2, 12])\n") if f.name is None]
    assert [(f.layer, f.row, f.output_shape) for f in made] == [("`np.zeros((4, 6))`", 4, (4, 6))]


def test_tf1_layers_read_channels_last_as_written_not_as_a_default() -> None:
    fact = bound_to(PLACEHOLDER + "r = tf.layers.conv2d(x, 8, 3)\n")
    assert (fact.layer, fact.row, fact.output_shape, fact.data_format, fact.data_format_default) == \
        ("Conv2D", 4, (None, 26, 26, 8), "channels_last", False)


def test_a_tf1_layer_without_an_input_has_an_unknown_shape() -> None:
    fact = bound_to(PLACEHOLDER + "r = tf.layers.dense(units=4)\n")
    assert (fact.layer, fact.output_shape, fact.unknown_reason) == ("Dense", None, "its input shape is not known")


@pytest.mark.parametrize(("line", "error"), [
    # A stack of scalars has one axis: TensorFlow refuses axis 1.
    ("r = tf.stack([1, 2], axis=1)", "TensorFlow rejects it: Argument `axis` = 1 not in range [-1, 1)"),
    ("r = tf.concat([[1], [2]], axis=1)", "TensorFlow rejects it: Shape must be at least rank 2 but is rank 1"),
    # A constant's shape is certain, so the product's failure is too.
    ("r = tf.matmul(tf.placeholder(tf.float32, [None, 5]), tf.constant(0.0, shape=[3, 4]))",
     "TensorFlow rejects it: Dimensions must be equal, but are 5 and 3"),
])
def test_an_op_tensorflow_refuses_is_its_error(line: str, error: str) -> None:
    fact = bound_to(PLACEHOLDER + line + "\n")
    assert fact.output_shape is None and fact.error is not None
    assert fact.unknown_reason is not None and fact.unknown_reason.startswith(error)


def test_a_failing_tf1_layer_is_reported_at_its_call() -> None:
    assert findings(PLACEHOLDER + "r = tf.layers.conv2d(tf.placeholder(tf.float32, [None, 28]), 8, 3)\n") == \
        [(4, "NL101")]


def test_an_elementwise_op_with_nothing_to_apply_it_to_is_no_tensor() -> None:
    # `**opts` may hold the tensor; noiselint lists nothing rather than guess.
    assert [f.name for f in rows(PLACEHOLDER + "r = tf.nn.relu(**opts)\n")] == ["x"]


def test_tf_calls_inside_a_custom_layer_are_listed_one_level_down() -> None:
    found = rows("""
        import tensorflow as tf
        import keras
        from keras import layers

        class Block(layers.Layer):
            def call(self, x):
                y = tf.nn.relu(x)
                y = tf.reshape(y, [-1, 8 * 4])
                w = tf.reshape(y, unknown_shape)
                z = y[:, 0]
                t = tf.zeros([2, 3])
                c = tf.constant(0.0, shape=[2])
                u = tf.zeros(*self.dims)
                return x

        inp = keras.Input((8, 4))
        out = Block()(inp)
        v = out + tf.reduce_sum(out, axis=1)
        model = keras.Model(inp, v)
        """)
    listed = {(f.name, f.layer, f.depth, f.output_shape, f.unknown_reason) for f in found if f.name}
    assert {
        ("y", "tf.nn.relu", 1, (None, 8, 4), None),
        ("y", "tf.reshape", 1, (None, 32), None),
        ("w", "tf.reshape", 1, None, "argument `shape` is not static"),
        ("z", "y[:, 0]", 1, (None,), None),
        ("t", "tf.zeros", 1, (2, 3), None),
        ("c", "tf.constant", 1, (2,), None),
        ("u", "tf.zeros", 1, None, "`*args` that are not static"),
        # Ranks that differ: TensorFlow's broadcasting, listed by the code written.
        ("v", "out + tf.reduce_sum(out, axis=1)", 0, (None, 8, 4), None),
    } <= listed


# builtins on values only the interpreter knows (a builder's parameters) ------------------------


BUILDER = """
import keras
from keras import layers
def block(x, n, f):
    return layers.Dense({})(x)
x = block(layers.Input((10, 8)), 4, 2.6)
y = layers.Dropout(0.5)(x)
"""


@pytest.mark.parametrize(("units", "size"), [
    ("max(n, 8)", 8),
    ("min(n, 8)", 4),
    ("abs(n - 9)", 5),
    ("round(f)", 3),
    ("int(f)", 2),
    ("int(float(n) * 1.5)", 6),
    # Not static numbers, or not modelled: no size is claimed.
    ("max(n)", None),  # Python refuses it
    ("int(unknown)", None),
    ("int(n > 3)", None),
    ("sum([n, 1])", None),
    ("max([n, 1])", None),
])
def test_a_builtin_of_a_builders_parameters(units: str, size: int | None) -> None:
    assert only_site(BUILDER.format(units)) == (None, 10, size)


def _site_after(body: str) -> tuple[int | None, ...] | None:
    return only_site("import keras\nfrom keras import layers\n" + textwrap.dedent(body)
                     + "y = layers.Dropout(0.5)(x)\n")


SEQUENCES = {
    "tuple of tensors": ("""
        def block(x, units):
            outs = []
            for u in units:
                outs.append(layers.Dense(u)(x))
            return layers.Concatenate()(tuple(outs))
        x = block(layers.Input((10, 8)), (4, 6))
        """, (None, 10, 10)),
    "a list made by list() takes appends": ("""
        def block(x, u):
            outs = list((layers.Dense(u)(x),))
            outs.append(layers.Dense(3)(x))
            return layers.Concatenate()(outs)
        x = block(layers.Input((10, 8)), 4)
        """, (None, 10, 7)),
    "zip stops at the shorter": ("""
        def block(x, units, rates):
            for u, r in zip(units, rates):
                x = layers.Dense(u)(x)
            return x
        x = block(layers.Input((10, 8)), [4, 6, 8], [0.1, 0.2])
        """, (None, 10, 6)),
    "enumerate counts from 0": ("""
        def block(x, units):
            for i, u in enumerate(units):
                x = layers.Dense(u * 10 + i)(x)
            return x
        x = block(layers.Input((10, 8)), [4, 6])
        """, (None, 10, 61)),
    "print gives None": ("""
        def block(x, u):
            shown = print(u)
            return layers.Dense(u if shown is None else 1)(x)
        x = block(layers.Input((10, 8)), 4)
        """, (None, 10, 4)),
}


@pytest.mark.parametrize("case", SEQUENCES)
def test_builtins_on_sequences_only_the_interpreter_holds(case: str) -> None:
    body, expected = SEQUENCES[case]
    assert _site_after(body) == expected


# a shape op's vector in a builder is a tensor: arithmetic works entry by entry -----------------


@pytest.mark.parametrize(("noise", "mask"), [
    # Each as TensorFlow computes it eagerly (n = 8). The interpreter once read the first
    # as the list repeated, (1, 1, 8, 1, 1, 8), which `noiselint shapes` showed as a mask
    # longer than the input's rank.
    ("tf.stack([1, 1, n]) * 2", (2, 2, 16)),
    ("tf.constant([1, 1, n]) + 1", (2, 2, 9)),
    ("tf.concat([[1], [1, n]], 0) * 2", (2, 2, 16)),
    ("tf.concat([[1], [1, n]], axis=-1) + 1", (2, 2, 9)),
    ("tf.stack([1, 1, n]) + [1]", (2, 2, 9)),
    ("tf.constant([2, 2, 2 * n]) // 2", (1, 1, 8)),
    ("list(tf.stack([1, 1, n])) * 2", (1, 1, 8, 1, 1, 8)),  # a Python list of its entries repeats
])
def test_arithmetic_on_a_shape_vector_in_a_builder(noise: str, mask: tuple[int, ...]) -> None:
    (dropout,) = [f for f in rows(f"""
        import tensorflow as tf
        import keras
        from keras import layers

        def block(x, n):
            return layers.Dropout(0.5, noise_shape={noise})(x)

        inputs = keras.Input((10, 8))
        model = keras.Model(inputs, block(inputs, 8))
        """) if f.layer == "Dropout"]
    assert dropout.mask == mask


def test_a_stack_given_kwargs_is_no_known_vector() -> None:
    # `**opts`, not known here, may hold `axis`: the sizes are not read as a vector.
    (dropout,) = [f for f in rows("""
        import tensorflow as tf
        import keras
        from keras import layers

        def block(x, n, opts):
            return layers.Dropout(0.5, noise_shape=tf.stack([1, 1, n], **opts))(x)

        inputs = keras.Input((10, 8))
        model = keras.Model(inputs, block(inputs, 8, load_options()))
        """) if f.layer == "Dropout"]
    assert dropout.mask is None
