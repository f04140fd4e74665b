"""Issue 24 item 3 (and the class): model files get the bounds source files get. A path that
is not a regular file (a device, a FIFO) is refused without blocking; `.h5` attributes are
capped by what they hold, not by the size of their pointer; `keras_version` is a short
string; a `config.json` that inflates more than 100:1 or holds millions of JSON containers is
refused before it is parsed."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from saved_models import keras3_functional, keras3_input, keras3_layer, write_h5, write_keras_zip, write_savedmodel

import noiselint
import noiselint.saved.read as saved_read
from noiselint.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _config() -> dict:
    layers = [keras3_input("x", [None, 10, 8]),
              keras3_layer("Dropout", "drop", {"rate": 0.5, "noise_shape": [32, 1, 8], "seed": None},
                           [("x", 0, 0)], shapes=[[None, 10, 8]])]
    return keras3_functional(layers, ["x"], ["drop"])


def _error(path: Path) -> str:
    diagnostics, errors = noiselint.lint_paths([str(path)], Settings(no_cache=True, shapes=False))
    assert list(diagnostics) == [] and len(errors) == 1, (diagnostics, errors)
    return errors[0].message


def _subprocess(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A run in its own process, with a timeout (a FIFO once hung the run) and its peak memory."""
    # The peak is the process's own high-water mark (VmHWM): `ru_maxrss` keeps the parent's
    # at the fork (Linux folds the old address space's into it at exec), so a child of a test
    # run that has imported TensorFlow reported 400 MB for a run of 50.
    code = ("import sys\nfrom noiselint.cli import main\nstatus = main(sys.argv[1:])\n"
            "hwm = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
            "print('MAXRSS', hwm, file=sys.stderr)\n"
            "sys.exit(status)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, "--no-cache", "--no-shapes", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, env=env, preexec_fn=_two_gigabytes)


def _two_gigabytes() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # /dev/zero once grew to 7 GB


def _peak_mb(done: subprocess.CompletedProcess[str]) -> float:
    line = next(x for x in done.stderr.splitlines() if x.startswith("MAXRSS"))
    return int(line.split()[1]) / 1024


def test_model_files_linked_to_a_device_are_refused(tmp_path: Path) -> None:
    for suffix in (".keras", ".h5"):
        (tmp_path / f"zero{suffix}").symlink_to("/dev/zero")
    done = _subprocess(["zero.keras", "zero.h5"], tmp_path)
    assert done.stderr.count("is not a regular file (a character device)") == 2, done.stderr


def test_model_fifos_do_not_block(tmp_path: Path) -> None:
    for name in ("m.keras", "m.h5"):
        os.mkfifo(tmp_path / name)
    (tmp_path / "sm").mkdir()
    (tmp_path / "sm" / "saved_model.pb").write_bytes(b"")
    os.mkfifo(tmp_path / "sm" / "keras_metadata.pb")
    done = _subprocess(["m.keras", "m.h5", "sm"], tmp_path)
    assert done.stderr.count("is not a regular file (a FIFO)") == 2, done.stderr
    assert "keras_metadata.pb is not a regular file" in done.stderr or "without `keras_metadata.pb`" in done.stderr


def test_h5_variable_length_config_past_the_cap_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = write_h5(tmp_path / "m.h5", _config())  # a variable-length string: its stored size is 16 bytes
    monkeypatch.setattr(saved_read, "MAX_CONFIG_BYTES", 200)
    assert "its model_config is more than 200 bytes" in _error(path)


@pytest.mark.parametrize("kind", ["h5", "keras", "savedmodel"])
def test_keras_version_must_be_a_short_string(tmp_path: Path, kind: str) -> None:
    version = "3" * 5000
    if kind == "h5":
        path = write_h5(tmp_path / "m.h5", _config(), keras_version=version)
    elif kind == "keras":
        path = write_keras_zip(tmp_path / "m.keras", _config(), version=version)
    else:
        path = write_savedmodel(tmp_path / "sm", _config())
        raw = (path / "keras_metadata.pb").read_bytes()
        # Same length, so the protobuf's length prefixes still hold; then a long one.
        assert raw.count(b'"2.15.0"') == 1
        (path / "keras_metadata.pb").write_bytes(_with_version(_config(), version))
    assert "keras_version is not a version" in _error(path)


def test_a_normal_keras_version_still_reads(tmp_path: Path) -> None:
    diagnostics, errors = noiselint.lint_paths([str(write_h5(tmp_path / "m.h5", _config(), "2.15.0"))],
                                               Settings(no_cache=True, shapes=False))
    assert errors == () and [d.code for d in diagnostics] == ["NL001"]


def test_config_that_inflates_a_thousandfold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata.json", "{}")
        archive.writestr("config.json", "[" + "{}," * 1_000_000 + "{}]")
    assert path.stat().st_size < 64 * 1024
    done = _subprocess([str(path)], tmp_path)
    assert "a decompression bomb" in done.stderr, done.stderr
    assert _peak_mb(done) < 400


def test_config_with_millions_of_containers_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(saved_read, "MAX_JSON_CONTAINERS", 1000)
    path = write_keras_zip(tmp_path / "m.keras", b"[" + b"{}," * 2000 + b"{}]")
    assert "more than 1,000 JSON objects and arrays" in _error(path)


def _with_version(config: dict, version: str) -> bytes:
    from saved_models import _field, _varint

    root = {"name": config["config"]["name"], "class_name": config["class_name"], "config": config["config"],
            "keras_version": version, "backend": "tensorflow"}
    node = (_varint(2 << 3) + _varint(0) + _field(3, b"root") + _field(4, b"_tf_keras_network")
            + _field(5, json.dumps(root).encode()))
    return _field(1, node)


def test_zip_members_are_counted_before_zipfile_builds_them(tmp_path: Path, monkeypatch) -> None:
    """Found attacking this class: zipfile makes an object per central-directory entry before
    the member cap could be checked, so millions of entries cost gigabytes first."""
    path = tmp_path / "many.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(_config()))
        for i in range(3000):
            archive.writestr(f"m{i}", b"")
    monkeypatch.setattr(saved_read, "MAX_ZIP_MEMBERS", 1000)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile parsed the directory before the count was checked")

    monkeypatch.setattr(zipfile, "ZipFile", never)  # the reader imports zipfile when it opens a .keras file
    assert "declares 3,001 members" in _error(path)


def test_a_notebook_of_millions_of_empty_objects_is_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    """Found attacking this class: 24 MB of `{},` in an `.ipynb` took 700 MB parsed (64 MB,
    the reader's cap, about 1.9 GB)."""
    import noiselint.files.notebook as notebook

    monkeypatch.setattr(notebook, "MAX_JSON_CONTAINERS", 1000)
    path = tmp_path / "big.ipynb"
    path.write_text('{"cells": [' + "{}," * 2000 + '{}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    diagnostics, _errors = noiselint.lint_paths([str(path)], Settings(no_cache=True, shapes=False))
    assert [d.code for d in diagnostics] == ["NL900"] and "more than 1,000 JSON objects" in diagnostics[0].message


def test_the_worker_count_reads_files_with_bounds(tmp_path: Path, monkeypatch) -> None:
    """Found attacking this class: choosing `--jobs` read every file with a plain `open()`
    before any file's own checks: on an idle machine a FIFO named `m.py` hung the run."""
    import signal

    from noiselint import workers

    monkeypatch.setattr(workers, "cpu_load", lambda since=None: 0.0)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    names = []
    for i in range(12):
        (tmp_path / f"m{i}.py").write_text("from keras import layers\n")
        names.append(str(tmp_path / f"m{i}.py"))
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    signal.alarm(20)
    try:
        jobs = workers.auto_jobs([str(tmp_path / "fifo.py"), str(tmp_path / "zero.py"), *names], lambda data: True)
    finally:
        signal.alarm(0)
    assert jobs >= 1
