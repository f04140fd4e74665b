"""NL011 keep-drop-probability-swap: see rules/NL011.md."""

from __future__ import annotations

import re
from collections.abc import Iterator

from noiselint.apis.dropout import TF1_NN_DROPOUT
from noiselint.diagnostics import Applicability, Fix
from noiselint.syntax import nodes as cst

from .base import Finding, FixAvailability, Invalid, SiteContext, SiteRule, Valid

KEEP, DROP = "keep", "drop"


class KeepDropProbabilitySwap(SiteRule):
    code = "NL011"
    summary = "A keep probability passed where a drop rate is expected, or a drop rate where a keep probability is"
    fix_availability = FixAvailability.ALWAYS

    valid = (
        Valid("keras-rate", "from keras import layers\ny = layers.Dropout(dropout_rate)(x)\n"),
        Valid("keras-converted", "from keras import layers\ny = layers.Dropout(1 - keep_prob)(x)\n"),
        Valid("compat-v1-keep", """
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, keep_prob)
            """, why="the second parameter of the TF 1 API is keep_prob"),
        Valid("compat-v1-rate", """
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, rate=1 - keep_prob)
            """),
        Valid("ambiguous-name", """
            import tensorflow as tf
            x = tf.placeholder(tf.float32, [None, 10])
            dropout = 0.75  # probability to keep units
            y = tf.nn.dropout(x, dropout)
            """, why="`dropout` names neither a keep probability nor a drop rate"),
        Valid("version-unknown", """
            import tensorflow as tf
            y = tf.nn.dropout(x, keep_prob)
            """, why="nothing in the file says whether TF 1 (keep_prob) or TF 2 (rate) runs it"),
    )
    invalid = (
        Invalid("keras-keep", """
            from keras import layers
            y = layers.Dropout(keep_prob)(x)
            """, message="`keep_prob` is a keep probability but `rate` (argument 1) of Dropout is the fraction to drop",
            fixed="""
            from keras import layers
            y = layers.Dropout(1 - keep_prob)(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("keras-attribute", """
            from keras import layers
            y = layers.Dropout(rate=self.keep_prob)(x)
            """, message="`self.keep_prob` is a keep probability but `rate` of Dropout", fixed="""
            from keras import layers
            y = layers.Dropout(rate=1 - self.keep_prob)(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("tf1-drop-rate", """
            import tensorflow as tf
            x = tf.placeholder(tf.float32, [None, 10])
            y = tf.nn.dropout(x, dropout_rate)
            """, message="`dropout_rate` is a drop rate but `keep_prob` (argument 2) of tf.nn.dropout (TF 1) is "
                         "the fraction to keep", fixed="""
            import tensorflow as tf
            x = tf.placeholder(tf.float32, [None, 10])
            y = tf.nn.dropout(x, 1 - dropout_rate)
            """, applicability=Applicability.UNSAFE),
        Invalid("random-one-minus-rate", """
            import keras
            y = keras.random.dropout(x, 1 - rate)
            """, message="`1 - rate` is a keep probability", fixed="""
            import keras
            y = keras.random.dropout(x, rate)
            """, applicability=Applicability.UNSAFE),
        Invalid("compat-v1-rate-keep", """
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, rate=keep_prob)
            """, message="`rate` of tf.compat.v1.nn.dropout is the fraction to drop", fixed="""
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, rate=1 - keep_prob)
            """, applicability=Applicability.UNSAFE),
        Invalid("compat-v1-keep-complement", """
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, 1 - config.keep_prob)
            """, message="`1 - config.keep_prob` is a drop rate", fixed="""
            import tensorflow as tf
            y = tf.compat.v1.nn.dropout(x, config.keep_prob)
            """, applicability=Applicability.UNSAFE),
    )

    def check(self, ctx: SiteContext) -> Iterator[Finding]:
        site, api = ctx.site, ctx.site.api
        if site.qualified_name == "tensorflow.nn.dropout" and api is not TF1_NN_DROPOUT:
            return  # TF 1 (keep_prob) or TF 2 (rate): nothing in the file says which runs it
        for param, expected in ((api.rate_param, DROP), ("keep_prob", KEEP)):
            arg = site.args.get(param) if param is not None and param in api.params else None
            said = meaning(arg.value) if arg is not None else None
            if arg is None or said is None or said[0] == expected:
                continue
            kind, inner = said
            what = "a keep probability" if kind == KEEP else "a drop rate"
            where = "" if arg.keyword is not None else f" (argument {api.params.index(param) + 1})"
            means = "the fraction to drop, so it drops the fraction meant to be kept" if expected == DROP else \
                "the fraction to keep, so it keeps the fraction meant to be dropped"
            yield Finding(arg.value, f"`{ctx.snippet(arg.value)}` is {what} but `{param}`{where} of {api.label} "
                                     f"is {means}", _fix(ctx, arg.value, inner))


def meaning(node: cst.BaseExpression) -> tuple[str, cst.BaseExpression | None] | None:
    """What an argument says it is, KEEP or DROP, and for `1 - x` the `x`. A name says so
    by its words (`keep_prob`, `dropout_rate`, `FLAGS.keep_prob`, `cfg["drop_prob"]`; a
    bare `dropout` says neither), and `1 - x` is the other of what `x` is."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract) \
            and _is_one(node.left) and not node.lpar:
        inner = meaning(node.right)
        if inner is None or inner[1] is not None:
            return None
        return (DROP if inner[0] == KEEP else KEEP), node.right
    name = _name(node)
    if name is None:
        return None
    words = {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)}
    if any(w.startswith("keep") for w in words):
        return KEEP, None
    if words == {"rate"} or (words & _DROP_WORDS and words & _RATE_WORDS):
        return DROP, None
    return None


_DROP_WORDS = {"drop", "dropout"}
_RATE_WORDS = {"rate", "prob", "probability", "p", "ratio", "fraction"}


def _name(node: cst.BaseExpression) -> str | None:
    """The last name of `keep_prob`, `self.keep_prob`, `FLAGS.keep_prob`, `cfg["keep_prob"]`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        key = node.slice[0].slice.value
        word = key.evaluated_value if isinstance(key, cst.SimpleString) else None
        if isinstance(word, str):
            return word if word.isidentifier() else None
    return None


def _is_one(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Integer, cst.Float)) and float(node.value) == 1.0


def _fix(ctx: SiteContext, node: cst.BaseExpression, inner: cst.BaseExpression | None) -> Fix | None:
    """`1 - x` → `x`, or `x` → `1 - x`: the exact conversion between the two."""
    if inner is not None:
        return ctx.replace(node, ctx.code(inner), f"Replace `{ctx.snippet(node)}` with `{ctx.snippet(inner)}`",
                           Applicability.UNSAFE)
    return ctx.replace(node, f"1 - {ctx.code(node)}", f"Replace `{ctx.snippet(node)}` with `1 - {ctx.snippet(node)}`",
                       Applicability.UNSAFE)
