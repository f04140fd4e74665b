"""The `noiselint` console script, and what `python -m noiselint` runs once it has taken the
linted tree off the import path (`__main__.py`). The CPUs' ticks are taken before the imports:
`--jobs` auto measures the idle CPUs over the imports and the finding of the files, not over a
sleep of the whole window (`workers._SAMPLE_SECONDS`)."""


def main() -> int:
    from noiselint import heap  # a small module: gc and contextlib

    # The collector is held off from the first import on: the standard library's modules that
    # `workers` brings (dataclasses, inspect, pathlib, typing) set off a dozen collections,
    # 5 ms of every start, before the command line's.
    with heap.importing():
        from noiselint import dataclass_code

        # Before the first dataclass: their methods' compiled code is kept between runs.
        methods = dataclass_code.install()
        from noiselint.workers import load_sample

        started = load_sample()
        from noiselint.cli import main as check

    try:
        return check(started=started)
    finally:
        if methods is not None:
            methods.save()


def run() -> int:
    """The `noiselint` console script (pyproject's `[project.scripts]`): `main`, then an end
    without Python's teardown (freeing every module and object: 3% of a small tree's check)
    when nothing else is due at exit. `python -m noiselint` and callers in a process of their
    own (the tests read the interpreter after a run) keep the teardown."""
    code = main()
    end_now(code)
    return code  # something was due at exit: Python's own end, as `sys.exit(code)`


def end_now(code: int) -> None:
    """End the process with `code` now, unless something is due at exit: a callback `atexit`
    holds (multiprocessing's for the workers, logging's, a `weakref.finalize`), a thread that
    is not a daemon, or output that cannot be written out (Python's own end reports a broken
    pipe as it always has)."""
    import atexit
    import os
    import sys

    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count; elsewhere, the usual end
    if callbacks is None or callbacks():
        return
    threading = sys.modules.get("threading")
    if threading is not None and any(t.is_alive() and not t.daemon and t is not threading.main_thread()
                                     for t in threading.enumerate()):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)

