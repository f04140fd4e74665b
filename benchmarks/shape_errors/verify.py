"""Ground truth for the shape-error benchmark: run every case under TensorFlow and check it.

Usage: python benchmarks/shape_errors/verify.py [--only SUBSTRING ...] [--jobs N] [--timeout S]
       [--write] [--json]

For each case (see catalog.py) it runs buggy.py and fixed.py, each in its own subprocess
(`run_program.py`: CPU only, TF_CPP_MIN_LOG_LEVEL=3, Keras datasets stubbed) and checks:
- `cases/`: buggy.py raises an exception whose class (or a base class) is named by the case's
  `exception` and whose message contains its `message` fragment (case-insensitive); fixed.py
  runs to the end.
- `silent/`: both run to the end (the mistake does not raise under this TF/Keras).
It also reports the line of buggy.py the exception came through, and whether that line is one the
case lists (a multi-line statement reports its first line: a note, not a failure).
`--write` writes VERIFIED.md next to this file. Exit status 1 if any case fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalog import SETS, Case, load_cases  # noqa: E402

RUNNER = HERE / "run_program.py"


def run_program(program: Path, timeout: float) -> dict:
    env = dict(os.environ)
    env.update({
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "",
        "KERAS_BACKEND": "tensorflow",
        "PYTHONHASHSEED": "0",
        "TF_ENABLE_ONEDNN_OPTS": "0",
    })
    env.pop("TF_USE_LEGACY_KERAS", None)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, str(RUNNER), str(program), str(out)]
        if hasattr(os, "nice"):
            cmd = ["nice", "-n", "10", *cmd]
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"status": "timeout", "seconds": timeout}
        seconds = round(time.monotonic() - start, 1)
        if not out.is_file():
            return {"status": "runner-failed", "returncode": proc.returncode, "stderr": proc.stderr[-2000:],
                    "seconds": seconds}
        result = json.loads(out.read_text(encoding="utf-8"))
        result["seconds"] = seconds
        return result


def check(case: Case, buggy: dict, fixed: dict) -> list[str]:
    errs = []
    if fixed["status"] != "ok":
        errs.append(f"fixed.py: {fixed['status']} {fixed.get('type', '')}: {first_line(fixed.get('message', ''))}")
    if case.expect == "crash":
        if buggy["status"] != "raised":
            errs.append(f"buggy.py did not raise ({buggy['status']})")
        else:
            if case.exception not in buggy["mro"]:
                errs.append(f"buggy.py raised {buggy['type']}, want {case.exception}")
            if case.message.lower() not in buggy["message"].lower():
                errs.append(f"message lacks {case.message!r}: {first_line(buggy['message'])}")
    elif buggy["status"] != "ok":
        errs.append(f"silent case raised {buggy.get('type')}: {first_line(buggy.get('message', ''))}")
    return errs


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Wrapper lines Keras and TF put around the real reason: skipped when picking the headline.
_FUNCTION_NODE = re.compile(r"^\{\{function_node [^}]*\}\}\s*")
_WRAPPERS = ("Exception encountered when calling", "Graph execution error", "Detected at node", "Node:",
             "Original stack trace", "Arguments received by", "File ", "[[", "\u2022", "in user code")


def first_line(message: str) -> str:
    """The line of an exception message that says what went wrong (Keras/TF wrappers skipped)."""
    fallback = ""
    for raw in _ANSI.sub("", message).splitlines():
        line = _FUNCTION_NODE.sub("", raw.strip())
        if not line:
            continue
        fallback = fallback or line
        if not line.startswith(_WRAPPERS):
            return line
    return fallback


def verify(case: Case, timeout: float) -> dict:
    buggy = run_program(case.buggy, timeout)
    fixed = run_program(case.fixed, timeout)
    errs = check(case, buggy, fixed)
    raised_line = buggy.get("line")
    return {
        "case": case.key,
        "kind": case.kind,
        "family": case.family,
        "api": case.api,
        "ok": not errs,
        "problems": errs,
        "buggy": buggy,
        "fixed": fixed,
        "raised_at_listed_line": raised_line in case.lines if raised_line else None,
        "lines": list(case.lines),
    }


def markdown(results: list[dict]) -> str:
    versions = {}
    for r in results:
        versions.update(r["fixed"].get("versions", {}))
        versions.update(r["buggy"].get("versions", {}))
    counted = [r for r in results if r["kind"] != "silent"]
    silent = [r for r in results if r["kind"] == "silent"]
    out = ["# Shape-error benchmark: verification", "",
           "Written by `python benchmarks/shape_errors/verify.py --write`: every buggy.py run under the versions",
           "below raised the listed exception and every fixed.py ran to the end (CPU, Keras datasets stubbed with",
           "the documented shapes and a small first axis).", "",
           "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())), ""]
    for fam in ("layer-call", "data"):
        rows = [r for r in counted if r["family"] == fam]
        ok = sum(r["ok"] for r in rows)
        out += [f"## {fam}: {ok}/{len(rows)} verified", "",
                "| case | api | verified | exception | raised at line (listed) | first line of the message |",
                "|---|---|---|---|---|---|"]
        for r in rows:
            b = r["buggy"]
            msg = first_line(b.get("message", "")).replace("|", "\\|")
            if len(msg) > 160:
                msg = msg[:157] + "..."
            out.append(f"| {r['case'].split('/', 1)[1]} | {r['api']} | {'yes' if r['ok'] else 'NO'} | "
                       f"{b.get('type', b['status'])} | {b.get('line')} ({', '.join(map(str, r['lines']))}) | {msg} |")
        out.append("")
    out += ["## silent (not counted): the mistake does not raise here", "",
            "| case | both ran clean |", "|---|---|"]
    for r in silent:
        out.append(f"| {r['case']} | {'yes' if r['ok'] else 'NO: ' + '; '.join(r['problems'])} |")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", default=[], help="run cases whose family/name contains this")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=180.0)
    ap.add_argument("--write", action="store_true", help="write VERIFIED.md")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--set", choices=sorted(SETS), default="cases",
                    help="cases: cases/ and silent/ (default, writes VERIFIED.md); cases2: the second set "
                         "(writes VERIFIED2.md)")
    args = ap.parse_args(argv)
    cases = load_cases(kinds=SETS[args.set])
    if args.only:
        cases = [c for c in cases if any(s in c.key for s in args.only)]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda c: verify(c, args.timeout), cases))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            b = r["buggy"]
            where = "" if r["raised_at_listed_line"] in (True, None) else f" [raised via line {b.get('line')}]"
            status = "ok  " if r["ok"] else "FAIL"
            print(f"{status} {r['kind']:6} {r['case']:55} {b.get('type', b['status'])}: "
                  f"{first_line(b.get('message', ''))[:110]}{where}")
            for p in r["problems"]:
                print(f"       - {p}")
        bad = sum(not r["ok"] for r in results)
        print(f"\n{len(results) - bad}/{len(results)} verified")
    if args.write:
        record = HERE / ("VERIFIED.md" if args.set == "cases" else "VERIFIED2.md")
        record.write_text(markdown(results), encoding="utf-8")
    return 1 if any(not r["ok"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
