"""NL010's documented scope (rules/NL010.md): the models of every file with model code,
whether or not it calls a dropout API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noiselint.rule_pages import page

WITHOUT_DROPOUT = """\
import keras
from keras import layers

inputs = keras.Input(shape=(1, 100, 2))
x = layers.Conv2D(64, (11, 2), data_format="channels_first")(inputs)
x = layers.MaxPooling2D((2, 1))(x)
x = layers.Flatten()(x)
model = keras.Model(inputs, layers.Dense(5)(x))
"""


@pytest.mark.slow
def test_nl010_scope_is_every_file_with_model_code(run_cli, tmp_path: Path) -> None:
    (tmp_path / "no_dropout.py").write_text(WITHOUT_DROPOUT)
    with_dropout = WITHOUT_DROPOUT.replace("x = layers.Flatten()(x)",
                                           "x = layers.Dropout(0.1)(x)\nx = layers.Flatten()(x)")
    (tmp_path / "with_dropout.py").write_text(with_dropout)
    code, out, _ = run_cli("--isolated", "--no-cache", "--output-format", "json", str(tmp_path))
    assert code == 1
    found = {(Path(d["filename"]).name, d["code"], d["location"]["row"]) for d in json.loads(out)}
    assert found == {("with_dropout.py", "NL010", 6), ("no_dropout.py", "NL010", 6)}
    # Alone (no other model-scope rule selected), it still reads the file without dropout.
    code, out, _ = run_cli("--isolated", "--no-cache", "--select", "NL010", "--output-format", "json", str(tmp_path))
    assert {(Path(d["filename"]).name, d["code"]) for d in json.loads(out)} == {
        ("with_dropout.py", "NL010"), ("no_dropout.py", "NL010")}
    text = page("NL010")
    assert text is not None and "every file with model code" in text and "Scope:" in text
