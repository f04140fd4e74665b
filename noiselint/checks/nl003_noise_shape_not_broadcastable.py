"""NL003 noise-shape-not-broadcastable: see rules/NL003.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.lint.apis import NoiseShape
from noiselint.lint.evaluate import Const, Seq

from .base import Finding, Invalid, SiteContext, SiteRule, Valid
from .noise_shape import literal_element, noise_shape_value
from .shape_words import noise_text, shape_text

_STEPS = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(10, 8))
    x = layers.Dropout(0.2, noise_shape={})(inputs)
    """
_CONV = """
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Dropout(0.25, noise_shape={}),
    ])
    """


class NoiseShapeNotBroadcastable(SiteRule):
    code = "NL003"
    name = "noise-shape-not-broadcastable"
    summary = "An element of noise_shape is neither 1 nor the input's size on that axis, so training fails"
    needs_shapes = True

    valid = (
        Valid("size-or-one", _STEPS.format("(None, 10, 1)")),
        Valid("none-keeps-up", _STEPS.format("(None, None, 1)"),
              why="`None` is the axis's size, whatever it becomes"),
        Valid("variable-length-axis", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(None, 8))
            x = layers.Dropout(0.2, noise_shape=(None, 5, 1))(inputs)
            """, why="the axis has no static size; it is only known at run time"),
        Valid("channels-match", _CONV.format("(None, 1, 1, 32)")),
        Valid("size-from-the-model", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(10, 8))
            x = layers.Dropout(0.2, noise_shape=(None, inputs.shape[1], 1))(inputs)
            """, why="`inputs.shape[1]` is not a value noiselint reads in a noise_shape"),
    )
    invalid = (
        Invalid("stale-timesteps", _STEPS.format("(None, 5, 1)"),
                message="`noise_shape` (None, 5, 1) does not broadcast to the input of Dropout, shape "
                        "(None, 10, 8): axis 1 is 5 but must be 1, None or 10"),
        Invalid("stale-channels", _CONV.format("(None, 1, 1, 64)"),
                message="axis 3 is 64 but must be 1, None or 32"),
        Invalid("two-axes", _STEPS.format("(None, 5, 4)"),
                message="axis 1 is 5 but must be 1, None or 10; axis 2 is 4 but must be 1, None or 8"),
        Invalid("fixed-batch-model", """
            import keras
            from keras import layers

            inputs = keras.Input(batch_shape=(16, 10, 8))
            x = layers.Dropout(0.2, noise_shape=(32, 1, 8))(inputs)
            """, message="axis 0 is 32 but must be 1, None or 16"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        api, shape = ctx.site.api, ctx.input_shape
        found = noise_shape_value(ctx)
        if api.noise_shape is not NoiseShape.ACCEPTED or found is None or shape is None:
            return
        node, value = found
        if not isinstance(value, Seq) or len(value.items) != len(shape):
            return  # another length is NL002's: the axes do not pair up
        bad = []
        for axis, (item, size) in enumerate(zip(value.items, shape, strict=True)):
            if isinstance(item, Const) and type(item.value) is int and size is not None \
                    and item.value not in (1, size):
                bad.append((axis, item.value, size))
        if not bad:
            return
        axes = "; ".join(f"axis {axis} is {got} but must be 1, None or {size}" for axis, got, size in bad)
        message = (f"`noise_shape` {noise_text(value)} does not broadcast to the input of {api.label}, shape "
                   f"{shape_text(shape)}: {axes}, so it fails when dropout runs in training")
        yield Finding(literal_element(node, bad[0][0]) or node, message)
