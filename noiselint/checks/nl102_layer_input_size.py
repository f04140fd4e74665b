"""NL102 layer-input-size: see rules/NL102.md."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import built_here, failing_calls, inputs_text, subject, where
from .shape_words import shape_text

_REUSED = """
    import keras
    from keras import layers

    a = keras.Input(shape=(128,))
    b = keras.Input(shape=({},))
    project = layers.Dense(10)
    x = project(a)
    y = project(b)
    """


class LayerInputSize(GraphRule):
    code = "NL102"
    summary = "A layer gets a size on a fixed axis other than the one its weights were built for"

    valid = (
        Valid("reused-on-same-size", _REUSED.format(128)),
        Valid("two-instances", """
            import keras
            from keras import layers

            a = keras.Input(shape=(128,))
            b = keras.Input(shape=(32,))
            x = layers.Dense(10)(a)
            y = layers.Dense(10)(b)
            """, why="each Dense builds its own weights"),
        Valid("reused-on-unknown-size", _REUSED.format("WIDTH"),
              why="`WIDTH` is not bound in the file"),
        Valid("model-applied-to-any-size", """
            import keras
            from keras import layers

            image = keras.Input(shape=(None, None, 3))
            backbone = keras.Model(image, layers.Conv2D(8, 3)(image))
            features = backbone(keras.Input(shape=(64, 64, 3)))
            """, why="the model's input leaves the image size open"),
        Valid("trailing-axis-of-one", """
            import keras
            from keras import layers

            series = keras.Input(shape=(32,))
            encoder = keras.Model(series, layers.Dense(8)(series))
            codes = encoder(keras.Input(shape=(32, 1)))
            """, why="Keras's input check drops a trailing axis of size 1"),
    )
    invalid = (
        Invalid("model-applied-to-other-size", """
            import keras
            from keras import layers

            image = keras.Input(shape=(28, 28, 1))
            discriminator = keras.Model(image, layers.Dense(1)(layers.Flatten()(image)))
            score = discriminator(keras.Input(shape=(32, 32, 1)))
            """, message="`discriminator` expects inputs of shape (None, 28, 28, 1): the output of `Input` on line 6 "
                         "is (None, 32, 32, 1)"),
        Invalid("dense-on-a-width-of-none", """
            import keras
            from keras import layers

            tokens = keras.Input(shape=(None,))
            hidden = layers.Dense(64)(tokens)
            """, message="`Dense` cannot build its weights on an axis of unknown size (None): `tokens` from `Input` "
                         "on line 4 is (None, None)"),
        Invalid("sequential-with-input-on-other-width", """
            import keras
            from keras import layers

            encoder = keras.Sequential([keras.Input(shape=(32,)), layers.Dense(16)])
            codes = encoder(keras.Input(shape=(48,)))
            """, message="`encoder` expects inputs of shape (None, 32)"),
        Invalid("dense-reused-on-other-width", _REUSED.format(32),
                message="`Dense` expects 128 on axis -1 (its weights were built for (None, 128) by its call on "
                        "line 7), got 32: `b` from `Input` on line 5 is (None, 32)"),
        Invalid("shared-conv-on-other-channels", """
            import keras
            from keras import layers

            rgb = keras.Input(shape=(32, 32, 3))
            gray = keras.Input(shape=(32, 32, 1))
            conv = layers.Conv2D(8, 3)
            x = conv(rgb)
            y = conv(gray)
            """, message="`Conv2D` expects 3 on axis -1"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            summary = failure.summary
            if fact.built_on is not None:
                built = ", ".join(shape_text(s) for s in fact.built_on)
                by = f" by its call {where(ctx, fact.built_at)}" if fact.built_at is not None else ""
                summary = f"{failure.expected} (its weights were built for {built}{by}), {failure.received}"
            head = built_here(ctx, fact, subject(ctx, fact, fact.node)) if fact.model_call is not None \
                else subject(ctx, fact, node)
            yield Finding(node, f"{head} {summary}: {inputs_text(ctx, fact)}")
