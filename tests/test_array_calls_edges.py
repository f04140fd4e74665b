"""What the model-code interpreter makes of NumPy arrays, Keras datasets, `to_categorical`
and `tf.data` datasets (model/array_calls.py), seen where a user sees it: the shape a
data rule's message gives an array (and where it says the array came from), the shape a
model built from `x.shape` gets, and why a size read from an array is not known. Each
shape below is NumPy's, Keras's or TensorFlow's own (computed here where it can be, on
arrays that take no memory)."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from noiselint.files.source import SourceFile
from noiselint.model.build import build_graph, infer_facts, with_rows
from noiselint.shapes.oracle import KerasShapes
from noiselint.sites.dropout import find_sites
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.arrays import show
from noiselint.values.evaluate import Evaluator

ORACLE = KerasShapes(None)

# A model no array below fits: feeding it one makes a data finding whose message shows the
# array's shape and origin; an array of unknown shape makes none.
_PROBE = """
import numpy as np
import keras
import tensorflow as tf
from keras import layers

(x, y), (xt, yt) = keras.datasets.mnist.load_data()
inp = keras.Input(shape=(997,))
probe = keras.Model(inp, layers.Dense(1)(inp))
"""


def _parse(text: str) -> ParsedModule:
    parsed = parse_source(SourceFile("data.py", text))
    assert isinstance(parsed, ParsedModule)
    return parsed


def shown(code: str) -> list[str]:
    """The `data` part of each data error in `_PROBE` followed by `code` (both are what
    NL201-NL206 messages say about the array)."""
    parsed = _parse(_PROBE + textwrap.dedent(code).lstrip("\n"))
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    assert notes == ()
    return [f.data for f in graph.facts().data_calls if f.error is not None]


def fed(expression: str, before: str = "") -> str | None:
    """What the message says of `expression` fed to the probe model; None: no finding."""
    found = shown(f"{textwrap.dedent(before)}\nprobe.predict({expression})\n")
    assert len(found) <= 1, found
    return found[0] if found else None


def layer_rows(code: str) -> list[tuple[str, tuple[int | None, ...] | None, str | None]]:
    """The layers of the one model `code` builds: class, output shape, why it is not known."""
    parsed = _parse(textwrap.dedent(code).lstrip("\n"))
    facts = with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True))
    (model,) = facts.models
    return [(layer.layer, layer.output_shape, layer.unknown_reason) for layer in model.layers]


# NumPy's arrays, made without memory: `np.empty` touches no page and the operations below
# are views, so each expected shape is NumPy's own.
_X = np.empty((60000, 28, 28), np.uint8)  # mnist's x_train
_Y = np.zeros((60000,), np.uint8)


def _numpy_shape(expression: str) -> str:
    return show(eval(expression, {"np": np, "x": _X, "y": _Y}).shape)  # the test's own expressions


# subscripts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "x[:100]", "x[-100:]", "x[::2]", "x[10::1]", "x[0:1000:1, 0]", "x[..., None]", "x[..., np.newaxis, 0]",
    "x[:, :, :, None]", "x[:, :, :, np.newaxis]", "x[np.newaxis, 0]", "x[:100, 0]", "x[0, :, None]",
])
def test_a_subscript_gives_numpy_s_shape(expression: str) -> None:
    assert fed(expression) == f"`{expression}` on line 10 is {_numpy_shape(expression)}"


def test_slice_bounds_from_variables() -> None:
    # A bound the file states, in a function's frame, counts; one it does not is unknown.
    code = """
        def first(images, count):
            return images[:count]
        """
    assert fed("first(x, 1000)", code).endswith(f"is {_numpy_shape('x[:1000]')}")
    assert fed("x[:count]", "count = len(names)").endswith("is (?, 28, 28)")


def test_a_subscript_that_keeps_the_shape_keeps_the_origin() -> None:
    origin = "`x` from `keras.datasets.mnist.load_data()` on line 7 is (60000, 28, 28)"
    for expression in ("x[:]", "x[...]", "x[0:60000]", "x.astype('float32') / 255.0", "2 * x - 1", "1.0 - x"):
        assert fed(expression) == origin, expression


def test_an_index_that_may_be_an_array_or_a_scale_of_unknown_shape_says_nothing() -> None:
    assert fed("x[order]", "order = np.argsort(y)") is None
    assert fed("x * weights", "weights = np.load('w.npy')") is None
    assert fed("x[:, ::0]") is None  # NumPy raises ValueError: slice step cannot be zero


# constructors and functions -------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "np.zeros(shape=(3, 5))", "np.ones((3, 5))", "np.zeros(0)", "np.empty((0, 784))",
    "np.array([[0.1, 0.2, 0.3]])", "np.array(object=[[1, 2, 3]])", "np.asarray(a=[[1, 2, 3]])",
    "np.random.randint(0, 10, (100, 3))", "np.random.randint(0, 10, size=(100, 3))", "np.random.randn(100, 3)",
    "np.random.normal(0, 1, (5, 3))", "np.random.choice(5, 4)",
    "np.expand_dims(x, -1)", "np.expand_dims(x, axis=-1)", "np.expand_dims(a=x, axis=0)",
    "x.reshape((60000, 784))", "x.reshape(60000, 784)", "np.reshape(x, (-1, 784))", "np.reshape(x, shape=(-1, 784))",
])
def test_numpy_s_constructors_and_functions(expression: str) -> None:
    assert fed(expression) == f"`{expression}` on line 10 is {_numpy_shape(expression)}"


@pytest.mark.parametrize("expression", [
    "np.zeros((-1, 784))",  # NumPy raises ValueError: negative dimensions are not allowed
    "np.zeros(-3)",
    "np.array([[1, 2], [3]])",  # NumPy 2 raises ValueError (an inhomogeneous shape)
    "np.array([[1, 2], 3])",
    "np.expand_dims(x, axis=where)",
    "np.expand_dims(np.load('x.npy'), -1)",
    "x + np.random.normal(0, 0.1)",  # a scalar noiselint does not tell from an array
    "np.reshape(np.load('x.npy'), (-1, 784))",
])
def test_what_numpy_refuses_or_noiselint_cannot_tell_says_nothing(expression: str) -> None:
    assert fed(expression) is None


def test_to_categorical_under_its_keras_3_and_tf_keras_names() -> None:
    import keras

    one_hot = keras.utils.to_categorical(_Y, 10).shape
    for call in ("keras.utils.to_categorical(y, 10)", "keras.utils.to_categorical(y, num_classes=10)",
                 "keras.utils.to_categorical(x=y, num_classes=10)",  # Keras 3's name
                 "tf.keras.utils.to_categorical(y=y, num_classes=10)"):  # tf_keras's name
        assert fed(call) == f"`{call}` on line 10 is ({one_hot[0]}, {one_hot[1]})", call


# why a size read from an array is not known (`noiselint shapes` says it) -------------------------

_UNITS = """
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

(x, y), _ = keras.datasets.mnist.load_data()
(xb, yb), _ = keras.datasets.boston_housing.load_data()
inp = keras.Input(shape=(8,))
out = layers.Dense({units})(inp)
model = keras.Model(inp, out)
"""


@pytest.mark.parametrize(("units", "why"), [
    # Without a static count Keras counts `max(y) + 1` classes.
    ("keras.utils.to_categorical(y).shape[1]", "a size noiselint does not know"),
    ("keras.utils.to_categorical(y, len(names)).shape[1]", "a size noiselint does not know"),
    ("xb.shape[0]", "a size noiselint does not know"),  # Keras does not document Boston's sample count
    ("x[0, 28].shape[0]", "NumPy raises IndexError here"),
    ("x[np.argsort(y)].shape[1]", "an index that may be an array (fancy indexing)"),
    ("np.array([[1, 2], [3]]).shape[1]", "an array whose shape noiselint does not know"),
    ("np.random.choice([32, 64])", "a random scalar"),  # a random search over widths
    ("xb.size", "a size noiselint does not know"),
    ("x[::0].shape[0]", "a zero slice step"),  # NumPy raises ValueError
    ("(x * scale).shape[1]", "arithmetic on an array and a value noiselint does not know"),
    ("np.expand_dims(x, axis=k).shape[1]", "`np.expand_dims` of what noiselint does not know"),
    ("x.reshape(shape=(60000, 784)).shape[1]", "a `.reshape()` NumPy refuses (its shape goes by position only)"),
    ("np.reshape(a=x, shape=(60000, 784)).shape[1]", "an `np.reshape` every NumPy refuses (TypeError)"),
    ("np.reshape(np.load('x.npy'), (-1, 784)).shape[1]", "`np.reshape` of what noiselint does not know"),
    ("train_test_split(x, labels)[0].shape[1]", "`train_test_split` of arrays whose shapes are not known"),
    ("keras.datasets.mnist.load_data(*options)[0][0].shape[1]",
     "`load_data` with arguments noiselint does not read"),
])
def test_why_a_size_from_an_array_is_not_known(units: str, why: str) -> None:
    rows = layer_rows(_UNITS.format(units=units))
    assert rows[-1] == ("Dense", (None, None), f"argument `units` not static ({why})")


@pytest.mark.parametrize(("units", "size"), [
    ("keras.utils.to_categorical(y, 10).shape[1]", 10), ("x.shape[-1]", 28), ("xb.shape[1]", 13),
    ("x.reshape(len(x), -1).shape[1]", 784), ("x[..., None].ndim", 4), ("x[0].size", 784),
])
def test_a_size_read_from_an_array(units: str, size: int) -> None:
    assert layer_rows(_UNITS.format(units=units))[-1] == ("Dense", (None, size), None)


# tf.data datasets ---------------------------------------------------------------------------------

def test_a_batched_dataset_is_described_by_the_call_that_batched_it() -> None:
    code = """
        ds = tf.data.Dataset.from_tensor_slices(tensors=(x, y))
        ds = ds.shuffle(1000).batch(32)
        probe.fit(ds)
        """
    assert shown(code) == ["`ds`: a batch of `ds.shuffle(1000).batch(32)` on line 11 is (?, 28, 28)"]


def test_a_dataset_of_one_array() -> None:
    code = "images = tf.data.Dataset.from_tensor_slices(x).batch(64)\nprobe.predict(images)\n"
    assert shown(code) == ["`images`: a batch of `tf.data.Dataset.from_tensor_slices(x).batch(64)` on line 10 "
                           "is (?, 28, 28)"]


def test_an_unbatched_dataset_feeds_each_element_as_a_batch() -> None:
    code = "ds = tf.data.Dataset.from_tensor_slices((x, y))\nprobe.fit(ds)\n"
    assert shown(code) == ["`ds`: an element (fed as a batch: no `.batch(n)`) of "
                           "`tf.data.Dataset.from_tensor_slices((x, y))` on line 10 is (28, 28)"]


@pytest.mark.parametrize("tensors", [
    "(x, yt)",  # TensorFlow refuses slices of different lengths (60000 and 10000)
    "(x, y, yt)",
    "(x, np.load('y.npy'))",
    "(x, y[0])",  # a scalar has no axis to slice
])
def test_a_dataset_noiselint_cannot_follow_says_nothing(tensors: str) -> None:
    assert shown(f"ds = tf.data.Dataset.from_tensor_slices({tensors}).batch(8)\nprobe.fit(ds)\n") == []


# long expressions -------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [59, 60, 61, 90])
def test_an_expression_is_quoted_in_at_most_60_characters(width: int) -> None:
    head = "np.zeros((3, 5), dtype="
    expression = head + "d" * (width - len(head) - 1) + ")"
    assert len(expression) == width
    quoted = expression if width <= 60 else expression[:57] + "..."
    assert fed(expression) == f"`{quoted}` on line 10 is (3, 5)"


# Keras's built-in datasets ---------------------------------------------------------------------

_HOUSING = """
import keras
from keras import layers

(x, y), (xt, yt) = keras.datasets.{call}
inp = keras.Input(shape=(997,))
probe = keras.Model(inp, layers.Dense(1)(inp))
probe.predict(x)
probe.predict(xt)
"""


def _split_sizes(call: str) -> list[str]:
    parsed = _parse(_HOUSING.format(call=call))
    graph, notes = build_graph(parsed, Evaluator(parsed), find_sites(parsed), ORACLE, strict=True)
    assert notes == ()
    return [f.data.rsplit(" is ", 1)[1] for f in graph.facts().data_calls if f.error is not None]


# The loaders' own split (keras/src/datasets/california_housing.py): the small version keeps
# the first 600 of the 20,640 samples, then `x[: int(len(x) * (1 - test_split))]` trains.
@pytest.mark.parametrize(("call", "sizes"), [
    ("california_housing.load_data()", ["(16512, 8)", "(4128, 8)"]),
    ("california_housing.load_data(test_split=0.5)", ["(10320, 8)", "(10320, 8)"]),
    ("california_housing.load_data(version='small')", ["(480, 8)", "(120, 8)"]),
    ("california_housing.load_data(version='small', test_split=0.5)", ["(300, 8)", "(300, 8)"]),
    ("california_housing.load_data(version=which)", ["(?, 8)", "(?, 8)"]),
    ("california_housing.load_data(test_split=share)", ["(?, 8)", "(?, 8)"]),
    ("boston_housing.load_data()", ["(?, 13)", "(?, 13)"]),  # Keras does not document the count
    ("mnist.load_data()", ["(60000, 28, 28)", "(10000, 28, 28)"]),
    ("cifar10.load_data()", ["(50000, 32, 32, 3)", "(10000, 32, 32, 3)"]),
])
def test_the_split_of_a_built_in_dataset(call: str, sizes: list[str]) -> None:
    assert _split_sizes(call) == sizes


@pytest.mark.parametrize("call", ["mnist.load_data(*options)", "california_housing.load_data(**options)",
                                  "cifar10.load_data('cifar.npz')"])  # a TypeError in Keras
def test_a_load_data_noiselint_does_not_read(call: str) -> None:
    assert _split_sizes(call) == []


@pytest.mark.parametrize(("call", "sizes"), [
    ("california_housing.load_data('small')", ["(480, 8)", "(120, 8)"]),  # `version` comes first
    ("california_housing.load_data('large', 'cal.npz', 0.5)", ["(10320, 8)", "(10320, 8)"]),
    ("california_housing.load_data('small', 'cal.npz')", ["(480, 8)", "(120, 8)"]),  # a path is not a split
    ("mnist.load_data('mnist.npz')", ["(60000, 28, 28)", "(10000, 28, 28)"]),
    ("boston_housing.load_data('boston.npz', 0.5)", ["(?, 13)", "(?, 13)"]),
])
def test_load_data_reads_a_positional_argument_as_the_loader_names_it(call: str, sizes: list[str]) -> None:
    assert _split_sizes(call) == sizes
    assert _split_sizes(call.replace(")", ", 1, 2, 3, 4)")) == []  # more arguments than any loader takes


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing",
                                  "california_housing"])
def test_the_loaders_parameters_are_keras_s(name: str) -> None:
    import importlib
    import inspect

    from noiselint.apis.datasets import DATASETS

    loader = importlib.import_module(f"keras.datasets.{name}").load_data
    assert DATASETS[name].parameters == tuple(inspect.signature(loader).parameters)


def test_a_reshape_numpy_refuses_gives_no_shape() -> None:
    # NumPy's method takes the shape by position only.
    refused = ("x.reshape(shape=(60000, 784))", "x.reshape()", "x.reshape(-1, 784, shape=(-1, 784))")
    for expression in refused:
        with pytest.raises(TypeError):
            _numpy_shape(expression)
        assert fed(expression) is None, expression


def test_np_reshape_under_numpy_1_s_keywords_is_followed() -> None:
    # NumPy up to 2.0 is `reshape(a, newshape, order='C')`; from 2.1 `a` goes by position
    # only and `newshape` is deprecated (gone in 2.4, installed here: these raise TypeError).
    # Code written for NumPy 1 runs there: its shape is the positional form's.
    expected = _numpy_shape("np.reshape(x, (-1, 784))")
    for call in ("np.reshape(a=x, newshape=(-1, 784))", "np.reshape(x, newshape=(-1, 784))"):
        assert fed(call) == f"`{call}` on line 10 is {expected}", call


def test_an_np_reshape_no_numpy_accepts_gives_no_shape() -> None:
    # `a=` with 2.1's `shape=`, two shapes, no shape, or two arrays: TypeError in every version.
    refused = ("np.reshape(a=x, shape=(-1, 784))", "np.reshape(x, (-1, 784), shape=(-1, 784))",
               "np.reshape(x, shape=(-1, 784), newshape=(-1, 784))", "np.reshape(a=x)",
               "np.reshape((-1, 784), a=x)", "np.reshape(x, a=x, newshape=(-1, 784))")
    for expression in refused:
        with pytest.raises(TypeError):
            _numpy_shape(expression)
        assert fed(expression) is None, expression


# train_test_split and arguments read in a function's frame --------------------------------------------

def test_train_test_split_of_an_array_of_unknown_length_keeps_its_origin() -> None:
    code = """
        from sklearn.model_selection import train_test_split

        (xb, yb), _ = keras.datasets.boston_housing.load_data()
        xa, xv, ya, yv = train_test_split(xb, yb, test_size=0.2)
        probe.predict(xa)
        """
    assert shown(code) == ["`xa` from `keras.datasets.boston_housing.load_data()` on line 12 is (?, 13)"]


@pytest.mark.parametrize("split", ["xa, xv = train_test_split(x, *others)", "xa, xv = train_test_split()",
                                   "xa, xv, ya, yv = train_test_split(x, np.load('y.npy'))"])
def test_a_split_noiselint_cannot_follow_says_nothing(split: str) -> None:
    assert shown(f"from sklearn.model_selection import train_test_split\n{split}\nprobe.predict(xa)\n") == []


def test_load_data_arguments_from_a_function_s_parameters() -> None:
    code = """
        def load(share):
            return keras.datasets.california_housing.load_data(version="small", test_split=share)

        (xc, yc), _ = load(0.5)
        probe.predict(xc)
        """
    (message,) = shown(code)
    assert message.endswith(" on line 11 is (300, 8)")
