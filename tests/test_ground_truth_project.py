"""Ground truth for the multi-file fixtures (fixtures/projects/): the findings noiselint
makes through other modules of a project are what TensorFlow does when the project runs.

Each project's script runs in a subprocess with the project's directories on sys.path, as
`python model.py` (or an installed `src/` package) would import them; noiselint itself never
runs them. The checks, on a batch of 7 in training mode (keras-facts.md §0.1, §1.3):
- star_sibling/model.py, NL002: the rank-2 mask is shared by every sample of the batch
  (every sample's output is the same), and its fixed version draws one mask per sample;
- src_package/train.py, NL001 (batch size from `netlib.config`) and NL003 (channels from a
  custom layer in `netlib.blocks`): training raises, inference does not; the fixed version
  (NL001 fixed, NL003 has no fix) still raises, now on the channel axis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"

RUNNER = r"""
import json, os, runpy, sys
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
import numpy as np

keras.utils.set_random_seed(1234)
report = {}
for script in sys.argv[1:]:
    ns = runpy.run_path(script, run_name="fixture")
    row = {}
    if "x" in ns and "inp" in ns and script.endswith(("model.py", "model.fixed.py")):
        sub = keras.Model(ns["inp"], ns["x"])  # up to the site under test
        y = np.asarray(sub(np.ones((7, 5, 2048), "float32"), training=True))
        row["same_mask_for_every_sample"] = bool(all(np.array_equal(y[0], y[i]) for i in range(7)))
    model = ns["model"]
    shape = (7, *model.input_shape[1:])
    shape = tuple(5 if d is None else d for d in shape)
    x = np.ones(shape, "float32")
    try:
        model(x, training=True)
        row["train_error"] = None
    except Exception as exc:
        row["train_error"] = f"{type(exc).__name__}: {exc}"[:2000]
    model(x, training=False)  # inference never raises: dropout does not run
    report[os.path.basename(script)] = row
print("REPORT " + json.dumps(report))
"""


def run_project(project: Path, *scripts: str, extra_paths: tuple[str, ...] = ()) -> dict[str, dict]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(project), *(str(project / p) for p in extra_paths)]))
    proc = subprocess.run([sys.executable, "-c", RUNNER, *scripts], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(line for line in proc.stdout.splitlines() if line.startswith("REPORT "))
    return json.loads(line[len("REPORT "):])


def test_star_sibling_mask_is_shared_by_the_batch_and_the_fix_is_not() -> None:
    report = run_project(PROJECTS / "star_sibling", "model.py", "model.fixed.py")
    assert report["model.py"]["same_mask_for_every_sample"] is True
    assert report["model.fixed.py"]["same_mask_for_every_sample"] is False
    assert report["model.py"]["train_error"] is None  # NL002: no error, a silently different mask


def test_src_package_fails_in_training_through_its_package() -> None:
    report = run_project(PROJECTS / "src_package", "train.py", "train.fixed.py", extra_paths=("src",))
    original, fixed = report["train.py"]["train_error"], report["train.fixed.py"]["train_error"]
    # NL001: the mask keeps netlib.config's batch of 64 at the first site.
    assert original is not None and "[64,1,1,16], then [7,16,16,16]" in original, original
    # NL003 is left: a 24-channel mask on the 32 channels of netlib.blocks.Head's output.
    assert fixed is not None and "[7,1,1,24], then [7,4,4,32]" in fixed, fixed


_FIT = r"""
import os, runpy, sys
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except Exception as exc:
    print("ERROR " + f"{type(exc).__name__}: {exc}"[:2000])
else:
    print("ERROR none")
"""


def test_a_training_script_that_names_no_library_fails_at_its_fit() -> None:
    """train_script/train.py (NL201, found through model.py): `fit` refuses the flattened
    images; train_reshaped.py, the same data in the model's shape, trains."""
    project = PROJECTS / "train_script"
    said = {}
    for script in ("train.py", "train_reshaped.py"):
        proc = subprocess.run([sys.executable, "-c", _FIT, script], cwd=project, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(project)), timeout=600)
        said[script] = next(line for line in proc.stdout.splitlines() if line.startswith("ERROR "))
    # Keras's input check, on the first batch of 10 flattened images.
    assert said["train.py"].startswith("ERROR ValueError") and \
        "expected shape=(None, 28, 28, 1), found shape=(10, 784)" in said["train.py"], said
    assert said["train_reshaped.py"] == "ERROR none", said
