"""A finding points at the element at fault, and a fix's title names the source text it
replaces (issue 22, item 8): what the editor underlines is what the quick fix edits."""

from __future__ import annotations

import pytest

import noiselint

KERAS = """\
from keras import layers
BATCH_SIZE = 64
F = 8
NOISE = (64, 1, F)
inp = layers.Input((10, F))
y = layers.Dropout(0.5, noise_shape=(BATCH_SIZE, 1, F))(inp)
z = layers.Dropout(0.5, noise_shape=NOISE)(inp)
"""
TF_NN = """\
import tensorflow as tf
def f(x):
    return tf.nn.dropout(x, rate=0.5, noise_shape=[32, 1, 8])
"""
SYMBOLIC = """\
import tensorflow as tf
from keras import layers
inp = layers.Input((10, 8))
v = layers.Dropout(0.5, noise_shape=(1, tf.shape(inp)[1], 8))(inp)
"""


def _findings(source: str) -> list[tuple[str, str, str | None]]:
    """(code, the source text the finding points at, the fix's title) per finding."""
    lines = source.splitlines()
    out = []
    for d in noiselint.lint_source(source, filename="m.py"):
        assert d.span.start_row == d.span.end_row
        text = lines[d.span.start_row - 1][d.span.start_col - 1:d.span.end_col - 1]
        if d.fix is not None:
            (edit,) = d.fix.edits
            assert edit.span == d.span, "the finding's range is the range its fix edits"
        out.append((d.code, text, d.fix.message if d.fix else None))
    return out


@pytest.mark.parametrize(("source", "expected"), [
    (KERAS, [("NL001", "BATCH_SIZE", "Replace `BATCH_SIZE` with `None`"),
             ("NL001", "NOISE", "Replace `NOISE` with `(None, *NOISE[1:])`")]),
    (TF_NN, [("NL001", "32", "Replace `32` with `tf.shape(x)[0]`")]),
    (SYMBOLIC, [("NL006", "tf.shape(inp)[1]", "Replace `tf.shape(inp)[1]` with `None`")]),
])
def test_range_is_the_element_and_the_title_its_source(source: str, expected: list) -> None:
    assert _findings(source) == expected
