"""Run noiselint over real project trees and count what it finds, what it cannot see, and what breaks.

Usage: python benchmarks/realworld.py DIR [DIR ...] [--json] [--save FILE] [--findings] [--check-only]
       [--timeout SECONDS] [--repeat N]

For each tree it runs the installed CLI as a user would (`noiselint --output-format json
--no-cache --exit-zero .` inside the tree), then `noiselint shapes --no-cache` on every file
that mentions dropout, and prints per tree: files, files that reach the parse stage, findings by
code, layer calls whose shape stayed unknown (grouped by reason, e.g. "custom layer `X`"), dropout
layers whose mask could be drawn, crashes (tracebacks, exit codes other than 0/1 for the check and
0/2 for `shapes`, per-file errors, timeouts), and wall time. Then a summary table across trees.
The check (`--jobs` auto, what users run), `ruff check --select ALL --no-cache` and the floor
(the check of a two-line model file) run in turn `--repeat` times (check, ruff, floor, check, ruff,
floor, ...): the check's seconds are the median of its runs, and its ratio to ruff the median of
each check's time over the ruff run right after it, printed with the least and the largest of
those ratios (a small tree takes a few hundredths of a second in ruff, and this kind of
machine's speed drifts 2x between runs: one pair is not a measurement); the floor's ratio is
paired with the same ruff runs.
`--json` prints one JSON document instead (for machines); `--findings` also lists every finding.

Not a test: numbers for humans, to measure noiselint on code nobody here wrote. The trees are
read, never imported or executed (noiselint does not execute them either).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

SUFFIXES = (".py", ".pyi", ".ipynb")
# Directories never linted by default (a subset of noiselint's own list, for the fallback walk).
SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".venv", "venv", "__pycache__", "node_modules", "build",
             "dist", "site-packages", ".ipynb_checkpoints", ".noiselint_cache"}
# A file is worth a `noiselint shapes` run when its text mentions one of these.
SHAPE_WORDS = ("ropout", "noise_shape", "GaussianNoise", "_keras_shape")
SHAPES_BATCH = 40  # files per `noiselint shapes` process: one TensorFlow import per batch
_TRACEBACK = "Traceback (most recent call last)"
_UNKNOWN = re.compile(r"\bunknown: (.*)$")
_PARTLY = re.compile(r"partly known: ([^;]*)")
_ROW = re.compile(r"^\s+\S.*? \((?P<layer>[\w.]+)\)\s{2,}(?P<rest>.*)$")
# The `--jobs` the timed check runs with: none given, so auto, what users run. (run.py's 10x goal
# takes the better of --jobs 1 and 2; the tables here say which was timed.)
CHECK_JOBS = "auto"


@dataclass
class Crash:
    stage: str  # "check", "shapes", "file", "timeout"
    detail: str
    path: str = ""


@dataclass
class TreeResult:
    tree: str
    files: int = 0
    parsed: int | None = None  # files past noiselint's prefilter (None: could not tell)
    findings: list[dict[str, object]] = field(default_factory=list)
    by_code: dict[str, int] = field(default_factory=dict)
    shape_files: int = 0  # files given to `noiselint shapes`
    layer_rows: int = 0  # layer calls listed by `noiselint shapes`
    unknown_rows: int = 0  # ... whose output shape is unknown
    partly_rows: int = 0  # ... known only in part
    unknown_reasons: dict[str, int] = field(default_factory=dict)  # reason with names as `X`
    custom_layers: dict[str, int] = field(default_factory=dict)  # name -> count of "custom layer `name`"
    unknown_names: dict[str, int] = field(default_factory=dict)  # "reason: name" -> count, for every named reason
    dropout_rows: int = 0  # dropout-like layer calls found in models
    sites_drawn: int = 0  # dropout sites whose input shape and mask are both known
    no_model_files: int = 0
    crashes: list[Crash] = field(default_factory=list)
    check_seconds: float = 0.0  # the median of check_runs
    shapes_seconds: float = 0.0
    # `ruff check --select ALL --no-cache` on the same tree, the median of ruff_runs (None: no ruff)
    ruff_seconds: float | None = None
    # The same check of one two-line model file: Python's start and the imports every tree with
    # model code pays, which no tree's time can go below. The median of floor_runs.
    floor_seconds: float | None = None
    check_runs: list[float] = field(default_factory=list)  # wall seconds of each check, in the order run
    ruff_runs: list[float] = field(default_factory=list)  # ruff_runs[i] ran right after check_runs[i]
    floor_runs: list[float] = field(default_factory=list)  # floor_runs[i] ran right after ruff_runs[i]
    check_jobs: str = CHECK_JOBS

    @property
    def ruff_ratios(self) -> list[float]:
        """Each check's time over the ruff run right after it. A pair's two runs are seconds
        apart, so a drift of the machine's speed moves both; ratios of unpaired runs would not."""
        if not self.check_runs and self.ruff_seconds:  # a result made by hand, without runs
            return [self.check_seconds / self.ruff_seconds]
        # Not strict: a check whose ruff run timed out has no pair.
        return [check / ruff for check, ruff in zip(self.check_runs, self.ruff_runs, strict=False) if ruff > 0]

    @property
    def ruff_ratio(self) -> float | None:
        """The cold check's time over ruff's, the median of the pairs (issue #23: no real tree over 10x)."""
        ratios = self.ruff_ratios
        return statistics.median(ratios) if ratios else None

    @property
    def floor_ratio(self) -> float | None:
        """The floor's time over ruff's on this tree, the median of the pairs: measured beside the
        tree's own runs, as a floor taken once before every tree would not be."""
        if not self.floor_runs:  # a result made by hand, without runs
            return self.floor_seconds / self.ruff_seconds if self.floor_seconds and self.ruff_seconds else None
        ratios = [floor / ruff for floor, ruff in zip(self.floor_runs, self.ruff_runs, strict=False) if ruff > 0]
        return statistics.median(ratios) if ratios else None


def noiselint_command() -> list[str]:
    exe = shutil.which("noiselint")
    return [exe] if exe else [sys.executable, "-m", "noiselint"]


def from_bytecode() -> None:
    """Time noiselint as a `pip install` leaves it, from compiled bytecode: with
    PYTHONDONTWRITEBYTECODE set, every run compiled some 140 modules again (0.15 s). The
    bytecode goes to a private cache (as benchmarks/run.py does); the libraries' is written by
    the floor's first run, which is not timed."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir(), "noiselint-bench-pycache")))
    spec = importlib.util.find_spec("noiselint")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], capture_output=True, check=False)


def discover(tree: Path) -> list[Path]:
    """The files the CLI lints (noiselint's own discovery when importable, else a plain walk)."""
    try:
        from noiselint.files.discovery import Filters
        from noiselint.files.discovery import discover as nl_discover

        return sorted(nl_discover([str(tree)], Filters(root=tree)).files)
    except (ImportError, TypeError, AttributeError):
        found = []
        for folder, dirs, names in os.walk(tree):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
            found.extend(Path(folder, n) for n in names if n.endswith(SUFFIXES))
        return sorted(found)


def code_text(path: Path) -> str:
    """The Python source of a file; a notebook's code cells joined (magics and all)."""
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return text
    try:
        cells = json.loads(text).get("cells", [])
    except (json.JSONDecodeError, AttributeError):
        return ""
    return "\n".join("".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                     for c in cells if isinstance(c, dict) and c.get("cell_type") == "code")


def reaches_parse(text: str) -> bool | None:
    """Whether noiselint's prefilter passes the file on to the analysis with the default
    rules, which read every file with model code (None: cannot tell)."""
    try:
        from noiselint.syntax.prefilter import candidates_in, might_matter
    except ImportError:
        return None
    try:
        if not might_matter(text, models=True):
            return False
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return True  # the syntax error is reported
        return candidates_in(tree, None, True, text, models=True)
    except Exception:  # a prefilter bug must not stop the survey
        return None


def holds_model_code(text: str) -> bool:
    """A file `noiselint shapes` has something to show for: a dropout word, or model code."""
    if any(w in text for w in SHAPE_WORDS):
        return True
    try:
        from noiselint.apis.model_code import may_hold_model_code
    except ImportError:
        return False
    return may_hold_model_code(text)


def run(cmd: Sequence[str], cwd: Path, timeout: float) -> tuple[int | None, str, str, float]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
                              env={**os.environ, "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"})
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return None, out, "", time.perf_counter() - start
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start


def file_errors(stderr: str) -> list[str]:
    """Per-file error lines (`noiselint: error: PATH ...`), not warnings."""
    return [line for line in stderr.splitlines() if line.startswith("noiselint: error:")]


def traceback_tail(stderr: str) -> str:
    lines = stderr[stderr.index(_TRACEBACK):].strip().splitlines()
    return " | ".join(lines[-3:])


def check_command() -> list[str]:
    return [*noiselint_command(), "--output-format", "json", "--no-cache", "--exit-zero", "."]


def check_tree(tree: Path, result: TreeResult, timeout: float) -> bool:
    """The check as a user runs it, timed: its findings and crashes are the tree's. False when
    it did not finish."""
    code, out, err, seconds = run(check_command(), tree, timeout)
    result.check_runs.append(seconds)
    result.check_seconds = statistics.median(result.check_runs)
    if code is None:
        result.crashes.append(Crash("timeout", f"check did not finish in {timeout:.0f} s"))
        return False
    if _TRACEBACK in err:
        result.crashes.append(Crash("check", traceback_tail(err)))
    errors = file_errors(err)
    # Exit 2 with per-file errors is the documented outcome for unreadable files, not a crash.
    if code not in (0, 1) and not (code == 2 and errors):
        result.crashes.append(Crash("check", f"exit code {code}: {err.strip()[-300:]}"))
    result.crashes.extend(Crash("file", line, line.split()[2] if len(line.split()) > 2 else "") for line in errors)
    try:
        findings = json.loads(out) if out.strip() else []
    except json.JSONDecodeError as exc:
        result.crashes.append(Crash("check", f"output is not JSON: {exc}"))
        return
    result.findings = [{"code": f["code"], "filename": f["filename"], "row": f["location"]["row"],
                        "column": f["location"]["column"], "cell": f.get("cell"), "message": f["message"]}
                       for f in findings]
    result.by_code = dict(sorted(Counter(f["code"] for f in result.findings).items()))
    return True


def recheck_tree(tree: Path, result: TreeResult, timeout: float) -> bool:
    """The same check again, for its time only (its findings are the first run's). False when
    it did not finish."""
    code, _, _, seconds = run(check_command(), tree, timeout)
    if code is None:
        result.crashes.append(Crash("timeout", f"a repeated check did not finish in {timeout:.0f} s"))
        return False
    result.check_runs.append(seconds)
    result.check_seconds = statistics.median(result.check_runs)
    return True


def split_sections(stdout: str, names: Sequence[str]) -> dict[str, list[str]]:
    """`noiselint shapes` output, one list of lines per file (each section starts with its path)."""
    wanted = set(names)
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in stdout.splitlines():
        if line in wanted and line not in sections:
            current = sections[line] = []
        elif current is not None:
            current.append(line)
    return sections


def reason_key(reason: str) -> str:
    return re.sub(r"`[^`]*`", "`X`", reason.strip())


def count_shapes(lines: Sequence[str], result: TreeResult) -> None:
    if any(line.strip() == "no models found" for line in lines):
        result.no_model_files += 1
    for line in lines:
        if "◆ dropout site" in line:
            result.sites_drawn += 1
            continue
        row = _ROW.match(line)
        if row is None or line.lstrip().startswith(("Layer (type)", "note:")):
            continue
        result.layer_rows += 1
        layer, rest = row["layer"], row["rest"]
        if "Dropout" in layer or layer in ("GaussianNoise", "dropout"):
            result.dropout_rows += 1
        unknown = _UNKNOWN.search(rest)
        partly = _PARTLY.search(rest)
        reason = unknown.group(1) if unknown else partly.group(1) if partly else None
        if unknown:
            result.unknown_rows += 1
        elif partly:
            result.partly_rows += 1
        if reason is None:
            continue
        key = reason_key(reason)
        result.unknown_reasons[key] = result.unknown_reasons.get(key, 0) + 1
        custom = re.match(r"custom layer `([^`]*)`", reason.strip())
        if custom:
            result.custom_layers[custom.group(1)] = result.custom_layers.get(custom.group(1), 0) + 1
        named = re.search(r"`([^`]*)`", reason)
        if named:
            name = f"{key}: {named.group(1)}"
            result.unknown_names[name] = result.unknown_names.get(name, 0) + 1


def shapes_tree(tree: Path, files: Sequence[Path], result: TreeResult, timeout: float) -> None:
    names = [str(p.relative_to(tree)) for p in files if holds_model_code(code_text(p))]
    result.shape_files = len(names)
    start = time.perf_counter()
    for i in range(0, len(names), SHAPES_BATCH):
        _shapes_batch(tree, names[i:i + SHAPES_BATCH], result, timeout)
    result.shapes_seconds = time.perf_counter() - start


def _shapes_batch(tree: Path, names: Sequence[str], result: TreeResult, timeout: float) -> None:
    code, out, err, _ = run([*noiselint_command(), "shapes", "--no-cache", *names], tree, timeout)
    crashed = code is None or code not in (0, 2) or _TRACEBACK in err
    if crashed and len(names) > 1:
        # One file broke the batch: run each alone to find it and keep the others' counts.
        for name in names:
            _shapes_batch(tree, [name], result, timeout)
        return
    if code is None:
        result.crashes.append(Crash("timeout", f"shapes did not finish in {timeout:.0f} s", names[0]))
    elif crashed:
        detail = traceback_tail(err) if _TRACEBACK in err else f"exit code {code}: {err.strip()[-300:]}"
        result.crashes.append(Crash("shapes", detail, names[0]))
    for line in file_errors(err):
        if "does not parse" not in line:  # a syntax error is the file's fault, and the check reports it
            result.crashes.append(Crash("shapes", line, line.split()[2] if len(line.split()) > 2 else ""))
    for lines in split_sections(out, names).values():
        count_shapes(lines, result)


RUFF_GOAL = 10.0  # issue #23: no real tree slower than 10x ruff, cold


def ruff_command() -> list[str] | None:
    exe = shutil.which("ruff")
    if exe is None:
        try:
            from ruff.__main__ import find_ruff_bin
        except ImportError:
            return None
        exe = find_ruff_bin()
    return [exe, "check", "--select", "ALL", "--no-cache", "--exit-zero", "--quiet", "--isolated", "."]


def ruff_tree(tree: Path, result: TreeResult, timeout: float) -> bool:
    """ruff on the tree, right after a check. False when ruff is there and did not finish
    (the pairs would slip by one if the rounds went on)."""
    cmd = ruff_command()
    if cmd is None:
        return True
    code, _, _, seconds = run(cmd, tree, timeout)
    if code is None:
        return False
    result.ruff_runs.append(seconds)
    result.ruff_seconds = statistics.median(result.ruff_runs)
    return True


def floor_tree(floor: Path | None, result: TreeResult, timeout: float) -> bool:
    """The floor's check, right after a ruff run, to set against it. False when it did not finish."""
    if floor is None or ruff_command() is None:
        return True
    code, _, _, seconds = run(check_command(), floor, timeout)
    if code is None:
        return False
    result.floor_runs.append(seconds)
    result.floor_seconds = statistics.median(result.floor_runs)
    return True


def time_tree(tree: Path, result: TreeResult, timeout: float, repeat: int, floor: Path | None = None) -> None:
    """`repeat` rounds of the check, ruff, then the floor (a folder made by `floor_folder`, if
    given); the first check's output is the tree's findings. A run that does not finish ends the
    rounds, so that the i-th runs of the three stay the same round's."""
    finished = check_tree(tree, result, timeout)
    paired = ruff_tree(tree, result, timeout) and floor_tree(floor, result, timeout)
    for _ in range(repeat - 1):
        if not (finished and paired):
            return
        finished = recheck_tree(tree, result, timeout)
        paired = finished and ruff_tree(tree, result, timeout) and floor_tree(floor, result, timeout)


def _ratio(r: TreeResult) -> str:
    ratio = r.ruff_ratio
    if ratio is None:
        return "no ruff"
    ratios = r.ruff_ratios
    spread = f"; median of {len(ratios)} pairs, {min(ratios):.1f}-{max(ratios):.1f}x" if len(ratios) > 1 else ""
    verdict = f"{ratio:.1f}x ruff ({'met' if ratio <= RUFF_GOAL else 'not met'}: goal ≤ {RUFF_GOAL:g}x{spread})"
    floor = r.floor_ratio
    if floor is not None and floor > RUFF_GOAL:
        verdict += f"; the start-up floor alone is {floor:.1f}x"
    return verdict


_FLOOR_FILE = "import keras\nkeras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"


@contextlib.contextmanager
def floor_folder(timeout: float) -> Iterator[Path]:
    """A folder holding one two-line model file, whose check is the time every run pays before
    it reads a tree (Python, libcst and the model interpreter imported). Checked once first, not
    timed: that run writes the libraries' bytecode."""
    with tempfile.TemporaryDirectory(prefix="noiselint-floor-") as folder:
        Path(folder, "model.py").write_text(_FLOOR_FILE, encoding="utf-8")
        run(check_command(), Path(folder), timeout)
        yield Path(folder)


def survey(tree: Path, timeout: float, shapes: bool = True, repeat: int = 1, floor: Path | None = None) -> TreeResult:
    tree = tree.resolve()
    files = discover(tree)
    result = TreeResult(tree=tree.name, files=len(files))
    passes = [reaches_parse(code_text(p)) for p in files]
    result.parsed = None if None in passes else sum(bool(p) for p in passes)
    time_tree(tree, result, timeout, repeat, floor)
    if shapes:
        shapes_tree(tree, files, result, timeout)
    return result


def _top(counts: dict[str, int], n: int = 6) -> str:
    return ", ".join(f"{k} ×{v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]) or "-"


def _where(finding: dict[str, object]) -> str:
    cell = "" if finding["cell"] is None else f"cell {finding['cell']}:"
    return f"{finding['filename']}:{cell}{finding['row']}:{finding['column']}"


def _runs(r: TreeResult) -> str:
    runs = r.check_runs
    return f"median of {len(runs)}, {min(runs):.2f}-{max(runs):.2f} s, " if len(runs) > 1 else ""


def render_tree(r: TreeResult, findings: bool) -> list[str]:
    out = [f"## {r.tree}",
           f"files {r.files}, reaching the parse stage {'?' if r.parsed is None else r.parsed}, "
           f"given to `noiselint shapes` {r.shape_files} ({r.no_model_files} with no model)",
           f"findings {len(r.findings)}: {_top(r.by_code, 20)}",
           f"layer calls {r.layer_rows}: unknown {r.unknown_rows}, partly known {r.partly_rows}; "
           f"dropout layers {r.dropout_rows}, masks drawn {r.sites_drawn}",
           f"unknown because: {_top(r.unknown_reasons)}",
           f"custom layers: {_top(r.custom_layers)}",
           f"named causes: {_top(r.unknown_names, 8)}",
           f"time: check {r.check_seconds:.2f} s ({_runs(r)}--jobs {r.check_jobs}; {_ratio(r)}), "
           f"shapes {r.shapes_seconds:.1f} s",
           f"crashes {len(r.crashes)}"]
    out.extend(f"  [{c.stage}] {c.path} {c.detail}".rstrip() for c in r.crashes)
    if findings:
        out.extend(f"  {_where(f)}: {f['code']} {f['message']}" for f in r.findings)
    return [*out, ""]


def render_table(results: Sequence[TreeResult]) -> list[str]:
    head = ("| tree | files | parsed | findings | by code | layer calls | unknown | custom | dropout layers"
            f" | masks drawn | crashes | check s (--jobs {CHECK_JOBS}, median) | vs ruff (median of pairs, least-most)"
            " | shapes s |")
    rows = [head, "|" + "---|" * head.count(" | ") + "---|"]
    total = TreeResult(tree="**total**", parsed=0)
    for r in [*results, total]:
        if r is not total:
            total.files += r.files
            total.parsed = None if r.parsed is None or total.parsed is None else total.parsed + r.parsed
            total.findings += r.findings
            for code, n in r.by_code.items():
                total.by_code[code] = total.by_code.get(code, 0) + n
            for name in ("layer_rows", "unknown_rows", "dropout_rows", "sites_drawn", "check_seconds",
                         "shapes_seconds"):
                setattr(total, name, getattr(total, name) + getattr(r, name))
            total.crashes += r.crashes
            total.custom_layers["n"] = total.custom_layers.get("n", 0) + sum(r.custom_layers.values())
        custom = sum(r.custom_layers.values()) if r is not total else total.custom_layers.get("n", 0)
        codes = " ".join(f"{k}:{v}" for k, v in sorted(r.by_code.items())) or "-"
        rows.append(f"| {r.tree} | {r.files} | {'?' if r.parsed is None else r.parsed} | {len(r.findings)} | {codes}"
                    f" | {r.layer_rows} | {r.unknown_rows} | {custom} | {r.dropout_rows} | {r.sites_drawn}"
                    f" | {len(r.crashes)} | {r.check_seconds:.2f} | {_ratio(r) if r is not total else '-'}"
                    f" | {r.shapes_seconds:.1f} |")
    return rows


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", metavar="DIR")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    parser.add_argument("--findings", action="store_true", help="list every finding under its tree")
    parser.add_argument("--save", metavar="FILE", help="also write the JSON document to FILE")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per noiselint process")
    parser.add_argument("--check-only", action="store_true", help="skip the `noiselint shapes` stage (half the time)")
    parser.add_argument("--repeat", type=_positive, default=3, metavar="N",
                        help="time the check, ruff and the floor N times each, in turn; quote medians (default 3)")
    args = parser.parse_args(argv)
    missing = [t for t in args.trees if not Path(t).is_dir()]
    if missing:
        parser.error(f"not a directory: {', '.join(missing)}")
    results = []
    from_bytecode()
    with floor_folder(args.timeout) as floor:
        for tree in args.trees:
            results.append(survey(Path(tree), args.timeout, not args.check_only, args.repeat, floor))
            if not args.json:
                print("\n".join(render_tree(results[-1], args.findings)), flush=True)
    document = json.dumps([{**asdict(r), "ruff_ratio": r.ruff_ratio, "ruff_ratios": r.ruff_ratios,
                             "ruff_ratio_min": min(r.ruff_ratios, default=None),
                             "ruff_ratio_max": max(r.ruff_ratios, default=None), "floor_ratio": r.floor_ratio}
                            for r in results], indent=2)
    if args.save:
        Path(args.save).write_text(document + "\n", encoding="utf-8")
    if args.json:
        print(document)
    else:
        print("\n".join(render_table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
