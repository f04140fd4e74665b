"""Worker processes for `--jobs N`: files are handed out one at a time over a pipe, so the
parent always knows which file each worker holds. A worker that dies (a native crash in a
parser, the kernel's OOM killer) costs that one file, reported as NL902, and is replaced;
the run goes on. Workers die with the parent: the kernel kills them when it goes
(`PR_SET_PDEATHSIG` on Linux), and a watchdog thread checks for a new parent as a fallback,
so a killed run never leaves workers fixing files behind it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noiselint.files.source import read_bounded
from noiselint.parent_death import WATCHDOG_SECONDS, die_with_parent

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Outcome = Any  # (FileResult | None, tuple[FileError, ...]); kept opaque: the runner's business
# A worker's outcome for a file it gives back, to be handed out again after the others
# (its shapes wait for an import under way elsewhere).
LATER = "noiselint: hand this file out again later"
# The default `--jobs`: a worker pays for itself with a few files that get parsed (a cold
# file costs tens to hundreds of milliseconds; starting a worker, a few).
FILES_PER_WORKER = 4


def auto_jobs(files: list[str], might_matter: Callable[[bytes], bool], since: LoadSample | None = None) -> int:
    """The default `--jobs`: one worker per idle CPU when enough files can hold a dropout
    site (`might_matter` of their bytes: the prefilter's cheap test) to keep them busy; one
    process for a few files (pre-commit's usual batch) or a machine whose CPUs are taken,
    where workers only add their start and the contention."""
    cpus = _cpus()
    if cpus < 2 or len(files) < 2 * FILES_PER_WORKER:
        return 1
    wanted = _model_files(files, might_matter, cpus * FILES_PER_WORKER)
    if wanted < 2 * FILES_PER_WORKER:
        return 1
    return max(1, min(idle_cpus(since), wanted // FILES_PER_WORKER))


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _model_files(files: list[str], might_matter: Callable[[bytes], bool], enough: int) -> int:
    """How many of `files` may hold model code, counting up to `enough`. The bounded reader:
    a FIFO named `m.py` blocked `open()` here, before any file's own checks, and a link to
    /dev/zero was read without end."""
    found = 0
    for name in files:
        data = read_bounded(Path(name))
        found += isinstance(data, bytes) and might_matter(data)
        if found >= enough:
            break
    return found


def idle_cpus(since: LoadSample | None = None) -> int:
    """The CPUs this process may use that other work leaves idle now."""
    cpus = _cpus()
    return min(cpus, int(cpus - cpu_load(since) + 0.5)) if cpus > 1 else 1


def model_files_at_least(files: list[str], might_matter: Callable[[bytes], bool], wanted: int) -> bool:
    """Whether at least `wanted` of `files` may hold model code."""
    return _model_files(files, might_matter, wanted) >= wanted


@dataclass(frozen=True)
class LoadSample:
    """The CPUs' ticks at a moment, to measure the load over the work done since (finding
    and reading the files) instead of over a sleep: a cold run paid a tenth of a second for it."""

    ticks: dict[str, tuple[int, int]] | None
    wall: float
    own: float  # this process's CPU time


def load_sample() -> LoadSample:
    return LoadSample(_cpu_times(), time.monotonic(), time.process_time())


def cpu_load(since: LoadSample | None = None) -> float:
    """How many of this process's CPUs other work (not niced) keeps busy now: measured over
    `_SAMPLE_SECONDS` from /proc/stat where there is one, else the one-minute load average. The load
    average lags by a minute and counts noiselint's own last run: run twice in a row, the
    second run saw a busy machine and took one worker (1.5 times slower than two).

    `since`: the window began then, and only what is left of it is slept; this
    process's own work in the window is not other work."""
    sample = since or load_sample()
    if sample.ticks is not None:
        left = _SAMPLE_SECONDS - (time.monotonic() - sample.wall)
        if left > 0:
            time.sleep(left)
        after = _cpu_times()
        if after is not None:
            busy = 0.0
            for cpu, (idle, total) in after.items():
                idle0, total0 = sample.ticks.get(cpu, (idle, total))
                if total > total0:
                    busy += 1 - (idle - idle0) / (total - total0)
            elapsed = time.monotonic() - sample.wall
            own = (time.process_time() - sample.own) / elapsed if since is not None and elapsed > 0 else 0.0
            return max(0.0, busy - own)
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


# Five ticks of /proc/stat on each CPU: enough to tell a CPU another process keeps busy from
# an idle one, the one thing the choice of workers needs. A tenth of a second left 20-60 ms of
# sleep in a default cold run once start-up took less (keras-io: `--jobs` auto 4% slower than
# `--jobs 2`, which it then runs).
_SAMPLE_SECONDS = 0.05


def _cpu_times() -> dict[str, tuple[int, int]] | None:
    """Idle and total ticks of each CPU this process may run on (Linux)."""
    try:
        with open("/proc/stat", "rb") as handle:
            text = handle.read(1 << 20).decode("ascii", errors="replace")
        allowed = {f"cpu{n}" for n in os.sched_getaffinity(0)}
    except (OSError, AttributeError):
        return None
    times = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 6 or fields[0] not in allowed:
            continue
        try:
            ticks = [int(f) for f in fields[1:]]
        except ValueError:
            return None
        # Idle: idle, iowait, and niced work (`nice -n 19` yields its CPU to a worker at nice
        # 0 almost wholly). Guest time is counted in user already.
        times[fields[0]] = (ticks[1] + ticks[3] + ticks[4], sum(ticks[:8]))
    return times or None


def estimated_costs(files: list[str], might_matter: Callable[[bytes], bool]) -> list[int]:
    """What each file will cost, for handing out the dearest first: its size when it may
    matter (parse and interpreter time grow with it), else a token (a substring test)."""
    costs = []
    for name in files:
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError:
            data = b""
        costs.append(len(data) if might_matter(data) else 1)
    return costs


def run_in_workers(worker: Callable[[str], Outcome], files: list[str], jobs: int,
                   crashed: Callable[[str, str], Outcome] | None = None,
                   hang_seconds: float | None = None, costs: list[int] | None = None) -> list[Outcome]:
    """`[worker(f) for f in files]`, in `jobs` processes; `crashed(name, why)` stands in for
    the outcome of a file whose worker died on it, or was stopped after `hang_seconds` on
    it (a hang in native code, which the time budget cannot interrupt). `costs`: each
    file's estimated cost; the dearest are handed out first, so that no worker is left
    with one big file at the end while the others idle (outcomes keep the files' order)."""
    # Here, not at the top: a run in one process (most runs of a few files) needs no
    # multiprocessing, which with its socket and pickle imports takes 15 ms of every start.
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context()
    results: dict[int, Outcome] = {}
    order = range(len(files)) if costs is None else sorted(range(len(files)), key=lambda i: -costs[i])
    queue = deque(order)
    idle: list[_Process] = [_start(context, worker) for _ in range(min(jobs, len(files)))]
    busy: dict[Connection, _Process] = {}
    try:
        while queue or busy:
            while idle and queue:
                proc = idle.pop()
                proc.current, proc.started = queue.popleft(), time.monotonic()
                with contextlib.suppress(OSError, EOFError):  # it died while idle: its sentinel tells
                    proc.conn.send(files[proc.current])
                busy[proc.conn] = proc
            ready = wait([*busy, *(p.process.sentinel for p in busy.values())],
                         timeout=WATCHDOG_SECONDS * 4 if hang_seconds else None)
            if hang_seconds:
                for proc in busy.values():
                    if time.monotonic() - proc.started > hang_seconds and proc.process.is_alive():
                        proc.process.kill()  # its sentinel and pipe end report it next round
                        proc.hung = True
            for proc in [p for p in busy.values() if p.conn in ready or p.process.sentinel in ready]:
                index = proc.current
                try:
                    outcome = proc.conn.recv()
                    if outcome == LATER:
                        queue.append(index)
                    else:
                        results[index] = outcome
                    del busy[proc.conn]
                    idle.append(proc)
                    continue
                except (EOFError, OSError):
                    pass
                del busy[proc.conn]
                proc.process.join(5)
                why = f"it took longer than {hang_seconds:g} s and was stopped" if proc.hung \
                    else _death(proc.process.exitcode)
                results[index] = crashed(files[index], why) if crashed else (None, ())
                proc.conn.close()
                if queue:
                    idle.append(_start(context, worker))
    finally:
        for proc in [*idle, *busy.values()]:
            with contextlib.suppress(OSError):
                proc.conn.send(None)
            proc.conn.close()
        for proc in [*idle, *busy.values()]:
            proc.process.join(5)
            if proc.process.is_alive():
                proc.process.kill()
    return [results[i] for i in range(len(files))]


@dataclass
class _Process:
    process: Any
    conn: Connection
    current: int = -1
    started: float = 0.0
    hung: bool = False


def run_here(worker: Callable[[str], Outcome], files: list[str]) -> list[Outcome]:
    """`[worker(f) for f in files]` in this process, a file given back (LATER) taken again
    after the others."""
    results: dict[int, Outcome] = {}
    queue = deque(range(len(files)))
    while queue:
        index = queue.popleft()
        outcome = worker(files[index])
        if outcome == LATER:
            queue.append(index)
        else:
            results[index] = outcome
    return [results[i] for i in range(len(files))]


def _start(context: Any, worker: Callable[[str], Outcome]) -> _Process:
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(worker, child_end, os.getpid()), daemon=True)
    process.start()
    child_end.close()
    return _Process(process, parent_end)


def _serve(worker: Callable[[str], Outcome], conn: Connection, parent: int) -> None:
    die_with_parent(parent)
    while True:
        try:
            name = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if name is None:
            from noiselint.dataclass_code import save_installed  # what this worker compiled

            save_installed()
            return
        conn.send(worker(name))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process checking it was killed by {name}"
    return f"the worker process checking it exited with status {exitcode}"
