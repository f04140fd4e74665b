"""NL008 unsupported-argument: see rules/NL008.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.apis.dropout import NoiseShape
from noiselint.diagnostics import Applicability, Fix
from noiselint.syntax import nodes as cst

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid


class UnsupportedArgument(SiteRule):
    code = "NL008"
    summary = "An argument the dropout API rejects or ignores (noise_shape on SpatialDropout, keep_prob on tf.nn)"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("spatial", "from keras import layers\ny = layers.SpatialDropout1D(0.3)(x)\n"),
        Valid("compat-v1-keep-prob", """
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, keep_prob=0.9)
            """, why="the TF 1 API still takes keep_prob"),
    )
    invalid = (
        Invalid("spatial-noise-shape", """
            from keras import layers
            y = layers.SpatialDropout1D(0.3, noise_shape=(None, 1, 8))(x)
            """, message="SpatialDropout1D takes no `noise_shape`", fixed="""
            from keras import layers
            y = layers.SpatialDropout1D(0.3)(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("gaussian", """
            from keras import layers
            y = layers.GaussianDropout(0.3, noise_shape=(None, 1, 8))(x)
            """, message="GaussianDropout takes no `noise_shape`", fixed="""
            from keras import layers
            y = layers.GaussianDropout(0.3)(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("keep-prob", """
            import tensorflow as tf
            y = tf.nn.dropout(x, keep_prob=0.8)
            """, message="`keep_prob`", fixed="""
            import tensorflow as tf
            y = tf.nn.dropout(x, rate=1 - 0.8)
            """, applicability=Applicability.UNSAFE),
        Invalid("keep-prob-before-noise-shape", """
            import tensorflow as tf
            y = tf.nn.dropout(x, keep_prob=0.8, noise_shape=[None, 1, 16])
            """, message="`keep_prob`", fixed="""
            import tensorflow as tf
            y = tf.nn.dropout(x, rate=1 - 0.8, noise_shape=[None, 1, 16])
            """, applicability=Applicability.UNSAFE),
        Invalid("spatial-trainable", """
            from keras import layers
            y = layers.SpatialDropout2D(0.3, trainable=False)(x)
            """, message="SpatialDropout2D takes no `trainable`"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        site, api = ctx.site, ctx.site.api
        arg = site.args.get("noise_shape") or next(
            (a for a in site.unknown_keywords if a.keyword and a.keyword.value == "noise_shape"),
            None)
        if api.noise_shape is not NoiseShape.ACCEPTED and arg is not None:
            if api.noise_shape is NoiseShape.REJECTED:
                error = "ValueError" if api.accepts_kwargs else "TypeError"
                what = f"Keras 3 raises a {error} when the layer is constructed"
            else:
                what = "tf-keras accepts it and silently ignores it"
            hint = (f"; {api.label} already shares its mask over the spatial axes"
                    if api.label.startswith("Spatial") else "")
            yield Finding(arg, f"{api.label} takes no `noise_shape`: {what}{hint}",
                          self._remove(ctx, arg))
        for arg in site.unknown_keywords:
            keyword = arg.keyword.value if arg.keyword else ""
            if keyword == "keep_prob":
                advice = "remove it (`rate` is given)" if "rate" in site.args else "pass `rate=1 - keep_prob`"
                yield Finding(arg, f"{api.label} has no `keep_prob` (it was TF 1's): a "
                                   f"{'ValueError' if api.is_layer else 'TypeError'}; {advice}",
                              self._keep_prob(ctx, arg))
            elif not api.accepts_kwargs and keyword not in ("noise_shape",):
                yield Finding(arg, f"{api.label} takes no `{keyword}`: Keras 3 raises a "
                                   f"TypeError when the layer is constructed")

    def _remove(self, ctx: SiteContext, arg: cst.Arg) -> Fix | None:
        call = ctx.site.call
        message = "Remove the `noise_shape` argument"
        if ctx.parsed.converted is None:  # a quick tree: made as text where the call is laid out plainly
            plain = ctx.call_without(call, arg)
            if plain is not None:
                return ctx.replace(call, "".join(plain), message, Applicability.UNSAFE)
        real, real_arg = ctx.libcst_node(call), ctx.libcst_node(arg)
        if real is None:
            return None  # a quick tree: the file is analysed again on libcst's parse
        import libcst  # a fix is made on libcst's nodes

        kept = [a for a in real.args if a is not real_arg]
        if kept:
            last = kept[-1]
            kept[-1] = last.with_changes(comma=libcst.MaybeSentinel.DEFAULT)
        new = real.with_changes(args=kept)
        return ctx.replace(call, new, message, Applicability.UNSAFE)

    def _keep_prob(self, ctx: SiteContext, arg: cst.Arg) -> Fix | None:
        if "rate" in ctx.site.args:
            return None
        keep = ctx.code(arg.value)
        if not isinstance(arg.value, (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.Call,
                                      cst.Subscript)):
            keep = f"({keep})"
        message = "Replace `keep_prob=k` with `rate=1 - k`"
        if ctx.parsed.converted is None:  # a quick tree: as text where written `keep_prob=<value>`
            where, value = ctx.parsed.span(arg), ctx.parsed.span(arg.value)
            if where.start_row == value.start_row and value.start_col - where.start_col == len("keep_prob="):
                return ctx.replace(arg, f"rate=1 - {keep}", message, Applicability.UNSAFE)
        real = ctx.libcst_node(arg)
        if real is None:
            return None  # a quick tree: the file is analysed again on libcst's parse
        import libcst  # a fix is made on libcst's nodes

        new = real.with_changes(keyword=libcst.Name("rate"), value=libcst.parse_expression(f"1 - {keep}"))
        return ctx.replace(arg, new, message, Applicability.UNSAFE)
