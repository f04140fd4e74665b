"""The flake8 plugin, through real flake8: the NL codes appear among flake8's own, and
flake8's selection and `# noqa` apply to them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SOURCE = """\
from keras import layers

inp = layers.Input((10, 8))
y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)
z = layers.Dropout(1.5)(inp)  # noqa: NL004
w = layers.Dropout(0.5, noise_shape=(None, 1, 8))(inp)
"""


def flake8(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "model.py").write_text(SOURCE)
    # --isolated: no user or project flake8 config; no shapes, so TensorFlow is not imported.
    return subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--noiselint-no-shapes", *flags,
                           "model.py"], capture_output=True, text=True, cwd=tmp_path, check=False)


def test_flake8_reports_nl_codes_with_flake8_columns(tmp_path: Path) -> None:
    proc = flake8(tmp_path, "--select", "NL")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "model.py:4:38: NL001 `noise_shape` hard-codes batch size 64: Dropout fails in training (fit, "
        "`training=True`) on any other batch size, such as the last partial batch; use `None`"]


def test_flake8_selection_and_noqa_apply(tmp_path: Path) -> None:
    assert flake8(tmp_path, "--select", "NL", "--extend-ignore", "NL001").stdout == ""
    assert "NL004" not in flake8(tmp_path, "--select", "NL").stdout  # line 5 has a noqa comment naming NL004
    everything = flake8(tmp_path).stdout  # default selection: flake8's codes and ours
    assert "model.py:4:38: NL001" in everything


def test_opt_in_rules_run_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "m9.py").write_text("from keras import layers\n"
                                    "y = layers.Dropout(0.5, noise_shape=(None, 1, 1, 16))(x)\n")
    base = [sys.executable, "-m", "flake8", "--isolated", "--noiselint-no-shapes", "--select", "NL", "m9.py"]
    assert subprocess.run(base, capture_output=True, text=True, cwd=tmp_path).stdout == ""
    asked = subprocess.run([*base, "--noiselint-opt-in", "NL009"], capture_output=True, text=True, cwd=tmp_path)
    assert "m9.py:2:" in asked.stdout and "NL009" in asked.stdout, asked.stderr
