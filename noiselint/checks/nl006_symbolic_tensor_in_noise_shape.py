"""NL006 symbolic-tensor-in-noise-shape: see rules/NL006.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.apis.dropout import BatchFix, NoiseShape
from noiselint.diagnostics import Fix
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Seq, TensorDim

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid
from .noise_shape import describe_dim, element_at_fault, noise_shape_value, replace_element


class SymbolicTensorInNoiseShape(SiteRule):
    code = "NL006"
    summary = "A TensorFlow op such as tf.shape(x)[0] inside a Keras layer's noise_shape"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("tf-nn-dropout", """
            import tensorflow as tf
            batch_size = tf.shape(x)[0]
            y = tf.nn.dropout(x, 0.5, noise_shape=[batch_size, 1, 8])
            """, why="tf.nn.dropout runs on real tensors: tf.shape(x)[0] is the idiom"),
        Valid("keras-ops-shape", """
            import keras
            inp = keras.Input((10, 8))
            y = keras.layers.Dropout(0.5, noise_shape=(keras.ops.shape(inp)[0], 1, 8))(inp)
            """, why="keras.ops.shape of a KerasTensor is a static tuple with None"),
    )
    invalid = (
        Invalid("tf-shape", """
            import tensorflow as tf
            inp = tf.keras.Input((10, 8))
            y = tf.keras.layers.Dropout(0.5, noise_shape=(tf.shape(inp)[0], 1, 8))(inp)
            """, message="`tf.shape(inp)[0]`", fixed="""
            import tensorflow as tf
            inp = tf.keras.Input((10, 8))
            y = tf.keras.layers.Dropout(0.5, noise_shape=(None, 1, 8))(inp)
            """),
        Invalid("through-a-name", """
            import tensorflow as tf
            from keras import layers
            inp = layers.Input((10, 8))
            batch_size = tf.shape(inp)[0]
            y = layers.Dropout(0.5, noise_shape=[batch_size, 1, 8])(inp)
            """, message="from `batch_size` on line 4", fixed="""
            import tensorflow as tf
            from keras import layers
            inp = layers.Input((10, 8))
            batch_size = tf.shape(inp)[0]
            y = layers.Dropout(0.5, noise_shape=[None, 1, 8])(inp)
            """),
        Invalid("whole-shape", """
            import tensorflow as tf
            inp = tf.keras.Input((10, 8))
            y = tf.keras.layers.Dropout(0.5, noise_shape=tf.shape(inp))(inp)
            """, message="is the TensorFlow value `tf.shape(inp)`"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        api = ctx.site.api
        found = noise_shape_value(ctx)
        if not api.is_layer or api.noise_shape is NoiseShape.REJECTED or found is None:
            return
        node, value = found
        if isinstance(value, TensorDim) or (isinstance(node, (cst.Call, cst.Subscript)) and isinstance(value, Seq)
                                            and any(isinstance(i, TensorDim) for i in value.items)):
            # A whole tensor (`tf.shape(x)[1:]`, `tf.concat(...)`, with entries values/shape_ops.py
            # counted): one finding, and no element of it to replace.
            text = value.text if isinstance(value, TensorDim) else ctx.snippet(node)
            yield Finding(node, f"`noise_shape` is the TensorFlow value `{text}`"
                                f"{describe_dim(value)}: {self._consequence()}")
            return
        if not isinstance(value, Seq):
            return
        for index, item in enumerate(value.items):
            if not isinstance(item, TensorDim):
                continue
            fix: Fix | None = None
            if api.batch_fix is BatchFix.NONE:
                fix = replace_element(ctx, node, value, index, "None")
            advice = "use `None`" if api.batch_fix is BatchFix.NONE else (
                f"this {api.label} does not resolve `None` either: use `keras.layers.AlphaDropout` "
                f"with `None`")
            yield Finding(element_at_fault(node, index), f"`noise_shape` element {index} is `{item.text}`"
                                f"{describe_dim(item)}, a TensorFlow op on a symbolic "
                                f"tensor: {self._consequence()}; {advice}", fix)

    def _consequence(self) -> str:
        # The TF op runs on the KerasTensor as the arguments are evaluated: before the layer
        # exists (tests/test_when_ground_truth.py).
        return ("Keras 3 raises 'A KerasTensor cannot be used as input to a TensorFlow "
                "function' when this line runs, before the layer is constructed (tf-keras fails later, in fit)")
