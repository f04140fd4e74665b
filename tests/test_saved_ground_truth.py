"""Ground truth for saved models: each fixture file is loaded by Keras (noiselint itself never
loads one) and trained one step on an odd batch, to show that a finding is the real failure
(or the real silent mask), and that the file `--fix` writes loads and trains."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from saved_models import canary_keras3, keras2_config, keras3_model, write_h5

import noiselint
from noiselint.settings import Settings

pytestmark = pytest.mark.slow

BATCH = 7  # no fixture hard-codes it
TF_KERAS_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "saved" / "tf_keras"


def _findings(path: Path) -> list[tuple[str, str]]:
    diagnostics, errors = noiselint.lint_paths([str(path)], Settings(no_cache=True))
    assert errors == ()
    return [(d.code, d.layer) for d in diagnostics]


def _train_one_step(model) -> None:  # type: ignore[no-untyped-def]
    model.compile(optimizer="sgd", loss="mse")
    model.train_on_batch(np.ones((BATCH, 10, 8), "float32"), np.ones((BATCH, 1), "float32"))


def _fails_in_training(model) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception) as caught:
        _train_one_step(model)
    return str(caught.value)


def _shape_failure(error: str, got: int, want: int) -> bool:
    """TF's words for a mask that does not broadcast (eager, traced, or in the loss)."""
    return (f"Dimensions must be equal, but are {got} and {want}" in error
            or (("broadcastable" in error or "Incompatible shapes" in error) and str(got) in error))


def _load(path: Path):  # type: ignore[no-untyped-def]
    import keras

    return keras.models.load_model(path, compile=False)


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_nl001_file_fails_on_an_odd_batch_and_the_fixed_file_trains(tmp_path: Path, suffix: str, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"model{suffix}"
    keras3_model((32, 1, 8)).save(path)
    assert _findings(path) == [("NL001", "model/block_2/drop1")]
    assert _shape_failure(_fails_in_training(_load(path)), 32, BATCH)
    _load(path).predict(np.ones((BATCH, 10, 8)), verbose=0)  # inference never shows it
    if suffix == ".keras":
        assert run_cli("--no-cache", "--fix", str(path))[0] == 0
        _train_one_step(_load(path))


def test_nl002_file_draws_one_mask_for_the_whole_batch_until_fixed(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.keras"
    keras3_model((1, 8)).save(path)
    assert _findings(path) == [("NL002", "model/block_2/drop1")]

    def mask(model) -> np.ndarray:  # type: ignore[no-untyped-def]
        drop = model.get_layer("block_2").get_layer("drop1")
        return np.asarray(drop(np.ones((BATCH, 10, 8), "float32"), training=True)) != 0

    drawn = mask(_load(path))
    assert (drawn == drawn[:1, :1]).all()  # every sample and every step: one (8,) draw
    _train_one_step(_load(path))  # and no error anywhere: the mistake is silent
    assert run_cli("--no-cache", "--fix", str(path))[0] == 1  # the fix is unsafe: not applied
    assert run_cli("--no-cache", "--fix", "--unsafe-fixes", str(path))[0] == 0
    noise = json.loads(zipfile.ZipFile(path).read("config.json"))["config"]["layers"][2]["config"]["layers"][2]
    assert noise["config"]["noise_shape"] == [None, 1, 8]
    fixed = _load(path)
    drawn = mask(fixed)
    assert not (drawn == drawn[:1]).all()  # one draw per sample now
    _train_one_step(fixed)


def test_nl003_file_fails_whatever_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "model.keras"
    keras3_model((None, 5, 1)).save(path)
    assert _findings(path) == [("NL003", "model/block_2/drop1")]
    assert _shape_failure(_fails_in_training(_load(path)), 5, 10)
    (diagnostic,) = noiselint.lint_paths([str(path)], Settings(no_cache=True))[0]
    assert diagnostic.fix is None


def test_keras2_format_written_by_hand_is_what_keras_reads(tmp_path: Path) -> None:
    """The hand-written tf.keras 2.x config (without a nested model, which Keras 3's legacy
    loader cannot resolve) builds in Keras 3 and fails in training as found."""
    from keras.src.legacy.saving import saving_utils

    path = write_h5(tmp_path / "model.h5", keras2_config([32, 1, 8], nested=False))
    assert _findings(path) == [("NL001", "model/drop1")]
    model = saving_utils.model_from_config(keras2_config([32, 1, 8], nested=False))
    assert _shape_failure(_fails_in_training(model), 32, BATCH)
    _train_one_step(saving_utils.model_from_config(keras2_config([None, 1, 8], nested=False)))


@pytest.mark.parametrize("name", ["nl001.h5", "nl001.keras", "nl001_savedmodel"])
def test_tf_keras_files_fail_in_tf_keras(name: str) -> None:
    tf_keras = pytest.importorskip("tf_keras")
    path = TF_KERAS_FIXTURES / name
    assert _findings(path) == [("NL001", "model/block_2/drop1")]
    assert _shape_failure(_fails_in_training(tf_keras.models.load_model(path, compile=False)), 32, BATCH)


def test_keras2_nested_config_written_by_hand_is_what_tf_keras_reads() -> None:
    """`["block_2", 1, 0, {}]` really is the nested model's first call (tf_keras resolves it)."""
    tf_keras = pytest.importorskip("tf_keras")
    model = tf_keras.models.model_from_json(json.dumps(keras2_config([32, 1, 8])))
    assert _shape_failure(_fails_in_training(model), 32, BATCH)


def test_the_canary_is_live(tmp_path: Path) -> None:
    """The canary fixture really runs code when Keras deserializes it (so the hostile test,
    where noiselint reads it and the canary stays absent, shows something)."""
    import keras

    canary = tmp_path / "canary"
    path = canary_keras3(tmp_path / "lambda.keras", canary)
    # Deserializing the config builds the Lambda on a symbolic input, which runs it; the file
    # has no weights, so the load fails afterwards, when it looks for them.
    with pytest.raises(ValueError, match="weights"):
        keras.models.load_model(path, safe_mode=False)
    assert canary.read_text() == "executed"
