"""Runs data fixtures (fixtures/data) under TensorFlow for tests/test_data_ground_truth.py:
`python data_ground_truth_runner.py FILE...` prints one JSON line per file: the exception
type and the fixture line it was raised from, or null when the file ran. Keras's built-in
datasets are stubbed with arrays of their documented sample shapes (apis/datasets.py) and
few samples (64 train, 16 test), so nothing is downloaded and training is quick."""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from noiselint.apis.datasets import DATASETS


def _stub(name: str):  # type: ignore[no-untyped-def]
    entry = DATASETS[name]
    rng = np.random.default_rng(0)

    def load_data(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        def part(n: int):  # type: ignore[no-untyped-def]
            return (rng.integers(0, 255, size=(n, *entry.x)).astype("uint8"),
                    rng.integers(0, 10, size=(n, *entry.y)).astype("uint8"))
        return part(64), part(16)
    return load_data


def _install_stubs() -> None:
    import importlib

    for name in DATASETS:
        for module in (f"keras.datasets.{name}", f"keras.src.datasets.{name}", f"tensorflow.keras.datasets.{name}"):
            try:
                mod = importlib.import_module(module)
            except ImportError:
                continue
            mod.load_data = _stub(name)  # type: ignore[attr-defined]


def _run(path: str) -> dict[str, object]:
    try:
        runpy.run_path(path, run_name="__main__")
    except Exception as exc:
        here = os.path.abspath(path)
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) == here]
        return {"path": path, "error": type(exc).__name__, "line": lines[-1] if lines else None,
                "message": " ".join(str(exc).split())[:300]}
    return {"path": path, "error": None, "line": None, "message": ""}


if __name__ == "__main__":
    _install_stubs()
    for file in sys.argv[1:]:
        print(json.dumps(_run(file)), flush=True)
