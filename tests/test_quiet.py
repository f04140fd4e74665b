"""A linter is quiet: a cold run (TensorFlow imported for shapes) prints nothing of
TensorFlow's own on stderr, unless `--verbose`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOISE = ("absl", "oneDNN", "I0000", "cpu_feature_guard", "TensorFlow binary", "WARNING:")


def _cold_run(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "KERAS_", "ABSL"))}
    return subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated", *flags,
                           str(ROOT / "fixtures" / "stackoverflow" / "cnn_hardcoded_batch.py")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False)


@pytest.mark.slow
def test_cold_run_has_no_tensorflow_noise_on_stderr(tmp_path: Path) -> None:
    proc = _cold_run(tmp_path)
    assert proc.returncode == 1 and "NL003" in proc.stdout  # the shapes were asked of Keras
    assert not [line for line in proc.stderr.splitlines() if any(word in line for word in NOISE)], proc.stderr


@pytest.mark.slow
def test_verbose_lets_tensorflow_speak(tmp_path: Path) -> None:
    quiet, verbose = _cold_run(tmp_path), _cold_run(tmp_path, "--verbose")
    assert verbose.stdout == quiet.stdout
    # What TensorFlow says depends on the machine; whatever it is, only --verbose shows it.
    assert len(verbose.stderr) >= len(quiet.stderr)


@pytest.mark.slow
def test_a_deprecated_tf1_argument_is_not_logged(tmp_path: Path) -> None:
    """Found on returnn: TensorFlow asked about `tf.reduce_sum(x, keep_dims=True)` (TF 1
    code) logged its deprecation warning on noiselint's stderr."""
    model = tmp_path / "tf1_model.py"
    model.write_text("import tensorflow as tf\n"
                     "x = tf.compat.v1.placeholder(tf.float32, [None, 4])\n"
                     "y = tf.reduce_sum(x, reduction_indices=[1], keep_dims=True)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "KERAS_", "ABSL"))}
    proc = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated", "--select", "ALL",
                           str(model)], capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stdout
    assert "deprecated" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr


@pytest.mark.slow
def test_only_verbose_shows_tensorflow_s_deprecation_warnings(tmp_path: Path) -> None:
    # `noiselint shapes` asks TensorFlow about `tf.expand_dims(x, dim=1)` (TF 1 code; the
    # written formula leaves TF 1's `dim` to TensorFlow): its deprecation warning is
    # TensorFlow's Python logging, the same on every machine.
    model = tmp_path / "tf1_model.py"
    model.write_text("import tensorflow as tf\n"
                     "x = tf.compat.v1.placeholder(tf.float32, [None, 4])\n"
                     "a = tf.expand_dims(x, dim=1)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "KERAS_", "ABSL"))}
    quiet, verbose = (subprocess.run([sys.executable, "-m", "noiselint", "shapes", "--no-cache", *flags, str(model)],
                                     capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
                      for flags in ((), ("--verbose",)))
    assert "(None, 1, 4)" in quiet.stdout and verbose.stdout == quiet.stdout  # TensorFlow answered both
    assert "calling expand_dims" in verbose.stderr and "with dim is deprecated" in verbose.stderr, verbose.stderr
    assert "deprecated" not in quiet.stderr, quiet.stderr
