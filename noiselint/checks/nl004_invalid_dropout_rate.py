"""NL004 invalid-dropout-rate: see rules/NL004.md."""

from __future__ import annotations

import math
from collections.abc import Iterator

from noiselint.diagnostics import Fix
from noiselint.syntax import nodes as cst
from noiselint.values.configs import facts_only
from noiselint.values.kinds import Const, Seq, TensorDim, Unknown, Value

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid


class InvalidDropoutRate(SiteRule):
    code = "NL004"
    summary = "The dropout rate is missing or is not a number in [0, 1)"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("float", "from keras import layers\ny = layers.Dropout(0.5)(x)\n"),
        Valid("keyword", "from keras import layers\ny = layers.Dropout(rate=0.25)(x)\n"),
        Valid("zero", "from keras import layers\ny = layers.Dropout(0)(x)\n"),
        Valid("unknown", "from keras import layers\ny = layers.Dropout(cfg.rate)(x)\n",
              why="not static: never guess"),
        Valid("keep-prob-v1", """
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, 0.9)
            """, why="the second argument of the TF 1 function is keep_prob"),
        Valid("guarded-none-default", """
            from keras import layers
            def block(x, drop_rate=None):
                if drop_rate and drop_rate > 0:
                    x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1))(x)
                return x
            """, why="the None default never reaches the call: the guard excludes it"),
    )
    invalid = (
        Invalid("tuple-rate", """
            from keras.layers import Dropout
            y = Dropout((0.1, [None, 1, 8]))(x)
            """, message="did you mean `Dropout(0.1, noise_shape=[None, 1, 8])`", fixed="""
            from keras.layers import Dropout
            y = Dropout(0.1, noise_shape=[None, 1, 8])(x)
            """),
        Invalid("missing", "from keras import layers\ny = layers.Dropout()(x)\n",
                message="called without `rate`"),
        Invalid("above-one", "from keras import layers\ny = layers.Dropout(1.5)(x)\n",
                message="is 1.5, outside [0, 1]"),
        Invalid("negative", "from keras import layers\ny = layers.Dropout(-0.1)(x)\n",
                message="is -0.1, outside [0, 1]"),
        Invalid("string", "from keras import layers\ny = layers.Dropout('0.5')(x)\n",
                message="is the string '0.5'"),
        Invalid("one", "from keras import layers\ny = layers.Dropout(1.0)(x)\n",
                message="drops everything"),
        Invalid("tf-nn-one", "import tensorflow as tf\ny = tf.nn.dropout(x, 1.0)\n",
                message="must be in [0, 1)"),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        site, api = ctx.site, ctx.site.api
        if api.rate_param is None or site.has_star_args:
            return
        node = site.arg(api.rate_param)
        if node is None:
            if any(a.keyword and a.keyword.value == "keep_prob" for a in site.unknown_keywords):
                return  # NL008 reports `keep_prob` and fixes it into `rate`
            if api.family == "tf" and "keep_prob" in api.params:
                yield from self._compat_v1(ctx)
            elif api.rate_required:
                yield Finding(site.call, f"{api.label} is called without `{api.rate_param}`: "
                                         f"a TypeError when the line runs")
            return
        value = facts_only(ctx.evaluator.evaluate(node))
        # A Keras layer checks its rate in __init__; a function when it is called.
        when = "when the layer is constructed" if api.is_layer else "when it is called"
        problem = self._problem(value, api.max_rate_inclusive, when, api.is_layer)
        if problem is None:
            return
        message = f"`{api.rate_param}` of {api.label} {problem}"
        fix = None
        if isinstance(value, Seq) and isinstance(node, cst.Tuple):
            message, fix = self._tuple_rate(ctx, node, message)
        yield Finding(node, message, fix)

    def _problem(self, value: Value, one_allowed: bool, when: str, layer: bool) -> str | None:
        if isinstance(value, (Unknown, TensorDim)):
            return None
        if isinstance(value, Seq):
            return f"is a tuple, not a number: a TypeError {when}"
        raw = value.value
        if isinstance(raw, str):
            return f"is the string {raw!r}, not a number"
        if raw is None or isinstance(raw, (bool, bytes, complex)):
            return f"is {raw!r}, not a number"
        if isinstance(raw, float) and math.isnan(raw):
            # Keras's layers refuse it (`not 0 <= rate <= 1`); keras.random.dropout and
            # tf.nn.dropout take it without a word (checked on Keras 3.15.1, TF 2.21).
            outcome = f"a ValueError {when}" if layer else \
                "accepted without an error, so nothing says the rate is wrong"
            return f"is NaN, not a number in [0, 1]: {outcome}"
        if raw < 0 or raw > 1:
            return f"is {raw}, outside [0, 1]: a ValueError {when}"
        if raw == 1 and not one_allowed:
            return f"is {raw}, but it must be in [0, 1): a ValueError {when}"
        if raw == 1:
            return (f"is {raw}: it drops everything (Keras >= 3.14 returns zeros, older versions "
                    f"raise a ValueError)")
        return None

    def _tuple_rate(self, ctx: SiteContext, node: cst.Tuple, message: str
                    ) -> tuple[str, Fix | None]:
        site = ctx.site
        elements = node.elements
        if len(elements) != 2 or "noise_shape" in site.args or any(
                isinstance(e, cst.StarredElement) for e in elements):
            return message, None
        rate, shape = (ctx.code(e.value) for e in elements)
        arg = site.args[site.api.rate_param]
        others = ", ..." if len(site.call.args) > 1 else ""
        shown = f"{ctx.snippet(elements[0].value)}, noise_shape={ctx.snippet(elements[1].value)}"
        message += f"; did you mean `{ctx.snippet(site.call.func)}({shown}{others})`?"
        replacement = f"{rate}, noise_shape={shape}"
        if arg.keyword is not None:
            replacement = f"{arg.keyword.value}={rate}, noise_shape={shape}"
        # The argument's range includes the tuple's parentheses; the tuple's does not.
        fix = ctx.replace(arg, replacement, "Pass the shape as `noise_shape`, not inside the rate")
        return message, fix

    def _compat_v1(self, ctx: SiteContext) -> Iterator[Finding]:
        site = ctx.site
        keep = site.arg("keep_prob")
        if keep is None:
            yield Finding(site.call, "tf.compat.v1.nn.dropout is called without `rate` or "
                                     "`keep_prob`: a ValueError when it runs")
            return
        value = ctx.evaluator.evaluate(keep)
        if isinstance(value, Const) and isinstance(value.value, (int, float)) \
                and not isinstance(value.value, bool) and not 0 < value.value <= 1:
            yield Finding(keep, f"`keep_prob` {value.value} is not in (0, 1]: a ValueError "
                                f"when it runs")
