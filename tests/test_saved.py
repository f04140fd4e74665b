"""Saved and live models: the same findings as source, located by layer path; every output
format; --fix on a .keras file; discovery; the shapes command. Files are real: written by
Keras 3 at test time, or in the tf.keras 2.x format (by hand, and by tf_keras when present)."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from saved_models import (
    COMBINED,
    COMBINED_FINDINGS,
    keras2_config,
    keras3_model,
    write_h5,
    write_savedmodel,
)

import noiselint
from noiselint.saved.read import read_artifact

TF_KERAS_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "saved" / "tf_keras"


def _lint(path: Path) -> list[noiselint.api.Diagnostic]:  # type: ignore[name-defined]
    diagnostics, errors = noiselint.lint_paths([str(path)], _settings())
    assert errors == ()
    return list(diagnostics)


def _settings():  # type: ignore[no-untyped-def]
    from noiselint.settings import Settings

    return Settings(no_cache=True)


@pytest.fixture(scope="module")
def keras3_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The NL001 model, saved by Keras 3 as .keras and .h5."""
    directory = tmp_path_factory.mktemp("keras3")
    model = keras3_model((32, 1, 8))
    files = {suffix: directory / f"model{suffix}" for suffix in (".keras", ".h5")}
    for path in files.values():
        model.save(path)
    return files


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras3_file_hard_coded_batch_is_found_at_its_layer(keras3_files: dict[str, Path], suffix: str) -> None:
    (finding,) = _lint(keras3_files[suffix])
    assert finding.code == "NL001"
    assert finding.layer == "model/block_2/drop1"
    assert "hard-codes batch size 32" in finding.message
    if suffix == ".keras":
        # The element at fault, the batch entry, as in source files.
        assert finding.artifact.pointer == "/config/layers/2/config/layers/2/config/noise_shape/0"
        config = json.loads(zipfile.ZipFile(keras3_files[suffix]).read("config.json"))
        assert config["config"]["layers"][2]["config"]["layers"][2]["config"]["noise_shape"][0] == 32
    else:
        assert finding.artifact.pointer is None
        assert finding.fix is None  # only a .keras file is rewritten


@pytest.mark.parametrize("store", ["h5", "savedmodel"])
def test_keras2_format_nested_model_gets_its_input_shape(tmp_path: Path, store: str) -> None:
    """Keras 2 counts the nested model's own node first: `["block_2", 1, 0, {}]` is its first
    call. The dropout inside it must see (None, 10, 8), or NL002 could not say so."""
    config = keras2_config([1, 8])
    path = write_h5(tmp_path / "m.h5", config) if store == "h5" else write_savedmodel(tmp_path / "sm", config)
    (finding,) = _lint(path)
    assert (finding.code, finding.layer) == ("NL002", "model/block_2/drop1")
    assert "rank 3, shape (None, 10, 8)" in finding.message
    assert finding.artifact.code == "tf_keras.layers.Dropout(rate=0.5, noise_shape=(1, 8))"


@pytest.mark.skipif(not TF_KERAS_FIXTURES.is_dir(), reason="no tf_keras fixtures")
@pytest.mark.parametrize("name", ["nl001.h5", "nl001_savedmodel", "nl001.keras"])
def test_files_written_by_tf_keras(name: str) -> None:
    """Real tf_keras 2.21 files (fixtures/saved/tf_keras, made by tests/make_tf_keras_fixtures.py)
    read like the hand-written Keras 2 format."""
    (finding,) = _lint(TF_KERAS_FIXTURES / name)
    assert (finding.code, finding.layer) == ("NL001", "model/block_2/drop1")
    stored = read_artifact(TF_KERAS_FIXTURES / name)
    assert not isinstance(stored, noiselint.api.FileError) and not stored.keras3  # type: ignore[attr-defined]


# --- three entry points ---------------------------------------------------------------------

def _source_findings() -> set[tuple[str, str]]:
    lines = COMBINED.splitlines()
    found = set()
    for d in noiselint.lint_source(COMBINED, "combined.py", _settings()):
        name = re.search(r'name="(\w+)"', lines[d.span.start_row - 1])
        found.add((d.code, name.group(1) if name else "?"))
    return found


@pytest.fixture(scope="module")
def combined_model():  # type: ignore[no-untyped-def]
    namespace: dict[str, object] = {}
    exec(compile(COMBINED, "combined.py", "exec"), namespace)  # the test builds it; noiselint never does
    return namespace["model"]


def test_source_file_and_live_model_give_the_same_findings(combined_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _source_findings() == COMBINED_FINDINGS
    combined_model.save(tmp_path / "combined.keras")
    combined_model.save(tmp_path / "combined.h5")
    for name in ("combined.keras", "combined.h5"):
        found = {(d.code, d.layer.rsplit("/", 1)[-1]) for d in _lint(tmp_path / name)}
        assert found == COMBINED_FINDINGS, name
    live = {(d.code, d.layer.rsplit("/", 1)[-1]) for d in noiselint.check_model(combined_model, _settings())}
    assert live == COMBINED_FINDINGS


def test_messages_agree_across_entry_points(combined_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = {d.code: d.message for d in noiselint.lint_source(COMBINED, "combined.py", _settings())}
    live = {d.code: d.message for d in noiselint.check_model(combined_model, _settings())}
    for code in ("NL001", "NL002", "NL003"):
        assert source[code] == live[code]
    # NL010 names the layer that set the layout: a line in source, a layer path in a model.
    assert "`Conv2D` on line 11 made it channels_first" in source["NL010"]
    assert "`Conv2D` (layer model/conv) made it channels_first" in live["NL010"]


# --- live models ------------------------------------------------------------------------------

def test_live_sequential_and_assert_model_ok() -> None:
    import keras
    from keras import layers

    good = keras.Sequential([keras.Input((10, 8)), layers.Dense(8), layers.Dropout(0.5, noise_shape=(None, 1, 8))])
    noiselint.assert_model_ok(good)
    bad = keras.Sequential([keras.Input((10, 8)), layers.Dense(8), layers.Dropout(0.5, noise_shape=(1, 8))],
                           name="seq")
    with pytest.raises(AssertionError, match=r"layer seq/dropout\w* \(Dropout\): NL002 .*rank 3"):
        noiselint.assert_model_ok(bad)


def test_live_subclassed_model_after_one_call() -> None:
    import keras
    import numpy as np
    from keras import layers

    class Encoder(keras.Model):
        def __init__(self) -> None:
            super().__init__(name="encoder")
            self.dense = layers.Dense(8)
            self.drop = layers.Dropout(0.5, noise_shape=(32, 1, 8))

        def call(self, x, training=False):  # type: ignore[no-untyped-def]
            return self.drop(self.dense(x), training=training)

    model = Encoder()
    model(np.ones((2, 10, 8)))  # the first call's batch (2) is not the model's: no NL003 on axis 0
    (finding,) = noiselint.check_model(model, _settings())
    assert finding.code == "NL001" and finding.layer.startswith("encoder/dropout")


def test_live_tf_keras_model() -> None:
    tf_keras = pytest.importorskip("tf_keras")
    inputs = tf_keras.Input((10, 8))
    x = tf_keras.layers.Dense(8)(inputs)
    x = tf_keras.layers.Dropout(0.5, noise_shape=(1, 8), name="drop")(x)
    (finding,) = noiselint.check_model(tf_keras.Model(inputs, x, name="m"), _settings())
    assert (finding.code, finding.layer) == ("NL002", "m/drop")
    assert "shape (None, 10, 8)" in finding.message


def test_check_model_imports_nothing_new() -> None:
    import subprocess

    code = ("import sys, noiselint\n"
            "class Fake:\n  name='fake'\n  def get_config(self): return {'name': 'fake', 'layers': []}\n"
            "noiselint.check_model(Fake())\n"
            "print(sorted(m for m in ('keras', 'tensorflow', 'tf_keras', 'h5py') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- output formats, fixes, discovery, shapes ----------------------------------------------------

def test_every_output_format_names_the_layer(keras3_files: dict[str, Path], run_cli) -> None:  # type: ignore[no-untyped-def]
    path = str(keras3_files[".keras"])
    _, text, _ = run_cli("--no-cache", path)
    assert f"{path}:layer model/block_2/drop1 (Dropout): NL001 [*]" in text
    _, full, _ = run_cli("--no-cache", "--output-format", "text", path)
    assert "| keras.layers.Dropout(rate=0.5, noise_shape=(32, 1, 8))" in full
    _, out, _ = run_cli("--no-cache", "--output-format", "json", path)
    (item,) = json.loads(out)
    assert item["layer"] == {"path": "model/block_2/drop1", "class_name": "Dropout",
                             "pointer": "/config/layers/2/config/layers/2/config/noise_shape/0"}
    _, out, _ = run_cli("--no-cache", "--output-format", "github", path)
    assert out.startswith("::error file=") and "line=" not in out and "layer model/block_2/drop1" in out
    _, out, _ = run_cli("--no-cache", "--output-format", "sarif", path)
    result = json.loads(out)["runs"][0]["results"][0]
    (location,) = result["locations"]
    assert location["logicalLocations"] == [{"name": "drop1", "fullyQualifiedName": "model/block_2/drop1",
                                             "kind": "object"}]
    assert result["properties"]["jsonPointer"].endswith("/noise_shape/0")
    _, out, _ = run_cli("--no-cache", "--output-format", "junit", path)
    assert "layer model/block_2/drop1 (Dropout)" in out


def test_sarif_with_a_layer_location_is_schema_valid(keras3_files: dict[str, Path], run_cli) -> None:  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    _, out, _ = run_cli("--no-cache", "--output-format", "sarif", str(keras3_files[".keras"]))
    jsonschema.validate(json.loads(out), schema)


def test_fix_rewrites_only_config_json(keras3_files: dict[str, Path], tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.keras"
    path.write_bytes(keras3_files[".keras"].read_bytes())
    code, out, _ = run_cli("--no-cache", "--diff", str(path))
    assert path.read_bytes() == keras3_files[".keras"].read_bytes()  # --diff writes nothing
    assert "-keras.layers.Dropout(rate=0.5, noise_shape=(32, 1, 8))  # layer model/block_2/drop1\n" in out
    assert "+keras.layers.Dropout(rate=0.5, noise_shape=(None, 1, 8))  # layer model/block_2/drop1\n" in out
    code, out, _ = run_cli("--no-cache", "--fix", str(path))
    assert code == 0 and "1 fixed, 0 remaining" in out
    before, after = zipfile.ZipFile(keras3_files[".keras"]), zipfile.ZipFile(path)
    assert before.namelist() == after.namelist()
    for name in before.namelist():
        if name != "config.json":
            assert before.read(name) == after.read(name), name
    old, new = json.loads(before.read("config.json")), json.loads(after.read("config.json"))
    old["config"]["layers"][2]["config"]["layers"][2]["config"]["noise_shape"][0] = None
    assert new == old  # the one value, nothing else
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    assert run_cli("--no-cache", str(path))[0] == 0


def test_h5_and_savedmodel_are_not_rewritten(keras3_files: dict[str, Path], tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.h5"
    path.write_bytes(keras3_files[".h5"].read_bytes())
    code, out, err = run_cli("--no-cache", "--fix", str(path))
    assert code == 1 and path.read_bytes() == keras3_files[".h5"].read_bytes()
    assert "NL001 `noise_shape`" in out  # no [*]: nothing --fix could do
    # ... and --fix says why, once, rather than passing over it in silence.
    assert err.count(f"{path}: not fixed: an `.h5` file is never rewritten, only `.keras` files are") == 1, err
    assert "not fixed" not in run_cli("--no-cache", str(path))[2]  # only when a fix was asked for


def test_walks_skip_model_files_named_paths_are_checked(keras3_files: dict[str, Path], tmp_path: Path,
                                                        run_cli) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "model.keras").write_bytes(keras3_files[".keras"].read_bytes())
    sm = write_savedmodel(tmp_path / "exported", keras2_config([32, 1, 8]))
    code, _, err = run_cli("--no-cache", str(tmp_path))
    assert code == 0 and "no Python files found" in err
    code, out, _ = run_cli("--no-cache", str(tmp_path / "model.keras"), str(sm))
    assert code == 1 and out.count("NL001") == 2 and f"{sm}:layer model/block_2/drop1" in out


def test_shapes_command_on_a_saved_model(keras3_files: dict[str, Path], run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("shapes", "--no-cache", str(keras3_files[".keras"]))
    assert code == 0
    assert "functional model `model`" in out and "line" not in out
    assert re.search(r"drop1 \(Dropout\)\s+\(None, 10, 8\)", out)
    assert "◆ dropout site" in out


def test_h5_without_h5py_is_a_clear_error(keras3_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "h5py", None)
    error = read_artifact(keras3_files[".h5"])
    assert "needs h5py" in error.message and "`pip install h5py`" in error.message  # type: ignore[union-attr]


def test_no_shapes_never_imports_tensorflow(keras3_files: dict[str, Path]) -> None:
    """`--no-shapes` on a saved model: the shapes the file records still count, Keras is never asked."""
    import subprocess

    path = str(keras3_files[".keras"])
    code = ("import sys\nfrom noiselint.cli import main\n"
            f"status = main(['--no-cache', '--no-shapes', '--output-format', 'json', {path!r}])\n"
            "print('tensorflow' in sys.modules, 'keras' in sys.modules, file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stderr.strip().splitlines()[-1] == "False False"
    assert [d["code"] for d in json.loads(run.stdout)] == ["NL001"]


def test_saved_subclassed_model_says_it_stores_no_graph(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from saved_models import write_keras_zip

    config = {"module": "my_pkg.models", "class_name": "Encoder", "registered_name": "my_pkg>Encoder",
              "config": {"name": "encoder", "trainable": True}}
    code, out, err = run_cli("--no-cache", str(write_keras_zip(tmp_path / "sub.keras", config)))
    assert code == 0 and "All checks passed!" in out
    assert "stores no layer graph" in err


def test_wrappers_and_nested_sequential_models(tmp_path: Path) -> None:
    """Bidirectional (whose stored backward layer is the default one), TimeDistributed, and a
    Sequential inside a Sequential: the dropouts after them get their real input shapes."""
    import keras
    from keras import layers

    inputs = keras.Input((20, 16))
    x = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(inputs)
    x = layers.Dropout(0.3, noise_shape=(None, 1, 16), name="after_bi")(x)  # 8 + 8 concatenated
    x = layers.TimeDistributed(layers.Dense(4))(x)
    x = layers.Dropout(0.3, noise_shape=(None, 1, 8), name="after_td")(x)
    keras.Model(inputs, x, name="wrapped").save(tmp_path / "wrapped.keras")
    (finding,) = _lint(tmp_path / "wrapped.keras")
    assert finding.layer == "wrapped/after_td" and "shape (None, 20, 4): axis 2 is 8" in finding.message
    inner = keras.Sequential([layers.Dense(8), layers.Dropout(0.1, noise_shape=(4, 1, 8), name="drop")], name="inner")
    keras.Sequential([keras.Input((10, 8)), inner], name="outer").save(tmp_path / "nested.h5")
    (finding,) = _lint(tmp_path / "nested.h5")
    assert (finding.code, finding.layer) == ("NL001", "outer/inner/drop")


def test_other_rules_read_stored_layers(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """NL005 (a string noise_shape), NL008 (tf-keras's SpatialDropout ignores one) and the
    opt-in NL009, whose fix changes the class: refused on a file, so the file is untouched."""
    from saved_models import keras3_functional, keras3_input, keras3_layer, write_keras_zip

    layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 10, 8], "name": "in"}},
              {"class_name": "Dropout", "config": {"name": "text", "rate": 0.5, "noise_shape": "None,1,8"}},
              {"class_name": "SpatialDropout1D",
               "config": {"name": "spatial", "rate": 0.5, "noise_shape": [None, 1, 8]}}]
    path = write_h5(tmp_path / "k2.h5", {"class_name": "Sequential", "config": {"name": "m", "layers": layers}})
    found = {(d.code, d.layer): d.message for d in _lint(path)}
    assert "is a string ('None,1,8')" in found[("NL005", "m/text")]
    assert "tf-keras accepts it and silently ignores it" in found[("NL008", "m/spatial")]
    layers3 = [keras3_input("x", [None, 8, 8, 16]),
               keras3_layer("Dropout", "drop", {"rate": 0.2, "noise_shape": [None, 1, 1, 16]}, [("x", 0, 0)],
                            shapes=[[None, 8, 8, 16]])]
    path = write_keras_zip(tmp_path / "spatial.keras", keras3_functional(layers3, ["x"], ["drop"]))
    before = path.read_bytes()
    code, out, err = run_cli("--no-cache", "--select", "NL009", "--fix", "--unsafe-fixes", str(path))
    assert code == 1 and "NL009" in out and "SpatialDropout2D(0.2)" in out
    assert "not a change of config values; not applied" in err
    assert path.read_bytes() == before
