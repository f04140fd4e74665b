"""Ground truth for the layer-call rules (NL101-NL107): each fixture under
`fixtures/layercalls/` is run under TensorFlow (noiselint itself never does this), each in
its own process (the TF 1 ones switch eager execution off for the whole process):

- a fixture raises, and the innermost line of the fixture in the traceback is the line its
  `# expect:` marker is on: the finding is where the program fails. A `tf.reshape` whose
  size depends on the batch (NL107, and NL105's rows that do not hold whole samples) is the
  exception: a TF 1 graph (or a Keras 3 model with `keras.ops.reshape`) builds, and the
  reshape fails when a batch of another size runs through it (`sess.run`, `predict`), so the
  error must name the reshape and its size;
- its correct twin (`correct/<name>.py`) and its `.fixed.py` (what `--fix` makes of it, for
  NL107) run to the end.

`tests/test_fixtures.py` shows that noiselint's findings are the markers, and that the
correct twins have none.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "layercalls"
_RUN = """
import json, runpy, sys, traceback
path = sys.argv[1]
try:
    runpy.run_path(path, run_name="__main__")
except BaseException as exc:
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    print(json.dumps({"error": f"{type(exc).__name__}: {str(exc)[:3000]}", "line": lines[-1] if lines else None}))
else:
    print(json.dumps({"error": None, "line": None}))
"""


def _buggy() -> list[Path]:
    return sorted(p for p in FOLDER.glob("*.py") if not p.name.endswith(".fixed.py"))


def _twins() -> list[Path]:
    return sorted([*FOLDER.glob("correct/*.py"), *FOLDER.glob("*.fixed.py")])


def _run(path: Path) -> dict:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow", "CUDA_VISIBLE_DEVICES": ""}
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run([sys.executable, "-c", _RUN, str(path)], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    last = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert last, f"{path.name}: the runner printed nothing\n{done.stderr[-2000:]}"
    return json.loads(last[-1])  # type: ignore[no-any-return]


def _statement_lines(path: Path) -> set[int]:
    """The marked lines and the first line of the statement each is in: Python reports an
    error raised inside `keras.Sequential([...])` at the statement's first line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for line in _marked_lines(path):
        spans = [(n.lineno, n.end_lineno or n.lineno) for n in ast.walk(tree) if isinstance(n, ast.stmt)
                 and n.lineno <= line <= (n.end_lineno or n.lineno)]
        found |= {line, *(min(spans, key=lambda s: s[1] - s[0])[:1] if spans else ())}
    return found


def _marked_lines(path: Path) -> set[int]:
    return {i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "# expect: NL1" in line}


@pytest.mark.parametrize("path", _buggy(), ids=lambda p: p.name)
def test_fixture_fails_on_its_marked_line(path: Path) -> None:
    assert _marked_lines(path), f"{path.name} marks no NL1xx code"
    result = _run(path)
    assert result["error"] is not None, f"{path.name} ran to the end"
    marked = [line for line in path.read_text(encoding="utf-8").splitlines() if "# expect: NL1" in line]
    text = path.read_text(encoding="utf-8")
    if any("tf.reshape" in line or "ops.reshape" in line for line in marked) and \
            ("sess.run" in text or ".predict(" in text):
        # Built, then failing when a batch runs: TensorFlow names its reshape (Keras 3's
        # `ops.reshape` runs it: "Exception encountered when calling Reshape.call()").
        assert "reshape" in result["error"].lower(), f"{path.name}: {result['error']}"
        said = r"Dimension size must be evenly divisible|Input to reshape is a tensor with|Cannot reshape a tensor with"
        assert re.search(said, result["error"]), f"{path.name}: {result['error']}"
        return
    assert result["line"] in _statement_lines(path), \
        f"{path.name} failed on line {result['line']}, not a marked line: {result['error']}"


@pytest.mark.parametrize("path", _twins(), ids=lambda p: p.name)
def test_correct_twin_runs(path: Path) -> None:
    result = _run(path)
    assert result["error"] is None, f"{path.name}: {result['error']}"


def test_every_fixture_has_a_twin() -> None:
    for path in _buggy():
        twins = [FOLDER / "correct" / path.name, path.with_name(path.stem + ".fixed.py")]
        assert any(t.exists() for t in twins), f"{path.name} has no correct twin"
