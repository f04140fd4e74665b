"""Ground truth for the data rules (NL201-NL206): every fixture in fixtures/data raises, under
TensorFlow and Keras 3, from the line its `# expect:` marker is on, and its `.corrected.py`
twin (the author's edit, not a noiselint fix: these rules offer none) runs. Each group of
files runs in a subprocess (tests/data_ground_truth_runner.py): the TF 1 fixture switches
eager execution off for the whole process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.test_ground_truth import marked_codes

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "fixtures" / "data"
RUNNER = Path(__file__).resolve().parent / "data_ground_truth_runner.py"


def _buggy() -> list[Path]:
    return sorted(p for p in DATA.glob("*.py") if not p.name.endswith(".corrected.py"))


def _twin(path: Path) -> Path:
    return path.with_name(path.name[:-3] + ".corrected.py")


@cache
def _observed() -> dict[str, dict[str, object]]:
    files = [str(p) for p in _buggy()] + [str(_twin(p)) for p in _buggy()]
    groups = [[f for f in files if "compat.v1" in Path(f).read_text()],
              [f for f in files if "compat.v1" not in Path(f).read_text()]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    found: dict[str, dict[str, object]] = {}
    for group in groups:
        if not group:
            continue
        out = subprocess.run([sys.executable, str(RUNNER), *group], capture_output=True, text=True, env=env,
                             cwd=ROOT, timeout=900, check=False).stdout
        for line in out.splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                found[record["path"]] = record
    return found


def _marked_lines(path: Path) -> set[int]:
    return {i for i, line in enumerate(path.read_text().splitlines(), 1) if "# expect: NL2" in line}


@pytest.mark.parametrize("path", _buggy(), ids=lambda p: p.name)
def test_fixture_raises_on_its_marked_line(path: Path) -> None:
    assert marked_codes(path), "a data fixture marks the line that raises"
    record = _observed()[str(path)]
    assert record["error"] is not None, "expected the fixture to raise"
    assert record["line"] in _marked_lines(path), record


@pytest.mark.parametrize("path", _buggy(), ids=lambda p: p.name)
def test_corrected_twin_runs(path: Path) -> None:
    twin = _twin(path)
    assert twin.is_file()
    record = _observed()[str(twin)]
    assert record["error"] is None, record
