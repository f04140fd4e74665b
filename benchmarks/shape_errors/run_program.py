"""Run one benchmark program the way verify.py needs it: `python run_program.py PROGRAM RESULT_JSON`.

Keras's built-in datasets would download tens of megabytes, so `load_data` of each one the
benchmark uses is replaced by a stub returning arrays of the documented per-sample shapes and
dtypes with a small first axis (64 training and 16 test samples; labels cycle through the
classes). The program then runs as `__main__`; the outcome goes to RESULT_JSON:
{"status": "ok"} or {"status": "raised", "type", "mro", "message", "line"} where `line` is the
deepest line of PROGRAM in the traceback.
"""

from __future__ import annotations

import json
import runpy
import sys
import traceback
from pathlib import Path

N_TRAIN, N_TEST = 64, 16

# name: (x sample shape, y sample shape, x dtype, classes or None for a regression target)
DATASETS = {
    "mnist": ((28, 28), (), "uint8", 10),
    "fashion_mnist": ((28, 28), (), "uint8", 10),
    "cifar10": ((32, 32, 3), (1,), "uint8", 10),
    "cifar100": ((32, 32, 3), (1,), "uint8", 100),
    "boston_housing": ((13,), (), "float64", None),
    "california_housing": ((8,), (), "float64", None),
}


def _arrays(x_shape, y_shape, x_dtype, classes, n):
    import numpy as np

    rng = np.random.default_rng(0)
    if x_dtype == "uint8":
        x = rng.integers(0, 256, size=(n, *x_shape), dtype=np.uint8)
    else:
        x = rng.random((n, *x_shape)).astype(x_dtype)
    if classes is None:
        y = rng.random((n, *y_shape)).astype("float64") * 50
    else:
        y = (np.arange(n) % classes).astype("uint8" if classes <= 256 else "int64").reshape((n, *y_shape))
    return x, y


def install_dataset_stubs() -> None:
    import contextlib
    import importlib

    # Import every place a dataset module can be reached from, so each is in sys.modules.
    for pkg in ("keras.datasets", "keras.src.datasets", "tensorflow.keras.datasets"):
        for name in DATASETS:
            with contextlib.suppress(Exception):  # not every package has every module
                importlib.import_module(f"{pkg}.{name}")
    for name, (x_shape, y_shape, x_dtype, classes) in DATASETS.items():

        def load_data(*args, _spec=(x_shape, y_shape, x_dtype, classes), **kwargs):
            return _arrays(*_spec, N_TRAIN), _arrays(*_spec, N_TEST)

        for module in list(sys.modules.values()):
            mod_name = getattr(module, "__name__", "") or ""
            if mod_name.endswith(f"datasets.{name}") and hasattr(module, "load_data"):
                module.load_data = load_data


def main() -> int:
    program, result_path = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    if "load_data" in program.read_text(encoding="utf-8"):
        install_dataset_stubs()
    sys.argv = [str(program)]
    result: dict = {"status": "ok"}
    try:
        runpy.run_path(str(program), run_name="__main__")
    except SystemExit as exc:  # a program that exits is not a shape error
        result = {"status": "exit", "code": str(exc.code)}
    except BaseException as exc:  # recording any failure is the point
        line = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if Path(frame.filename).resolve() == program:
                line = frame.lineno
        result = {
            "status": "raised",
            "type": type(exc).__name__,
            "mro": [c.__name__ for c in type(exc).__mro__],
            "message": str(exc),
            "line": line,
        }
    result["versions"] = _versions()
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


def _versions() -> dict:
    out = {"python": sys.version.split()[0]}
    for mod in ("tensorflow", "keras", "numpy"):
        if mod in sys.modules:
            out[mod] = getattr(sys.modules[mod], "__version__", "?")
    return out


if __name__ == "__main__":
    sys.exit(main())
