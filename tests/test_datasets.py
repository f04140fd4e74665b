"""The built-in dataset table (apis/datasets.py) against Keras's own documentation: each
loader's docstring, read from the installed Keras's source (nothing is imported or
downloaded). The same words are on keras.io/api/datasets."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from noiselint.apis.datasets import DATASETS, dataset_for, split


def _loader_source(name: str) -> str:
    spec = importlib.util.find_spec("keras")
    assert spec is not None and spec.submodule_search_locations
    root = Path(next(iter(spec.submodule_search_locations)))
    return (root / "src" / "datasets" / f"{name}.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10", "cifar100"])
def test_image_datasets_have_the_documented_shapes(name: str) -> None:
    text = _loader_source(name)
    documented = {k: tuple(int(d) for d in re.findall(r"\d+", v))
                  for k, v in re.findall(r"assert (\w+)\.shape == (\([\d, ]+\))", text)}
    entry = DATASETS[name]
    train, test = split(entry, None, False)  # type: ignore[misc]
    assert documented == {"x_train": (train, *entry.x), "x_test": (test, *entry.x),
                          "y_train": (train, *entry.y), "y_test": (test, *entry.y)}


@pytest.mark.parametrize(("name", "features"), [("boston_housing", 13), ("california_housing", 8)])
def test_tabular_datasets_have_the_documented_shapes(name: str, features: int) -> None:
    text = _loader_source(name)
    assert f"with shape `(num_samples, {features})`" in text
    assert "of shape `(num_samples,)`" in text
    # The split noiselint computes is the loader's own slice.
    assert "x_train = np.array(x[: int(len(x) * (1 - test_split))])" in text
    assert "test_split=0.2" in text
    entry = DATASETS[name]
    assert entry.x == (features,) and entry.y == ()


def test_california_sample_counts_are_documented() -> None:
    text = _loader_source("california_housing")
    assert "contains 600 samples, the large version contains\n            20,640 samples" in text
    assert split(DATASETS["california_housing"], 0.2, False) == (16512, 4128)
    assert split(DATASETS["california_housing"], 0.2, True) == (480, 120)


def test_boston_sample_count_is_not_claimed() -> None:
    assert split(DATASETS["boston_housing"], 0.2, False) is None


@pytest.mark.parametrize("qualified", ["keras.datasets.mnist.load_data", "tensorflow.keras.datasets.mnist.load_data",
                                       "tf_keras.datasets.mnist.load_data"])
def test_import_paths(qualified: str) -> None:
    assert dataset_for(qualified) is DATASETS["mnist"]


def test_sequence_datasets_are_not_tables() -> None:
    assert dataset_for("keras.datasets.imdb.load_data") is None
