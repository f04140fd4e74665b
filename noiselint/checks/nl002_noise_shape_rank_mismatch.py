"""NL002 noise-shape-rank-mismatch: see rules/NL002.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.apis.dropout import Api, BatchFix, NoiseShape
from noiselint.diagnostics import Applicability, Fix
from noiselint.shapes.facts import Shape
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq, TensorDim

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid
from .noise_shape import is_tensor_value, module_alias, noise_shape_value
from .shape_words import axes_text, noise_text, shape_text

_MLP = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(784,))
    x = layers.Dense(256, activation="relu")(inputs)
    x = layers.Dropout(0.5, noise_shape={})(x)
    """
_BRANCH = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(32, 32, 16))
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    x = layers.Dropout(0.2, noise_shape={})(x)
    outputs = layers.Add()([inputs, x])
    """
_TOKENS = """
    import keras

    tokens = keras.Input(shape=(20, 64))
    h = keras.layers.Dense(64)(tokens)
    h = keras.layers.{}(0.1, noise_shape=(None, 1, 1, 64))(h)
    """
_ENCODER = """
    import keras
    from keras import layers


    class Encoder(keras.Model):
        def __init__(self, units=64):
            super().__init__()
            self.gru = layers.GRU(units, return_sequences=True)
            self.drop = layers.Dropout(0.2, noise_shape={})

        def call(self, inputs, training=False):
            return self.drop(self.gru(inputs), training=training)


    model = Encoder()
    """
_BLOCK = """
    import keras
    from keras import layers


    def block(x, units):
        x = layers.Dense(units)(x)
        return layers.Dropout(0.3, noise_shape={})(x)


    inputs = keras.Input(shape=(10, 8))
    outputs = block(inputs, 16)
    """


class NoiseShapeRankMismatch(SiteRule):
    code = "NL002"
    summary = ("The length of noise_shape differs from the rank of the dropout's input: shorter shares the mask "
               "silently, longer fails or grows the output")
    fix_availability = FixAvailability.SOMETIMES
    needs_shapes = True

    valid = (
        Valid("matching-rank", _MLP.format("(None, 256)")),
        Valid("per-sample-branch", _BRANCH.format("(None, 1, 1, 1)")),
        Valid("input-not-known", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(8,))(x)\n",
              why="`x` comes from nowhere in the file: its rank is not known"),
        Valid("custom-layer-in-between", """
            import keras
            from keras import layers
            from mylib import Squeeze

            inputs = keras.Input(shape=(20, 64))
            x = Squeeze()(inputs)
            x = layers.Dropout(0.1, noise_shape=(None, 64))(x)
            """, why="the output rank of a custom layer is not known"),
        Valid("rank-from-the-call", _BLOCK.format("(None, 1, units)")),
    )
    invalid = (
        Invalid("features-only", _MLP.format("(256,)"), message="so one mask is shared by every sample",
                fixed=_MLP.format("(None, 256)"), applicability=Applicability.UNSAFE),
        Invalid("stochastic-depth", _BRANCH.format("(1, 1, 1)"), message="has rank 4, shape (None, 32, 32, 16)",
                fixed=_BRANCH.format("(None, 1, 1, 1)")),
        Invalid("longer", _TOKENS.format("Dropout"), message="`Shapes must be equal rank, but are 4 and 3`"),
        Invalid("alpha-dropout-longer", _TOKENS.format("AlphaDropout"),
                message="silently grows the output to rank 4"),
        Invalid("none-is-left-aligned", _BLOCK.format("(None, units)"),
                message="fails in training unless the batch size is 10",
                fixed=_BLOCK.format("(None, None, units)")),
        Invalid("subclassed-gru", _ENCODER.format("(1, units)"),
                message="read right-aligned as (1, 1, 64), so one mask is shared by every sample",
                fixed=_ENCODER.format("(None, 1, units)")),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        api, shape = ctx.site.api, ctx.input_shape
        found = noise_shape_value(ctx)
        if api.noise_shape is not NoiseShape.ACCEPTED or found is None or shape is None:
            return
        node, value = found
        if not isinstance(value, Seq) or len(value.items) == len(shape):
            return
        count = len(value.items)
        # A shape with no known size (the rank alone is lent, or the applications disagree on
        # every size) would print as `(None, None, None)`, which reads as Keras's own shape.
        known = f", shape {shape_text(shape)}" if any(d is not None for d in shape) else ""
        message = (f"`noise_shape` {noise_text(value)} has {count} entr{'y' if count == 1 else 'ies'} but the input "
                   f"of {api.label} has rank {len(shape)}{known}: ")
        if count < len(shape):
            message += _shorter(api, value, shape)
        else:
            message += _longer(api, count, len(shape))
        yield Finding(node, message, _prepend_batch(ctx, node, value, len(shape)))


def _shorter(api: Api, value: Seq, shape: Shape) -> str:
    """keras-facts §0.4, §1.3: right-aligned broadcasting; `None` filled by index from the left."""
    missing = len(shape) - len(value.items)
    has_none = any(isinstance(i, Const) and i.value is None for i in value.items)
    if has_none and api.family == "tf":
        # §2: tf.nn.dropout fills in `None` only when the lengths match.
        return (f"{api.label} fills in a `None` only when the lengths match, so it fails with "
                f"`Attempt to convert a value (None) with an unsupported type`")
    if not has_none:
        padded = [1] * missing + [i.value if isinstance(i, Const) else "?" for i in value.items]
        also = f" and along {axes_text(list(range(1, missing)))}" if missing > 1 else ""
        aligned = list(zip(value.items, shape[missing:], strict=True))
        clash = [missing + i for i, (item, d) in enumerate(aligned)
                 if isinstance(item, Const) and d is not None and item.value not in (1, d)]
        if clash:
            return (f"it is read right-aligned as {shape_text(padded)}, which does not broadcast to the input on "
                    f"{axes_text(clash)}: the call fails whenever dropout is applied")
        if any(not isinstance(i, Const) or (d is None and i.value != 1) for i, d in aligned):
            # A run-time size now meets another axis, or a size meets an axis whose size is
            # not known here: it may not broadcast there.
            return (f"it is read right-aligned as {shape_text(padded)}, so the batch axis meets no entry: one mask "
                    f"is shared by every sample{also}, or the call fails where the sizes do not broadcast")
        return (f"it is read right-aligned as {shape_text(padded)}, so one mask is shared by every sample{also}, "
                f"with no error on any backend")
    resolved = [(shape[i] if isinstance(item, Const) and item.value is None else
                 item.value if isinstance(item, Const) else "?") for i, item in enumerate(value.items)]
    words = ["batch" if i == 0 and d is None else d for i, d in enumerate(resolved)]
    lead = (f"a `None` takes the input's size at the same index from the left, so the mask is "
            f"{shape_text(words)}, broadcast right-aligned against {shape_text(shape)}")
    return lead + _broadcast_outcome(resolved, shape[missing:])


def _broadcast_outcome(mask: list[object], target: Shape) -> str:
    batch_needed: set[int] = set()
    for got, want in zip(mask, target, strict=True):
        if got == "?" or want is None or got in (1, want):
            continue
        if got is None:  # the batch size, only known at run time
            batch_needed.add(want)
        else:
            return ": the layer fails in training"
    if len(batch_needed) == 1:
        return f": the layer fails in training unless the batch size is {batch_needed.pop()}"
    return ": the mask is not the one the axes suggest" if not batch_needed else ": the layer fails in training"


def _longer(api: Api, count: int, rank: int) -> str:
    """keras-facts §0.4 and §1.3 (backend table), §2 for tf.nn.dropout."""
    if api.label == "AlphaDropout" and api.family == "keras3":
        return f"Keras 3's AlphaDropout silently grows the output to rank {count} in training, on every backend"
    if api.label.endswith("(TF 1)"):  # a TF 1 file: graph mode, where shapes are checked as the graph is built
        return f"building the graph fails with `Shapes must be equal rank, but are {count} and {rank}`"
    if api.family == "tf":
        return (f"called eagerly it silently grows the output to rank {count}; inside a `tf.function` it fails "
                f"with `Shapes must be equal rank, but are {count} and {rank}`")
    if api.label == "Dropout" or api.family == "keras3":
        return (f"`fit` fails with `Shapes must be equal rank, but are {count} and {rank}`, and a call with "
                f"`training=True` on TensorFlow silently returns a rank-{count} output")
    return "the mask has more axes than the input, so the output changes rank or the layer fails"


def _prepend_batch(ctx: SiteContext, node: cst.BaseExpression, value: Seq, rank: int) -> Fix | None:
    """Prepend the batch element when one more entry makes the length match (unsafe: the
    mask changes from shared across the batch to one per sample)."""
    if len(value.items) + 1 != rank or (value.items and isinstance(value.items[0], TensorDim)):
        return None  # a run-time first entry (`tf.shape(x)[0]`) is the batch already: another axis is missing
    batch = _batch_element(ctx)
    if batch is None:
        return None
    if isinstance(node, (cst.Tuple, cst.List)) and not any(isinstance(e, cst.StarredElement) for e in node.elements):
        message = f"Prepend `{batch}` to `noise_shape`"
        if ctx.parsed.converted is None:  # a quick tree: made as text where the mask is laid out plainly
            bracketed = type(node) is cst.List
            opening, closing = ("[", "]") if bracketed else ("(", ",)" if len(node.elements) == 1 else ")")
            parts = ctx.plain_parts(node, node.elements, opening, closing)
            if parts is not None and (bracketed or node.lpar):
                inner = ", ".join([batch, *parts[1]])
                return ctx.replace(node, f"[{inner}]" if bracketed else inner, message, Applicability.UNSAFE)
        real = ctx.libcst_node(node)
        if real is None:
            return None  # a quick tree: the file is analysed again on libcst's parse
        import libcst  # a fix is made on libcst's nodes

        elements = list(real.elements)
        if len(elements) == 1:
            elements[0] = elements[0].with_changes(comma=libcst.MaybeSentinel.DEFAULT)
        new = real.with_changes(elements=[libcst.Element(libcst.parse_expression(batch)), *elements])
        return ctx.replace(node, new, message, Applicability.UNSAFE)
    if is_tensor_value(ctx, node, value):
        return None
    inner = ctx.code(node)
    if not isinstance(node, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
        inner = f"({inner})"
    return ctx.replace(node, f"({batch}, *{inner})", f"Prepend `{batch}` to `noise_shape`", Applicability.UNSAFE)


def _batch_element(ctx: SiteContext) -> str | None:
    """`None`, or `tf.shape(x)[0]` for the APIs that resolve `None` only statically (§2)."""
    api = ctx.site.api
    if api.batch_fix is BatchFix.NONE:
        return "None"
    if api.batch_fix is BatchFix.TF_SHAPE and ctx.site.input is not None:
        alias = module_alias(ctx.parsed, "tensorflow")
        return f"{alias}.shape({ctx.code(ctx.site.input)})[0]" if alias is not None else None
    return None
