"""Score noiselint on the shape-error benchmark: recall on the buggy programs, false alarms on the rest.

Usage: python benchmarks/shape_errors/score.py [--code CODE ...] [--json] [--timeout S] [--set cases|cases2]

Runs the noiselint of the checkout this file is in (`python -m noiselint --output-format json
--no-cache --exit-zero FILE ...`, with the checkout first on PYTHONPATH) over every buggy.py and
fixed.py of the benchmark (see catalog.py and README.md), then prints per family:
- recall: crash cases whose buggy.py gets a shape-error finding on one of the case's lines.
  A shape-error finding is one whose code is not NL001-NL010 nor NL9xx (the dropout rules and
  the file-level codes), or, with `--code`, one of the codes given.
- false alarms: fixed.py files with any finding (fixed twins of the silent cases included: they
  are correct programs), and findings of any code on a buggy.py at a line the case does not list.
Silent cases' buggy.py findings are listed for information and never counted.
Nothing is executed: noiselint reads the files. Exit status 0 unless noiselint itself fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from catalog import SETS, Case, load_cases  # noqa: E402

_OLD_CODE = re.compile(r"^NL(0\d\d|9\d\d)$")  # the dropout family (NL001-NL099) and file-level codes


def is_shape_code(code: str, chosen: set[str]) -> bool:
    if chosen:
        return code in chosen
    return bool(code) and not _OLD_CODE.match(code)


def run_noiselint(paths: list[Path], timeout: float) -> dict[Path, list[dict]]:
    """Findings per file. One process for all files; per file again if that one fails."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(CHECKOUT), *filter(None, [env.get("PYTHONPATH")])])
    cmd = [sys.executable, "-m", "noiselint", "--output-format", "json", "--no-cache", "--exit-zero"]

    def once(batch: list[Path]) -> list[dict]:
        proc = subprocess.run([*cmd, *map(str, batch)], cwd=CHECKOUT, env=env, capture_output=True,
                              text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"noiselint exited {proc.returncode}: {proc.stderr[-2000:]}")
        return json.loads(proc.stdout or "[]")

    out: dict[Path, list[dict]] = {p.resolve(): [] for p in paths}
    try:
        found = once(paths)
    except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
        print(f"note: one run over all files failed ({str(exc)[:200]}); running per file", file=sys.stderr)
        found = []
        for p in paths:
            try:
                found += once([p])
            except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc2:
                found.append({"code": "RUN-FAILED", "message": str(exc2)[:500], "filename": str(p),
                              "location": {"row": 0, "column": 0}})
    for d in found:
        path = Path(d["filename"])
        path = (path if path.is_absolute() else CHECKOUT / path).resolve()
        out.setdefault(path, []).append(d)
    return out


def score_case(case: Case, findings: dict[Path, list[dict]], chosen: set[str]) -> dict:
    buggy = findings.get(case.buggy.resolve(), [])
    fixed = findings.get(case.fixed.resolve(), [])

    def brief(d: dict) -> dict:
        return {"code": d.get("code"), "row": d.get("location", {}).get("row"), "message": d.get("message", "")}

    hits = [d for d in buggy if is_shape_code(d.get("code", ""), chosen)
            and d.get("location", {}).get("row") in case.lines]
    off_line = [d for d in buggy if d.get("location", {}).get("row") not in case.lines]
    return {
        "case": case.key,
        "kind": case.kind,
        "family": case.family,
        "lines": list(case.lines),
        "detected": bool(hits) if case.kind != "silent" else None,
        "buggy_findings": [brief(d) for d in buggy],
        "fixed_findings": [brief(d) for d in fixed],
        "off_line_findings": [brief(d) for d in off_line] if case.kind != "silent" else [],
    }


def summarize(rows: list[dict]) -> dict:
    fams: dict[str, dict] = defaultdict(lambda: {"cases": 0, "detected": 0, "fixed_files": 0,
                                                 "fixed_with_findings": 0, "buggy_off_line_findings": 0,
                                                 "buggy_cases_with_off_line_findings": 0, "silent_cases": 0,
                                                 "silent_buggy_with_findings": 0})
    for r in rows:
        f = fams[r["family"]]
        f["fixed_files"] += 1
        f["fixed_with_findings"] += bool(r["fixed_findings"])
        if r["kind"] != "silent":
            f["cases"] += 1
            f["detected"] += r["detected"]
            f["buggy_off_line_findings"] += len(r["off_line_findings"])
            f["buggy_cases_with_off_line_findings"] += bool(r["off_line_findings"])
        else:
            f["silent_cases"] += 1
            f["silent_buggy_with_findings"] += bool(r["buggy_findings"])
    total = {k: sum(f[k] for f in fams.values()) for k in next(iter(fams.values()), {})}
    out = {name: dict(f) for name, f in sorted(fams.items())}
    out["all"] = total
    for f in out.values():
        f["recall"] = round(f["detected"] / f["cases"], 3) if f.get("cases") else None
        f["fixed_false_alarm_rate"] = (round(f["fixed_with_findings"] / f["fixed_files"], 3)
                                       if f.get("fixed_files") else None)
    return out


def table(rows: list[dict], summary: dict) -> str:
    lines = ["| family | cases | detected | recall | fixed.py with findings | off-line findings on buggy.py |",
             "|---|---|---|---|---|---|"]
    for name, f in summary.items():
        recall = "n/a" if f["recall"] is None else f"{f['recall']:.0%}"
        lines.append(f"| {name} | {f['cases']} | {f['detected']} | {recall} | "
                     f"{f['fixed_with_findings']}/{f['fixed_files']} | {f['buggy_off_line_findings']} "
                     f"(in {f['buggy_cases_with_off_line_findings']} cases) |")
    lines += ["", "| case | lines | detected | buggy.py findings | fixed.py findings |", "|---|---|---|---|---|"]
    for r in rows:
        det = {True: "yes", False: "no", None: "(silent)"}[r["detected"]]
        fmt = lambda ds: ", ".join(f"{d['code']}@{d['row']}" for d in ds) or "-"  # noqa: E731
        lines.append(f"| {r['case']} | {','.join(map(str, r['lines'])) or '-'} | {det} | "
                     f"{fmt(r['buggy_findings'])} | {fmt(r['fixed_findings'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--code", action="append", default=[],
                    help="count only these codes as shape-error findings (default: any code but NL001-010/NL9xx)")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--set", choices=sorted(SETS), default="cases",
                    help="cases: cases/ and silent/ (default); cases2: the second, independent set")
    args = ap.parse_args(argv)
    chosen = {c.strip() for arg in args.code for c in arg.split(",") if c.strip()}
    cases = load_cases(kinds=SETS[args.set])
    paths = [p for c in cases for p in (c.buggy, c.fixed)]
    try:
        findings = run_noiselint(paths, args.timeout)
    except Exception as exc:  # report, do not hide, a failing linter
        print(f"noiselint failed: {exc}", file=sys.stderr)
        return 2
    rows = [score_case(c, findings, chosen) for c in cases]
    summary = summarize(rows)
    if args.json:
        print(json.dumps({"codes": sorted(chosen) or "any but NL001-NL010/NL9xx", "summary": summary,
                          "cases": rows}, indent=2))
    else:
        print(table(rows, summary))
        missed = [r["case"] for r in rows if r["detected"] is False]
        print(f"\nmissed ({len(missed)}): {', '.join(missed) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
