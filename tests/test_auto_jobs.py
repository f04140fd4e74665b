"""The default `--jobs`: workers only where they pay for themselves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noiselint import workers
from noiselint.runner import _might_matter_bytes
from noiselint.workers import auto_jobs


def _tree(tmp_path: Path, with_dropout: int, without: int) -> list[str]:
    names = []
    for n in range(with_dropout + without):
        path = tmp_path / f"m{n}.py"
        path.write_text("x = layers.Dropout(0.5)(x)\n" if n < with_dropout else "x = 1\n", encoding="utf-8")
        names.append(str(path))
    return names


@pytest.mark.parametrize(("cpus", "load", "with_dropout", "without", "expected"), [
    (2, 0.1, 20, 0, 2),  # a quiet machine, a tree of models: every CPU
    (4, 0.2, 20, 0, 4),
    (4, 0.2, 9, 0, 2),  # nine files keep two workers busy, not four
    (4, 2.1, 40, 0, 2),  # two CPUs are taken by others
    (2, 1.8, 40, 0, 1),  # a busy machine: workers would only contend
    (2, 0.0, 3, 40, 1),  # many files, few that can hold a site: not worth a worker
    (2, 0.0, 5, 0, 1),  # pre-commit's few changed files
    (1, 0.0, 40, 0, 1),
])
def test_workers_where_they_pay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpus: int, load: float,
                                with_dropout: int, without: int, expected: int) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _: set(range(cpus)), raising=False)
    monkeypatch.setattr(workers.os, "getloadavg", lambda: (load, load, load), raising=False)
    assert auto_jobs(_tree(tmp_path, with_dropout, without), _might_matter_bytes) == expected


def test_unreadable_files_count_for_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    monkeypatch.setattr(workers.os, "getloadavg", lambda: (0.0, 0.0, 0.0), raising=False)
    names = _tree(tmp_path, 10, 0)
    for name in names[2:]:
        os.unlink(name)
    assert auto_jobs(names, _might_matter_bytes) == 1


_handed = 0


def _order(name: str) -> tuple[str, int]:
    global _handed  # one worker process: its count is the order files reached it
    _handed += 1
    return name, _handed


def test_dearest_files_are_handed_out_first() -> None:
    files = ["small", "big", "middle", "tiny"]
    got = workers.run_in_workers(_order, files, 1, costs=[10, 1000, 100, 1])
    assert [name for name, _ in got] == files  # outcomes keep the files' order
    assert sorted(got, key=lambda item: item[1]) == [("big", 1), ("middle", 2), ("small", 3), ("tiny", 4)]


def test_costs_are_sizes_of_the_files_that_may_matter(tmp_path: Path) -> None:
    names = _tree(tmp_path, 1, 1)
    assert workers.estimated_costs([*names, str(tmp_path / "gone.py")], _might_matter_bytes) == \
        [len("x = layers.Dropout(0.5)(x)\n"), 1, 1]
