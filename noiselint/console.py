"""The `noiselint` console script, and what `python -m noiselint` runs once it has taken the
linted tree off the import path (`__main__.py`). The CPUs' ticks are taken before the imports:
`--jobs` auto measures the idle CPUs over the imports and the finding of the files, not over a
sleep of up to a tenth of a second."""


def main() -> int:
    from noiselint.workers import load_sample

    started = load_sample()

    from noiselint import heap

    with heap.importing():
        from noiselint.cli import main as check

    return check(started=started)
