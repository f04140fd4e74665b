"""The `noiselint` script ends without Python's teardown when nothing is due at exit
(console.end_now), and with it when something is: the workers' and logging's callbacks, a
thread that is not a daemon, output that cannot be written."""

from __future__ import annotations

import atexit
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from noiselint import console

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ended(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    codes: list[int] = []
    monkeypatch.setattr(os, "_exit", codes.append)
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)  # pytest's own callbacks left aside
    return codes


def test_nothing_due_ends_now_with_the_output_written(ended: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    written = io.TextIOWrapper(io.BytesIO(), write_through=False)
    written.write("found 1 error\n")
    monkeypatch.setattr(sys, "stdout", written)
    monkeypatch.setattr(sys, "stderr", out)
    console.end_now(1)
    assert ended == [1]
    assert written.buffer.getvalue() == b"found 1 error\n"  # flushed before the end


def test_a_callback_due_at_exit_keeps_python_s_end(ended: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1)
    console.end_now(0)
    assert ended == []


def test_a_thread_that_is_not_a_daemon_keeps_python_s_end(ended: list[int]) -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, daemon=False)
    worker.start()
    try:
        console.end_now(0)
    finally:
        stop.set()
        worker.join()
    assert ended == []


def test_output_that_cannot_be_written_keeps_python_s_end(ended: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(io.StringIO):
        def flush(self) -> None:
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", Broken())
    console.end_now(1)
    assert ended == []


def _script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The console script as pip writes it, run from its own interpreter.
    code = "import sys\nfrom noiselint.console import run\nsys.argv[0] = 'noiselint'\nsys.exit(run())\n"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300, check=False)


MODEL = "import keras\nfrom keras import layers\nm = keras.Sequential([layers.Dropout(0.5, noise_shape=(32, 1, 8))])\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_script_reports_and_exits_as_before(tmp_path: Path, jobs: str) -> None:
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(MODEL)
    done = _script("--isolated", "--no-cache", "--jobs", jobs, ".", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("NL001") == 3 and "Found 3 errors." in done.stdout
    clean = _script("--isolated", "--no-cache", "--jobs", jobs, "--select", "NL004", ".", cwd=tmp_path)
    assert (clean.returncode, clean.stdout.strip()) == (0, "All checks passed!")
