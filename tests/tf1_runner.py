"""Runs TF 1 fixtures (fixtures/tf1/) the way TF 1 code runs: graph mode, `tf.layers`
from tf-keras (TF_USE_LEGACY_KERAS=1, set by the caller), a Session, a batch of 7.
Run as a separate process by tests/test_tf1_ground_truth.py, because
`tf.disable_v2_behavior()` changes the whole process. Prints one JSON object per
fixture: the run's error, and for each (dropout input, output) pair the fixture returns,
whether one mask served every sample and whether the output changed shape."""

from __future__ import annotations

import json
import re
import runpy
import sys
from pathlib import Path

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
BATCH = 7
SEED = 1234


def _short(error: BaseException) -> str:
    text = re.sub(r"\s+", " ", str(error)).strip()
    return f"{type(error).__name__}: {text[:300]}"


def _run(path: str) -> dict[str, object]:
    """Run a fixture. One written for TF 1.x (`import tensorflow as tf`, no `compat.v1`)
    gets `tensorflow.compat.v1` as its `tensorflow`, as TF 1 code runs under TF 2."""
    text = Path(path).read_text(encoding="utf-8")
    if "compat.v1" in text:
        return runpy.run_path(path, run_name="tf1_fixture")
    real = sys.modules["tensorflow"]
    sys.modules["tensorflow"] = tf
    try:
        return runpy.run_path(path, run_name="tf1_fixture")
    finally:
        sys.modules["tensorflow"] = real


def _batch(inputs: tf.Tensor, shape: tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    if inputs.dtype.is_integer:
        return rng.integers(0, 10, size=(BATCH, *shape)).astype(inputs.dtype.as_numpy_dtype)
    return rng.normal(size=(BATCH, *shape)).astype("float32")


def observe(path: str) -> dict[str, object]:
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(SEED)
        module = _run(path)
        try:
            inputs, pairs, output = module["build_graph"]()
        except Exception as error:  # TF 1 checks the static shapes while it builds the graph
            return {"error": "building the graph: " + _short(error), "shared": [], "grown": [], "undecided": []}
        batch = _batch(inputs, module["SAMPLE_SHAPE"])
        with tf.Session(graph=graph) as session:
            session.run(tf.global_variables_initializer())
            try:
                values = session.run([output, *(t for pair in pairs for t in pair)], {inputs: batch})
            except Exception as error:  # the failure is the observation
                return {"error": _short(error), "shared": [], "grown": [], "undecided": []}
    shared: list[str] = []
    grown: list[str] = []
    undecided: list[str] = []
    for index in range(len(pairs)):
        before, after = values[1 + 2 * index], values[2 + 2 * index]
        if after.shape != before.shape:
            grown.append(f"pair {index}: {before.shape} -> {after.shape}")
            continue
        # Where the input is non-zero in every sample, a zero in the output is a dropped
        # entry: identical drop patterns in all samples are one mask for the batch.
        alive = (before != 0).all(axis=0)
        if alive.sum() < 16:
            undecided.append(f"pair {index}: too few non-zero inputs to compare masks")
            continue
        kept = [(after[i] != 0)[alive] for i in range(BATCH)]
        if all(np.array_equal(kept[0], k) for k in kept[1:]) and not kept[0].all():
            shared.append(f"pair {index}: one mask for all {BATCH} samples of {before.shape}")
    return {"error": None, "shared": shared, "grown": grown, "undecided": undecided}


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(json.dumps({"path": path, **observe(path)}), flush=True)
