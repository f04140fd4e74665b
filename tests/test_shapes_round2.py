"""`noiselint shapes` on real trees (issue #21, part 6), and the uncalled code of part 1 as the
table shows it: `?` for sizes the code gives as unknown values, helper calls (`K.int_shape`,
`outputs.append`) that are not layer rows, a model whose outputs noiselint cannot follow,
and the masks of a builder in an imported module."""

from __future__ import annotations

from pathlib import Path


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_sizes_given_as_unknown_values_are_question_marks(run_cli, tmp_path: Path) -> None:
    write(tmp_path, {"m.py": (
        "import tensorflow as tf\nfrom tensorflow import keras\n\n"
        "x = tf.placeholder(tf.float32, [None, n_in])\n"
        "emb = tf.get_variable('emb', [vocab, 64])\n"
        "h = tf.nn.dropout(emb, 0.5)\n"
        "y = keras.Input(shape=(seq, 8), batch_size=bs)\n")})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "m.py"))
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and "(" in line}
    assert code == 0
    assert rows["x"].endswith("(None, ?)")  # the batch written as None, the width not known
    assert rows["emb"].endswith("(?, 64)") and rows["h"].endswith("(?, 64)")
    assert rows["y"].endswith("(?, ?, 8)")


def test_helpers_are_not_layer_rows_and_int_shape_gives_the_sizes(run_cli, tmp_path: Path) -> None:
    write(tmp_path, {"m.py": (
        "from keras import backend as K\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
        "inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\n"
        "n = K.int_shape(x)[-1]\nouts = []\nouts.append(x)\n"
        "model = keras.Model(inputs, layers.Dense(n)(x))\n")})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "m.py"))
    assert code == 0 and "int_shape" not in out and "append" not in out
    assert "outside any model" not in out
    assert [line.split()[-2:] for line in out.splitlines() if "(Dense)" in line] == [["(None,", "4)"]] * 2


def test_a_model_whose_outputs_cannot_be_followed_still_holds_its_layers(run_cli, tmp_path: Path) -> None:
    write(tmp_path, {"m.py": (
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
        "inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\n"
        "model = keras.Model(inputs, some_library_head(x))\n")})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "m.py"))
    assert code == 0 and "functional model `model`" in out and "outside any model" not in out


def test_a_builder_in_an_imported_module_draws_its_mask_and_is_linted_there(run_cli, tmp_path: Path) -> None:
    root = write(tmp_path, {
        "pyproject.toml": "",
        "mymodels/__init__.py": "",
        "mymodels/builders.py": (
            "from tensorflow.keras.layers import Input, LSTM, Dropout\n\n\n"
            "def build_lstm(units=32, drop=0.2):\n"
            "    inp = Input(shape=(100, 8))\n"
            "    x = LSTM(units, return_sequences=True)(inp)\n"
            "    return Dropout(drop, noise_shape=(1, units))(x)\n"),
        "train.py": "from mymodels.builders import build_lstm\nout = build_lstm()\n",
    })
    code, out, _ = run_cli("shapes", "--no-cache", "train.py", cwd=root)
    assert code == 0 and "◆ dropout site" in out and "mask  (        1, 32)" in out
    code, out, _ = run_cli("--no-cache", ".", cwd=root)
    assert "mymodels/builders.py:7:39: NL002" in out  # the rank holds whatever `units` is


def test_methods_of_a_plain_class_run_with_what_init_sets(run_cli, tmp_path: Path) -> None:
    write(tmp_path, {"m.py": (
        "import tensorflow as tf\n\n\nclass Net(object):\n"
        "    def __init__(self, config):\n        self.width = 16\n        self.depth = config.depth\n\n"
        "    def set_width(self, width):\n        self.depth = width\n\n"
        "    def encode(self, x):\n"
        "        h = tf.zeros([8, 10, self.width])\n"
        "        return tf.nn.dropout(h, rate=0.5, noise_shape=[8, 1, self.width, 1])\n\n"
        "    def other(self, x):\n"
        "        h = tf.zeros([8, 10, self.depth])\n"  # set by another method too: unknown
        "        return tf.nn.dropout(h, rate=0.5, noise_shape=[8, 1, 16])\n")})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "m.py"))
    rows = [line for line in out.splitlines() if "(tf.zeros)" in line]
    assert code == 0 and rows[0].endswith("(8, 10, 16)") and rows[1].endswith("(8, 10, ?)")


def test_a_row_inside_a_composite_keeps_its_own_name(run_cli, tmp_path: Path) -> None:
    write(tmp_path, {"m.py": (
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
        "block = keras.Sequential([layers.Conv2D(8, 1)], name='block')\n"
        "inputs = keras.Input(shape=(4, 4, 3))\nx = block(inputs)\nmodel = keras.Model(inputs, x)\n")})
    code, out, _ = run_cli("shapes", "--no-cache", str(tmp_path / "m.py"))
    rows = [line.split()[0] for line in out.splitlines() if "(Conv2D)" in line or "(block)" in line]
    assert code == 0 and rows[:2] == ["x", "conv2d"]  # the variable names the block, not its last layer


def test_code_a_test_expects_to_raise_is_not_checked(run_cli, tmp_path: Path) -> None:
    """Methods of plain classes now run (`unittest.TestCase` ones too): a call inside
    `with self.assertRaises(...)` is meant to fail, so it is no finding."""
    write(tmp_path, {"t.py": (
        "import unittest\nimport numpy as np\nfrom keras import Input, Model, layers\n\n\n"
        "class T(unittest.TestCase):\n    def test_bad_input(self):\n"
        "        inputs = Input(shape=(4,))\n        model = Model(inputs, layers.Dense(2)(inputs))\n"
        "        with self.assertRaises(ValueError):\n            model(np.zeros((2, 3)))\n")})
    code, out, _ = run_cli("--no-cache", str(tmp_path / "t.py"))
    assert code == 0, out
