"""NL005 malformed-noise-shape: see rules/NL005.md."""

from __future__ import annotations

import re
from collections.abc import Iterator

from noiselint.apis.dropout import NoiseShape
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq, Value

from .base import Finding, Invalid, SiteContext, SiteRule, Valid
from .noise_shape import literal_element, noise_shape_value

# Compiled by `re` (its cache) for the first call in a mask, not at import.
_NUMPY_INT = r"numpy\.u?int(8|16|32|64)?"


class MalformedNoiseShape(SiteRule):
    code = "NL005"
    summary = "noise_shape is not a sequence of positive integers and None"

    valid = (
        Valid("tuple", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)\n"),
        Valid("list", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=[None, 1, 8])(x)\n"),
        Valid("none", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=None)(x)\n"),
        Valid("tensor-in-tf-nn", """
            import tensorflow as tf
            y = tf.nn.dropout(x, 0.5, noise_shape=tf.shape(x))
            """, why="a shape tensor is what tf.nn.dropout expects"),
    )
    invalid = (
        Invalid("scalar", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=8)(x)\n",
                message="is the number 8, not a shape"),
        Invalid("minus-one", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(-1, 1, 8))(x)\n",
                message="use `None`, not -1"),
        Invalid("zero", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 0, 8))(x)\n",
                message="element 1 is 0"),
        Invalid("float", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 1.0, 8))(x)\n",
                message="element 1 is the float 1.0"),
        Invalid("string", "from keras import layers\ny = layers.Dropout(0.5, noise_shape='None,1,8')(x)\n",
                message="is a string"),
        Invalid("numpy-int", """
            import numpy as np
            from keras import layers
            y = layers.Dropout(0.5, noise_shape=(None, 1, np.int64(8)))(x)
            """, message="element 2 is the numpy integer `np.int64(8)`"),
        Invalid("bool", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, True, 8))(x)\n",
                message="element 1 is True, a bool: Keras reads it as 1"),
        Invalid("nested", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=((None, 1), 8))(x)\n",
                message="element 0 is a nested sequence"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        if ctx.site.api.noise_shape is NoiseShape.REJECTED:
            return  # NL008 reports the argument itself
        found = noise_shape_value(ctx)
        if found is None:
            return
        node, value = found
        consequence = self._consequence(ctx)
        if isinstance(value, Const):
            problem = self._whole(value)
            if problem is not None:
                yield Finding(node, f"`noise_shape` {problem}, not a shape: {consequence}")
            return
        if not isinstance(value, Seq):
            return
        for index, item in enumerate(value.items):
            at = literal_element(node, index)
            if isinstance(item, Const) and isinstance(item.value, bool):
                # Keras accepts a bool (it is an int), so this is a typo, not a crash.
                yield Finding(at or node, f"`noise_shape` element {index} is {item.value}, a bool: "
                                          f"Keras reads it as {int(item.value)}; write the size")
                continue
            problem = self._element(item) or self._numpy_int(ctx, at)
            if problem is not None:
                yield Finding(at or node, f"`noise_shape` element {index} {problem}: {consequence}")

    def _whole(self, value: Const) -> str | None:
        raw = value.value
        if raw is None:
            return None
        if isinstance(raw, str):
            return f"is a string ({raw!r})"
        if isinstance(raw, bool):
            return f"is {raw}"
        return f"is the number {raw!r}"

    def _element(self, item: Value) -> str | None:
        if isinstance(item, Seq):
            return "is a nested sequence"
        if not isinstance(item, Const) or item.value is None:
            return None
        raw = item.value
        if isinstance(raw, int):
            if raw == -1:
                return "is -1: use `None`, not -1, for an axis that takes the input's size"
            return f"is {raw}, but sizes must be positive" if raw <= 0 else None
        if isinstance(raw, float):
            return f"is the float {raw!r}, not an int"
        return f"is {raw!r}, not an int or None"

    def _numpy_int(self, ctx: SiteContext, node: cst.BaseExpression | None) -> str | None:
        """`np.int64(32)`: Keras >= 3.13 accepts only Python ints (keras-facts §1.1)."""
        if not isinstance(node, cst.Call) or not self._keras3_dropout(ctx):
            return None
        names = ctx.parsed.qualified_names(node.func)
        if any(re.fullmatch(_NUMPY_INT, name) for name in names):
            return f"is the numpy integer `{ctx.snippet(node)}`, not a Python int"
        return None

    def _keras3_dropout(self, ctx: SiteContext) -> bool:
        api = ctx.site.api
        return api.is_layer and api.family == "keras3" and api.label == "Dropout"

    def _consequence(self, ctx: SiteContext) -> str:
        if self._keras3_dropout(ctx):
            return "Keras >= 3.13 raises a ValueError when the layer is constructed"
        return f"{ctx.site.api.label} fails when dropout runs"
