"""Hostile saved models: each gives one clear per-file error, or a report with unknown
nodes, in bounded time and memory, and nothing in them is ever executed."""

from __future__ import annotations

import json
import resource
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from saved_models import (
    canary_code,
    canary_keras3,
    keras2_config,
    keras3_functional,
    keras3_input,
    keras3_layer,
    write_h5,
    write_keras_zip,
    write_savedmodel,
)

import noiselint
from noiselint.saved.read import MAX_CONFIG_BYTES
from noiselint.settings import Settings


def _run(path: Path) -> tuple[list[noiselint.api.Diagnostic], tuple[noiselint.api.FileError, ...]]:  # type: ignore[name-defined]
    diagnostics, errors = noiselint.lint_paths([str(path)], Settings(no_cache=True))
    return list(diagnostics), errors


def _error(path: Path) -> str:
    diagnostics, errors = _run(path)
    assert diagnostics == [] and len(errors) == 1, (diagnostics, errors)
    assert errors[0].path == str(path)
    return errors[0].message


def _nl001_zip(path: Path) -> Path:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    return write_keras_zip(path, keras3_functional(layers, ["x"], ["drop"]), extra={"model.weights.h5": b"\0" * 4096})


def test_truncated_zip(tmp_path: Path) -> None:
    whole = _nl001_zip(tmp_path / "whole.keras").read_bytes()
    cut = tmp_path / "cut.keras"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "is not a readable .keras zip" in _error(cut)


def test_not_a_zip_and_not_hdf5(tmp_path: Path) -> None:
    (tmp_path / "junk.keras").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "junk.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 64)
    assert "is not a readable .keras zip" in _error(tmp_path / "junk.keras")
    assert "is not a readable HDF5 model" in _error(tmp_path / "junk.h5")


def test_zip_bomb_config_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    """A 1 GB `config.json` (zeros deflate 1000:1): refused before a byte is inflated."""
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("metadata.json", "{}")
        with archive.open("config.json", "w", force_zip64=True) as member:
            block = b" " * (8 * 1024 * 1024)
            for _ in range(128):  # 1 GiB
                member.write(block)
    assert path.stat().st_size < 8 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    message = _error(path)
    assert "config.json` is 1,073,741,824 bytes, more than noiselint reads" in message
    assert time.perf_counter() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB: no 1 GB read


def test_zip_whose_header_lies_about_the_size(tmp_path: Path) -> None:
    """The header says 100 bytes; the stream would inflate to 2 x the cap. zipfile reads
    only the 100 bytes the header promises, whose CRC then fails: a clear error, nothing
    more read (a stream can never hand over more than its header says)."""
    data = zlib.compress(b" " * (2 * MAX_CONFIG_BYTES), 9)[2:-4]  # raw deflate
    path = tmp_path / "liar.keras"
    name = b"config.json"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(data), 100, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, 0, len(data), 100, len(name),
                          0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    path.write_bytes(local + data + central + end)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert _error(path).endswith("is not a readable .keras zip (Bad CRC-32 for file 'config.json')")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB


def test_invalid_json(tmp_path: Path) -> None:
    assert "config.json is not valid JSON" in _error(write_keras_zip(tmp_path / "bad.keras", b'{"class_name": '))
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "config.json is not valid JSON" in _error(write_keras_zip(tmp_path / "deep.keras", deep))
    assert "holds no model config" in _error(write_keras_zip(tmp_path / "plain.keras", b'{"a": 1}'))


def test_h5_without_model_config(tmp_path: Path) -> None:
    assert "holds weights only" in _error(write_h5(tmp_path / "weights.h5", None))


def test_savedmodel_without_keras_metadata(tmp_path: Path) -> None:
    directory = tmp_path / "exported"
    directory.mkdir()
    (directory / "saved_model.pb").write_bytes(b"\x08\x01")
    assert "without `keras_metadata.pb`" in _error(directory)
    (directory / "keras_metadata.pb").write_bytes(b"\x0a\xff\xff\xff\xff\x0f")
    assert "not a valid protobuf message" in _error(directory)


def test_cyclic_config_gives_a_report_with_a_note(tmp_path: Path) -> None:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dense", "a", {"units": 8}, [("b", 0, 0)]),
              keras3_layer("Dense", "b", {"units": 8}, [("a", 0, 0)]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8]}, [("x", 0, 0)],
                           shapes=[[None, 10, 8]])]
    path = write_keras_zip(tmp_path / "cycle.keras", keras3_functional(layers, ["x"], ["b", "drop"]))
    from noiselint.engine import selected_rules
    from noiselint.saved.run import check_artifact, make_oracle

    result, errors = check_artifact(path, selected_rules(Settings()), make_oracle(Settings(no_cache=True)))
    assert errors == () and result is not None
    assert [(d.code, d.layer) for d in result.diagnostics] == [("NL001", "model/drop")]
    assert any("form a cycle" in note for note in result.notes)


def test_unknown_classes_are_opaque_nodes(tmp_path: Path) -> None:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Weird", "weird", {"anything": {"nested": [1, 2]}}, [("x", 0, 0)], module="my_pkg.layers"),
              keras3_layer("NoSuchKerasLayer", "odd", {}, [("weird", 0, 0)]),
              # A custom class that calls itself Dropout is not Keras's Dropout.
              keras3_layer("Dropout", "mine", {"noise_shape": [32, 1, 8]}, [("odd", 0, 0)], module="my_pkg.layers"),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8]}, [("mine", 0, 0)])]
    path = write_keras_zip(tmp_path / "unknown.keras", keras3_functional(layers, ["x"], ["drop"]))
    diagnostics, errors = _run(path)
    assert errors == ()
    assert [(d.code, d.layer) for d in diagnostics] == [("NL001", "model/drop")]


def test_ten_thousand_layers_in_bounded_time(tmp_path: Path) -> None:
    layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 16], "name": "in"}}]
    layers += [{"class_name": "Dense" if i % 2 else "Activation", "config": {"name": f"l{i}", "units": 16,
                                                                          "activation": "relu"}}
               for i in range(10_000)]
    layers.append({"class_name": "Dropout", "config": {"name": "drop", "rate": 0.1, "noise_shape": [32, 16]}})
    path = write_h5(tmp_path / "big.h5", {"class_name": "Sequential", "config": {"name": "big", "layers": layers}})
    start = time.perf_counter()
    diagnostics, errors = _run(path)
    assert time.perf_counter() - start < 60
    assert errors == () and [(d.code, d.layer) for d in diagnostics] == [("NL001", "big/drop")]


def test_too_many_dropout_layers_is_one_error(tmp_path: Path) -> None:
    layers = [{"class_name": "Dropout", "config": {"name": f"d{i}", "rate": 0.1}} for i in range(2_001)]
    path = write_h5(tmp_path / "drops.h5", {"class_name": "Sequential", "config": {"name": "m", "layers": layers}})
    assert "noiselint checks at most 2,000" in _error(path)
    over = [{"class_name": "Dense", "config": {"name": f"d{i}", "units": 1}} for i in range(20_001)]
    path = write_h5(tmp_path / "over.h5", {"class_name": "Sequential", "config": {"name": "m", "layers": over}})
    assert "more than 20,000 layers" in _error(path)


def test_nested_models_too_deep_is_one_error(tmp_path: Path) -> None:
    model: dict[str, object] = {"class_name": "Sequential", "config": {"name": "m0", "layers": []}}
    for depth in range(1, 60):
        model = {"class_name": "Sequential", "config": {"name": f"m{depth}", "layers": [model]}}
    assert "nests models more than" in _error(write_h5(tmp_path / "deep.h5", model))


# --- nothing is ever executed -----------------------------------------------------------------

def test_canary_lambda_bytecode_is_never_run(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """Keras 3 and Keras 2 Lambdas carrying marshalled bytecode that writes a canary (the slow
    test shows Keras really runs it on load), plus a pickle in the zip: noiselint lints, fixes
    and prints shapes of them, and the canary never appears."""
    import pickle

    canary = tmp_path / "canary"
    keras3 = canary_keras3(tmp_path / "lambda.keras", canary)
    with zipfile.ZipFile(keras3, "a") as archive:
        archive.writestr("assets/evil.pkl", pickle.dumps(_Canary(str(canary))))
    keras2 = write_h5(tmp_path / "lambda.h5", keras2_config([32, 1, 8], lambda_code=canary_code(canary)))
    savedmodel = write_savedmodel(tmp_path / "lambda_sm", keras2_config([32, 1, 8], canary_code(canary)))
    for path in (keras3, keras2, savedmodel):
        code, out, _ = run_cli("--no-cache", str(path))
        assert code == 1 and "NL001" in out, out
        assert run_cli("shapes", "--no-cache", str(path))[0] == 0
    assert run_cli("--no-cache", "--fix", str(keras3))[0] == 0
    assert not canary.exists()


class _Canary:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (self.path, "w"))


@pytest.mark.parametrize("noise", [[32, 1, 8], "32,1,8", [32.0, 1, 8], {"class_name": "__tensor__"}])
def test_odd_noise_shape_values_do_not_crash(tmp_path: Path, noise: object) -> None:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": noise}, [("x", 0, 0)])]
    diagnostics, errors = _run(write_keras_zip(tmp_path / "odd.keras", keras3_functional(layers, ["x"], ["drop"])))
    assert errors == ()
    assert {d.code for d in diagnostics} <= {"NL001", "NL005"}


def test_config_json_is_not_json_object_layers(tmp_path: Path) -> None:
    bad = {"class_name": "Functional", "config": {"name": "m", "layers": [1, "two"], "input_layers": [],
                                                  "output_layers": []}}
    assert "is not a JSON object" in _error(write_keras_zip(tmp_path / "m.keras", json.dumps(bad).encode()))


def test_layer_names_cannot_break_the_layer_lines(tmp_path: Path) -> None:
    """Names are the file's: a newline or a `# noqa` in one must not change what is checked."""
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "d\nimport os  # noqa", {"rate": 0.5, "noise_shape": [32, 1, 8]}, [("x", 0, 0)],
                           shapes=[[None, 10, 8]])]
    diagnostics, errors = _run(write_keras_zip(tmp_path / "names.keras", keras3_functional(layers, ["x"], ["d"])))
    assert errors == () and [d.code for d in diagnostics] == ["NL001"]
