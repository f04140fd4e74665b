"""Benchmark noiselint against ruff on real source trees (not a test: numbers for humans).

Usage: python benchmarks/run.py [TREE ...] [--model FILE] [--repeat N] [--skip-slow]

Default trees: the installed keras and tensorflow packages, and fixtures/. For the speed goals,
give the keras-io `examples/` tree (a clone of keras-io; never committed here). Each command runs
in a fresh process, as a user runs it; every timing is the best of `--repeat` runs, and each
memory figure the peak resident size of the largest process. Prints a Markdown table with
files/second and the ratio to ruff, then each goal of issue #23 with its number and
"met"/"not met": for each tree, cold and warm against ruff, `--jobs`, and every file over
1 s of analysis having a reason line in `--verbose` (benchmarks/file_times.py times each file
from outside); one model file with an empty cache; the language server's re-check after an
edit (benchmarks/server_latency.py); and a generated project of 200 and 2,000 model files
(benchmarks/generate_models.py), cold, per file and in peak memory. `--skip-slow` leaves out
the last two (about a minute). Then the hostile-input table (tests/hostile_inputs.py): the
time, the peak memory and the outcome of each probe alone (`--hostile-only` prints just that
table).

noiselint runs from compiled bytecode, as an installed package does: run.py compiles it into
a private `PYTHONPYCACHEPREFIX` first, even when PYTHONDONTWRITEBYTECODE is set (which would
otherwise charge every run with compiling ~200 modules, about 0.1 s).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "fixtures" / "stackoverflow" / "cnn_hardcoded_batch.py"


@dataclass(frozen=True)
class Run:
    seconds: float  # the best wall time
    peak_mb: float  # the largest peak resident size of one process, over the runs
    cpu: float = float("nan")  # the least CPU time (user + system, the process and its children)
    # The second-best wall time over the best, less one: how far two runs of the very same
    # command drift apart here, below which two commands cannot be told apart.
    spread: float = 0.0


def package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent if spec and spec.origin else None


def count_files(tree: Path) -> int:
    return sum(1 for p in tree.rglob("*") if p.suffix in (".py", ".pyi", ".ipynb") and p.is_file())


def timed(cmd: list[str], repeat: int, before=None) -> Run:
    return timed_together([cmd], repeat, before)[0]


def timed_together(cmds: list[list[str]], repeat: int, before=None) -> list[Run]:
    """`timed` for commands to be compared with each other: run in turn, one of each per
    round, so that a change in the machine's load falls on all of them alike."""
    walls: list[list[float]] = [[] for _ in cmds]
    peak = [0.0] * len(cmds)
    cpu = [float("inf")] * len(cmds)
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            if before is not None:
                before()
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            # wait4 gives this child's own resource use: the peak of the largest of its processes.
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{proc.stderr.read().decode()[-2000:]}")
            proc.stderr.close()
            walls[i].append(elapsed)
            peak[i] = max(peak[i], usage.ru_maxrss / 1024)
            cpu[i] = min(cpu[i], usage.ru_utime + usage.ru_stime)
    return [Run(min(w), p, c, sorted(w)[1] / min(w) - 1 if len(w) > 1 else 0.0)
            for w, p, c in zip(walls, peak, cpu, strict=True)]


def _rate(run: Run, files: int) -> str:
    return f"{run.seconds:.2f} s ({files / run.seconds:,.0f} files/s, {run.peak_mb:.0f} MB)"


def _goal(text: str, value: float, limit: float, unit: str = "x", at_least: bool = False) -> str:
    met = value >= limit if at_least else value <= limit
    sign = "≥" if at_least else "≤"
    return f"- {text}: {value:.2f}{unit} (goal {sign} {limit:g}{unit}): {'met' if met else 'not met'}"


# The measured command runs as the child of a small process made for it. Linux gives a child
# the high-water mark of the memory it was forked from (kept across `exec`), so a child forked
# straight from a large process (pytest, after tests that load TensorFlow) reports that
# process's size as its own peak. The spawner is `python -S` with `os` alone: a few MB.
_SPAWNER = ("import os, sys\n"
            "pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)\n"
            "_, status, usage = os.wait4(pid, 0)\n"
            "with open(sys.argv[1], 'w') as out:\n"
            "    out.write(str(usage.ru_maxrss))\n"
            "sys.exit(os.waitstatus_to_exitcode(status))\n")


def peak_run(cmd: list[str], timeout: float = 600) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MB) and stdout+stderr of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "maxrss"
        proc = subprocess.Popen([sys.executable, "-S", "-c", _SPAWNER, str(report), *cmd], stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
        peak_kb = int(report.read_text()) if report.exists() else 0
    return elapsed, peak_kb / 1024, text


STAGES = ("discovered", "prefilter (text)", "candidate scan (ast)", "parsed", "dropout sites",
          "model interpreter", "may ask Keras/TF")


def stage_counts(tree: Path) -> dict[str, int]:
    """How many files of `tree` reach each stage of a cold lint (the engine's order: the
    text prefilter, CPython's candidate scan, the libcst parse, the site finder, and the
    shape stage, where only a file whose findings can read a shape may ask Keras or
    TensorFlow). In this process, never importing TensorFlow."""
    from noiselint.engine import reads_models, selected_rules
    from noiselint.files.discovery import discover
    from noiselint.files.notebook import read_notebook
    from noiselint.files.source import SourceFile, decode_source, read_bounded
    from noiselint.model import demand
    from noiselint.project import ModuleNames, project_index
    from noiselint.runner import filters_for
    from noiselint.settings import Settings
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import SyntaxProblem, parse_source
    from noiselint.syntax.precheck import precheck
    from noiselint.syntax.prefilter import candidates_in, might_matter

    settings = Settings(no_cache=True, respect_gitignore=False, project_root=str(tree))
    # Rules that read every file with model code (scope "model") send such files on even
    # without a dropout site, to the interpreter and to Keras (engine.py).
    models = reads_models(selected_rules(settings))
    counts = dict.fromkeys(STAGES, 0)
    index = project_index(settings)
    for path in discover([str(tree)], filters_for(settings)).files:
        counts["discovered"] += 1
        data = read_bounded(path)
        if not isinstance(data, bytes):
            continue
        read = read_notebook(str(path), data) if path.suffix == ".ipynb" else decode_source(str(path), data)
        text = read[0] if isinstance(read, tuple) else read.text if isinstance(read, SourceFile) else None
        if text is None or not might_matter(text, models):
            continue
        counts["prefilter (text)"] += 1
        project = ModuleNames(index, str(path), text)
        checked = precheck(text)
        # As a plain lint: a file whose sites are all plain `Dropout(rate)` calls stops here.
        candidates = checked.tree is None or candidates_in(checked.tree, project, False, text, models=models)
        if checked.too_complex is not None or not candidates:
            continue
        counts["candidate scan (ast)"] += 1
        parsed = parse_source(SourceFile(str(path), text), project, checked.tree)
        if isinstance(parsed, SyntaxProblem):
            continue
        counts["parsed"] += 1
        sites = find_sites(parsed)
        if not sites.calls and not models:
            continue
        counts["dropout sites"] += bool(sites.calls)
        asks = models or demand.shapes_may_matter(parsed, sites)
        counts["model interpreter"] += asks or demand.reaches_project(parsed)
        counts["may ask Keras/TF"] += asks
    return counts


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
            # A file checked in part gives both its finding and NL903 (syntax/reduce.py).
            codes = [code for code in ("NL001", "NL903", "NL902", "NL901", "NL900") if f": {code} " in text]
            outcome = " + ".join(codes) or ("error" if "error:" in text else "clean")
            print(f"| {probe.name} | {outcome} | {seconds:.1f} | {peak:.0f} |", flush=True)
            path.unlink()


def compiled_bytecode() -> None:
    """Run noiselint from compiled bytecode, as a `pip install` leaves it: compile the package
    into a private cache that every command below (and `compileall` here) shares."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir(), "noiselint-bench-pycache")))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "noiselint")], check=True)


SLOW_FILE_SECONDS = 1.0
_REASON = " s of analysis: "  # budget.FileClock.report's line, after the path


def slow_files_explained(entry: list[str], flags: list[str], tree: Path) -> tuple[list[tuple[str, float]], list[str]]:
    """The files of `tree` over 1 s of analysis (each timed by benchmarks/file_times.py, from
    outside the engine), and those of them that `--verbose` gave no reason line. The shape
    cache is filled by a first run, so no file is charged with importing TensorFlow."""
    with tempfile.TemporaryDirectory(prefix="noiselint-verbose-") as directory:
        cache, times = Path(directory, "cache"), Path(directory, "times.tsv")
        options = [*flags, "--cache-dir", str(cache), "--jobs", "1"]
        subprocess.run([sys.executable, *entry, *options, str(tree)], capture_output=True, check=False)
        shutil.rmtree(cache / "results", ignore_errors=True)  # --verbose reads no results anyway
        probe = [sys.executable, str(ROOT / "benchmarks" / "file_times.py"), str(times)]
        _, _, text = peak_run([*probe, *options, "--verbose", str(tree)], timeout=3600)
        seconds = [(name, float(took)) for name, took in
                   (line.split("\t") for line in times.read_text(encoding="utf-8").splitlines())]
    slow = sorted(((n, t) for n, t in seconds if t > SLOW_FILE_SECONDS), key=lambda item: -item[1])
    reasons = {line.split(": ", 2)[1] for line in text.splitlines()
               if line.startswith("noiselint: ") and _REASON in line}
    return slow, [name for name, _ in slow if name not in reasons]


def scale_goal(noiselint: list[str], repeat: int) -> list[str]:
    """Issue #23's scale goal: a generated project of 200 and of 2,000 model files, cold and
    `--jobs 1`: CPU seconds per file (wall too, on a shared machine the noisier) and peak memory."""
    from generate_models import write_project

    lines = []
    with tempfile.TemporaryDirectory(prefix="noiselint-scale-") as directory:
        per_file: dict[int, Run] = {}
        for files in (200, 2000):
            tree = Path(directory, str(files))
            write_project(tree, files)
            per_file[files] = timed([*noiselint, "--no-cache", "--jobs", "1", str(tree)], repeat)
            run = per_file[files]
            lines.append(f"- {files:,} model files, cold, --jobs 1: {run.seconds:.2f} s wall, {run.cpu:.2f} s CPU "
                         f"({1000 * run.cpu / files:.1f} ms CPU a file), {run.peak_mb:.0f} MB")
        small, large = per_file[200], per_file[2000]
        auto = timed([*noiselint, "--no-cache", str(Path(directory, "2000"))], 1)
    lines.append(_goal("CPU time per file at 2,000 over that at 200", (large.cpu / 2000) / (small.cpu / 200), 1.2))
    # The start-up (imports) is in both; what each further file costs is the slope.
    slope = (large.cpu - small.cpu) / 1800
    lines.append(f"- each file past the 200th: {1000 * slope:.1f} ms CPU; start-up (the line through both, "
                 f"at 0 files): {small.cpu - 200 * slope:.2f} s CPU")
    lines.append(_goal("peak memory at 2,000 files, --jobs 1", large.peak_mb, 300, unit=" MB"))
    lines.append(_goal(f"peak memory at 2,000 files, --jobs auto ({auto.seconds:.1f} s)", auto.peak_mb, 300,
                       unit=" MB"))
    return lines


def server_goal() -> list[str]:
    """The language server's re-check after an edit on the 300-line model file (default
    rules: the model-scope NL1xx/NL2xx ones are on), by benchmarks/server_latency.py."""
    import statistics

    from server_latency import TARGET_MS, measure

    shape_free, with_shapes, cpu = measure(300, 20)
    cpu_note = f", server CPU {statistics.median(cpu):.0f} ms" if cpu else ""
    return [_goal(f"language server, re-check after an edit, 300-line model file, median publish with shapes "
                  f"(shape-free publish {statistics.median(shape_free):.0f} ms{cpu_note})",
                  statistics.median(with_shapes), TARGET_MS, unit=" ms")]


def _ruff_in_venv() -> str | None:
    """ruff installed as a package whose `bin` is not on PATH (a venv not activated)."""
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        return None
    return find_ruff_bin()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hostile-only", action="store_true", help="print only the hostile-input table")
    parser.add_argument("--model", default=str(DEFAULT_MODEL), help="one model file for the single-file goal")
    parser.add_argument("--model-scope", action="store_true",
                        help="run with a rule of scope \"model\" registered (benchmarks/model_scope.py): every file "
                             "with model code is interpreted, as the NL1xx/NL2xx rules will make it")
    parser.add_argument("--skip-slow", action="store_true",
                        help="leave out the language server's latency and the 2,000-file scale goal")
    args = parser.parse_args()
    if args.hostile_only:
        hostile_table()
        return
    trees = [Path(t) for t in args.trees] or [p for p in (package_dir("keras"), package_dir("tensorflow"),
                                                            ROOT / "fixtures") if p is not None]
    ruff = shutil.which("ruff") or _ruff_in_venv()
    entry = [str(ROOT / "benchmarks" / "model_scope.py")] if args.model_scope else ["-m", "noiselint"]
    flags = ["--exit-zero", "--select", "ALL", "-q", "--isolated", "--no-respect-gitignore"]
    noiselint = [sys.executable, *entry, *flags]
    compiled_bytecode()
    goals: list[str] = []
    peaks: list[tuple[Path, float]] = []
    stages: list[tuple[Path, dict[str, int]]] = []
    print("| tree | files | noiselint cold --jobs 1 | cold --jobs 2 | cold --jobs auto | warm (results cache)"
          " | --no-cache --no-shapes | ruff --select ALL --no-cache | ruff warm | cold/ruff | warm/ruff warm |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for tree in trees:
        files = count_files(tree)
        cache = Path(tempfile.mkdtemp(prefix="noiselint-bench-"))
        cached = [*noiselint, "--cache-dir", str(cache)]

        def clear(cache: Path = cache) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        cold1, cold2, cold_auto = timed_together(
            [[*cached, "--jobs", "1", str(tree)], [*cached, "--jobs", "2", str(tree)], [*cached, str(tree)]],
            args.repeat, clear)
        subprocess.run([*cached, str(tree)], capture_output=True, check=False)
        warm = timed([*cached, str(tree)], args.repeat)
        plain = timed([*noiselint, "--no-cache", "--no-shapes", str(tree)], args.repeat)
        clear()
        ruff_check = [ruff, "check", "--select", "ALL", "--exit-zero", "--quiet", "--isolated", str(tree)]
        ruff_run = timed([*ruff_check, "--no-cache"], args.repeat) if ruff else Run(float("nan"), 0.0)
        ruff_cache = [*ruff_check, "--cache-dir", str(cache / "ruff")]
        if ruff:
            subprocess.run(ruff_cache, capture_output=True, check=False)
        ruff_warm = timed(ruff_cache, args.repeat) if ruff else Run(float("nan"), 0.0)
        clear()

        cells = " | ".join(_rate(r, files) for r in (cold1, cold2, cold_auto, warm, plain, ruff_run, ruff_warm))
        best = min(cold1.seconds, cold2.seconds)
        print(f"| `{tree.name}` | {files} | {cells} | {best / ruff_run.seconds:.1f}x "
              f"| {warm.seconds / ruff_warm.seconds:.1f}x |")
        # The goals of issue #23, each as it prints them.
        goals += [f"`{tree}`:",
                  _goal("cold (the better of --jobs 1 and 2), shapes on, vs ruff --select ALL --no-cache",
                        best / ruff_run.seconds, 5),
                  _goal("warm (unchanged files) vs ruff warm", warm.seconds / ruff_warm.seconds, 1),
                  _goal("the same in CPU time (ruff spreads it over the cores; less disturbed by load)",
                        warm.cpu / ruff_warm.cpu, 1),
                  _goal("--jobs 2 speed-up over --jobs 1, cold", cold1.seconds / cold2.seconds, 1.6, at_least=True),
                  # Auto runs what one of the two runs: a difference within the drift of one
                  # command's own repeats is no difference.
                  _goal(f"--jobs auto over the better of --jobs 1 and 2, cold (within the runs' own drift, "
                        f"{100 * max(cold1.spread, cold2.spread, cold_auto.spread):.1f}%)", cold_auto.seconds / best,
                        1 + max(cold1.spread, cold2.spread, cold_auto.spread)),
                  _goal("no real tree slower than 10x ruff, cold", best / ruff_run.seconds, 10),
                  f"- cold --no-shapes vs ruff: {plain.seconds / ruff_run.seconds:.2f}x",
                  f"- CPU seconds: cold --jobs 1 {cold1.cpu:.2f}, warm {warm.cpu:.2f}, ruff cold {ruff_run.cpu:.2f}, "
                  f"ruff warm {ruff_warm.cpu:.2f}"]
        # Every file over 1 s of analysis has a reason line in --verbose (benchmarks/file_times.py:
        # the plain rules, without --model-scope's probe).
        slow, unexplained = slow_files_explained(["-m", "noiselint"], flags, tree)
        shown = ", ".join(f"{Path(name).name} {took:.1f} s" for name, took in slow[:5])
        goals.append(f"- files over {SLOW_FILE_SECONDS:g} s of analysis: {len(slow)}{f' ({shown})' if slow else ''}; "
                     f"without a reason in --verbose: {len(unexplained)}"
                     f"{' (' + ', '.join(unexplained[:5]) + ')' if unexplained else ''}: "
                     f"{'met' if not unexplained else 'not met'}")
        peaks.append((tree, max(cold1.peak_mb, cold2.peak_mb)))
        stages.append((tree, stage_counts(tree)))

    model = Path(args.model)
    libcst = timed([sys.executable, "-c", "import libcst"], args.repeat)
    single = timed([*noiselint, "--no-cache", str(model)], args.repeat)
    tensorflow = timed([sys.executable, "-c", "import tensorflow"], 1)
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end of the tree runs\n\nGoals:")
    for line in goals:
        print(line)
    print(f"`{model.name}`, shapes not cached:")
    print(_goal("vs python -c 'import libcst'", single.seconds / libcst.seconds, 3))
    print(_goal("peak memory", single.peak_mb, 100, unit=" MB"))
    print(_goal("CPU time vs python -c 'import libcst' (CPU)", single.cpu / libcst.cpu, 3))
    if args.skip_slow:
        print("- the language server's re-check after an edit (≤ 150 ms median): not measured (--skip-slow)")
        print("- 2,000 generated model files, time per file flat from 200 on, ≤ 300 MB: not measured (--skip-slow)")
    else:
        print("Generated projects (benchmarks/generate_models.py):")
        for line in scale_goal(noiselint, args.repeat):
            print(line, flush=True)
        for line in server_goal():
            print(line, flush=True)
    for tree, peak in peaks:
        print(_goal(f"`{tree.name}` peak memory ({peak:.0f} MB) vs one `import tensorflow` "
                    f"({tensorflow.peak_mb:.0f} MB)", peak / tensorflow.peak_mb, 1.2))
    print("\nFiles reaching each stage (cold):")
    for tree, counts in stages:
        print(f"- `{tree.name}`: " + " → ".join(f"{stage} {counts[stage]}" for stage in STAGES))
    hostile_table()


if __name__ == "__main__":
    main()
