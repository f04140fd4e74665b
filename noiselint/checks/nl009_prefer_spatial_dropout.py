"""NL009 prefer-spatial-dropout (opt-in): see rules/NL009.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.diagnostics import Applicability, Fix
from noiselint.syntax import nodes as cst
from noiselint.values.kinds import Const, Seq

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid
from .noise_shape import noise_shape_value


class PreferSpatialDropout(SiteRule):
    code = "NL009"
    summary = "A noise_shape that is exactly a SpatialDropoutND mask; the layer says so by name"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("per-sample", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 1, 1, 1))(x)\n",
              why="whole-sample dropout (stochastic depth) has no Spatial layer"),
        Valid("time-shared", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 10, 1))(x)\n"),
    )
    invalid = (
        Invalid("channels-2d", """
            from keras import layers
            y = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(x)
            """, message="SpatialDropout2D(0.2)", fixed="""
            from keras import layers
            y = layers.SpatialDropout2D(0.2)(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("channels-1d", """
            from keras import layers
            y = layers.Dropout(0.2, noise_shape=(None, 1, None), seed=3)(x)
            """, message="SpatialDropout1D(0.2)", fixed="""
            from keras import layers
            y = layers.SpatialDropout1D(0.2, seed=3)(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("bare-name", """
            from keras.layers import Dropout
            y = Dropout(0.2, noise_shape=(None, 1, 1, 1, 16))(x)
            """, message="SpatialDropout3D(0.2)"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        site = ctx.site
        found = noise_shape_value(ctx)
        if site.api.label != "Dropout" or not site.api.is_layer or found is None:
            return
        node, value = found
        if not isinstance(value, Seq) or not 3 <= len(value.items) <= 5:
            return
        raw = [item.value if isinstance(item, Const) else "?" for item in value.items]
        shape = ctx.input_shape
        if shape is not None and (len(shape) != len(raw) or raw[-1] not in (None, shape[-1])):
            # Another rank is NL002's and a Spatial layer would reject the input; another
            # channel count is NL003's, and the Spatial layer would silently differ.
            return
        last = raw[-1]
        channels = last is None or (type(last) is int and last > 1)
        ones = all(type(r) is int and r == 1 for r in raw[1:-1])
        if raw[0] is not None or not channels or not ones:
            return
        rate_node = site.arg("rate")
        if rate_node is None or isinstance(ctx.evaluator.evaluate(rate_node), Seq):
            return  # a missing or tuple rate is NL004's
        layer = f"SpatialDropout{len(raw) - 2}D"
        rate = ctx.snippet(rate_node)
        yield Finding(node, f"`noise_shape` {tuple(raw)} drops whole channels (channels "
                            f"last): `{layer}({rate})` says so by name", self._fix(ctx, layer))

    def _fix(self, ctx: SiteContext, layer: str) -> Fix | None:
        """`layers.Dropout(r, noise_shape=...)` -> `layers.SpatialDropoutND(r)`; unsafe: the Spatial
        layer follows `image_data_format()` and takes the channel count from the input."""
        call = ctx.site.call
        if not isinstance(call.func, cst.Attribute):
            return None  # a bare `Dropout` name would need a new import
        if any(name not in ("rate", "noise_shape", "seed", "name") for name in ctx.site.args) \
                or ctx.site.unknown_keywords or ctx.site.has_star_args:
            return None
        message = f"Use `{layer}`"
        if ctx.parsed.converted is None:  # a quick tree: made as text where the call is laid out plainly
            plain = ctx.call_without(call, ctx.site.args["noise_shape"])
            name = call.func.attr.value
            if plain is not None and plain[1] != ")" and plain[0].endswith(f"{name}("):
                head = plain[0][:-len(name) - 1] + f"{layer}("
                return ctx.replace(call, head + plain[1], message, Applicability.UNSAFE)
        real, noise_shape = ctx.libcst_node(call), ctx.libcst_node(ctx.site.args["noise_shape"])
        if real is None:
            return None  # a quick tree: the file is analysed again on libcst's parse
        import libcst  # a fix is made on libcst's nodes

        args = [a for a in real.args if a is not noise_shape]
        args[-1] = args[-1].with_changes(comma=libcst.MaybeSentinel.DEFAULT)
        new = real.with_changes(func=real.func.with_changes(attr=libcst.Name(layer)), args=args)
        return ctx.replace(call, new, message, Applicability.UNSAFE)
