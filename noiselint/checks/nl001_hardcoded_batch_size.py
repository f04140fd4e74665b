"""NL001 hardcoded-batch-size: see rules/NL001.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.apis.dropout import BatchFix, NoiseShape
from noiselint.diagnostics import Applicability, Fix
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq, Unknown

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid
from .batch_names import batch_name, holds_weights, is_runtime_batch, model_fixes_batch
from .noise_shape import (
    describe_dim,
    element_at_fault,
    literal_element,
    module_alias,
    noise_shape_value,
    replace_element,
)

_KERAS = "from keras import layers\n"


class HardcodedBatchSize(SiteRule):
    code = "NL001"
    summary = "The batch element of noise_shape is a fixed number, so training crashes on any other batch size"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("none-batch", _KERAS + "y = layers.Dropout(0.5, noise_shape=(None, 1, 64))(x)\n"),
        Valid("batch-of-one", _KERAS + "y = layers.Dropout(0.5, noise_shape=(1, 1, 64))(x)\n",
              why="1 broadcasts over the batch: one mask for every sample, a choice not a crash"),
        Valid("tf-shape-in-tf-nn", """
            import tensorflow as tf
            y = tf.nn.dropout(x, 0.5, noise_shape=[tf.shape(x)[0], 1, 64])
            """),
        Valid("unknown-name", _KERAS + "y = layers.Dropout(0.5, noise_shape=(n, 1, 64))(x)\n",
              why="`n` is not bound in the file: never guess"),
        Valid("rank-one", _KERAS + "y = layers.Dropout(0.5, noise_shape=(64,))(x)\n",
              why="a single entry is right-aligned: it is the last axis, not the batch"),
        Valid("runtime-batch-name", """
            import keras
            from keras import layers
            def block(x):
                batch_size = keras.ops.shape(x)[0]
                return layers.Dropout(0.5, noise_shape=(batch_size, 1, 8))(x)
            """, why="the name holds the batch read off the tensor, not a configured number"),
        Valid("not-a-batch-size", _KERAS + "y = layers.Dropout(0.5, noise_shape=(num_batches, 1, 8))(x)\n",
              why="`num_batches` counts batches; its words do not say batch size"),
        Valid("model-fixes-the-batch", """
            import keras
            from keras import layers
            from config import BATCH_SIZE
            inputs = keras.Input(shape=(10, 8), batch_size=BATCH_SIZE)
            y = layers.Dropout(0.5, noise_shape=(BATCH_SIZE, 1, 8))(inputs)
            """, why="the model itself only takes batches of that size"),
    )
    invalid = (
        Invalid("literal-64", _KERAS + "y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n",
                message="hard-codes batch size 64",
                fixed=_KERAS + "y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)\n"),
        Invalid("module-constant", """
            from keras import layers
            BATCH = 128
            y = layers.Dropout(0.5, noise_shape=[BATCH, 1, 8])(x)
            """, message="from `BATCH` on line 2", fixed="""
            from keras import layers
            BATCH = 128
            y = layers.Dropout(0.5, noise_shape=[None, 1, 8])(x)
            """),
        Invalid("tuple-constant", """
            from keras import layers
            NOISE = (64, 1, 8)
            y = layers.Dropout(0.5, noise_shape=NOISE)(x)
            """, message="batch size 64", fixed="""
            from keras import layers
            NOISE = (64, 1, 8)
            y = layers.Dropout(0.5, noise_shape=(None, *NOISE[1:]))(x)
            """),
        Invalid("parameter-default", """
            from keras import layers
            def build(x, batch_size=64):
                return layers.Dropout(0.5, noise_shape=(batch_size, 1, 8))(x)
            """, message="parameter default `batch_size`", fixed="""
            from keras import layers
            def build(x, batch_size=64):
                return layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
            """),
        Invalid("tf-nn-dropout", """
            import tensorflow as tf
            y = tf.nn.dropout(x, rate=0.5, noise_shape=[32, 1, 8])
            """, message="`tf.shape(x)[0]`", fixed="""
            import tensorflow as tf
            y = tf.nn.dropout(x, rate=0.5, noise_shape=[tf.shape(x)[0], 1, 8])
            """),
        Invalid("two-entries-rank-unknown", """
            from keras import layers
            def block(x):
                return layers.Dropout(0.2, noise_shape=(64, 8))(x)
            """, message="hard-codes batch size 64", fixed="""
            from keras import layers
            def block(x):
                return layers.Dropout(0.2, noise_shape=(None, 8))(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("named-batch-size", """
            import tensorflow as tf
            from tensorflow.keras.layers import Dropout
            class Net(tf.keras.Model):
                def __init__(self, classes, batch_size):
                    super().__init__()
                    self.drop = Dropout(0.1, noise_shape=(batch_size, 1, 1, 128))
            """, message="hard-codes the batch size `batch_size`", fixed="""
            import tensorflow as tf
            from tensorflow.keras.layers import Dropout
            class Net(tf.keras.Model):
                def __init__(self, classes, batch_size):
                    super().__init__()
                    self.drop = Dropout(0.1, noise_shape=(None, 1, 1, 128))
            """),
        Invalid("config-batch-size", """
            from keras import layers
            def head(x, args):
                return layers.Dropout(0.5, noise_shape=[args.batch_size, 1, 8])(x)
            """, message="the batch size `args.batch_size`", fixed="""
            from keras import layers
            def head(x, args):
                return layers.Dropout(0.5, noise_shape=[None, 1, 8])(x)
            """),
        Invalid("legacy-alpha-dropout", """
            import tensorflow as tf
            y = tf.keras.layers.AlphaDropout(0.1, noise_shape=(32, 1, 8))(x)
            """, message="does not resolve `None`"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        api = ctx.site.api
        found = noise_shape_value(ctx, defaults=True)
        if api.noise_shape is not NoiseShape.ACCEPTED or found is None:
            return
        node, value = found
        if not isinstance(value, Seq) or not value.items:
            return
        first = value.items[0]
        if isinstance(first, Unknown):
            yield from self._named(ctx, node, value)
            return
        if not (isinstance(first, Const) and type(first.value) is int and first.value > 1):
            return
        rank = len(ctx.input_shape) if ctx.input_shape is not None else None
        if rank is None and len(value.items) < 2:
            return  # one entry is right-aligned: without the input rank it is not the batch
        if rank is not None and (rank != len(value.items) or ctx.input_shape[0] is not None):
            return  # another rank is NL002's; a batch fixed by the model itself is consistent
        if not api.is_layer and holds_weights(ctx.parsed, ctx.evaluator, ctx.site.input):
            return  # `tf.nn.dropout(embedding_matrix, ...)`: axis 0 is not a batch
        batch = first.value
        where = describe_dim(first) or describe_dim(value)
        when = "in training (fit, `training=True`)" if api.is_layer else \
            "in training (`training=True`)" if "training" in api.params else "whenever it runs"
        message = (f"`noise_shape` hard-codes batch size {batch}{where}: {api.label} fails {when} "
                   f"on any other batch size, such as the last partial batch")
        fix: Fix | None = None
        # With the input rank unknown, a 2-entry shape may be a rank-short one, right-aligned
        # to the last two axes: `None` would then change a working mask (keras-facts §0.4).
        certain = rank is not None or len(value.items) >= 3
        safety = Applicability.SAFE if certain else Applicability.UNSAFE
        if api.batch_fix is BatchFix.NONE:
            message += "; use `None`"
            fix = replace_element(ctx, node, value, 0, "None", safety)
        elif api.batch_fix is BatchFix.TF_SHAPE:
            fix = self._tf_shape_fix(ctx, node, value, safety)
            tensor = ctx.code(ctx.site.input) if ctx.site.input is not None else "x"
            message += f"; use `tf.shape({tensor})[0]`"
        else:
            message += (f"; this {api.label} does not resolve `None` entries, so use "
                        f"`keras.layers.AlphaDropout` (Keras 3) with `None`")
        yield Finding(element_at_fault(node, 0), message, fix)

    def _named(self, ctx: SiteContext, node: cst.BaseExpression, value: Seq) -> Iterator[Finding]:
        """A batch size that is a name (`batch_size`, `args.batch_size`): its value is not
        known, but any number there fails on another batch. Keras layers only: in
        `tf.nn.dropout` and the other functions a batch-size name often holds the run-time
        batch (`tf.shape(x)[0]` passed in), and `None` is no fix there."""
        element = literal_element(node, 0)
        name = batch_name(element) if element is not None and ctx.site.api.is_layer else None
        if name is None or ctx.site.api.batch_fix is not BatchFix.NONE or len(value.items) < 2:
            return
        rank = len(ctx.input_shape) if ctx.input_shape is not None else None
        if rank is not None and (rank != len(value.items) or ctx.input_shape[0] is not None):
            return  # another rank is NL002's; a batch fixed by the model itself is consistent
        if is_runtime_batch(ctx.parsed, ctx.evaluator, element) or model_fixes_batch(ctx.parsed):
            return
        text = ctx.snippet(element)
        message = (f"`noise_shape` hard-codes the batch size `{text}`: {ctx.site.api.label} fails in "
                   f"training (fit, `training=True`) on any other batch size, such as the last "
                   f"partial batch; use `None`")
        safety = Applicability.SAFE if rank is not None or len(value.items) >= 3 else Applicability.UNSAFE
        yield Finding(element, message,
                      ctx.replace(element, "None", f"Replace `{text}` with `None`", safety))

    def _tf_shape_fix(self, ctx: SiteContext, node: cst.BaseExpression, value: Seq,
                      safety: Applicability) -> Fix | None:
        tensor = ctx.site.input
        alias = module_alias(ctx.parsed, "tensorflow")
        if tensor is None or alias is None:
            return None
        text = f"{alias}.shape({ctx.code(tensor)})[0]"
        # An input that is not a plain name is evaluated twice after the fix.
        applicability = safety if isinstance(tensor, cst.Name) else Applicability.UNSAFE
        return replace_element(ctx, node, value, 0, text, applicability)
