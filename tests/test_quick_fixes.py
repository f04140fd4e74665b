"""Fixes a quick pass makes as text (checks/base.py `plain_parts`, NL002, NL007, NL008, NL009)
are what libcst prints of the edited node, so that the quick pass's findings can be final: the
same file linted with the quick pass and without it gives the same findings, fixes included,
over layouts that are plain (made as text) and layouts that are not (made on libcst's parse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from noiselint.checks import BY_CODE
from noiselint.engine import lint_text
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.runner import shape_inference
from noiselint.settings import Settings

MODEL = """import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
y = {}(x)
"""

TF1 = """import tensorflow as tf

y = {}
"""

# (the call, whether the quick pass's findings are final)
CALLS = [
    # NL009 (opt-in): Dropout with the mask SpatialDropout2D draws.
    ('layers.Dropout(0.2, noise_shape=(None, 1, 1, 32))', True),
    ('layers.Dropout(0.2, noise_shape=(None, 1, 1, 32), name="d")', True),
    ('layers.Dropout(rate=0.2, noise_shape=(None, 1, 1, 32))', True),
    ('layers.Dropout(0.2, noise_shape=(None, 1, 1, 32),)', False),
    ('layers.Dropout(0.2 , noise_shape=(None, 1, 1, 32))', False),
    ('layers.Dropout( 0.2, noise_shape=(None, 1, 1, 32) )', False),
    ('layers.Dropout(0.2,\n                   noise_shape=(None, 1, 1, 32))', False),
    # NL008: a Spatial layer given a mask.
    ('layers.SpatialDropout2D(0.2, noise_shape=(None, 1, 1, 32))', True),
    ('layers.SpatialDropout2D(noise_shape=(None, 1, 1, 32), rate=0.2)', True),
    ('layers.SpatialDropout2D(0.2, noise_shape=(None, 1, 1, 32), name="s")', True),
    ('layers.SpatialDropout2D(0.2,  noise_shape=(None, 1, 1, 32))', False),
    ('layers.SpatialDropout2D(0.2, noise_shape=((None, 1, 1, 32)))', False),
    # NL002: a mask one axis short.
    ('layers.Dropout(0.5, noise_shape=(1, 1, 32))', True),
    ('layers.Dropout(0.5, noise_shape=[1, 1, 32])', True),
    ('layers.Dropout(0.5, noise_shape=(1,1,32))', False),
    ('layers.Dropout(0.5, noise_shape=( 1, 1, 32 ))', False),
    ('layers.Dropout(0.5, noise_shape=[1, 1, 32,])', False),
    # NL007.
    ('layers.Dropout(0.5, noise_shape=(None, 1, 1, x._keras_shape[3]))', True),
    ('layers.Dropout(0.5, noise_shape=(None, 1, 1, (x)._keras_shape[3]))', False),
]

TF1_CALLS = [
    # NL008: TF 1's keep_prob.
    ('tf.nn.dropout(tf.ones([4, 8]), keep_prob=0.8)', True),
    ('tf.nn.dropout(tf.ones([4, 8]), keep_prob = 0.8)', False),
    ('tf.nn.dropout(tf.ones([4, 8]), keep_prob=(0.8))', False),
]


@pytest.mark.parametrize(("text", "final"), [
    *[(MODEL.format(call), final) for call, final in CALLS],
    *[(TF1.format(call), final) for call, final in TF1_CALLS],
])
def test_a_fix_made_as_text_is_libcsts(tmp_path: Path, quick_finals: list[bool], text: str, final: bool) -> None:
    rules = [BY_CODE[code]() for code in sorted(BY_CODE)]  # the opt-in NL009 too
    infer = shape_inference(Settings(cache_dir=str(tmp_path / "cache")))
    source = SourceFile(str(tmp_path / "m.py"), text)
    slow = lint_text(source, rules, infer, ModuleNames(ProjectIndex(), source.path, text))
    fast = lint_text(source, rules, infer, ModuleNames(ProjectIndex(), source.path, text), quick=True)
    assert fast == slow
    assert any(d.fix is not None for d in slow), slow
    assert quick_finals == [final]
