"""NumPy's shape rules, written out: the shape an array operation gives for input shapes,
or the error NumPy raises, never allocating the array. A size is an int, or None when it
is not known statically; a rule that depends on an unknown size answers None rather than
guess. Held to NumPy by a Hypothesis test (tests/test_array_shapes.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Dims = tuple[int | None, ...]

ELLIPSIS = "..."
NEWAXIS = "newaxis"
UNKNOWN_INT = "int?"  # an integer index whose value is not static: it drops its axis
UNKNOWN_SLICE = "slice?"  # a slice whose bounds are not static: the axis size is unknown


@dataclass(frozen=True)
class ArrayError:
    """What NumPy raises for these shapes: exception type and NumPy's own message."""

    type: str
    message: str


def size(dims: Dims) -> int | None:
    """The number of elements, when every size is known."""
    if any(d is None for d in dims):
        return None
    return math.prod(dims)  # type: ignore[arg-type]


def show(dims: Dims) -> str:
    """A shape as NumPy prints it (`(60000, 28, 28)`, `(10,)`), `?` for an unknown size."""
    text = ", ".join("?" if d is None else str(d) for d in dims)
    return f"({text},)" if len(dims) == 1 else f"({text})"


def reshape(dims: Dims, new: Sequence[int | None]) -> Dims | ArrayError | None:
    """`a.reshape(new)`; `None` in `new` is a size that is not static. None: not known.
    NumPy infers any negative size, not only -1 (`reshape(-2, 3)` is `reshape(-1, 3)`)."""
    written = list(new)
    wanted = [-1 if d is not None and d < 0 else d for d in written]
    if sum(1 for d in wanted if d == -1) > 1:
        return ArrayError("ValueError", "can only specify one unknown dimension")
    total = size(dims)
    known = [d for d in wanted if d is not None and d != -1]
    if None in wanted:
        # Some target size is not static: only the other sizes can be kept.
        return tuple(None if d == -1 else d for d in wanted)
    rest = math.prod(known)
    if -1 not in wanted:
        if total is not None and total != rest:
            return ArrayError("ValueError", f"cannot reshape array of size {total} into shape {_np_tuple(written)}")
        return tuple(wanted)
    if total is None:
        return tuple(None if d == -1 else d for d in wanted)
    if rest == 0 or total % rest:
        return ArrayError("ValueError", f"cannot reshape array of size {total} into shape {_np_tuple(written)}")
    return tuple(total // rest if d == -1 else d for d in wanted)


def expand_dims(dims: Dims, axes: Sequence[int]) -> Dims | ArrayError:
    """`np.expand_dims(a, axis)`, one axis or a tuple of them."""
    rank = len(dims) + len(axes)
    places = []
    for axis in axes:
        if not -rank <= axis < rank:
            return ArrayError("AxisError", f"axis {axis} is out of bounds for array of dimension {rank}")
        places.append(axis % rank)
    if len(set(places)) != len(places):
        return ArrayError("ValueError", "repeated axis")
    rest = iter(dims)
    return tuple(1 if i in places else next(rest) for i in range(rank))


def index(dims: Dims, key: Sequence[object]) -> Dims | ArrayError | None:
    """`a[key]` for basic indexing: ints, slices `(start, stop, step)`, `ELLIPSIS`, `NEWAXIS`,
    `UNKNOWN_INT`, `UNKNOWN_SLICE`. None: not known (an array used as an index)."""
    used = sum(1 for k in key if k not in (ELLIPSIS, NEWAXIS))
    if sum(1 for k in key if k == ELLIPSIS) > 1:
        return ArrayError("IndexError", "an index can only have a single ellipsis ('...')")
    if used > len(dims):
        return ArrayError("IndexError", f"too many indices for array: array is {len(dims)}-dimensional, "
                                        f"but {used} were indexed")
    expanded: list[object] = []
    for k in key:
        if k == ELLIPSIS:
            expanded.extend([(None, None, None)] * (len(dims) - used))
        else:
            expanded.append(k)
    if ELLIPSIS not in key:
        expanded.extend([(None, None, None)] * (len(dims) - used))
    out: list[int | None] = []
    axis = 0
    for k in expanded:
        if k == NEWAXIS:
            out.append(1)
            continue
        n = dims[axis]
        if k == UNKNOWN_INT:
            pass
        elif k == UNKNOWN_SLICE:
            out.append(None)
        elif isinstance(k, tuple):
            if k == (None, None, None):
                out.append(n)
            else:
                out.append(len(range(*slice(*k).indices(n))) if n is not None else None)  # type: ignore[arg-type]
        elif type(k) is int:
            if n is not None and not -n <= k < n:
                return ArrayError("IndexError", f"index {k} is out of bounds for axis {axis} with size {n}")
        else:
            return None
        axis += 1
    return tuple(out)


def broadcast(*shapes: Dims) -> Dims | ArrayError:
    """The shape of an elementwise operation. An unknown size against a known one > 1 is
    taken to be that one: where it is not, the operation raises before anything else."""
    rank = max(len(s) for s in shapes)
    padded = [(1,) * (rank - len(s)) + tuple(s) for s in shapes]
    out: list[int | None] = []
    for sizes in zip(*padded, strict=True):
        known = {d for d in sizes if d is not None and d != 1}
        if len(known) > 1:
            shown = " ".join(show(s) for s in shapes)
            return ArrayError("ValueError", f"operands could not be broadcast together with shapes {shown}")
        if known:
            out.append(known.pop())
        elif None in sizes:
            out.append(None)
        else:
            out.append(1)
    return tuple(out)


def matmul(a: Dims, b: Dims) -> Dims | ArrayError:
    """`a @ b` (np.matmul): a 1-D operand is a row (left) or a column (right) whose axis is
    dropped again; the axes before the last two broadcast. An unknown inner size is taken to
    match, as `broadcast` takes an unknown size to fit."""
    if not a or not b:
        return ArrayError("ValueError", "matmul: Input operand does not have enough dimensions")
    left = (1, *a) if len(a) == 1 else a
    right = (*b, 1) if len(b) == 1 else b
    if None not in (left[-1], right[-2]) and left[-1] != right[-2]:
        return ArrayError("ValueError", "matmul: Input operand 1 has a mismatch in its core dimension 0")
    batch = broadcast(left[:-2], right[:-2])
    if isinstance(batch, ArrayError):
        return batch
    return (*batch, *left[-2:-1][: len(a) - 1], *right[-1:][: len(b) - 1])


def concatenate(shapes: Sequence[Dims], axis: int) -> Dims | ArrayError:
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        return ArrayError("ValueError", "all the input array dimensions except for the concatenation axis "
                                        "must match exactly")
    if not -rank <= axis < rank:
        return ArrayError("AxisError", f"axis {axis} is out of bounds for array of dimension {rank}")
    axis %= rank
    out: list[int | None] = []
    for i in range(rank):
        sizes = [s[i] for s in shapes]
        if i == axis:
            out.append(None if None in sizes else sum(sizes))  # type: ignore[arg-type]
            continue
        known = {d for d in sizes if d is not None}
        if len(known) > 1:
            return ArrayError("ValueError", "all the input array dimensions except for the concatenation axis "
                                            f"must match exactly, but along dimension {i}, the arrays have "
                                            "different sizes")
        out.append(known.pop() if known else None)
    return tuple(out)


def stack(shapes: Sequence[Dims], axis: int) -> Dims | ArrayError:
    rank = len(shapes[0]) + 1
    if any(len(s) != rank - 1 for s in shapes):
        return ArrayError("ValueError", "all input arrays must have the same shape")
    if not -rank <= axis < rank:
        return ArrayError("AxisError", f"axis {axis} is out of bounds for array of dimension {rank}")
    common: list[int | None] = []
    for sizes in zip(*shapes, strict=True):
        known = {d for d in sizes if d is not None}
        if len(known) > 1:
            return ArrayError("ValueError", "all input arrays must have the same shape")
        common.append(known.pop() if known else None)
    axis %= rank
    return (*common[:axis], len(shapes), *common[axis:])


def squeeze(dims: Dims, axes: Sequence[int] | None) -> Dims | ArrayError | None:
    if not dims and axes is not None and all(a in (0, -1) for a in axes):
        return ()  # NumPy lets a 0-d array squeeze axis 0
    if axes is None:
        if None in dims:
            return None  # whether an unknown size is 1 decides the rank
        return tuple(d for d in dims if d != 1)
    places = set()
    for axis in axes:
        if not -len(dims) <= axis < len(dims):
            return ArrayError("AxisError", f"axis {axis} is out of bounds for array of dimension {len(dims)}")
        place = axis % len(dims)
        if dims[place] is not None and dims[place] != 1:
            return ArrayError("ValueError", "cannot select an axis to squeeze out which has size not equal to one")
        places.add(place)
    return tuple(d for i, d in enumerate(dims) if i not in places)


def transpose(dims: Dims) -> Dims:
    return tuple(reversed(dims))


def to_categorical(dims: Dims, num_classes: int | None) -> Dims:
    """`keras.utils.to_categorical(y, num_classes)`: a trailing axis of 1 is dropped, then
    one of `num_classes` is added (keras/src/utils/numerical_utils.py); `num_classes`
    None is `max(y) + 1`, a value noiselint does not know."""
    kept = dims[:-1] if len(dims) > 1 and dims[-1] == 1 else dims
    return (*kept, num_classes)


def _np_tuple(dims: Sequence[int | None]) -> str:
    """The new shape as NumPy's message prints it (a `-1` is printed as written: NumPy's own
    wording of it varies between versions and cases)."""
    return "(" + ",".join(str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"
