"""Mutation testing of one core package with mutmut (issue 26): how many planted bugs the
fast tests that cover the package catch. Not a test, and not in CI: a package takes from
minutes to hours on 2 cores.

Usage: python benchmarks/mutation.py PACKAGE [PACKAGE ...] --tests TEST_FILE ... [--keep DIR] [--max-children N]

On a shared machine, run it under `nice -n 19` with `--max-children 1` or 2.

PACKAGE is a module glob under noiselint/ as mutmut names them (`noiselint.suppress*`,
`noiselint.fixes.*`). The run happens in a scratch copy of the checkout, whose
`[tool.mutmut]` (pyproject.toml) is given the package and the test files, so the checkout
itself is never touched. Prints killed / survived / other and the survivors' names; record
the result in benchmarks/mutation-results.md, each survivor killed by a new test or listed
with the reason it is equivalent.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("noiselint", "tests", "rules", "fixtures", "docs", "benchmarks", "README.md", "pyproject.toml",
        ".pre-commit-hooks.yaml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", nargs="+", help="one or more module globs, mutated together")
    parser.add_argument("--tests", nargs="+", required=True, help="the test files that cover the package")
    parser.add_argument("--keep", type=Path, help="run in this directory and keep it (`mutmut show NAME` there)")
    parser.add_argument("-k", dest="keyword", help="pytest's -k: e.g. leave out tests that run noiselint in a "
                        "subprocess from another directory, where mutmut's stats run cannot work")
    parser.add_argument("--max-children", type=int, default=2, help="parallel test runs (default 2)")
    parser.add_argument("--recheck", action="store_true",
                        help="in the --keep directory of an earlier run of the same package, run only its "
                        "survivors again, against the checkout's tests as they are now (and the --tests given now); "
                        "the code under test must not have changed since that run")
    args = parser.parse_args(argv)
    if args.recheck:
        if args.keep is None or not (args.keep / "mutants").is_dir():
            parser.error("--recheck needs the --keep directory of an earlier run")
        _recheck(args.keep)
    with tempfile.TemporaryDirectory(prefix="noiselint-mutation-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for name in COPY if not args.recheck else ():
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "mutants"))
            elif source.exists():
                shutil.copy2(source, work / name)
        config = (work / "pyproject.toml").read_text(encoding="utf-8") if not args.recheck else ""
        selection = json.dumps([*args.tests, "-m", "not slow", *(["-k", args.keyword] if args.keyword else [])])
        config = re.sub(r"(?m)^\[tool\.mutmut\]\n", "[tool.mutmut]\n"
                        f"only_mutate = {json.dumps([p.replace('.', '/').rstrip('*') + '*' for p in args.package])}\n"
                        f"pytest_add_cli_args_test_selection = {selection}\n"
                        # mutmut's default (15 x the tests' time) spends minutes on each mutant
                        # that loops forever; 5 x still allows for a loaded machine.
                        "timeout_multiplier = 5.0\n", config)
        if not args.recheck:
            (work / "pyproject.toml").write_text(config, encoding="utf-8")
        else:  # the tests given now (more files may cover the survivors)
            kept = (work / "pyproject.toml").read_text(encoding="utf-8")
            kept = re.sub(r"(?m)^pytest_add_cli_args_test_selection = .*$",
                          lambda _: f"pytest_add_cli_args_test_selection = {selection}", kept)
            (work / "pyproject.toml").write_text(kept, encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)],
                             cwd=work, capture_output=True, text=True)
        results = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=work,
                                 capture_output=True, text=True)
        counts: dict[str, int] = {}
        survivors = []
        for line in results.stdout.splitlines():
            name, _, status = line.strip().rpartition(": ")
            if not name:
                continue
            counts[status] = counts.get(status, 0) + 1
            if status == "survived":
                survivors.append(name)
        # A mutant that makes the tests hang (timeout) is caught too: the run fails.
        killed, total = counts.get("killed", 0) + counts.get("timeout", 0), sum(counts.values())
        share = 100 * killed / max(total, 1)
        print(f"{' '.join(args.package)}: {killed} of {total} mutants killed or timed out ({share:.0f}%); {counts}")
        for name in survivors:
            print(f"  survived: {name}")
        if run.returncode != 0 and (not total or counts.get("not checked") == total):
            print(run.stdout[-3000:], run.stderr[-3000:], file=sys.stderr)
            return 1
    return 0


def _recheck(work: Path) -> None:
    """Bring the checkout's tests into an earlier run's directory, and mark its survivors
    (exit code 0) unchecked, so that `mutmut run` tries only them, with fresh stats (which
    test covers which function)."""
    for target in (work / "tests", work / "mutants" / "tests"):
        shutil.copytree(ROOT / "tests", target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    for meta in (work / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        codes = data["exit_code_by_key"]
        data["exit_code_by_key"] = {key: None if code == 0 else code for key, code in codes.items()}
        meta.write_text(json.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
