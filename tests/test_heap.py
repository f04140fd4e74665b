"""The run's heap settings (noiselint/heap.py)."""

from __future__ import annotations

import gc

from noiselint import heap


def test_settle_makes_young_collections_rarer_than_pythons_default() -> None:
    before = gc.get_threshold()
    try:
        heap.settle()
        assert gc.get_threshold() == heap.THRESHOLDS
        assert heap.THRESHOLDS[0] > 700  # Python's default: about 5% of a cold keras-io run in the collector
    finally:
        gc.set_threshold(*before)
