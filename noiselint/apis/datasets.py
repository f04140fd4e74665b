"""The Keras built-in datasets whose array shapes are documented facts: `load_data()`
returns `(x_train, y_train), (x_test, y_test)` of these shapes (keras.io/api/datasets, and
the same words in each loader's docstring, which tests/test_datasets.py reads from the
installed Keras). Datasets of variable-length sequences (`imdb`, `reuters`) are not here:
their arrays hold Python lists, whose shape is not an array shape."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dataset:
    """The shapes and sizes of one of Keras's built-in datasets."""

    name: str
    samples: int | None  # in the whole file, before the split (= train + test); None: not documented
    train: int | None  # train samples with the default arguments (None: split by `test_split`)
    x: tuple[int, ...]  # one sample
    y: tuple[int, ...]  # one label
    # A split by `test_split` (boston_housing, california_housing): the loader keeps
    # `int(samples * (1 - test_split))` for training (their source, `x[: int(len(x) * ...)]`).
    test_split: float | None = None
    # california_housing: `version="small"` keeps the first 600 samples.
    small: int | None = None
    # The loader's parameters in order, as Keras 3 names them (tf_keras adds `cache_dir`
    # after them): a positional argument is read by its position here.
    parameters: tuple[str, ...] = ()


DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("mnist", 70000, 60000, (28, 28), (), parameters=("path",)),
    Dataset("fashion_mnist", 70000, 60000, (28, 28), ()),
    # Labels are a column (`np.reshape(y_train, (len(y_train), 1))` in cifar10.py); the
    # images are channels_last unless keras.json says otherwise (Keras's default).
    Dataset("cifar10", 60000, 50000, (32, 32, 3), (1,)),
    Dataset("cifar100", 60000, 50000, (32, 32, 3), (1,), parameters=("label_mode",)),
    # Keras does not document how many samples the file holds: the split sizes stay unknown.
    Dataset("boston_housing", None, None, (13,), (), test_split=0.2, parameters=("path", "test_split", "seed")),
    Dataset("california_housing", 20640, None, (8,), (), test_split=0.2, small=600,
            parameters=("version", "path", "test_split", "seed")),
)}

# The modules users reach them through, before the dataset's name.
PREFIXES = ("keras.datasets.", "tensorflow.keras.datasets.", "tf_keras.datasets.", "keras.src.datasets.",
            "tensorflow.python.keras.datasets.", "tensorflow.compat.v1.keras.datasets.",
            "tensorflow.compat.v2.keras.datasets.")


def dataset_for(qualified: str) -> Dataset | None:
    """`keras.datasets.mnist.load_data` -> mnist's entry."""
    if not qualified.endswith(".load_data"):  # asked of every library call the interpreter meets
        return None
    for prefix in PREFIXES:
        if qualified.startswith(prefix):
            return DATASETS.get(qualified[len(prefix):-len(".load_data")])
    return None


def split(dataset: Dataset, test_split: float | None, small: bool) -> tuple[int, int] | None:
    """Train and test sample counts for these arguments; None when they are not known."""
    if dataset.test_split is None:
        if dataset.train is None or dataset.samples is None:
            return None
        return dataset.train, dataset.samples - dataset.train
    total = dataset.small if small and dataset.small is not None else dataset.samples
    if test_split is None or not 0 <= test_split < 1 or total is None:
        return None
    train = int(total * (1 - test_split))
    return train, total - train
