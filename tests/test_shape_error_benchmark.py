"""The shape-error benchmark's cases are well-formed, and score.py counts what it says it counts.

No TensorFlow here: benchmarks/shape_errors/verify.py is the ground truth that runs the programs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "shape_errors"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"shape_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(BENCH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


catalog = _load("catalog")
CASES = catalog.load_cases(BENCH)
CASES2 = catalog.load_cases(BENCH, kinds=catalog.SETS["cases2"])  # the second, independent set


def test_there_are_enough_cases_of_each_family():
    counted = [c for c in CASES if c.kind == "cases"]
    by_family = {f: [c for c in counted if c.family == f] for f in catalog.FAMILIES}
    assert len(counted) >= 40
    assert all(len(v) >= 20 for v in by_family.values()), {k: len(v) for k, v in by_family.items()}
    assert len({c.key for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}:{c.key}" for c in CASES])
def test_case_is_well_formed(case):
    assert catalog.problems(case) == []


@pytest.mark.parametrize("case", CASES2, ids=[c.key for c in CASES2])
def test_second_set_case_is_well_formed(case):
    assert catalog.problems(case) == []


def test_second_set_is_in_its_verification_record_and_shares_no_name():
    assert len(CASES2) >= 20 and {c.family for c in CASES2} == set(catalog.FAMILIES)
    verified = (BENCH / "VERIFIED2.md").read_text(encoding="utf-8")
    assert [c.key for c in CASES2 if f"| {c.name} |" not in verified] == []
    assert {c.name for c in CASES2}.isdisjoint(c.name for c in CASES)


def test_every_counted_case_is_in_the_verification_record():
    verified = (BENCH / "VERIFIED.md").read_text(encoding="utf-8")
    missing = [c.key for c in CASES if f"| {c.name} |" not in verified and c.key not in verified]
    assert missing == []


def test_a_broken_case_is_reported(tmp_path):
    folder = tmp_path / "cases" / "data" / "broken"
    folder.mkdir(parents=True)
    (folder / "buggy.py").write_text("x = (\n", encoding="utf-8")
    (folder / "fixed.py").write_text("x = 1\n", encoding="utf-8")
    (folder / "case.toml").write_text(
        'title = "t"\nfamily = "data"\nsource = "https://example.org/q"\napi = "keras3"\nexpect = "crash"\n'
        'lines = [9]\nexception = "ValueError"\nmessage = "m"\n', encoding="utf-8")
    (case,) = catalog.load_cases(tmp_path)
    found = catalog.problems(case)
    assert any("does not parse" in p for p in found)
    assert any("line 9 past the end" in p for p in found)


def test_score_counts_hits_only_on_listed_lines_and_not_old_codes():
    score = _load("score")
    case = next(c for c in CASES if c.kind == "cases")
    line = case.lines[0]
    buggy, fixed = case.buggy.resolve(), case.fixed.resolve()

    def finding(code, row):
        return {"code": code, "location": {"row": row, "column": 1}, "message": "m", "filename": str(buggy)}

    # a new code on a listed line: detected, no false alarm
    row = score.score_case(case, {buggy: [finding("NL101", line)], fixed: []}, set())
    assert row["detected"] is True and row["off_line_findings"] == [] and row["fixed_findings"] == []
    # a dropout code on the listed line does not count as a shape error
    assert score.score_case(case, {buggy: [finding("NL001", line)]}, set())["detected"] is False
    assert score.score_case(case, {buggy: [finding("NL902", line)]}, set())["detected"] is False
    # a new code elsewhere: not detected, one off-line finding
    elsewhere = max(case.lines) + 1000
    row = score.score_case(case, {buggy: [finding("NL101", elsewhere)]}, set())
    assert row["detected"] is False and len(row["off_line_findings"]) == 1
    # --code restricts what counts
    assert score.score_case(case, {buggy: [finding("NL101", line)]}, {"NL120"})["detected"] is False
    # any finding on fixed.py is a false alarm
    row = score.score_case(case, {fixed: [finding("NL001", 1)]}, set())
    summary = score.summarize([row])
    assert summary["all"]["fixed_with_findings"] == 1 and summary["all"]["detected"] == 0
