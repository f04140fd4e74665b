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
