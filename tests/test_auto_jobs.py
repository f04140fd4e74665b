"""The default `--jobs`: workers only where they pay for themselves."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from noiselint import workers
from noiselint.runner import _might_matter_bytes
from noiselint.workers import auto_jobs


def _tree(tmp_path: Path, with_dropout: int, without: int) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
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
    monkeypatch.setattr(workers, "cpu_load", lambda since=None: load)
    assert auto_jobs(_tree(tmp_path, with_dropout, without), _might_matter_bytes) == expected


@pytest.mark.parametrize(("sizes", "expected"), [
    ([16_000, 10_000, 10_000, 8_000, 8_000], 2),  # a few big model files: two workers
    ([3_000, 3_000, 3_000], 1),  # small ones: one process
    ([40_000, 3_000, 3_000], 1),  # one file is most of the work: a second worker waits on it
    ([20_000, 20_000], 2),
    ([12_000, 12_000], 1),  # 12 KB off the larger share: less than going parallel costs
])
def test_a_few_big_model_files_pay_for_two_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   sizes: list[int], expected: int) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    monkeypatch.setattr(workers, "cpu_load", lambda since=None: 0.1)
    names = []
    for n, size in enumerate(sizes):
        path = tmp_path / f"m{n}.py"
        line = "x = layers.Dropout(0.5)(x)\n"
        path.write_text(line * (size // len(line)), encoding="utf-8")
        names.append(str(path))
    assert auto_jobs([*names, *_tree(tmp_path / "other", 0, 3)], _might_matter_bytes) == expected


def test_unreadable_files_count_for_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    monkeypatch.setattr(workers, "cpu_load", lambda since=None: 0.0)
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


def test_costs_are_the_files_sizes(tmp_path: Path) -> None:
    names = _tree(tmp_path, 1, 1)
    assert workers.estimated_costs([*names, str(tmp_path / "gone.py")]) == \
        [len("x = layers.Dropout(0.5)(x)\n"), len("x = 1\n"), 0]


def test_the_load_is_what_the_cpus_did_in_the_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two CPUs: one idle for the whole sample, one busy for all of it.
    samples = iter([{"cpu0": (100, 200), "cpu1": (100, 200)}, {"cpu0": (110, 210), "cpu1": (100, 210)}])
    monkeypatch.setattr(workers, "_cpu_times", lambda: next(samples))
    monkeypatch.setattr(workers, "_SAMPLE_SECONDS", 0.0)
    assert workers.cpu_load() == 1.0


def test_a_sample_begun_earlier_measures_over_the_work_since_without_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner begins the sample before it finds and reads the files: no sleep is left
    to do, and this process's own work in the window is not other work (both CPUs busy,
    one of them with this process: one is left to a worker)."""
    clock = iter([10.0, 10.5, 10.5])  # the sample, then the two reads after the window
    monkeypatch.setattr(workers.time, "monotonic", lambda: next(clock))
    cpu = iter([3.0, 3.5])  # half a second of this process's CPU in half a second
    monkeypatch.setattr(workers.time, "process_time", lambda: next(cpu))
    samples = iter([{"cpu0": (100, 200), "cpu1": (100, 200)}, {"cpu0": (100, 250), "cpu1": (100, 250)}])
    monkeypatch.setattr(workers, "_cpu_times", lambda: next(samples))
    monkeypatch.setattr(workers.time, "sleep", lambda seconds: pytest.fail(f"slept {seconds} s"))
    since = workers.load_sample()
    assert workers.cpu_load(since) == 1.0


def test_without_proc_stat_the_load_average_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_cpu_times", lambda: None)
    monkeypatch.setattr(workers.os, "getloadavg", lambda: (1.5, 1.0, 1.0), raising=False)
    assert workers.cpu_load() == 1.5


def test_this_machine_s_cpus_are_read() -> None:
    times = workers._cpu_times()
    if times is None:
        pytest.skip("no /proc/stat")
    assert set(times) == {f"cpu{n}" for n in os.sched_getaffinity(0)}
    assert all(0 <= idle <= total for idle, total in times.values())
    assert 0.0 <= workers.cpu_load() <= len(times)


_given_back: set[str] = set()


def _later_once(name: str) -> object:
    """A worker that gives back file "b" the first time it gets it (its shapes wait for an
    import under way) and records the order in which files were done."""
    if name == "b" and name not in _given_back:
        _given_back.add(name)
        return workers.LATER
    _given_back.add(f"done:{name}")
    return name, len([n for n in _given_back if n.startswith("done:")])


@pytest.mark.parametrize("in_workers", [False, True])
def test_a_file_given_back_is_done_after_the_others(in_workers: bool) -> None:
    _given_back.clear()
    files = ["a", "b", "c"]
    got = workers.run_in_workers(_later_once, files, 1) if in_workers else workers.run_here(_later_once, files)
    assert [name for name, _ in got] == files  # outcomes keep the files' order
    assert dict(got) == {"a": 1, "c": 2, "b": 3}


@pytest.mark.parametrize("entry", ["from noiselint.console import run; run()",
                                   "import runpy; runpy.run_module('noiselint', run_name='__main__')"])
def test_both_entry_points_sample_the_cpus_before_their_imports(entry: str) -> None:
    """The console script (`noiselint`) and `python -m noiselint` both begin the sample before
    importing the CLI, so that `--jobs` auto needs no sleep of its own."""
    import subprocess
    import sys

    probe = ("import sys\n"
             "import noiselint.workers as w\n"
             "real = w.load_sample\n"
             "def sample():\n"
             "    print('cli imported before the sample:', 'noiselint.cli' in sys.modules, flush=True)\n"
             "    return real()\n"
             "w.load_sample = sample\n"
             "sys.argv = ['noiselint', '--version']\n"
             "try:\n"
             f"    {entry}\n"
             "except SystemExit:\n"
             "    pass\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.splitlines()[0] == "cli imported before the sample: False", out.stdout + out.stderr


def _slow_first(name: str) -> tuple[str, int]:
    """Sleeps on "slow"; each file checked is logged (one O_APPEND write each)."""
    path = Path(name)
    if path.name == "slow":
        time.sleep(2)
    fd = os.open(path.parent / "log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{path.name}\n".encode())
    finally:
        os.close(fd)
    return path.name, os.getpid()


@pytest.mark.skipif(not hasattr(os, "memfd_create") or __import__("multiprocessing").get_start_method() != "fork",
                    reason="files are lent between forked workers only (workers._Claims)")
def test_a_file_held_behind_a_slow_one_is_checked_by_the_idle_worker(tmp_path: Path) -> None:
    """Sizes misjudge costs: a worker held its next file behind one that took most of the run
    while the other worker, done with the rest, ended. Each file is still checked once."""
    files = [str(tmp_path / name) for name in ("slow", "a", "b", "c")]
    # The first worker gets "slow" and holds "b" next; the second "a" and "c".
    got = workers.run_in_workers(_slow_first, files, 2, costs=[100, 90, 80, 70])
    assert [name for name, _ in got] == ["slow", "a", "b", "c"]
    pids = dict(got)
    assert pids["b"] == pids["a"] == pids["c"] != pids["slow"]
    assert sorted((tmp_path / "log").read_text().split()) == ["a", "b", "c", "slow"]
