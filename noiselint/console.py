"""The `noiselint` console script. The CPUs' ticks are taken before the imports, as
`python -m noiselint` takes them (`__main__.py`): `--jobs` auto measures the idle CPUs over
the imports and the finding of the files, not over a sleep of up to a tenth of a second."""


def main() -> int:
    from noiselint.workers import load_sample

    started = load_sample()

    from noiselint import heap

    with heap.importing():
        from noiselint.cli import main as check

    return check(started=started)
