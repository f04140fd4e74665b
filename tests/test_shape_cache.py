"""The shape cache: keyed by everything the answer depends on, written atomically, read
defensively, and enough on its own for a warm run (no Keras import)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from noiselint import installed
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.shapes.cache import CACHE_FORMAT, ShapeAnswer, ShapeCache, ShapeQuestion
from noiselint.shapes.oracle import KerasShapes
from noiselint.shapes.specs import LayerSpec
from noiselint.syntax import nodes

QUESTION = ShapeQuestion("Dense", {"units": 10}, ((None, 20, 32),))
ANSWER = ShapeAnswer(((None, 20, 10),))


def entries(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.json"))


def test_round_trip(tmp_path: Path) -> None:
    cache = ShapeCache(tmp_path)
    assert cache.get(QUESTION) is None
    cache.put(QUESTION, ANSWER)
    assert cache.get(QUESTION) == ANSWER
    refusal = ShapeQuestion("Conv2D", {"filters": 1, "kernel_size": 9}, ((None, 4, 4, 1),))
    cache.put(refusal, ShapeAnswer(None, "Computed output size would be zero or negative."))
    assert cache.get(refusal) == ShapeAnswer(None, "Computed output size would be zero or negative.")


def test_the_key_covers_everything_the_answer_depends_on(tmp_path: Path) -> None:
    cache = ShapeCache(tmp_path, version="3.15.1")
    keys = {
        cache.key(QUESTION),
        cache.key(ShapeQuestion("Dense", {"units": 11}, ((None, 20, 32),))),
        cache.key(ShapeQuestion("Dense", {"units": 10}, ((None, 20, 33),))),
        cache.key(ShapeQuestion("Dense", {"units": 10}, ((None, 20, 32), (None, 1)))),
        cache.key(ShapeQuestion("EinsumDense", {"units": 10}, ((None, 20, 32),))),
        ShapeCache(tmp_path, version="3.16.0").key(QUESTION),
    }
    assert len(keys) == 6
    # The order keyword arguments were written in does not matter.
    a = ShapeQuestion("Conv1D", {"filters": 4, "kernel_size": 3}, ((None, 9, 2),))
    b = ShapeQuestion("Conv1D", {"kernel_size": 3, "filters": 4}, ((None, 9, 2),))
    assert cache.key(a) == cache.key(b)


def test_layout_on_disk(tmp_path: Path) -> None:
    cache = ShapeCache(tmp_path)
    cache.put(QUESTION, ANSWER)
    (entry,) = entries(tmp_path)
    key = cache.key(QUESTION)
    assert entry == tmp_path / cache.version / key[:2] / f"{key}.json"
    magic, mac, payload = entry.read_bytes().split(b"\n", 2)  # signed: cache_files.py
    assert magic == b"noiselint-cache-v2" and len(mac) == 64
    assert json.loads(payload) == {"outputs": [[None, 20, 10]], "error": None, "error_type": None}
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == "*"
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temporary file left behind
    assert CACHE_FORMAT == 3


def test_keras_version_comes_from_package_metadata_without_importing_it() -> None:
    assert installed.version("keras") == metadata.version("keras")


@pytest.mark.parametrize("content", ["", "{", "[]", '{"outputs": [[-1]]}', '{"outputs": "x"}',
                                     '{"outputs": [[1.5]]}', '{"outputs": null, "error": 3}'])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, content: str) -> None:
    cache = ShapeCache(tmp_path)
    cache.put(QUESTION, ANSWER)
    (entry,) = entries(tmp_path)
    entry.write_text(content)
    assert cache.get(QUESTION) is None


def test_an_unwritable_directory_is_reported_once_and_never_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = ShapeCache(blocker / "cache")
    cache.put(QUESTION, ANSWER)
    cache.put(ShapeQuestion("Dense", {"units": 2}, ((None, 1),)), ANSWER)
    assert len(cache.problems) == 1 and cache.problems[0].startswith("cannot write the shape cache in ")
    oracle = KerasShapes(cache, load=lambda: "unused")
    assert oracle.warnings() == tuple(cache.problems)
    assert oracle.warnings() == ()


def test_a_warm_oracle_never_loads_keras(tmp_path: Path) -> None:
    cold = KerasShapes(ShapeCache(tmp_path))
    dense = LayerSpec("Dense", nodes.Name("d"), (("units", 10), ("activation", "relu")))
    first = cold.output_shapes(dense, ((None, 20, 32),), True)

    def refuse() -> str:
        raise AssertionError("a warm run must not import Keras")

    warm = KerasShapes(ShapeCache(tmp_path), load=refuse)
    assert warm.output_shapes(dense, ((None, 20, 32),), True) == first
    # Arguments that do not decide the shape are not part of the question.
    relu_free = LayerSpec("Dense", nodes.Name("d"), (("units", 10), ("name", "head")))
    assert warm.output_shapes(relu_free, ((None, 20, 32),), True).outputs == ((None, 20, 10),)


def test_keras_refusals_are_cached_too(tmp_path: Path) -> None:
    conv = LayerSpec("Conv2D", nodes.Name("c"), (("filters", 4), ("kernel_size", 30), ("data_format", "channels_last")))
    cold = KerasShapes(ShapeCache(tmp_path)).output_shapes(conv, ((None, 20, 20, 3),), True)
    assert cold.outputs is None and cold.reason is not None and "zero or negative" in cold.reason
    warm = KerasShapes(ShapeCache(tmp_path), load=lambda: "unused").output_shapes(conv, ((None, 20, 20, 3),), True)
    assert warm == cold


def test_settings_choose_the_cache(tmp_path: Path) -> None:
    # Attention has no written-out formula: its shape is Keras's, and cached.
    text = ("import keras\nx = keras.Input((4, 2))\nx = keras.layers.Attention()([x, x])\n"
            "y = keras.layers.Dropout(0.5, noise_shape=(None, 1, 4))(x)\n")
    from noiselint.engine import lint_text, selected_rules
    from noiselint.files.source import SourceFile

    def lint(settings: Settings) -> None:
        lint_text(SourceFile("m.py", text), selected_rules(settings), shape_inference(settings))

    lint(Settings(project_root=str(tmp_path), cache_dir="here"))
    assert entries(tmp_path / "here" / "shapes")
    lint(Settings(project_root=str(tmp_path), cache_dir="off", no_cache=True))
    assert not (tmp_path / "off").exists()
    assert shape_inference(Settings(shapes=False)) is None  # --no-shapes


def test_parallel_writers_leave_whole_entries(tmp_path: Path) -> None:
    """Workers (`--jobs`) racing on one entry: each write is a rename, never a torn file."""
    code = ("from pathlib import Path\nfrom noiselint.shapes.cache import ShapeAnswer, ShapeCache, ShapeQuestion\n"
            f"cache = ShapeCache(Path({str(tmp_path)!r}))\n"
            "for _ in range(50):\n"
            "    cache.put(ShapeQuestion('Dense', {'units': 10}, ((None, 20, 32),)), ShapeAnswer(((None, 20, 10),)))\n")
    workers = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(4)]
    assert [w.wait() for w in workers] == [0, 0, 0, 0]
    assert ShapeCache(tmp_path).get(QUESTION) == ANSWER
    assert len(list(tmp_path.rglob("*.json"))) == 1


def test_a_refusal_keeps_the_error_type_and_a_reused_layer_is_its_own_question(tmp_path: Path) -> None:
    cache = ShapeCache(tmp_path)
    refusal = ShapeQuestion("Dense", {"units": 4}, ((None, 5),), built_on=((None, 3),))
    assert cache.key(refusal) != cache.key(ShapeQuestion("Dense", {"units": 4}, ((None, 5),)))
    cache.put(refusal, ShapeAnswer(None, "Input 0 ... expected axis -1 ...\nsecond line", "ValueError"))
    assert cache.get(refusal) == ShapeAnswer(None, "Input 0 ... expected axis -1 ...\nsecond line", "ValueError")
