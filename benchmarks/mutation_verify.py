"""Run mutants of a `benchmarks/mutation.py --keep DIR` run against some tests, in one process:
the survivors (default) or the mutants the run did not reach (`--notrun`), or the names in a
file (`--names=FILE`). mutmut's trampolines read `MUTANT_UNDER_TEST` at call time, so one
process serves every mutant; code that runs at import (a rule's `Valid`/`Invalid` cases) is
not re-run, so mutants of it need a fresh process each. Each line of OUT: `killed(rc)`,
`SURVIVES` or `NOTESTS`, and the mutant's name. Not a test, not in CI.

Usage: python benchmarks/mutation_verify.py KEEP_DIR OUT REGEX [--notrun] [--names=FILE] -- PYTEST_ARGS...
Run it from anywhere; the tests are those in KEEP_DIR/mutants/tests (copy new ones there).
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import re
import signal
import sys


class _Alarm(Exception):
    pass


def _on_alarm(*_: object) -> None:
    raise _Alarm


def main(argv: list[str]) -> int:
    split = argv.index("--")
    keep, out, regex, *flags = argv[:split]
    pytest_args = argv[split + 1:]
    os.chdir(os.path.join(keep, "mutants"))
    sys.path.insert(0, os.getcwd())
    import pytest  # after the path: the mutated noiselint must win

    names_file = next((f.split("=", 1)[1] for f in flags if f.startswith("--names=")), None)
    wanted = None if "--notrun" in flags else 0  # mutmut's exit code: 0 survived, None not run
    if names_file is not None:
        with open(names_file, encoding="utf-8") as handle:
            names = handle.read().split()
    else:
        names = []
        for meta in sorted(glob.glob("**/*.meta", recursive=True)):
            with open(meta, encoding="utf-8") as handle:
                codes = json.load(handle).get("exit_code_by_key", {})
            names += [name for name, code in codes.items() if code == wanted and re.search(regex, name)]
    signal.signal(signal.SIGALRM, _on_alarm)
    with open(out, "a", encoding="utf-8") as log:
        for name in names:
            os.environ["MUTANT_UNDER_TEST"] = name
            signal.alarm(120)  # a mutant that loops counts as caught, as in mutmut
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    code = pytest.main(["-q", "-x", "-p", "no:cacheprovider", *pytest_args])
            except _Alarm:
                code = "timeout"
            finally:
                signal.alarm(0)
            status = "SURVIVES" if code == 0 else "NOTESTS" if code == 5 else f"killed({code})"
            log.write(f"{status} {name}\n")
            log.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
