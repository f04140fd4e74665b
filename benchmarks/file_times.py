"""Run noiselint as a user would, timing each file from outside the engine (numbers for humans).

Usage: python benchmarks/file_times.py OUT.tsv [NOISELINT ARGS ...]

Writes one line per file to OUT.tsv: the path and the wall seconds its lint took in this
process (`--jobs 1`). `benchmarks/run.py` checks the goal of issue #23 with it: every file
over 1 s of analysis has a reason line in the `--verbose` output. The clock here is not the
one `--verbose` reads (budget.FileClock), so a file the engine's own clock misses shows up.
The one-time import of Keras and TensorFlow is not charged to the file that happens to need
it first (as in `--verbose`): the time spent in noiselint's loaders of them is taken off.
"""

from __future__ import annotations

import sys
import time

if __name__ == "__main__":
    from noiselint.import_path import drop_untrusted_paths

    out, sys.argv[1:] = sys.argv[1], sys.argv[2:]
    drop_untrusted_paths(sys.argv[1:])
    import noiselint.model.inference as inference
    import noiselint.runner as runner
    import noiselint.shapes.oracle as oracle
    from noiselint.cli import main

    timed: list[tuple[str, float]] = []
    loading = [0.0]  # seconds spent importing Keras or TensorFlow, all files so far
    original = runner._Worker.__call__

    def clocked_call(self: runner._Worker, name: str):
        start, loaded = time.perf_counter(), loading[0]
        try:
            return original(self, name)
        finally:
            timed.append((name, time.perf_counter() - start - (loading[0] - loaded)))

    def one_time(load):
        def timed_load(*args, **kwargs):
            start = time.perf_counter()
            try:
                return load(*args, **kwargs)
            finally:
                loading[0] += time.perf_counter() - start
        return timed_load

    oracle.load_keras = inference.load_keras = one_time(oracle.load_keras)
    oracle.load_tensorflow = one_time(oracle.load_tensorflow)

    runner._Worker.__call__ = clocked_call  # type: ignore[method-assign]
    sys.argv[0] = "noiselint"
    try:
        code = main()
    finally:
        with open(out, "w", encoding="utf-8") as handle:
            handle.writelines(f"{name}\t{seconds:.4f}\n" for name, seconds in timed)
    sys.exit(code)
