"""The heap of one run. Most of it lives as long as the process: noiselint's and libcst's
modules and, once imported, TensorFlow's (about a million objects). Each file adds a tree
that dies when the file is done. Python's cyclic collector walks every object it tracks
whenever it collects its oldest generation; objects frozen after a large import are never
walked again, which takes 15-20% off the CPU time of a run over a tree of model files.
Young collections are made rarer too: with Python's default of one per 700 allocations,
a cold run over keras-io's examples spent about 0.3 s of its 5.6 in the collector (the
language server's thresholds, server/app.py, which keep memory as flat)."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator

THRESHOLDS = (10_000, 10, 10)  # Python's defaults: (700, 10, 10)
# A run over files: young collections as above, the older generations once after each file
# (`file_done`) instead of whenever a file's trees have aged into them. Those collections walked
# the live trees of the file again and again; on keras-io's examples (`--jobs 1`) the run's CPU
# fell 4% and its peak memory from 80 to 64 MB, since each file's cycles go as the file ends.
# Young collections at most once per 100,000 allocations: nearly all of a file's objects live
# until the file ends, so those made while it is read walked the live trees to find almost
# nothing (keras-io, `--jobs 1`: 73 of them, 80-105 ms of CPU, 5,900 objects freed in all) and
# `file_done` walked the same objects again. Most files now make none; peak memory is the same.
RUN_THRESHOLDS = (100_000, 1_000, 1_000)


def settle(thresholds: tuple[int, int, int] | None = None) -> None:
    """After a large import (or before the files): free what it left behind, and keep the
    collector off the rest for good. `thresholds`: the collector's from now on; without them,
    raised to `THRESHOLDS` unless the process has raised them already (a run's, set before its
    files: a Keras import in the middle of the run keeps them)."""
    gc.collect()
    gc.freeze()
    if thresholds is not None:
        gc.set_threshold(*thresholds)
    elif gc.get_threshold()[0] < THRESHOLDS[0]:
        gc.set_threshold(*THRESHOLDS)


def file_done() -> None:
    """After a file of a run (`RUN_THRESHOLDS`): what the file left in cycles goes now."""
    gc.collect(1)



@contextlib.contextmanager
def importing() -> Iterator[None]:
    """Around a large import made before any file's own objects exist (the command line's
    modules at start, libcst and the rules before the first file is read): the collector is
    held off while it runs, and what it loaded is frozen after it, like the modules `settle`
    freezes. The collections it made took 20-35 ms of a one-file check (0.34 s CPU), and
    without the freeze the next collections walk the same objects again. Nothing is
    collected first (that heap's collection costs as much): what the import left behind
    stays. The price: a run over keras-io peaks at 85 MB, not 79. The model
    builder comes the same way, with the first file past the prefilter and before its trees
    are built (engine._import_model_builder): a freeze after the file's trees would keep
    them for the whole run (4 MB more on keras-io)."""
    if not gc.isenabled():
        yield
        return
    loaded = len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        if len(sys.modules) > loaded:  # from the second file on, the import is a lookup
            gc.freeze()
