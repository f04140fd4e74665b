"""Without TensorFlow (the pre-commit hook's environment), the shape rules know only what
holds without Keras, exactly as docs/install.md says: written-out formulas (Dense), NL002 from a
certain rank, and nothing that needs a size only Keras would compute (Attention, which has no
written-out formula)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = """\
from keras import layers
inp = layers.Input((10, 8))
h = layers.Attention()([inp, inp])
a = layers.Dropout(0.5, noise_shape=(1, 4))(h)
b = layers.Dropout(0.5, noise_shape=(None, 1, 4))(h)
d = layers.Dense(16)(inp)
c = layers.Dropout(0.5, noise_shape=(None, 1, 4))(d)
"""


def test_readme_and_behaviour_agree_without_tensorflow(tmp_path: Path) -> None:
    fake = tmp_path / "fake"
    (fake / "keras").mkdir(parents=True)
    (fake / "keras" / "__init__.py").write_text("raise ImportError('No module named tensorflow')\n")
    (tmp_path / "m.py").write_text(MODEL)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(fake), str(ROOT)))}  # this checkout's noiselint
    proc = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated", "--output-format", "json",
                           "m.py"], cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
    found = {(d["code"], d["location"]["row"]) for d in json.loads(proc.stdout)}
    # Attention keeps the rank (3) for certain: the 2-entry noise_shape is NL002.
    # Line 5 is NL003 with Keras (4 vs 8), but 8 there needs Keras: silent. Dense has a
    # written-out formula, so line 7's NL003 is found without Keras.
    assert found == {("NL002", 4), ("NL003", 7)}, proc.stdout + proc.stderr
    assert len([line for line in proc.stderr.splitlines() if "cannot be imported" in line]) == 1
    readme = " ".join((ROOT / "docs" / "install.md").read_text(encoding="utf-8").split())
    assert "the written-out shape formulas of the common layers" in readme
    assert "NL002 needs only a rank, so it reports a `noise_shape` of the wrong length" in readme
    assert "only Keras could compute is needed, NL003 and NL010 stay silent" in readme


def test_one_warning_when_both_keras_and_tensorflow_are_asked(tmp_path: Path) -> None:
    # A Keras layer and a TF op whose shapes only they know: both imports fail, one warning.
    fake = tmp_path / "fake"
    for name in ("keras", "tensorflow"):
        (fake / name).mkdir(parents=True)
        (fake / name / "__init__.py").write_text("raise ImportError('No module named tensorflow')\n")
    (tmp_path / "m.py").write_text(
        "import tensorflow as tf\nfrom keras import layers\ninp = layers.Input((10, 8))\n"
        "h = layers.Attention()([inp, inp])\na = layers.Dropout(0.5, noise_shape=(None, 1, 4))(h)\n"
        "x = tf.zeros((2, 10, 8))\ny = tf.einsum('bij,bkj->bik', x, x)\n"
        "z = tf.nn.dropout(y, rate=0.5, noise_shape=[None, 1, 3])\n")
    proc = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated", "m.py"], cwd=tmp_path,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join((str(fake), str(ROOT)))})
    warnings = [line for line in proc.stderr.splitlines() if "cannot be imported" in line]
    assert len(warnings) == 1, proc.stderr
    assert "install the `shapes` extra, `pip install tensorflow keras`" in warnings[0]
