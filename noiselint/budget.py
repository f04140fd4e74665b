"""Budgets: how much work noiselint spends on one file (design.md §5).

Two kinds. Value budgets (steps, elements, integer size) make one value unknown and let
the rest of the file be checked: the evaluator and the model interpreter ask `fits` before
an operation whose result could be huge, and count their steps with a `StepMeter`. The
time budget is per file and counts the CPU time of the thread that checks it, so that a
loaded machine (other processes taking the cores) gives the same findings as an idle one;
a wall-clock bound far above it (`WALL_FACTOR` times) is the last resort against a thread
that waits without working. Past either, `check` raises `TooComplex`, which the engine
turns into the file's NL903 finding. It is a BaseException so that the stages that turn
their own errors into notes (the model reader) let it through.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

DEFAULT_SECONDS = 10.0
# Integers wider than this are unknown: no shape or rate needs more, and such a number can
# always be printed in full (CPython refuses str() past 4,300 digits).
MAX_INT_BITS = 128
# Items of one sequence value (nested items counted) and characters of one string.
MAX_ELEMENTS = 10_000
# Steps of the evaluator for one expression a rule asks about.
MAX_EVAL_STEPS = 2_000
# ... and for all the expressions of one file (20,000 dropout calls take about 200,000).
MAX_FILE_EVAL_STEPS = 1_000_000
_CLOCK_EVERY = 256  # steps between two looks at the clock


class TooComplex(BaseException):
    """The file's time budget is spent."""


# The wall-clock bound, as a multiple of the CPU-time budget (and at least this many
# seconds): reached only by a file that waits rather than works, or on a machine so loaded
# that the check gets a tenth of a core; it is the one place load can change a result.
WALL_FACTOR = 10
WALL_MINIMUM = 60.0
# CPU time of this thread: other threads of the process (a language server's, TensorFlow's
# pools) and other processes do not count.
_cpu_clock = getattr(time, "thread_time", time.process_time)


@dataclass
class _Deadline:
    """When a file's budget runs out, in CPU and wall-clock time."""

    cpu_at: float
    wall_at: float
    seconds: float
    extended: bool = False

    def shift(self, cpu: float, wall: float) -> None:
        self.cpu_at += cpu
        self.wall_at += wall


# The deadline of the file being checked in this thread (None: no budget).
_deadline: ContextVar[_Deadline | None] = ContextVar("noiselint_deadline", default=None)


def wall_seconds(seconds: float) -> float:
    """The wall-clock bound of a CPU-time budget of `seconds`."""
    return max(seconds * WALL_FACTOR, WALL_MINIMUM)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Run the block under a budget of `seconds` of CPU time; inside another budget, the
    outer one holds (the fix loop lints a file several times on one budget)."""
    if _deadline.get() is not None or not seconds or seconds <= 0:
        yield
        return
    token = _deadline.set(_Deadline(_cpu_clock() + seconds, time.monotonic() + wall_seconds(seconds), seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


ONCE = "importing Keras/TensorFlow (once per run)"


class Charge:
    """What `paused` yields: `keep()` charges the block's time to the file after all (the
    quick pass, whose work is the file's when its findings are final: engine.py)."""

    __slots__ = ("kept",)

    def __init__(self) -> None:
        self.kept = False

    def keep(self) -> None:
        self.kept = True


@contextmanager
def paused(once: bool = False) -> Iterator[Charge]:
    """One-time costs of the run (importing TensorFlow, `once`) are not charged to the file
    that happens to need them first (nor counted in its analysis time for `--verbose`)."""
    current = _deadline.get()
    cpu, wall = _cpu_clock(), time.monotonic()
    charge = Charge()
    try:
        if once:
            with stage(ONCE):
                yield charge
        else:
            yield charge
    finally:
        if current is not None and not charge.kept:
            current.shift(_cpu_clock() - cpu, time.monotonic() - wall)


def overtime(fraction: float = 0.5) -> bool:
    """Extend the file's spent budget once, by `fraction` of it: when the shape stage runs
    out, the rules that need no shapes still get to run. False if already extended."""
    current = _deadline.get()
    if current is None or current.extended:
        return False
    current.cpu_at = _cpu_clock() + current.seconds * fraction
    current.wall_at = time.monotonic() + wall_seconds(current.seconds) * fraction
    current.extended = True
    return True


def check() -> None:
    current = _deadline.get()
    if current is None:
        return
    if _cpu_clock() > current.cpu_at:
        raise TooComplex(f"checking it took longer than its time budget of {current.seconds:g} s (CPU time)")
    if time.monotonic() > current.wall_at:
        raise TooComplex(f"checking it took longer than {wall_seconds(current.seconds):g} s of wall-clock time, "
                         f"the last-resort bound above its CPU-time budget of {current.seconds:g} s")


class StepMeter:
    """Counts steps against a limit, and looks at the clock now and then."""

    __slots__ = ("due", "limit", "steps")

    def __init__(self, limit: int) -> None:
        self.limit, self.steps = limit, 0
        self.due = min(_CLOCK_EVERY, limit + 1)  # see `reached`

    def spend(self, restart: bool = False) -> bool:
        """One step; False once the limit is passed. `restart` begins a new count."""
        if restart:
            self.steps = 0
        self.steps += 1
        if not self.steps % _CLOCK_EVERY:
            check()
        return self.steps <= self.limit

    def first(self) -> bool:
        """`spend(restart=True)`: a new count's first step (which never looks at the clock)."""
        self.steps = 1
        return self.limit >= 1

    def reached(self) -> bool:
        """`spend` for the hottest counter (the interpreter's expressions), without a call per
        step: its owner adds each step itself (`steps += 1`, never setting `steps` otherwise)
        and calls this only when `steps` reaches `due`, the next step at which `spend` would
        look at the clock or answer False. The same looks and the same answer as `spend`."""
        steps = self.steps
        if not steps % _CLOCK_EVERY:
            check()
        if steps > self.limit:
            self.due = steps + 1
            return False
        self.due = min(steps - steps % _CLOCK_EVERY + _CLOCK_EVERY, self.limit + 1)
        return True


def fits(op: str, left: object, right: object) -> bool:
    """Whether `left <op> right` on plain values stays within the value budgets; asked
    before computing it, so `9 ** 9 ** 9` or `"ab" * 10 ** 9` is never built."""
    if type(left) is bool or type(right) is bool:
        left, right = int(left), int(right)  # type: ignore[call-overload]
    if isinstance(left, int) and isinstance(right, int):
        if op == "pow":
            if abs(left) <= 1 or right <= 0:
                return True
            return left.bit_length() * right <= MAX_INT_BITS
        if op == "mul":
            return left.bit_length() + right.bit_length() <= MAX_INT_BITS
        return max(left.bit_length(), right.bit_length()) < MAX_INT_BITS
    if op == "mul":
        for text, times in ((left, right), (right, left)):
            if isinstance(text, (str, bytes)) and isinstance(times, int):
                return len(text) * max(times, 0) <= MAX_ELEMENTS
    if op == "add" and isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
        return len(left) + len(right) <= MAX_ELEMENTS
    return True


def number_fits(value: object) -> bool:
    if isinstance(value, int):
        return value.bit_length() <= MAX_INT_BITS
    if isinstance(value, (str, bytes)):
        return len(value) <= MAX_ELEMENTS
    return True


def too_many(values: object, times: int = 1, limit: int = MAX_ELEMENTS) -> bool:
    """Whether `times` copies of `values` (anything with `.items`, or a list of such) hold
    more than `limit` items, nested items counted."""
    return size(values, limit) * max(times, 0) > limit


def size(value: object, limit: int = MAX_ELEMENTS) -> int:
    """The items in `value`, nested items counted; counting stops just past `limit`."""
    stack, count = [(value, 1)], 0
    while stack and count <= limit:
        current, copies = stack.pop()
        items = current if isinstance(current, (list, tuple)) else getattr(current, "items", None)
        if isinstance(items, (list, tuple)):
            count += len(items) * copies
            # Items shared by reference (`(t,) * 4`) are counted once per reference.
            stack.extend((item, copies) for item in items if isinstance(item, (list, tuple)) or hasattr(item, "items"))
    return count


def abbreviate_numbers(text: str, longest: int = 24) -> str:
    """A message with each run of more than `longest` digits shortened."""
    return re.sub(rf"\d{{{longest + 1},}}",
                  lambda m: f"{m.group()[:6]}…({len(m.group()):,} digits)", text)


# Where one file's time goes (`--verbose`): each stage's own seconds (a stage inside another
# is not charged to the outer one) and the slowest construct a stage named.
SLOW_FILE_SECONDS = 1.0


@dataclass
class FileClock:
    """Where a file's time went, stage by stage (`--verbose`)."""

    stages: dict[str, float]
    current: str
    since: float
    started: float
    slowest: tuple[float, str] = (0.0, "")

    def switch(self, name: str) -> str:
        now = time.monotonic()
        self.stages[self.current] = self.stages.get(self.current, 0.0) + now - self.since
        self.since, outer, self.current = now, self.current, name
        return outer

    def report(self) -> str | None:
        """Why the file took over `SLOW_FILE_SECONDS`, or None when it did not."""
        self.switch(self.current)
        total = time.monotonic() - self.started - self.stages.get(ONCE, 0.0)
        if total <= SLOW_FILE_SECONDS:
            return None
        stages = sorted(((s, n) for n, s in self.stages.items() if s >= 0.05), reverse=True)
        parts = ", ".join(f"{n} {s:.1f} s" for s, n in stages)
        construct = f"; slowest construct: {self.slowest[1]} ({self.slowest[0]:.1f} s)" if self.slowest[1] else ""
        return f"{total:.1f} s of analysis: {parts}{construct}"  # ONCE, if any, is in `parts`


_clock: ContextVar[FileClock | None] = ContextVar("noiselint_clock", default=None)


@contextmanager
def clocked(on: bool) -> Iterator[FileClock | None]:
    """Time the stages of one file (None when `on` is false: nothing is measured)."""
    if not on:
        yield None
        return
    now = time.monotonic()
    clock = FileClock({}, "other", now, now)
    token = _clock.set(clock)
    try:
        yield clock
    finally:
        _clock.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Charge the block's time to the stage `name` of the file being clocked."""
    clock = _clock.get()
    if clock is None:
        yield
        return
    outer = clock.switch(name)
    try:
        yield
    finally:
        clock.switch(outer)


def clocking() -> bool:
    return _clock.get() is not None


def construct_took(seconds: float, describe: Callable[[], str]) -> None:
    """One construct (a statement, a rule) took `seconds`; the slowest is kept, described
    only when it is the slowest so far."""
    clock = _clock.get()
    if clock is not None and seconds > clock.slowest[0]:
        clock.slowest = (seconds, describe())
