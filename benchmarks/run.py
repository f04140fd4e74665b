"""Benchmark noiselint against ruff on real source trees (not a test: numbers for humans).

Usage: python benchmarks/run.py [TREE ...]   (default: the installed keras and tensorflow packages,
and fixtures/). Each command runs in a fresh process, as a user runs it; every timing is the best of
`--repeat` runs. Prints a Markdown table with files/second and the ratio to ruff, then the
hostile-input table (tests/hostile_inputs.py): the time, the peak memory and the outcome of each
probe alone (`--hostile-only` prints just that table).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent if spec and spec.origin else None


def count_files(tree: Path) -> int:
    return sum(1 for p in tree.rglob("*") if p.suffix in (".py", ".pyi", ".ipynb") and p.is_file())


def timed(cmd: list[str], repeat: int, before=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        best = min(best, elapsed)
    return best


def _rate(seconds: float, files: int) -> str:
    return f"{seconds:.2f} s ({files / seconds:,.0f} files/s)"


def peak_run(cmd: list[str], timeout: float = 600) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MB) and stdout+stderr of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
    return elapsed, usage.ru_maxrss / 1024, text


def hostile_table() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_inputs import PROBES

    print("\n| probe | outcome | seconds | peak MB |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for probe in PROBES:
            path = Path(directory, probe.filename)
            path.write_bytes(probe.make())
            seconds, peak, text = peak_run([sys.executable, "-m", "noiselint", "--no-cache", "--isolated",
                                            "--output-format", "concise", str(path)])
            outcome = next((code for code in ("NL903", "NL902", "NL001") if f": {code} " in text),
                           "error" if "error:" in text else "clean")
            print(f"| {probe.name} | {outcome} | {seconds:.1f} | {peak:.0f} |", flush=True)
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hostile-only", action="store_true", help="print only the hostile-input table")
    args = parser.parse_args()
    if args.hostile_only:
        hostile_table()
        return
    trees = [Path(t) for t in args.trees] or [p for p in (package_dir("keras"), package_dir("tensorflow"),
                                                            ROOT / "fixtures") if p is not None]
    ruff = shutil.which("ruff")
    noiselint = [sys.executable, "-m", "noiselint", "--exit-zero", "--select", "ALL", "-q",
                 "--isolated", "--no-respect-gitignore"]
    print("| tree | files | noiselint cold --jobs 1 | cold --jobs 2 | warm (results cache) | --no-cache --no-shapes"
          " | ruff --select ALL --no-cache | cold/ruff | warm/ruff |")
    print("|---|---|---|---|---|---|---|---|---|")
    for tree in trees:
        files = count_files(tree)
        cache = Path(tempfile.mkdtemp(prefix="noiselint-bench-"))
        cached = [*noiselint, "--cache-dir", str(cache)]

        def clear(cache: Path = cache) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        cold1 = timed([*cached, "--jobs", "1", str(tree)], args.repeat, clear)
        cold2 = timed([*cached, "--jobs", "2", str(tree)], args.repeat, clear)
        subprocess.run([*cached, str(tree)], capture_output=True, check=False)
        warm = timed([*cached, str(tree)], args.repeat)
        plain = timed([*noiselint, "--no-cache", "--no-shapes", str(tree)], args.repeat)
        clear()
        ruff_time = timed([ruff, "check", "--select", "ALL", "--no-cache", "--exit-zero", "--quiet",
                           "--isolated", str(tree)], args.repeat) if ruff else float("nan")

        cells = " | ".join(_rate(t, files) for t in (cold1, cold2, warm, plain, ruff_time))
        print(f"| `{tree.name}` | {files} | {cells} | {cold1 / ruff_time:.1f}x | {warm / ruff_time:.1f}x |")
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    hostile_table()


if __name__ == "__main__":
    main()
