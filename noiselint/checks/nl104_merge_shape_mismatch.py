"""NL104 merge-shape-mismatch: see rules/NL104.md."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .layer_calls import failing_calls, headline, inputs_text

_TWO = """
    import keras
    from keras import layers

    a = keras.Input(shape={})
    b = keras.Input(shape={})
    merged = {}
    """


class MergeShapeMismatch(GraphRule):
    code = "NL104"
    summary = "Concatenate, Add, Multiply, Dot and the like are given inputs whose shapes cannot be merged"

    valid = (
        Valid("concatenate-on-differing-axis", _TWO.format("(10, 4)", "(10, 6)", "layers.Concatenate()([a, b])")),
        Valid("add-broadcasts-one", _TWO.format("(16,)", "(1,)", "layers.Add()([a, b])"),
              why="a size of 1 broadcasts"),
        Valid("concatenate-axis-1", _TWO.format("(10, 4)", "(12, 4)", "layers.Concatenate(axis=1)([a, b])")),
        Valid("unknown-size", _TWO.format("(16,)", "(WIDTH,)", "layers.add([a, b])"),
              why="`WIDTH` is not bound in the file"),
    )
    invalid = (
        Invalid("concatenate-wrong-axis", _TWO.format("(10, 4)", "(12, 4)", "layers.Concatenate()([a, b])"),
                message="`Concatenate` expects inputs whose shapes match except on the concatenation axis: `a` "
                        "from `Input` on line 4 is (None, 10, 4) and `b` from `Input` on line 5 is (None, 12, 4)"),
        Invalid("add-widths", _TWO.format("(16,)", "(32,)", "layers.Add()([a, b])"),
                message="`Add` expects inputs whose shapes broadcast together"),
        Invalid("function-form", _TWO.format("(16,)", "(32,)", "layers.multiply([a, b])"),
                message="`Multiply` expects inputs whose shapes broadcast together"),
        Invalid("plus-operator", _TWO.format("(16,)", "(32,)", "a + b"),
                message="`a + b` expects inputs whose shapes broadcast together"),
        Invalid("beside-an-explicit-channels-first-branch", """
            import keras
            from keras import layers

            image = keras.Input(shape=(3, 32, 32))
            x = layers.Conv2D(16, 3, padding="same", data_format="channels_first")(image)
            x = layers.GlobalAveragePooling2D(data_format="channels_first")(x)
            side = keras.Input(shape=(32, 32, 3))
            s = layers.Flatten()(layers.MaxPooling2D()(side))
            z = layers.Add()([x, layers.Dense(32)(s)])
            """, message="`Add` expects inputs whose shapes broadcast together: `x` from `GlobalAveragePooling2D` on "
                         "line 6 is (None, 16)"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        for fact, failure, node in failing_calls(ctx, self.code):
            yield Finding(node, f"{headline(ctx, fact, failure, node)}: {inputs_text(ctx, fact)}")
