"""NL009 prefer-spatial-dropout (opt-in): see rules/NL009.md."""

from __future__ import annotations

from collections.abc import Iterator

from noiselint.evaluate import Const, Seq

from .base import Finding, Invalid, SiteContext, SiteRule, Valid
from .noise_shape import noise_shape_value


class PreferSpatialDropout(SiteRule):
    code = "NL009"
    name = "prefer-spatial-dropout"
    summary = "A noise_shape that is exactly a SpatialDropoutND mask; the layer says so by name"
    default_enabled = False

    valid = (
        Valid("per-sample", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 1, 1, 1))(x)\n",
              why="whole-sample dropout (stochastic depth) has no Spatial layer"),
        Valid("time-shared", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(None, 10, 1))(x)\n"),
    )
    invalid = (
        Invalid("channels-2d", """
            from keras import layers
            y = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(x)
            """, message="SpatialDropout2D(0.2)"),
        Invalid("channels-1d", """
            from keras import layers
            y = layers.Dropout(0.2, noise_shape=(None, 1, None))(x)
            """, message="SpatialDropout1D(0.2)"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        site = ctx.site
        found = noise_shape_value(ctx)
        if site.api.label != "Dropout" or not site.api.is_layer or found is None:
            return
        node, value = found
        if not isinstance(value, Seq) or not 3 <= len(value.items) <= 5:
            return
        if ctx.input_shape is not None and len(ctx.input_shape) != len(value.items):
            return  # another rank is NL002's; a Spatial layer would reject this input
        raw = [item.value if isinstance(item, Const) else "?" for item in value.items]
        last = raw[-1]
        channels = last is None or (type(last) is int and last > 1)
        ones = all(type(r) is int and r == 1 for r in raw[1:-1])
        if raw[0] is not None or not channels or not ones:
            return
        layer = f"SpatialDropout{len(raw) - 2}D"
        rate = ctx.code(site.arg("rate")) if site.arg("rate") is not None else "rate"
        yield Finding(node, f"`noise_shape` {tuple(raw)} drops whole channels (channels "
                            f"last): `{layer}({rate})` says so by name")
