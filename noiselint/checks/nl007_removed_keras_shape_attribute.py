"""NL007 removed-keras-shape-attribute: see rules/NL007.md."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from .base import Finding, FixAvailability, Invalid, ModuleContext, ModuleRule, Valid


class RemovedKerasShapeAttribute(ModuleRule):
    code = "NL007"
    summary = "`t._keras_shape` was removed with multi-backend Keras: an AttributeError today"
    fix_availability = FixAvailability.ALWAYS

    valid = (
        Valid("shape", "from keras import layers\nn = x.shape[1]\ny = layers.Dropout(0.5)(x)\n"),
        Valid("assignment", "from keras import layers\nx._keras_shape = (None, 3)\ny = layers.Dropout(0.5)(x)\n",
              why="setting the attribute works; only reading it fails"),
    )
    invalid = (
        Invalid("index", """
            from keras import layers
            y = layers.Dropout(0.5, noise_shape=(None, 1, x._keras_shape[2]))(x)
            """, message="`x._keras_shape`", fixed="""
            from keras import layers
            y = layers.Dropout(0.5, noise_shape=(None, 1, x.shape[2]))(x)
            """),
    )

    def check(self, ctx: ModuleContext) -> Iterator[Finding]:
        for attribute in ctx.sites.keras_shape_attributes:
            owner = ctx.code(attribute.value)
            fix = ctx.replace(attribute, attribute.with_changes(attr=cst.Name("shape")),
                              "Replace `_keras_shape` with `shape`")
            yield Finding(attribute, f"`{owner}._keras_shape` was removed in Keras 2.4 "
                                     f"(TF 2): Keras 3 and tf-keras raise AttributeError; "
                                     f"use `{owner}.shape`", fix)
