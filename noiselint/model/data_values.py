"""The data values the model-code interpreter tracks: NumPy arrays (their shape, never their
contents) and `tf.data` datasets (the shape of one element), each with where it was made,
for messages."""

from __future__ import annotations

from dataclasses import dataclass

from noiselint.syntax import nodes as cst
from noiselint.values.arrays import Dims


@dataclass(frozen=True, eq=False)
class Array:
    """A NumPy array (or a Python list the code passes as data) of shape `dims`; a `None`
    size is not known statically. `how` is the expression that gave this shape (`made` is
    its node, for the line) and `name` the variable it was bound to, when it was."""

    dims: Dims
    made: cst.CSTNode
    how: str
    name: str | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Array) and (self.dims, self.made) == (other.dims, other.made)

    def __hash__(self) -> int:
        return hash((self.dims, id(self.made)))


@dataclass(frozen=True, eq=False)
class Dataset:
    """`tf.data.Dataset.from_tensor_slices(...)`: the shapes of one element's parts (a
    tuple `(x, y)` is two parts), and whether `.batch(n)` added a batch axis."""

    parts: tuple[Array, ...]
    batched: bool
    made: cst.CSTNode
    how: str
    name: str | None = None


@dataclass(frozen=True)
class DatasetModule:
    """A Keras built-in dataset's module bound to a name (`mnist = tf.keras.datasets.mnist`),
    so that `mnist.load_data()` is known: `qualified` is its path."""

    qualified: str
