"""What a whole command-line run imports, for the tests that hold start-up lean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def modules_after_run(*args: str, cwd: Path = ROOT) -> set[str]:
    """The modules loaded by `python -m noiselint ARGS...` in a fresh interpreter, run from the
    repository (or `cwd`) without PYTHONPATH, as a user runs it."""
    return set(value_after_run("sorted(sys.modules)", *args, cwd=cwd))


def value_after_run(expression: str, *args: str, cwd: Path = ROOT) -> Any:
    """`expression` (JSON-able, evaluated with `sys` imported) after `python -m noiselint ARGS...`
    in a fresh interpreter, as `modules_after_run` runs it."""
    script = ("import runpy, sys\n"
              f"sys.argv = ['noiselint', *{list(args)!r}]\n"
              "try:\n    runpy.run_module('noiselint', run_name='__main__')\nexcept SystemExit:\n    pass\n"
              # Read before json is imported here: a run without model code imports none.
              f"value = {expression}\nimport json\nsys.stderr.write('\\nMODULES ' + json.dumps(value))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300, check=True)
    return json.loads(done.stderr.rsplit("MODULES ", 1)[1])
