"""How the shape rules (NL002, NL003, NL010) write shapes and axes in their messages."""

from __future__ import annotations

from collections.abc import Sequence

from noiselint.shapes.facts import Shape
from noiselint.values.kinds import Const, Seq, TensorDim


def shape_text(shape: Sequence[object]) -> str:
    """`(None, 20, 32)`, `(256,)`: as Python (and Keras) print a shape."""
    parts = ["None" if d is None else str(d) for d in shape]
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def noise_text(value: Seq) -> str:
    """A noise_shape as written, with `?` for an element that is not static (a run-time
    size such as `tf.shape(x)[0]` as written)."""
    return shape_text([repr(i.value) if isinstance(i, Const) else i.text if isinstance(i, TensorDim) else "?"
                       for i in value.items])


def axes_text(axes: Sequence[int]) -> str:
    """`axis 1`, `axes 1 and 2`, `axes 1, 2 and 3`."""
    if len(axes) == 1:
        return f"axis {axes[0]}"
    return f"axes {', '.join(map(str, axes[:-1]))} and {axes[-1]}"


def sizes_text(shape: Shape, axes: Sequence[int]) -> str:
    sizes = ["None" if shape[a] is None else str(shape[a]) for a in axes]
    return f"size{'s' if len(sizes) > 1 else ''} {', '.join(sizes)}"
