"""NL010 data-format-mismatch: see rules/NL010.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from noiselint.shapes.facts import LayerFact, Shape, TensorLayout
from noiselint.syntax import nodes as cst

from .base import Finding, GraphContext, GraphRule, Invalid, Valid
from .shape_words import axes_text, shape_text, sizes_text

_SO = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(1, 100, 2))
    x = layers.Conv2D(64, (11, 2), data_format="channels_first")(inputs)
    x = {}layers.MaxPooling2D((2, 1){})(x)
    x = layers.Dropout(0.1)(x)
    """
_MAPS = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(3, 32, 32))
    x = layers.Conv2D(16, 3, data_format="channels_first")(inputs)
    x = layers.SpatialDropout2D(0.2{})(x)
    """

_VERBS = (("MaxPooling", "pools over"), ("AveragePooling", "pools over"), ("Global", "pools away"),
          ("ZeroPadding", "pads"), ("Cropping", "crops"), ("UpSampling", "upsamples"), ("Resizing", "resizes"),
          ("CenterCrop", "crops"))


class DataFormatMismatch(GraphRule):
    code = "NL010"
    summary = ("A spatial layer's data_format differs from the layout of the tensor it receives, so it works on "
               "the wrong axes")

    valid = (
        Valid("told-the-layout", _SO.format("", ', data_format="channels_first"')),
        Valid("both-default", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(28, 28, 1))
            x = layers.Conv2D(32, 3)(inputs)
            x = layers.MaxPooling2D()(x)
            x = layers.SpatialDropout2D(0.2)(x)
            """),
        Valid("layout-from-input-only", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(3, 32, 32))
            x = layers.MaxPooling2D(data_format="channels_first")(inputs)
            x = layers.Dropout(0.2)(x)
            """, why="an Input does not say which axis holds channels"),
        Valid("permuted-first", _SO.format("layers.Permute((2, 3, 1))(x)\n    x = ", ""),
              why="after a Permute the layout is not known"),
    )
    invalid = (
        Invalid("stackoverflow-pooling", _SO.format("", ""),
                message="`MaxPooling2D` reads its input (None, 64, 90, 1) as channels_last (the default) but "
                        "`Conv2D` on line 5 made it channels_first: it pools over axes 1 and 2 (sizes 64, 90) "
                        "instead of axes 2 and 3 (sizes 90, 1)"),
        Invalid("spatial-dropout-default", _MAPS.format(""),
                message="drops single positions of axis 3 (size 30) instead of whole channels (axis 1, size 16)"),
        Invalid("spatial-dropout-1d", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(8, 100))
            x = layers.Conv1D(32, 5, data_format="channels_first")(inputs)
            x = layers.SpatialDropout1D(0.2)(x)
            """, message="`SpatialDropout1D` has no `data_format`"),
        Invalid("readers-disagree", """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(3, 32, 32))
            x = layers.MaxPooling2D()(inputs)
            x = layers.Conv2D(16, 3, data_format="channels_first")(x)
            x = layers.Dropout(0.2)(x)
            """, message="read the same tensor as channels_last (the default): one of them works on the wrong axes"),
        Invalid("channels-first-pool-after-default-conv", """
            import keras
            from keras import layers

            model = keras.Sequential([
                keras.Input(shape=(28, 28, 1)),
                layers.Conv2D(32, 3),
                layers.MaxPooling2D(data_format="channels_first"),
                layers.Dropout(0.25),
            ])
            """, message="pass `data_format=\"channels_last\"`"),
    )

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        seen: set[int] = set()
        for model in ctx.facts.models:
            for layer in model.layers:
                if id(layer.node) in seen:
                    continue  # one finding per layer, however often a builder applies it
                message = _mismatch(ctx, layer)
                if message is not None:
                    seen.add(id(layer.node))
                    yield Finding(layer.node, message)


def _mismatch(ctx: GraphContext, layer: LayerFact) -> str | None:
    layout, reads, rank = layer.input_layout, layer.data_format, layer.spatial_rank
    shape = layer.input_shapes[0] if layer.input_shapes else None
    if layout is None or reads is None or rank is None or shape is None or len(shape) != rank + 2:
        return None
    if layout.data_format == reads:
        return None
    made = f"`{layout.layer}` {_where(ctx, layout.node)}"
    has_format = "data_format" in layer.config
    how = " (the default)" if layer.data_format_default else ""
    head = f"`{layer.layer}` reads its input {shape_text(shape)} as {reads}{how}"
    if layout.assumed:
        theirs = " (the default)" if _default(ctx, layout) else ""
        return (f"{head} but {made} read the same tensor as {layout.data_format}{theirs}: "
                f"one of them works on the wrong axes")
    what = _consequence(layer.layer, shape, rank, reads, layout)
    if has_format:
        hint = f"; pass `data_format=\"{layout.data_format}\"`"
    else:
        hint = f"; `{layer.layer}` has no `data_format`: it always takes the last axis as channels"
    return f"{head} but {made} made it {layout.data_format}: {what}{hint}"


def _where(ctx: GraphContext, node: cst.CSTNode) -> str:
    """`on line 5`, or where in the project a builder of another module made the layer."""
    if node in ctx.parsed.names.order:
        return f"on line {ctx.parsed.row(node)}"
    other = ctx.parsed.project.index.holder(node) if ctx.parsed.project is not None else None
    return f"in {Path(other.source.path).name} on line {other.row(node)}" if other is not None \
        else "in another module"


def _consequence(layer: str, shape: Shape, rank: int, reads: str, layout: TensorLayout) -> str:
    wrong, right = _spatial(rank, reads), _spatial(rank, layout.data_format)
    if layer.startswith("SpatialDropout"):
        per, channels = _channel(rank, reads), _channel(rank, layout.data_format)
        return (f"it shares one draw over {axes_text(wrong)} and drops single positions of axis {per} "
                f"({sizes_text(shape, [per])}) instead of whole channels "
                f"(axis {channels}, {sizes_text(shape, [channels])})")
    verb = next((v for prefix, v in _VERBS if layer.startswith(prefix)), "convolves over")
    return (f"it {verb} {axes_text(wrong)} ({sizes_text(shape, wrong)}) instead of {axes_text(right)} "
            f"({sizes_text(shape, right)})")


def _spatial(rank: int, data_format: str) -> list[int]:
    return list(range(2, rank + 2)) if data_format == "channels_first" else list(range(1, rank + 1))


def _channel(rank: int, data_format: str) -> int:
    return 1 if data_format == "channels_first" else rank + 1


def _default(ctx: GraphContext, layout: TensorLayout) -> bool:
    for model in ctx.facts.models:
        for layer in model.layers:
            if layer.node is layout.node:
                return layer.data_format_default
    return False
