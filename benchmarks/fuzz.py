"""The long fuzz run (not part of the test suite): many more generated programs and mutated
fixtures than tests/test_fuzz.py, each also run through the real CLI in a fresh process so a
native crash or a hang shows up as what it is. Inputs that break a property are saved to
`--corpus` (default benchmarks/fuzz-corpus/), to become fixtures.

Usage: python benchmarks/fuzz.py [--examples N] [--seed S] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import check_properties, model_programs, mutated_fixtures, programs_with_dropouts  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from noiselint.runner import shape_inference  # noqa: E402
from noiselint.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks" / "fuzz-corpus")
    parser.add_argument("--cli-every", type=int, default=20, help="run every Nth input through the CLI too")
    args = parser.parse_args()
    infer = shape_inference(Settings(no_cache=True))
    failures: list[str] = []
    counter = {"n": 0}

    def one(text: str, kind: str) -> None:
        counter["n"] += 1
        try:
            check_properties(text, infer)
            if counter["n"] % args.cli_every == 0:
                _through_cli(text)
        except Exception:
            failures.append(text)
            args.corpus.mkdir(parents=True, exist_ok=True)
            name = args.corpus / f"{kind}-{args.seed}-{counter['n']}.py"
            name.write_text(text, encoding="utf-8")
            (name.with_suffix(".txt")).write_text(traceback.format_exc(), encoding="utf-8")
            print(f"FAILED: {name}", flush=True)

    quick = settings(max_examples=args.examples // 3, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))

    @seed(args.seed)
    @quick
    @given(programs_with_dropouts())
    def generated(text: str) -> None:
        one(text, "generated")

    @seed(args.seed)
    @quick
    @given(model_programs())
    def models(text: str) -> None:
        one(text, "model")

    @seed(args.seed)
    @quick
    @given(mutated_fixtures())
    def mutated(text: str) -> None:
        one(text, "mutated")

    start = time.monotonic()
    models()
    generated()
    mutated()
    print(f"{counter['n']} inputs in {time.monotonic() - start:.0f} s (seed {args.seed}); "
          f"{len(failures)} broke a property")
    sys.exit(1 if failures else 0)


def _through_cli(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "fuzz.py")
        path.write_text(text, encoding="utf-8")
        for extra in ([], ["--fix", "--unsafe-fixes"]):
            proc = subprocess.run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated", *extra, str(path)],
                                  capture_output=True, text=True, timeout=120)
            if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
                raise AssertionError(f"exit {proc.returncode}: {proc.stderr[-1000:]}")


if __name__ == "__main__":
    main()
