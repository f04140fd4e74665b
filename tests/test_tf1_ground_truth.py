"""Ground truth for the TF 1 fixtures (fixtures/tf1/): each runs as TF 1 code runs (graph
mode, the real `tf.layers` from tf-keras, a Session, a batch of 7; tests/tf1_runner.py,
in one separate process) to show that its `# expect:` markers say what TensorFlow does:

- NL003 <=> the session run fails;
- NL002 => one dropout mask served every sample, the output changed shape, or (a mask
  with a run-time size meeting another axis) the run fails;
- a file with no marker, and every `.fixed.py`, runs with a mask per sample.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_fixtures import read_markers

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TF1 = ROOT / "fixtures" / "tf1"
FILES = sorted(TF1.glob("*.py"))


@pytest.fixture(scope="module")
def observed() -> dict[str, dict[str, object]]:
    env = {**os.environ, "TF_USE_LEGACY_KERAS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "tf1_runner.py"), *map(str, FILES)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {Path(r["path"]).name: r for r in rows}


def test_every_tf1_fixture_ran(observed: dict[str, dict[str, object]]) -> None:
    assert sorted(observed) == sorted(p.name for p in FILES) and len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_runtime_matches_markers(path: Path, observed: dict[str, dict[str, object]]) -> None:
    fixed = path.name.endswith(".fixed.py")  # keeps its markers; must run clean
    codes = set() if fixed else {code for _, code in read_markers(path.read_text(encoding="utf-8"))}
    obs = observed[path.name]
    evidence = [*obs["shared"], *obs["grown"]]  # type: ignore[misc]
    assert not obs["undecided"], obs
    if "NL003" in codes:
        assert obs["error"], f"NL003 marked but the run works: {obs}"
    elif "NL002" in codes:
        assert obs["error"] or evidence, f"NL002 marked but every mask is per sample: {obs}"
    else:
        assert not obs["error"] and not evidence, f"no marker, but: {obs}"
