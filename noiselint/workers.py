"""Worker processes for `--jobs N`: files are handed out one at a time over a pipe, so the
parent always knows which files each worker holds (at the end, a file one holds and has not
begun may be lent to an idle one too: the first to begin it checks it). A worker that dies
(a native crash in a parser, the kernel's OOM killer) costs that one file, reported as NL902,
and is replaced; the run goes on. Workers die with the parent: the kernel kills them when it goes
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noiselint.files.source import read_bounded
from noiselint.parent_death import WATCHDOG_SECONDS, die_with_parent

if TYPE_CHECKING:
    import mmap
    from multiprocessing.connection import Connection

Outcome = Any  # (FileResult | None, tuple[FileError, ...]); kept opaque: the runner's business
# A worker's outcome for a file it gives back, to be handed out again after the others
# (its shapes wait for an import under way elsewhere).
LATER = "noiselint: hand this file out again later"
# A worker's outcome for a file it did not check: another worker, idle, began it first (_Claims).
TAKEN = "noiselint: another worker checked this file"
# The default `--jobs`: a worker pays for itself with a few files that get parsed (a cold
# file costs tens to hundreds of milliseconds; starting a worker, a few).
FILES_PER_WORKER = 4
# ... or with fewer, big ones: two workers when splitting the model files' bytes would take
# this much off the larger share. qqwweee's keras-yolo3 (five files of 8-16 KB, 27 KB off):
# 0.28-0.32 s in one process, 0.25-0.29 s in two (8 runs each, in turns); going parallel costs
# multiprocessing's imports, the forks and each worker's first file, so less would not pay.
PARALLEL_BYTES = 16 << 10


def auto_jobs(files: list[str], might_matter: Callable[[bytes], bool], since: LoadSample | None = None,
              meanwhile: Callable[[], None] | None = None) -> int:
    """The default `--jobs`: one worker per idle CPU when enough files can hold a dropout
    site (`might_matter` of their bytes: the prefilter's cheap test) to keep them busy; one
    process for a few files (pre-commit's usual batch) or a machine whose CPUs are taken,
    where workers only add their start and the contention. `meanwhile`: work the run needs
    either way, done before the idle CPUs are measured, in what is left of the window
    (`_SAMPLE_SECONDS`) instead of a sleep."""
    cpus = _cpus()
    if cpus < 2 or len(files) < 2:
        return 1
    sizes = _model_sizes(files, might_matter, cpus * FILES_PER_WORKER)
    workers = len(sizes) // FILES_PER_WORKER
    if workers < 2 and sum(sizes) - max(sum(sizes) / 2, max(sizes, default=0)) >= PARALLEL_BYTES:
        workers = 2  # a few big files: the larger share of two is that much smaller
    if workers < 2:
        return 1
    if meanwhile is not None:
        meanwhile()
    return max(1, min(idle_cpus(since), workers))


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _model_files(files: list[str], might_matter: Callable[[bytes], bool], enough: int) -> int:
    """How many of `files` may hold model code, counting up to `enough`."""
    return len(_model_sizes(files, might_matter, enough))


def _model_sizes(files: list[str], might_matter: Callable[[bytes], bool], enough: int) -> list[int]:
    """The sizes of the files of `files` that may hold model code, up to `enough` of them. The
    bounded reader: a FIFO named `m.py` blocked `open()` here, before any file's own checks,
    and a link to /dev/zero was read without end."""
    found: list[int] = []
    for name in files:
        data = read_bounded(Path(name))
        if isinstance(data, bytes) and might_matter(data):
            found.append(len(data))
            if len(found) >= enough:
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


def estimated_costs(files: list[str]) -> list[int]:
    """What each file will cost, for handing out the dearest first: its size (parse and
    interpreter time grow with it). Not read: reading every file for the prefilter's test
    cost 10-20 ms before the first file was handed out (keras-io's 332), and a file the
    test turns away costs little wherever it comes."""
    costs = []
    for name in files:
        try:
            costs.append(os.stat(name).st_size)
        except OSError:
            costs.append(0)
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
    claims = _Claims.made(len(files), context)
    lent: set[int] = set()
    procs: list[_Process] = [_start(context, worker, claims) for _ in range(min(jobs, len(files)))]
    stopped: list[_Process] = []
    try:
        while queue or any(p.held for p in procs):
            # Each worker gets a file before any gets its next: the dearest go to different workers.
            for depth in range(HELD):
                for proc in procs:
                    if queue and len(proc.held) <= depth:
                        _hand(proc, queue.popleft(), files)
            if not queue:
                # Nothing left to hand out: an idle worker takes a file another holds and has
                # not begun (sizes misjudge costs: one worker held its next file behind one that
                # took 0.6 s, while the other finished all the rest in 0.3 s), else it ends
                # now, beside the others' last files, not after them (its exit writes what it
                # compiled).
                for proc in [p for p in procs if not p.held]:
                    index = claims.lendable(procs, lent) if claims is not None else None
                    if index is not None:
                        lent.add(index)
                        _hand(proc, index, files)
                        continue
                    _stop(proc)
                    procs.remove(proc)
                    stopped.append(proc)
            busy = [p for p in procs if p.held]
            ready = wait([*(p.results for p in busy), *(p.process.sentinel for p in busy)],
                         timeout=WATCHDOG_SECONDS * 4 if hang_seconds else None)
            if hang_seconds:
                for proc in busy:
                    if time.monotonic() - proc.started > hang_seconds and proc.process.is_alive():
                        proc.process.kill()  # its sentinel and pipe end report it next round
                        proc.hung = True
            for proc in busy:
                if proc.results not in ready and proc.process.sentinel not in ready:
                    continue
                try:
                    outcome = proc.results.recv()
                except (EOFError, OSError):
                    # Dead: what it sent before is read; the file it was checking is charged,
                    # the next one it held goes back to the front of the queue.
                    index = proc.held.popleft()
                    proc.process.join(5)
                    why = f"it took longer than {hang_seconds:g} s and was stopped" if proc.hung \
                        else _death(proc.process.exitcode)
                    # (Unless another worker, lent it, has checked it: this one never began it.)
                    results.setdefault(index, crashed(files[index], why) if crashed else (None, ()))
                    queue.extendleft([i for i in reversed(proc.held) if i not in results and i not in queue])
                    proc.close()
                    procs.remove(proc)
                    if queue:
                        procs.append(_start(context, worker, claims))
                    continue
                index = proc.held.popleft()
                proc.started = time.monotonic()  # on the next file it holds
                if outcome == LATER:
                    if claims is not None:
                        claims.release(index)  # to be begun again, by whichever worker first
                    lent.discard(index)
                    if index not in queue:
                        queue.append(index)
                elif outcome != TAKEN:
                    results[index] = outcome  # over a death charged by a worker that never began it
    finally:
        for proc in procs:
            _stop(proc)
        for proc in [*stopped, *procs]:
            proc.process.join(5)
            if proc.process.is_alive():
                proc.process.kill()
        if claims is not None:
            claims.close()
    return [results[i] for i in range(len(files))]


# Files a worker holds at once: the one it checks and the next, sent ahead, so that it never
# waits for the parent between two files (the parent, scheduled behind both workers on a
# busy machine, answered late: 0.2-0.3 s of each worker's wall time over keras-io's examples).
HELD = 2
# The results pipe holds this much before a worker's write waits for the parent to read: a
# file's outcome carries its text (tens of KB, a large notebook's some hundreds), and the
# pipe's default 64 KB made the workers wait on the parent as long again (Linux; elsewhere
# the default).
_RESULTS_PIPE_BYTES = 1 << 20


@dataclass
class _Claims:
    """Which files a worker has begun, shared by the workers: a file handed to two of them
    (lent to an idle one) is checked by the first to begin it, the other sends TAKEN. One
    byte a file in shared memory; the claim is made holding a record lock on it, which the
    kernel releases if its holder dies (a semaphore would stay taken). Forked workers only
    (where no `os.memfd_create`, or the workers are not forks: nothing is lent)."""

    fd: int
    marks: mmap.mmap

    @classmethod
    def made(cls, count: int, context: Any) -> _Claims | None:
        if context.get_start_method() != "fork" or not hasattr(os, "memfd_create"):
            return None
        import mmap  # a parallel run's: a run in one process needs none

        try:
            fd = os.memfd_create("noiselint-claims")
            os.ftruncate(fd, max(count, 1))
            return cls(fd, mmap.mmap(fd, max(count, 1)))
        except OSError:
            return None

    def take(self, index: int) -> bool:
        """Whether this process begins file `index` (no other had)."""
        import fcntl

        fcntl.lockf(self.fd, fcntl.LOCK_EX)
        try:
            if self.marks[index]:
                return False
            self.marks[index] = 1
            return True
        finally:
            fcntl.lockf(self.fd, fcntl.LOCK_UN)

    def release(self, index: int) -> None:
        import fcntl

        fcntl.lockf(self.fd, fcntl.LOCK_EX)
        self.marks[index] = 0
        fcntl.lockf(self.fd, fcntl.LOCK_UN)

    def lendable(self, procs: list[_Process], lent: set[int]) -> int | None:
        """A file a worker holds and none has begun, the last it would reach; a hint (read
        without the lock): `take` decides."""
        for proc in procs:
            for index in reversed(proc.held):
                if index not in lent and not self.marks[index]:
                    return index
        return None

    def close(self) -> None:
        self.marks.close()
        os.close(self.fd)


@dataclass
class _Process:
    """A worker process: its pipes, the files handed to it and when it began the current one."""

    process: Any
    tasks: Connection  # file names to it
    results: Connection  # outcomes from it, in the order the names went
    held: deque[int] = field(default_factory=deque)  # handed to it, no outcome yet; the first is being checked
    started: float = 0.0  # when it began the first file it holds
    hung: bool = False

    def close(self) -> None:
        self.tasks.close()
        self.results.close()


def _stop(proc: _Process) -> None:
    with contextlib.suppress(OSError):
        proc.tasks.send(None)
    proc.close()


def _hand(proc: _Process, index: int, files: list[str]) -> None:
    if not proc.held:
        proc.started = time.monotonic()
    proc.held.append(index)
    with contextlib.suppress(OSError, EOFError):  # it died: its sentinel tells
        proc.tasks.send((index, files[index]))


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


def _start(context: Any, worker: Callable[[str], Outcome], claims: _Claims | None) -> _Process:
    task_reader, task_writer = context.Pipe(duplex=False)
    result_reader, result_writer = context.Pipe(duplex=False)
    _widen(result_writer)
    process = context.Process(target=_serve, args=(worker, task_reader, result_writer, os.getpid(), claims),
                              daemon=True)
    process.start()
    task_reader.close()
    result_writer.close()
    return _Process(process, task_writer, result_reader)


def _widen(pipe: Connection) -> None:
    with contextlib.suppress(ImportError, AttributeError, OSError):  # not Linux, or over the system's limit
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _RESULTS_PIPE_BYTES)


def _serve(worker: Callable[[str], Outcome], tasks: Connection, results: Connection, parent: int,
           claims: _Claims | None) -> None:
    die_with_parent(parent)
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            from noiselint.dataclass_code import save_installed  # what this worker compiled

            save_installed()
            return
        index, name = task
        results.send(worker(name) if claims is None or claims.take(index) else TAKEN)


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process checking it was killed by {name}"
    return f"the worker process checking it exited with status {exitcode}"
