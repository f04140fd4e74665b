"""NL003 noise-shape-not-broadcastable: see rules/NL003.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.apis.dropout import NoiseShape
from noiselint.shapes.facts import Shape
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq

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
        Valid("mask-follows-the-iteration", """
            import keras
            from keras import layers

            x = inputs = keras.Input(shape=(10, 16))
            for units in (64, 32):
                x = layers.Dense(units)(x)
                x = layers.Dropout(0.1, noise_shape=(None, 1, units))(x)
            """, why="each run's mask has that run's size"),
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
        Invalid("second-iteration", """
            import keras
            from keras import layers

            x = inputs = keras.Input(shape=(10, 16))
            for units in (64, 32):
                x = layers.Dense(units)(x)
                x = layers.Dropout(0.1, noise_shape=(None, 1, 64))(x)
            """, message="shape (None, 10, 32) on one of its runs (it also runs on (None, 10, 64)): "
                         "axis 2 is 64 but must be 1, None or 32"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        api, shape = ctx.site.api, ctx.input_shape
        found = noise_shape_value(ctx)
        if api.noise_shape is not NoiseShape.ACCEPTED or found is None:
            return
        node, value = found
        if not isinstance(value, Seq):
            return
        # What every application agrees on first; else the first input shape (a loop's
        # iteration, a builder's call) on which it fails, named in the message.
        candidates = [(shape, "")] if shape is not None else []
        candidates += [(path, _on_path(path, ctx.path_shapes)) for path in ctx.path_shapes]
        for input_shape, where in candidates:
            bad = _bad_axes(value, input_shape)
            if bad:
                yield self._finding(ctx, node, value, input_shape, where, bad)
                return

    def _finding(self, ctx: SiteContext, node: cst.BaseExpression, value: Seq, shape: Shape,
                 where: str, bad: list[tuple[int, int, int]]) -> Finding:
        axes = "; ".join(f"axis {axis} is {got} but must be 1, None or {size}" for axis, got, size in bad)
        api = ctx.site.api
        # A layer (or TF 1's `tf.layers.dropout`) drops only in training; a function such as
        # `tf.nn.dropout` drops, and fails, on every call.
        when = "when dropout runs in training" if api.is_layer or "training" in api.params else "whenever it runs"
        message = (f"`noise_shape` {noise_text(value)} does not broadcast to the input of "
                   f"{api.label}, shape {shape_text(shape)}{where}: {axes}, so it fails {when}")
        return Finding(literal_element(node, bad[0][0]) or node, message)


def _bad_axes(value: Seq, shape: Shape) -> list[tuple[int, int, int]]:
    if len(value.items) != len(shape):
        return []  # another length is NL002's: the axes do not pair up
    bad = []
    for axis, (item, size) in enumerate(zip(value.items, shape, strict=True)):
        if isinstance(item, Const) and type(item.value) is int and size is not None \
                and item.value not in (1, size):
            bad.append((axis, item.value, size))
    return bad


def _on_path(path: Shape, paths: tuple[Shape, ...]) -> str:
    others = ", ".join(shape_text(p) for p in paths if p != path)
    return f" on one of its runs (it also runs on {others})"
