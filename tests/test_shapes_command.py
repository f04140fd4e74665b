"""`noiselint shapes` on real code: directories and many paths, each layer call once with a
count, a `keras.Input` inside `Sequential([...])`, columns sized to their content, `None`
(dynamic) kept apart from `?` (noiselint cannot tell), and JSON for other tools."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

SEQUENTIAL = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 8)),
    layers.Conv1D(16, 3),
    layers.Dropout(0.2, noise_shape=(None, 1, 16)),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1),
])
"""
LOOP = """\
import keras
from keras import layers

inputs = keras.Input(shape=(8,))
encoded = []
for i in range(18):
    encoded.append(layers.Dense(4)(inputs))
x = layers.Concatenate()(encoded)
x = layers.Dropout(0.5)(x)
model = keras.Model(inputs, x)
"""
PARTLY = """\
import keras
from keras import layers
from settings import UNITS

inputs = keras.Input((None, 8))
h = layers.Dense(UNITS)(inputs)
out = layers.Dropout(0.1)(h)
model = keras.Model(inputs, out)
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "seq.py").write_text(SEQUENTIAL)
    (tmp_path / "pkg" / "loop.py").write_text(LOOP)
    (tmp_path / "pkg" / "notes.py").write_text("print('no model here')\n")
    (tmp_path / "partly.py").write_text(PARTLY)
    return tmp_path


@pytest.mark.slow
def test_directories_and_many_paths(run_cli, tree: Path) -> None:
    code, out, err = run_cli("shapes", "pkg", "partly.py", cwd=tree)
    assert (code, err) == (0, "")
    files = [line for line in out.splitlines() if line and not line.startswith(" ") and line.endswith(".py")]
    assert files == ["pkg/loop.py", "pkg/seq.py", "partly.py"]  # no table for a file without a model
    code, _, err = run_cli("shapes", "missing.py", "partly.py", cwd=tree)
    assert code == 2 and err.strip() == "noiselint: error: missing.py does not exist"


@pytest.mark.slow
def test_input_inside_sequential_is_the_models_input(run_cli, tree: Path) -> None:
    _, out, _ = run_cli("shapes", "pkg/seq.py", cwd=tree)
    assert "outside any model" not in out
    table = out.split("Sequential model `model` (line 4)\n", 1)[1]
    assert table.splitlines()[2].split() == ["input_layer", "(InputLayer)", "(None,", "10,", "8)"]


@pytest.mark.slow
def test_a_call_repeated_in_a_loop_is_one_row_with_a_count(run_cli, tree: Path) -> None:
    _, out, _ = run_cli("shapes", "pkg/loop.py", cwd=tree)
    dense = [line for line in out.splitlines() if "(Dense)" in line]
    assert len(dense) == 1 and "×18" in dense[0], out


@pytest.mark.slow
def test_columns_are_sized_to_their_content(run_cli, tree: Path) -> None:
    _, out, _ = run_cli("shapes", "pkg/seq.py", cwd=tree)
    rows = [line for line in out.splitlines() if line.startswith("  ") and "(None," in line and "◆" not in line
            and not line.lstrip().startswith(("input", "mask"))]
    # The long `global_average_pooling1d (GlobalAveragePooling1D)` label does not push its
    # shape out of line: every shape starts in the same column, and so does every note.
    assert len({line.index("(None,") for line in rows}) == 1, out
    assert len({line.index("channels_last") for line in rows if "channels_last" in line}) == 1, out


@pytest.mark.slow
def test_unknown_sizes_are_question_marks_and_dynamic_ones_none(run_cli, tree: Path) -> None:
    _, out, _ = run_cli("shapes", "partly.py", cwd=tree)
    assert "Output shape (None: set when the model runs; ?: noiselint cannot tell)" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and "(" in line}
    assert "(None, None, 8)" in lines["inputs"]  # an Input's None is a dynamic length
    assert "(None, ?, ?)" in lines["h"]  # UNITS is not known: noiselint cannot tell


@pytest.mark.slow
def test_json_output(run_cli, tree: Path) -> None:
    code, out, _ = run_cli("shapes", "--output-format", "json", "pkg/seq.py", "partly.py", cwd=tree)
    assert code == 0
    seq, partly = json.loads(out)
    assert seq["filename"] == "pkg/seq.py"
    (model,) = seq["models"]
    assert (model["name"], model["kind"], model["line"]) == ("model", "sequential", 4)
    layers = {layer["type"]: layer for layer in model["layers"]}
    assert layers["InputLayer"]["output_shape"] == [None, 10, 8]
    assert layers["Conv1D"]["data_format"] == "channels_last" and layers["Conv1D"]["data_format_default"]
    site = layers["Dropout"]["dropout_site"]
    assert site == {"line": 7, "input_shape": [None, 8, 16], "mask": [None, 1, 16], "mask_implied": False,
                    "sharing": "one draw shared over axis 1"}
    assert layers["Dense"]["dropout_site"] is None and layers["Dense"]["count"] == 1
    h = next(layer for layer in partly["models"][0]["layers"] if layer["name"] == "h")
    assert h["output_shape"] == [None, None, None] and h["unknown_axes"] == [1, 2]


FROM_ANOTHER_MODEL = """\
import keras
from keras import layers

seq = keras.Sequential([
    keras.Input(shape=(10, 8)),
    layers.Conv1D(16, 3),
    layers.Dropout(0.2, noise_shape=(None, 1, 16)),
    layers.GlobalAveragePooling1D(),
])
features = keras.Model(seq.inputs, seq.get_layer(index=1).output)

inp = keras.Input((32, 32, 3))
x = layers.Conv2D(8, 3, name="conv")(inp)
x = layers.GlobalAveragePooling2D()(x)
base = keras.Model(inp, layers.Dense(2)(x))
probe = keras.Model(base.input, base.get_layer("conv").output)
head = keras.Model(base.inputs, base.layers[-2].output)
"""


@pytest.mark.slow
def test_a_model_built_from_another_models_tensors(run_cli, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(FROM_ANOTHER_MODEL)
    _, out, _ = run_cli("shapes", "--output-format", "json", "m.py", cwd=tmp_path)
    (found,) = json.loads(out)
    tables = {m["name"]: [(layer["type"], layer["output_shape"]) for layer in m["layers"]] for m in found["models"]}
    # Keras: a Sequential's `layers` has no InputLayer, so index 1 is the Dropout.
    assert tables["features"] == [("InputLayer", [None, 10, 8]), ("Conv1D", [None, 8, 16]),
                                  ("Dropout", [None, 8, 16])]
    assert tables["probe"] == [("InputLayer", [None, 32, 32, 3]), ("Conv2D", [None, 30, 30, 8])]
    # A functional model's `layers` starts with its InputLayer: [-2] is the pooling.
    assert tables["head"] == [("InputLayer", [None, 32, 32, 3]), ("Conv2D", [None, 30, 30, 8]),
                              ("GlobalAveragePooling2D", [None, 8])]


def test_a_model_noiselint_cannot_follow_says_so(run_cli, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import keras\nfrom zoo import pretrained\n"
                                   "model = keras.Model(pretrained.input, pretrained.output)\n")
    code, out, _ = run_cli("shapes", "m.py", cwd=tmp_path)
    assert code == 0 and "functional model `model` (line 3)" in out
    assert ("  no layer calls that noiselint can follow to this model (built from tensors it does not track, "
            "such as another model's `get_layer(...).output`)") in out.splitlines()


GOLDEN = """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 8))
x = layers.Dropout(0.5, noise_shape=(None, 1, 8))(inputs)
x = layers.SpatialDropout1D(0.2)(x)
y = layers.Reshape((3, 7))(layers.Dense(8)(layers.Dense(8)(x)))
model = keras.Model(inputs, y, name="net")
"""


def test_the_table_and_its_json_as_a_user_gets_them(run_cli, tmp_path: Path) -> None:
    """Every column, both kinds of dropout site (a written mask, a SpatialDropout's implied
    one), layers named by their variable or, without one, by their class and order, and a
    layer Keras refuses: the text table and the JSON other tools read (issue 26: a mutation of
    either renderer changes one of them)."""
    (tmp_path / "m.py").write_text(GOLDEN)
    code, out, _ = run_cli("shapes", "--no-cache", "m.py", cwd=tmp_path)
    assert code == 0
    assert out == (
        'm.py\n'
        '\n'
        'functional model `net` (line 8)\n'
        '  Layer (type)              Output shape (None: set when the model runs; ?: noiselint cannot tell)\n'
        '  ────────────────────────────────────────────────────────────────────────────────────────────────\n'
        '  inputs (InputLayer)       (None, 10, 8)\n'
        '  x (Dropout)               (None, 10, 8)\n'
        '    ◆ dropout site, line 5  input (None, 10, 8)\n'
        '                            mask  (None,  1, 8)  one draw shared over axis 1\n'
        '  x (SpatialDropout1D)      (None, 10, 8)  channels_last\n'
        '    ◆ dropout site, line 6  input (None, 10, 8)\n'
        '                            mask  (None,  1, 8)  one draw shared over axis 1 (implied)\n'
        '  dense (Dense)             (None, 10, 8)\n'
        '  dense_1 (Dense)           (None, 10, 8)\n'
        '  y (Reshape)               ✗ Reshape: expects 21 elements per sample for (3, 7), got 80\n'
    )
    code, out, _ = run_cli("shapes", "--no-cache", "--output-format", "json", "m.py", cwd=tmp_path)
    assert code == 0
    assert json.loads(out) == [{'filename': 'm.py',
      'models': [{'name': 'net',
                  'kind': 'functional',
                  'line': 8,
                  'title': 'functional model `net` (line 8)',
                  'layers': [{'name': 'inputs',
                              'type': 'InputLayer',
                              'line': 4,
                              'count': 1,
                              'depth': 0,
                              'input_shapes': [],
                              'output_shape': [None, 10, 8],
                              'unknown_axes': [],
                              'unknown': None,
                              'data_format': None,
                              'data_format_default': False,
                              'dropout_site': None,
                              'error': None},
                             {'name': 'x',
                              'type': 'Dropout',
                              'line': 5,
                              'count': 1,
                              'depth': 0,
                              'input_shapes': [[None, 10, 8]],
                              'output_shape': [None, 10, 8],
                              'unknown_axes': [],
                              'unknown': None,
                              'data_format': None,
                              'data_format_default': False,
                              'dropout_site': {'line': 5,
                                               'input_shape': [None, 10, 8],
                                               'mask': [None, 1, 8],
                                               'mask_implied': False,
                                               'sharing': 'one draw shared over axis 1'},
                              'error': None},
                             {'name': 'x',
                              'type': 'SpatialDropout1D',
                              'line': 6,
                              'count': 1,
                              'depth': 0,
                              'input_shapes': [[None, 10, 8]],
                              'output_shape': [None, 10, 8],
                              'unknown_axes': [],
                              'unknown': None,
                              'data_format': 'channels_last',
                              'data_format_default': False,
                              'dropout_site': {'line': 6,
                                               'input_shape': [None, 10, 8],
                                               'mask': [None, 1, 8],
                                               'mask_implied': True,
                                               'sharing': 'one draw shared over axis 1'},
                              'error': None},
                             {'name': 'dense',
                              'type': 'Dense',
                              'line': 7,
                              'count': 1,
                              'depth': 0,
                              'input_shapes': [[None, 10, 8]],
                              'output_shape': [None, 10, 8],
                              'unknown_axes': [],
                              'unknown': None,
                              'data_format': None,
                              'data_format_default': False,
                              'dropout_site': None,
                              'error': None},
                             {'name': 'dense_1',
                              'type': 'Dense',
                              'line': 7,
                              'count': 1,
                              'depth': 0,
                              'input_shapes': [[None, 10, 8]],
                              'output_shape': [None, 10, 8],
                              'unknown_axes': [],
                              'unknown': None,
                              'data_format': None,
                              'data_format_default': False,
                              'dropout_site': None,
                              'error': None},
                             {'name': 'y',
                              'type': 'Reshape',
                              'line': 7,
                              'count': 1,
                              'depth': 0,
                              'input_shapes': [[None, 10, 8]],
                              'output_shape': None,
                              'unknown_axes': [],
                              'unknown': 'Keras rejects it: The total size of the tensor must be unchanged. Received: '
                                         'input_shape=(10, 8), target_shape=(3, 7)',
                              'data_format': None,
                              'data_format_default': False,
                              'dropout_site': None,
                              'error': {'framework': 'Keras',
                                        'type': 'ValueError',
                                        'message': 'The total size of the tensor must be unchanged. Received: '
                                                   'input_shape=(10, 8), target_shape=(3, 7)',
                                        'code': 'NL105',
                                        'summary': 'expects 21 elements per sample for (3, 7), got 80'}}]}],
      'warnings': []}]


GOLDEN_SITES = """\
import keras
from keras import layers

inputs = keras.Input(shape=(10, 8))
encoded = []
for i in range(2):
    encoded.append(layers.Dense(8)(inputs))
x = layers.Add()(encoded)
x = layers.Dropout(0.5, noise_shape=(None, 1, 1, 8))(x)
x = layers.Dropout(0.5, noise_shape=(None, 3, 8))(x)
x = layers.Dropout(0.5, noise_shape=(None, 10, 8))(x)
x = layers.Dropout(0.5, noise_shape=(1, 8))(x)
x = layers.Dropout(0.3)(x)

model = keras.Model(inputs, layers.GlobalAveragePooling1D()(x), name="looped")

images = keras.Input(shape=(3, 16, 16))
y = layers.SpatialDropout2D(0.2, data_format="channels_first")(images)
stray = layers.Dense(4)(inputs)
z = layers.SpatialDropout1D(0.1)(keras.ops.convert_to_tensor(data))
"""


def test_every_kind_of_site_row_and_table_as_a_user_gets_them(run_cli, tmp_path: Path) -> None:
    """A call repeated in a loop (one row, `×2`), a layer named by its class, each account of
    a mask (longer than the input, not broadcasting, an independent draw, a short mask shared
    over two axes, none given, a channels_first SpatialDropout's implied one, a SpatialDropout
    on a tensor whose shape is not known), layer calls outside any model, a second file with no
    model; and the same sites in the JSON."""
    (tmp_path / "m.py").write_text(GOLDEN_SITES)
    (tmp_path / "n.py").write_text("print('no model here')\n")
    code, out, _ = run_cli("shapes", "--no-cache", "m.py", "n.py", cwd=tmp_path)
    assert code == 0
    assert out == (
        'm.py\n'
        '\n'
        'functional model `looped` (line 15)\n'
        '  Layer (type)                                       Output shape (None: set when the mode'
        'l runs; ?: noiselint cannot tell)\n'
        '  ────────────────────────────────────────────────────────────────────────────────────────'
        '─────────────────────────────────\n'
        '  inputs (InputLayer)                                (None, 10, 8)\n'
        '  dense (Dense)  ×2                                  (None, 10, 8)\n'
        '  x (Add)                                            (None, 10, 8)\n'
        '  x (Dropout)                                        (None, 10, 8)\n'
        '    ◆ dropout site, line 9                           input (      None, 10, 8)\n'
        '                                                     mask  (None,    1,  1, 8)  longer tha'
        "n the input's rank: see NL002\n"
        '  x (Dropout)                                        (None, 10, 8)\n'
        '    ◆ dropout site, line 10                          input (None, 10, 8)\n'
        '                                                     mask  (None,  3, 8)  does not broadca'
        'st on axis 1: see NL003\n'
        '  x (Dropout)                                        (None, 10, 8)\n'
        '    ◆ dropout site, line 11                          input (None, 10, 8)\n'
        '                                                     mask  (None, 10, 8)  an independent d'
        'raw for every element\n'
        '  x (Dropout)                                        (None, 10, 8)\n'
        '    ◆ dropout site, line 12                          input (None, 10, 8)\n'
        '                                                     mask  (       1, 8)  one draw shared over axes 0 and 1\n'
        '  x (Dropout)                                        (None, 10, 8)\n'
        '  global_average_pooling1d (GlobalAveragePooling1D)  (None, 8)      channels_last (default)\n'
        '\n'
        'layer calls outside any model\n'
        '  Layer (type)               Output shape (None: set when the model runs; ?: noiselint cannot tell)\n'
        '  ─────────────────────────────────────────────────────────────────────────────────────────────────\n'
        '  images (InputLayer)        (None, 3, 16, 16)\n'
        '  y (SpatialDropout2D)       (None, 3, 16, 16)  channels_first\n'
        '    ◆ dropout site, line 18  input (None, 3, 16, 16)\n'
        '                             mask  (None, 3,  1,  1)  one draw shared over axes 2 and 3 (implied)\n'
        '  stray (Dense)              (None, 10, 4)\n'
        '  z (SpatialDropout1D)       (None, ?, ?)       channels_last\n'
        '\n'
        'n.py\n'
        '  no models found\n'
    )
    code, out, _ = run_cli("shapes", "--no-cache", "--output-format", "json", "m.py", cwd=tmp_path)
    assert code == 0
    sites = [(layer["line"], layer["input_shapes"], layer["dropout_site"])
             for model in json.loads(out)[0]["models"] for layer in model["layers"]
             if layer["type"] in ("Dropout", "SpatialDropout1D")][-2:]
    assert sites == [
        (13, [[None, 10, 8]], {"line": 13, "input_shape": [None, 10, 8], "mask": None, "mask_implied": False,
                               "sharing": None}),
        (20, [None], {"line": 20, "input_shape": None, "mask": None, "mask_implied": False, "sharing": None})]


GOLDEN_EDGES = """\
import sys

import keras
import tensorflow as tf
from keras import layers

inputs = keras.Input(shape=(2, 1, 8))
wide = layers.Conv2D(int(sys.argv[1]), 1)(inputs)
odd = layers.Permute((3, 1))(tf.nn.relu(layers.Dropout(0.5, noise_shape=(None, 1, 1, 8), name="drop (shared)")(inputs)))
inner = keras.Sequential([layers.Dense(4, name="deepest")], name="inner")
flat = keras.Input(shape=())
z = inner(flat)
model = keras.Model([inputs, flat], [odd, z, wide])
"""


def test_rarer_rows_and_titles_as_a_user_gets_them(run_cli, tmp_path: Path) -> None:
    """A model built by another module of the project (its title names that file), a layer
    named with ` (` in its name, an unnamed TensorFlow op (named from its dotted name), a
    mask's 1 over an axis of size 2 (shared) and over one of size 1 (nothing to share), an
    error no rule takes (Keras's words), a nested model whose shape is not inferred, a shape
    partly known beside a data format; and the
    layer's name and the error's missing code in the JSON."""
    (tmp_path / "build.py").write_text('import keras\nfrom keras import layers\n\n\ndef build():\n'
                                       '    return keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)], '
                                       'name="built")\n')
    (tmp_path / "main.py").write_text("from build import build\n\nmodel = build()\n")
    (tmp_path / "m.py").write_text(GOLDEN_EDGES)
    code, out, _ = run_cli("shapes", "--no-cache", "main.py", "m.py", cwd=tmp_path)
    assert code == 0
    header = "Output shape (None: set when the model runs; ?: noiselint cannot tell)"
    permute = ("✗ Permute: Keras rejects it: Invalid permutation argument `dims` for Permute Layer. The set of "
               "indices in `dims` must be consecutive and start from 1. Received dims=(3, 1)")
    assert out.splitlines() == [
        "main.py",
        "",
        "Sequential model `built` (build.py, line 6)",
        f"  Layer (type)              {header}",
        "  " + "─" * 96,
        "  input_layer (InputLayer)  (None, 4)",
        "  dense (Dense)             (None, 2)",
        "",
        "m.py",
        "",
        "functional model `model` (line 13)",
        f"  Layer (type)              {header}",
        "  " + "─" * (26 + len(permute)),
        "  inputs (InputLayer)       (None, 2, 1, 8)",
        "  wide (Conv2D)             (None, 2, 1, ?)  partly known: argument `filters` not static (`int(...)` of "
        "values that are not static numbers); channels_last (default)",
        "  drop (shared) (Dropout)   (None, 2, 1, 8)",
        "    ◆ dropout site, line 9  input (None, 2, 1, 8)",
        "                            mask  (None, 1, 1, 8)  one draw shared over axis 1",
        "  tf_nn_relu (tf.nn.relu)   (None, 2, 1, 8)",
        f"  odd (Permute)             {permute}",
        "  flat (InputLayer)         (None,)",
        "  z (inner)                 unknown: not inferred",
        "    deepest (Dense)         ✗ Dense: expects at least rank 2, got rank 1",
    ]
    code, out, _ = run_cli("shapes", "--no-cache", "--output-format", "json", "m.py", cwd=tmp_path)
    assert code == 0
    layers = {layer["name"]: layer for layer in json.loads(out)[0]["models"][0]["layers"]}
    assert list(layers) == ["inputs", "wide", "drop (shared)", "tf_nn_relu", "odd", "flat", "z", "deepest"]
    assert layers["odd"]["error"]["code"] is None
    assert layers["odd"]["error"]["summary"] == permute.removeprefix("✗ Permute: ")


def test_rows_are_indented_from_the_tables_shallowest_row(run_cli, tmp_path: Path) -> None:
    """A table's rows are indented by how deep each runs below the table's shallowest row, not
    below the file's top level: a call in a custom layer whose result is dropped
    (`self.probe(x)`) feeds no output of the model and is listed among the layer calls
    outside any model without its custom layer's row, so it starts at the table's edge."""
    (tmp_path / "m.py").write_text(
        "import keras\nfrom keras import layers\n\n\nclass Block(layers.Layer):\n    def __init__(self):\n"
        "        super().__init__()\n        self.dense = layers.Dense(8)\n        self.probe = layers.Dense(3)\n\n"
        "    def call(self, x):\n        self.probe(x)\n        return self.dense(x)\n\n\n"
        "inp = keras.Input(shape=(4,))\nmodel = keras.Model(inp, Block()(inp))\n", encoding="utf-8")
    code, out, _ = run_cli("shapes", "--no-cache", "m.py", cwd=tmp_path)
    assert code == 0
    tables = out.split("\n\n")[1:]
    titles = [t.splitlines()[0] for t in tables]
    assert titles == ["functional model `model` (line 17)", "layer calls outside any model"]
    for table in tables:
        rows = [line[2:] for line in table.splitlines()[3:] if line]
        indents = [len(row) - len(row.lstrip(" ")) for row in rows]
        assert indents[0] == 0, table
        assert all(b <= a + 2 for a, b in itertools.pairwise(indents)), table
