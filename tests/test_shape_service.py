"""`--jobs`: one shape process asks Keras for every worker, so a run holds one TensorFlow
however many workers it has, and finds what a run with one process finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Each file needs Keras: a noise_shape after a layer only Keras gives the shape of.
_MODEL = """
import keras
from keras import layers
inputs = keras.Input(shape=(4, 32, 32, 3))
x = layers.TimeDistributed(layers.Conv2D({n}, 3))(inputs)
x = layers.Dropout(0.5, noise_shape=(None, 1, 1, 1, 16))(x)
"""

_PROBE = """
import json, os, sys
import noiselint.runner as runner
import noiselint.shapes.oracle as oracle
from noiselint.settings import Settings

tree, log, jobs, cpus = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def note(kind):
    with open(log, "a") as f:
        f.write(json.dumps([kind, os.getpid()]) + "\\n")

load = oracle.load_keras
def load_keras(verbose=False):
    note("keras")
    return load(verbose)
oracle.load_keras = load_keras
call = runner._Worker.__call__
def worker_call(self, name):
    outcome = call(self, name)
    note("later" if outcome == runner.LATER else "worker")
    return outcome
runner._Worker.__call__ = worker_call
# Idle CPUs: with two, a one-process run's shape process imports Keras beside the work.
runner.idle_cpus = lambda since=None: cpus
result = runner.run_paths([tree], Settings(no_cache=True), jobs=jobs)
print(json.dumps(sorted([d.path.rsplit("/", 1)[-1], d.code, d.message] for f in result.files for d in f.diagnostics)))
"""


def _run(tree: Path, jobs: int, log: Path, idle_cpus: int = 1) -> tuple[list[object], dict[str, set[int]]]:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(tree), str(log), str(jobs), str(idle_cpus)],
                         capture_output=True, text=True, check=True).stdout
    pids: dict[str, set[int]] = {"keras": set(), "worker": set(), "later": set()}
    for line in log.read_text().splitlines():
        kind, pid = json.loads(line)
        pids[kind].add(pid)
    return json.loads(out), pids


@pytest.mark.slow
def test_workers_ask_one_shape_process(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(4):
        (tree / f"m{n}.py").write_text(textwrap.dedent(_MODEL.format(n=8 + n)), encoding="utf-8")
    parallel, pids = _run(tree, 2, tmp_path / "two.log")
    serial, _ = _run(tree, 1, tmp_path / "one.log")
    assert parallel == serial and len(serial) == 4 and {code for _, code, _ in serial} == {"NL003"}
    assert len(pids["keras"]) == 1 and not pids["keras"] & pids["worker"]


@pytest.mark.slow
def test_one_process_run_has_keras_imported_ahead_and_finds_the_same(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(10):
        (tree / f"m{n}.py").write_text(textwrap.dedent(_MODEL.format(n=8 + n)), encoding="utf-8")
    ahead, beside = _run(tree, 1, tmp_path / "ahead.log", idle_cpus=2)
    alone, inside = _run(tree, 1, tmp_path / "alone.log")
    assert ahead == alone and len(ahead) == 9  # m8: 16 channels fit the mask
    # Imported beside the work: in the shape process, while the run gave back the files that needed it.
    assert beside["keras"] and not beside["keras"] & beside["worker"] and beside["later"]
    assert inside["keras"] == inside["worker"] and not inside["later"]


_DENSE = """
import keras
from keras import layers
inputs = keras.Input(shape=(32,))
x = layers.Dense({n})(inputs)
x = layers.Dropout(0.5, noise_shape=(None, 7))(x)
"""


@pytest.mark.slow
def test_a_tree_the_formulas_answer_never_imports_keras(tmp_path: Path) -> None:
    """The shape process of a one-process run imports Keras only when a file needs it: a
    tree of Dense layers (written formulas) is read without TensorFlow anywhere."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(10):
        (tree / f"m{n}.py").write_text(textwrap.dedent(_DENSE.format(n=8 + n)), encoding="utf-8")
    found, kinds = _run(tree, 1, tmp_path / "ahead.log", idle_cpus=2)
    assert len(found) == 10  # (None, 7) against (None, 8..17): NL003 in each
    assert kinds["worker"] and not kinds["keras"] and not kinds["later"]


def test_a_parallel_run_leaves_no_socket_behind(tmp_path: Path) -> None:
    """The shape process's socket is made by the run and removed as it ends: the process
    itself is killed, and left its directory in the temporary directory every run."""
    tree, temp = tmp_path / "tree", tmp_path / "temp"
    tree.mkdir()
    temp.mkdir()
    for n in range(4):
        (tree / f"m{n}.py").write_text(textwrap.dedent(_DENSE.format(n=8 + n)), encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp)}
    run = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated", "--jobs", "2",
                          "--output-format", "concise", str(tree)], capture_output=True, text=True, env=env,
                         check=False)
    assert run.stdout.count(": NL003 ") == 4, run.stderr
    assert not list(temp.iterdir())
