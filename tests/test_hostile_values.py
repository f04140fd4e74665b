"""Issue 24 items 11-15 (the results that were wrong or lost): NaN and infinite rates and
mask entries, in source and in saved configs; equal-shaped layers in `noiselint shapes`;
adjacent string literals; surrogates from a codec or a notebook; long star-import chains;
and the smaller items."""

from __future__ import annotations

from pathlib import Path

import pytest
from saved_models import keras3_functional, keras3_input, keras3_layer, write_keras_zip

import noiselint
from noiselint.settings import Settings

HEADER = "from keras import layers\nimport tensorflow as tf\n"
BUGGY = "y = layers.Dropout(0.5, noise_shape=(32, 1, 8))(x)\n"


def _codes(text: str) -> list[str]:
    return [d.code for d in noiselint.lint_source(text, "m.py", Settings(no_cache=True, shapes=False))]


@pytest.mark.parametrize("call", ["layers.Dropout(1e999 - 1e999)", "tf.nn.dropout(x, rate=1e999 - 1e999)",
                                  "layers.Dropout(-1e999)"])
def test_nan_and_infinite_rates_in_source(call: str) -> None:
    assert _codes(HEADER + f"a = {call}\n") == ["NL004"]


@pytest.mark.parametrize(("rate", "noise", "codes"), [
    (float("nan"), [None, 1, 8], ["NL004"]),
    (float("inf"), [None, 1, 8], ["NL004"]),
    (0.5, [None, 1, float("inf")], ["NL005"]),
    (0.5, [None, float("nan"), 8], ["NL005"]),
])
def test_nan_and_infinity_in_saved_configs(tmp_path: Path, rate: float, noise: list, codes: list[str]) -> None:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "drop", {"rate": rate, "noise_shape": noise, "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    path = write_keras_zip(tmp_path / "m.keras", keras3_functional(layers, ["x"], ["drop"]))
    diagnostics, errors = noiselint.lint_paths([str(path)], Settings(no_cache=True, shapes=False))
    assert [d.code for d in diagnostics] == codes and errors == ()


def test_shapes_keeps_consecutive_saved_layers_of_equal_shapes(tmp_path: Path, run_cli) -> None:
    layers = [keras3_input("x", [None, 8]),
              keras3_layer("Dense", "first_dense", {"units": 8}, [("x", 0, 0)], shapes=[[None, 8]]),
              keras3_layer("Dense", "second_dense", {"units": 8}, [("first_dense", 0, 0)], shapes=[[None, 8]]),
              keras3_layer("Activation", "act", {"activation": "relu"}, [("second_dense", 0, 0)], shapes=[[None, 8]])]
    path = write_keras_zip(tmp_path / "s.keras", keras3_functional(layers, ["x"], ["act"]))
    code, out, _ = run_cli("shapes", "--no-cache", str(path))
    assert code == 0 and "×" not in out
    assert all(f"{name} (" in out for name in ("first_dense", "second_dense", "act"))


@pytest.mark.parametrize("pieces", [600, 6000])
@pytest.mark.parametrize("joiner", ["\n", " "])
def test_many_adjacent_string_literals_keep_the_files_finding(pieces: int, joiner: str) -> None:
    text = "from keras import layers\nS = (" + joiner.join(["'a'"] * pieces) + ")\n" + BUGGY
    assert _codes(text) == ["NL001"]  # once NL902 (RecursionError) at 450, a false NL900 at 5,000
