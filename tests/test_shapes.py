"""The shape oracle: Keras's own answers for the allow-listed layers, never weights, never
user code; TensorFlow imported lazily, on its backend, or not at all; and the shape rules
(NL002, NL003, NL010) end to end on the StackOverflow model."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
import textwrap
import traceback
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
from snippets import STACKOVERFLOW

from noiselint.engine import fix_text, lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.model.inference import make_shape_inference
from noiselint.report.shapes_text import render_shapes
from noiselint.settings import Settings
from noiselint.shapes import oracle as shapes
from noiselint.shapes.cache import ShapeCache
from noiselint.shapes.catalog import CATALOG
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.oracle import KerasShapes, compute, construct, load_keras
from noiselint.shapes.specs import ConfigValue, LayerSpec
from noiselint.syntax import nodes

NODE = nodes.Name("layer")
REPO = Path(__file__).resolve().parent.parent


def spec(name: str, **config: ConfigValue) -> LayerSpec:
    return LayerSpec(name, NODE, tuple(config.items()))


def ask(layer: LayerSpec, *inputs: tuple[int | None, ...] | None, oracle: KerasShapes | None = None):
    return (oracle or KerasShapes(None)).output_shapes(layer, inputs, True)


def no_keras() -> str:
    raise AssertionError("Keras must not be imported for this question")


# Keras's answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(("layer", "inputs", "outputs"), [
    (spec("Dense", units=10), [(None, 20, 32)], [(None, 20, 10)]),
    (spec("Conv2D", filters=64, kernel_size=(11, 2), strides=(1, 1), data_format="channels_first"),
     [(None, 1, 100, 2)], [(None, 64, 90, 1)]),
    (spec("MaxPooling2D", pool_size=(2, 1), data_format="channels_last"), [(None, 64, 90, 1)], [(None, 32, 90, 1)]),
    (spec("MaxPooling2D", pool_size=(2, 1), data_format="channels_first"), [(None, 64, 90, 1)], [(None, 64, 45, 1)]),
    (spec("Conv1DTranspose", filters=4, kernel_size=3, strides=2), [(None, 5, 3)], [(None, 11, 4)]),
    (spec("SeparableConv2D", filters=8, kernel_size=3), [(None, 10, 10, 3)], [(None, 8, 8, 8)]),
    (spec("DepthwiseConv2D", kernel_size=3, depth_multiplier=2), [(None, 10, 10, 3)], [(None, 8, 8, 6)]),
    (spec("GlobalAveragePooling2D"), [(None, 7, 7, 64)], [(None, 64)]),
    (spec("Flatten"), [(None, 3, 4, 5)], [(None, 60)]),
    (spec("Reshape", target_shape=(-1, 4)), [(None, 3, 4, 5)], [(None, 15, 4)]),
    (spec("Permute", dims=(2, 1)), [(None, 3, 4)], [(None, 4, 3)]),
    (spec("RepeatVector", n=3), [(None, 4)], [(None, 3, 4)]),
    (spec("Embedding", input_dim=1000, output_dim=64), [(None, 20)], [(None, 20, 64)]),
    (spec("LSTM", units=32, return_state=True), [(None, 20, 8)], [(None, 32)] * 3),
    (spec("GRU", units=8, return_sequences=True), [(None, None, 3)], [(None, None, 8)]),
    (spec("ZeroPadding2D", padding=1), [(None, 10, 10, 3)], [(None, 12, 12, 3)]),
    (spec("Cropping1D", cropping=1), [(None, 10, 3)], [(None, 8, 3)]),
    (spec("UpSampling2D", size=2), [(None, 10, 10, 3)], [(None, 20, 20, 3)]),
    (spec("Concatenate"), [(None, 20, 8), (None, 20, 4)], [(None, 20, 12)]),
    (spec("Dot", axes=1), [(None, 8), (None, 8)], [(None, 1)]),
    (spec("MultiHeadAttention", num_heads=2, key_dim=4), [(None, 10, 8), (None, 12, 8)], [(None, 10, 8)]),
    (spec("TimeDistributed", layer=spec("Dense", units=5)), [(None, 20, 8)], [(None, 20, 5)]),
    (spec("Bidirectional", layer=spec("LSTM", units=16, return_sequences=True)), [(None, 20, 8)],
     [(None, 20, 32)]),
])
def test_keras_answers(layer: LayerSpec, inputs, outputs) -> None:
    outcome = ask(layer, *inputs)
    assert outcome.outputs == tuple(outputs) and outcome.exact and outcome.reason is None


def test_every_catalog_entry_matches_the_installed_keras_signature() -> None:
    """The positional order noiselint binds arguments by is Keras 3's own."""
    keras = load_keras()
    assert not isinstance(keras, str), keras
    for name, entry in CATALOG.items():
        signature = inspect.signature(getattr(keras.layers, name).__init__)
        positional = [p.name for p in signature.parameters.values()
                      if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD]
        assert list(entry.params) == positional[: len(entry.params)], name
        accepts = set(signature.parameters) | ({"data_format"} if entry.data_format else set())
        has_kwargs = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
        assert has_kwargs or entry.shape_params <= accepts, name


def test_input_spec_is_checked_as_a_real_call_would() -> None:
    """`compute_output_shape` alone gives MaxPooling2D a rank-3 input without complaint."""
    outcome = ask(spec("MaxPooling2D", pool_size=2, data_format="channels_last"), (None, 20, 8))
    assert outcome.outputs is None and not outcome.exact
    assert outcome.reason is not None and outcome.reason.startswith("Keras rejects it: ")
    assert "expected ndim=4, found ndim=3" in outcome.reason


def test_merge_shapes_are_validated() -> None:
    outcome = ask(spec("Concatenate"), (None, 20, 8), (None, 10, 8))
    assert outcome.outputs is None and outcome.reason is not None
    assert "Keras rejects it" in outcome.reason


def test_dense_of_a_trillion_units_builds_no_weights() -> None:
    keras = load_keras()
    assert not isinstance(keras, str)
    tracemalloc.start()
    try:
        layer = construct(keras, "Dense", {"units": 10**12})
        out = compute(keras, layer, CATALOG["Dense"], [(None, 20, 32)])
        embedding = construct(keras, "Embedding", {"input_dim": 10**9, "output_dim": 10**9})
        out2 = compute(keras, embedding, CATALOG["Embedding"], [(None, 20)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out == ((None, 20, 10**12),) and out2 == ((None, 20, 10**9),)
    assert not layer.built and layer.weights == [] and embedding.weights == []
    assert peak < 20 * 2**20, peak  # a 10**12-unit kernel would be 4 TB


def test_dense_of_a_trillion_units_in_a_linted_file_stays_small(tmp_path: Path) -> None:
    """The whole pipeline in a fresh process: resident memory stays that of TF itself."""
    code = textwrap.dedent("""
        import resource, sys
        from noiselint.engine import lint_text, selected_rules
        from noiselint.settings import Settings
        from noiselint.model.inference import make_shape_inference
        from noiselint.shapes.oracle import load_keras
        from noiselint.files.source import SourceFile
        load_keras()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        text = ("import keras\\nx = keras.Input((20, 32))\\nx = keras.layers.Dense(10**12)(x)\\n"
                "x = keras.layers.Dropout(0.5, noise_shape=(None, 1, 7))(x)\\n")
        found = lint_text(SourceFile("big.py", text), selected_rules(Settings()), make_shape_inference(None))
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print((after - before) // 1024, [d.message for d in found])
        """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    grown_mb, messages = proc.stdout.split(" ", 1)
    assert int(grown_mb) < 200, proc.stdout
    assert "axis 2 is 7 but must be 1, None or 1000000000000" in messages


def test_only_allow_listed_classes_and_plain_words_reach_keras() -> None:
    keras = load_keras()
    assert not isinstance(keras, str)
    with pytest.raises(ValueError, match="allow-list"):
        construct(keras, "Lambda", {})
    with pytest.raises(ValueError, match="allow-list"):
        construct(keras, "TimeDistributed", {"layer": {"class_name": "TFSMLayer", "config": {}}})
    with pytest.raises(ValueError, match="plain word"):
        construct(keras, "Conv2D", {"filters": 1, "kernel_size": 1, "padding": "os.system"})
    outcome = ask(LayerSpec("MyBlock", NODE, custom="custom layer `MyBlock`"), (None, 3))
    assert outcome == shapes.ShapeOutcome(None, False, "custom layer `MyBlock`")


# without Keras's answer ---------------------------------------------------------------------------


def test_elementwise_layers_need_no_keras() -> None:
    oracle = KerasShapes(None, load=no_keras)
    for name in ("Dropout", "BatchNormalization", "Activation", "AlphaDropout", "GaussianNoise"):
        assert ask(spec(name), (None, 10, 3), oracle=oracle).outputs == ((None, 10, 3),)
    wrong = ask(spec("SpatialDropout2D", data_format="channels_last"), (None, 10, 3), oracle=oracle)
    assert wrong.outputs is None and wrong.reason == "Keras rejects it: expected ndim=4, found ndim=3"


def test_unknown_arguments_keep_what_the_layer_preserves() -> None:
    oracle = KerasShapes(None, load=no_keras)
    dense = LayerSpec("Dense", NODE, (), (("units", "`n` is not bound in this file"),))
    conv = LayerSpec("Conv2D", NODE, (("kernel_size", 3),), (("filters", "not static"),))
    lstm = LayerSpec("LSTM", NODE, (), (("units", "not static"),))
    assert ask(dense, (None, 7, 4), oracle=oracle) == shapes.ShapeOutcome(
        ((None, 7, None),), False, "argument `units` not static (`n` is not bound in this file)")
    # `filters` and `units` set one axis each: the others hold for every value (#21).
    assert ask(conv, (32, 9, 9, 3), oracle=oracle).outputs == ((32, 7, 7, None),)
    assert ask(lstm, (None, 7, 4), oracle=oracle).outputs == ((None, None),)
    padded = LayerSpec("Conv2D", NODE, (("kernel_size", 3),), (("filters", "no"), ("padding", "no")))
    assert ask(padded, (32, 9, 9, 3), oracle=oracle).outputs == ((32, None, None, None),)  # padding is not a size
    assert ask(spec("Dense", units=3, activation=None), None, oracle=oracle).outputs is None


def test_an_unknown_input_of_a_fixed_rank_layer_still_has_that_rank() -> None:
    outcome = KerasShapes(None).output_shapes(spec("GRU", units=5), (None,), True)
    assert outcome.outputs == ((None, 5),) and not outcome.exact


def test_without_tensorflow_only_the_written_out_shapes_are_known_with_one_warning() -> None:
    oracle = KerasShapes(None, load=lambda: "Keras/TensorFlow cannot be imported (ModuleNotFoundError: x)")
    # Dense and Conv1D have formulas (shapes/formulas.py): no Keras needed, no warning.
    assert ask(spec("Dense", units=3), (None, 4), oracle=oracle).outputs == ((None, 3),)
    assert ask(spec("Conv1D", filters=3, kernel_size=2), (None, 9, 4), oracle=oracle).outputs == ((None, 8, 3),)
    assert oracle.warnings() == ()
    assert ask(spec("Conv1DTranspose", filters=3, kernel_size=2), (None, 9, 4), oracle=oracle).outputs == \
        ((None, 10, 3),)
    # CenterCrop has no written-out formula: it keeps the rank and batch size for certain.
    first = ask(spec("CenterCrop", height=2, width=3), (None, 9, 4, 3), oracle=oracle)
    second = ask(spec("CenterCrop", height=3, width=2), (None, 9, 4, 3), oracle=oracle)
    assert first.outputs == ((None, None, None, None),) and first.reason == "TensorFlow is not available"
    assert second.outputs == ((None, None, None, None),)
    (warning,) = oracle.warnings()
    assert warning.startswith("Keras/TensorFlow cannot be imported (ModuleNotFoundError: x); the shape rules")
    assert oracle.warnings() == ()  # said once per run


def test_without_tensorflow_the_other_rules_still_run(monkeypatch) -> None:
    monkeypatch.setattr(shapes, "load_keras", lambda: "Keras/TensorFlow cannot be imported (ImportError)")
    infer = make_shape_inference(None)
    text = ("import keras\nx = keras.Input((10, 8))\nx = keras.layers.Attention()([x, x])\n"
            "x = keras.layers.Dropout(0.5, noise_shape=(64, 1, 4))(x)\n")
    found = lint_text(SourceFile("m.py", text), selected_rules(Settings()), infer)
    assert [d.code for d in found] == ["NL001"]  # NL003 (axis 2) needs Attention's shape: silent
    # Dense's shape is written out: the same mistake after it is found without Keras.
    found = lint_text(SourceFile("m.py", text.replace("Attention()([x, x])", "Dense(8)(x)")),
                      selected_rules(Settings()), infer)
    assert [d.code for d in found] == ["NL001", "NL003"]


def test_keras_loaded_with_another_backend_is_not_used(monkeypatch) -> None:
    fake = SimpleNamespace(__version__="3.15.1", backend=SimpleNamespace(backend=lambda: "jax"))
    monkeypatch.setitem(sys.modules, "keras", fake)
    assert shapes._import_keras() == "Keras was already imported with the jax backend; noiselint needs TensorFlow's"


def _fresh_python(code: str, **env: str) -> str:
    import os

    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          check=True, env={**os.environ, **env}, cwd=REPO)
    return proc.stdout.strip()


def test_tensorflow_backend_is_forced_whatever_keras_backend_says() -> None:
    out = _fresh_python("""
        from noiselint.shapes.oracle import load_keras
        print(load_keras().backend.backend())
        """, KERAS_BACKEND="jax")
    assert out == "tensorflow"


def test_keras_is_imported_only_when_a_shape_is_needed() -> None:
    out = _fresh_python("""
        import sys
        from noiselint.engine import lint_text, selected_rules
        from noiselint.settings import Settings
        from noiselint.model.inference import make_shape_inference
        from noiselint.files.source import SourceFile
        infer = make_shape_inference(None)
        text = "import keras\\nx = keras.layers.Dropout(0.5, noise_shape=(64, 1, 4))(keras.Input((10, 4)))\\n"
        found = lint_text(SourceFile("m.py", text), selected_rules(Settings()), infer)
        print([d.code for d in found], "keras" in sys.modules, "tensorflow" in sys.modules)
        """)
    assert out == "['NL001'] False False"  # Input and Dropout need no Keras


def test_a_warm_run_imports_no_tensorflow(tmp_path: Path) -> None:
    """An unchanged file is answered by the results cache; a changed one misses it, but
    every layer's shape is in the shape cache. Neither imports TensorFlow. (The cold run
    does: `CenterCrop` has no written-out formula.)"""
    model = tmp_path / "model.py"
    code = f"""
        import sys
        from noiselint.cli import main
        code = main(["--output-format", "concise", {str(model)!r}])
        print(code, "tensorflow" in sys.modules)
        """
    cache = str(tmp_path / "cache")
    source = textwrap.dedent(STACKOVERFLOW).replace(
        "from keras.models import Model", "from keras.models import Model\nfrom keras.layers import CenterCrop")
    source += "up = CenterCrop(2, 2)(inp)\n"
    model.write_text(source)
    cold = _fresh_python(code, NOISELINT_CACHE_DIR=cache)
    unchanged = _fresh_python(code, NOISELINT_CACHE_DIR=cache)  # the results cache answers
    model.write_text(source + "# changed\n")
    warm = _fresh_python(code, NOISELINT_CACHE_DIR=cache)  # parsed again; shapes from the shape cache
    assert cold.splitlines()[-1] == "1 True"
    assert unchanged.splitlines()[-1] == "1 False"
    assert warm.splitlines()[-1] == "1 False"
    assert cold.splitlines()[:-1] == unchanged.splitlines()[:-1] == warm.splitlines()[:-1]
    assert any(": NL003 " in line for line in warm.splitlines())


def test_a_model_of_written_out_layers_never_imports_tensorflow(tmp_path: Path) -> None:
    """Conv2D, MaxPooling2D, Dropout, Flatten and Dense all have formulas: even a cold run
    without any cache finds NL003 with no TensorFlow."""
    model = tmp_path / "model.py"
    model.write_text(textwrap.dedent(STACKOVERFLOW))
    out = _fresh_python(f"""
        import sys
        from noiselint.cli import main
        code = main(["--no-cache", "--output-format", "concise", {str(model)!r}])
        print(code, "tensorflow" in sys.modules, "keras" in sys.modules)
        """)
    assert out.splitlines()[-1] == "1 False False"
    assert any("NL003" in line for line in out.splitlines())


# the rules, end to end -----------------------------------------------------------------------------




def test_stackoverflow_model_pools_the_wrong_axes_and_its_mask_cannot_broadcast() -> None:
    found = lint_text(SourceFile("so.py", textwrap.dedent(STACKOVERFLOW)), selected_rules(Settings()),
                      make_shape_inference(None))
    assert [(d.code, d.span.start_row, d.span.start_col) for d in found] == [("NL010", 6, 8), ("NL003", 7, 41)]
    nl010, nl003 = found
    assert nl010.message == (
        "`MaxPooling2D` reads its input (None, 64, 90, 1) as channels_last (the default) but `Conv2D` on line 5 "
        "made it channels_first: it pools over axes 1 and 2 (sizes 64, 90) instead of axes 2 and 3 (sizes 90, 1); "
        "pass `data_format=\"channels_first\"`")
    assert nl003.message == (
        "`noise_shape` (None, 64, 1, 1) does not broadcast to the input of Dropout, shape (None, 32, 90, 1): "
        "axis 1 is 64 but must be 1, None or 32, so it fails when dropout runs in training")
    assert nl010.fix is None and nl003.fix is None


def test_answered_pooling_is_clean() -> None:
    text = textwrap.dedent(STACKOVERFLOW).replace("MaxPooling2D((2, 1))",
                                                  "MaxPooling2D((2, 1), data_format='channels_first')")
    assert lint_text(SourceFile("so.py", text), selected_rules(Settings()), make_shape_inference(None)) == ()


def test_shape_rules_are_silent_with_no_shapes() -> None:
    text = textwrap.dedent(STACKOVERFLOW)
    assert lint_text(SourceFile("so.py", text), selected_rules(Settings()), None) == ()


def test_nl002_fix_prepends_none_and_is_unsafe() -> None:
    text = "import keras\nx = keras.layers.Dropout(0.5, noise_shape=(8,))(keras.Input((8,)))\n"
    (found,) = lint_text(SourceFile("m.py", text), selected_rules(Settings()), make_shape_inference(None))
    assert found.code == "NL002" and found.fix is not None
    assert found.fix.applicability.value == "unsafe" and found.fix.message == "Prepend `None` to `noise_shape`"
    fixed = fix_text(SourceFile("m.py", text), selected_rules(Settings()), True, make_shape_inference(None))
    assert fixed.fixed_text == text.replace("(8,)", "(None, 8)", 1)
    assert found.message == ("`noise_shape` (8,) has 1 entry but the input of Dropout has rank 2, shape "
                             "(None, 8): it is read right-aligned as (1, 8), so one mask is shared by every "
                             "sample, with no error on any backend")


def test_nl002_two_missing_axes_get_no_fix() -> None:
    text = "import keras\nx = keras.layers.Dropout(0.5, noise_shape=(8,))(keras.Input((10, 8)))\n"
    (found,) = lint_text(SourceFile("m.py", text), selected_rules(Settings()), make_shape_inference(None))
    assert found.fix is None and "shared by every sample and along axis 1" in found.message


def test_nl002_tf_nn_dropout_prepends_the_runtime_batch() -> None:
    text = textwrap.dedent("""\
        import keras
        import tensorflow as tf

        class Noise(keras.layers.Layer):
            def call(self, x):
                return tf.nn.dropout(x, 0.2, noise_shape=[1, 4])

        y = Noise()(keras.Input((7, 4)))
        """)
    (found,) = lint_text(SourceFile("m.py", text), selected_rules(Settings()), make_shape_inference(None))
    assert found.code == "NL002" and found.fix is not None
    fixed = fix_text(SourceFile("m.py", text), selected_rules(Settings()), True, make_shape_inference(None))
    assert fixed.fixed_text == text.replace("[1, 4]", "[tf.shape(x)[0], 1, 4]")


# the `noiselint shapes` view ----------------------------------------------------------------------------


def facts_of(text: str) -> ShapeFacts:
    from noiselint.model.build import infer_facts, with_rows
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import parse_source
    from noiselint.values.evaluate import Evaluator

    parsed = parse_source(SourceFile("model.py", textwrap.dedent(text)))
    return with_rows(parsed, infer_facts(parsed, Evaluator(parsed), find_sites(parsed), KerasShapes(None), strict=True))


def test_render_shapes_reads_like_a_model_summary() -> None:
    facts = facts_of(STACKOVERFLOW)
    assert render_shapes(facts, "so.py") == textwrap.dedent("""\
        so.py

        functional model `model` (line 10)
          Layer (type)              Output shape (None: set when the model runs; ?: noiselint cannot tell)
          ────────────────────────────────────────────────────────────────────────────────────────────────
          inp (InputLayer)          (None, 1, 100, 2)
          conv1 (Conv2D)            (None, 64, 90, 1)  channels_first
          max1 (MaxPooling2D)       (None, 32, 90, 1)  channels_last (default)
          drop1 (Dropout)           (None, 32, 90, 1)
            ◆ dropout site, line 7  input (None, 32, 90, 1)
                                    mask  (None, 64,  1, 1)  does not broadcast on axis 1: see NL003
          flat (Flatten)            (None, 2880)
          out (Dense)               (None, 5)
        """)


def test_render_shows_unknowns_with_their_reason_and_an_implied_spatial_mask() -> None:
    facts = facts_of("""
        import keras
        from keras import layers
        from blocks import MyBlock
        inputs = keras.Input((20, 8))
        x = layers.SpatialDropout1D(0.2)(inputs)
        x = layers.Dropout(0.1, noise_shape=(8,))(x)
        y = MyBlock()(x)
        model = keras.Model(inputs, [x, y])
        """)
    text = render_shapes(facts, "m.py")
    assert "mask  (None,  1, 8)  one draw shared over axis 1 (implied)" in text
    assert "mask  (          8)  one draw shared over axes 0 and 1" in text
    assert "y (MyBlock)               unknown: custom layer `MyBlock`" in text


# cross-check against Keras itself (runs the fixtures' own model code) -------------------------------


_DROPOUTS = ("Dropout", "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")


@pytest.fixture
def construction_lines(monkeypatch):
    """Record, on every dropout layer Keras builds, the line of the file that made it."""
    keras = load_keras()
    assert not isinstance(keras, str)
    made: list[tuple[object, str, int]] = []
    for name in _DROPOUTS:
        cls = getattr(keras.layers, name)
        original = cls.__init__

        def init(self, *args, __original=original, **kwargs):
            caller = traceback.extract_stack()[-2]
            made.append((self, caller.filename, caller.lineno))
            __original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", init)
    return made


def _agree(source: str, filename: str, made: list[tuple[object, str, int]]) -> None:
    """Every size noiselint claims for a site is the size of the input of every layer that
    site made when Keras built the model (a `None` claims nothing)."""
    from noiselint.model.build import infer_facts
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import parse_source
    from noiselint.values.evaluate import Evaluator

    parsed = parse_source(SourceFile(filename, source))
    facts = infer_facts(parsed, Evaluator(parsed), find_sites(parsed), KerasShapes(None), strict=True)
    checked = 0
    for site, mine in facts.input_shapes.items():
        line = parsed.positions[site].start.line
        real = [tuple(layer.input.shape) for layer, file, row in made if file == filename and row == line
                and getattr(layer, "_inbound_nodes", None)]
        for shape in real:
            assert len(mine) == len(shape) and all(m is None or m == r for m, r in zip(mine, shape, strict=True)), \
                (line, mine, shape)
        checked += len(real)
    assert checked > 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["clean/cnn_answer", "rank/conv_wrong_channels", "rank/mlp_features_only",
                                  "rank/sequence_spatial_mask", "stackoverflow/cnn_hardcoded_batch",
                                  "batch/sensor_lstm", "clean/torch_port"])
def test_inferred_shapes_agree_with_keras(name: str, construction_lines) -> None:
    """Every size noiselint claims is the size Keras builds (a `None` claims nothing)."""
    path = REPO / "fixtures" / f"{name}.py"
    spec_ = importlib.util.spec_from_file_location(f"crosscheck_{path.stem}", path)
    assert spec_ is not None and spec_.loader is not None
    module = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(module)  # the fixture's own model code, built to compare with
    module.build_model()
    _agree(path.read_text(), str(path), construction_lines)


CROSS_CHECKS = {
    "builder-loops": """
        import keras
        from keras import layers

        def block(x, filters, pool=True):
            x = layers.Conv2D(filters, 3, padding="same")(x)
            return layers.MaxPooling2D()(x) if pool else x

        def build(shape=(32, 32, 3), widths=(16, 32)):
            inputs = keras.Input(shape)
            x = inputs
            for i, w in enumerate(widths):
                x = block(x, w * (i + 1))
                x = layers.SpatialDropout2D(0.1)(x)
            x = layers.Dropout(0.2, noise_shape=(None, 1, 1, 64))(block(x, 64, pool=False))
            return keras.Model(inputs, layers.GlobalAveragePooling2D()(x))

        model = build((40, 24, 3))
        """,
    "nested-and-wrappers": """
        import keras
        from keras import layers

        inner_in = keras.Input((None, 8))
        inner = keras.Model(inner_in, layers.Conv1D(8, 3)(inner_in))
        head = keras.Sequential([layers.Dense(6), layers.Dropout(0.1)])
        inputs = keras.Input((30, 8))
        x = inner(inputs)
        x = layers.Dropout(0.1, noise_shape=(None, 1, 8))(x)
        x = layers.Bidirectional(layers.LSTM(5, return_sequences=True))(x)
        x = layers.Dropout(0.3)(x)
        x = layers.TimeDistributed(layers.Dense(4))(x)
        x = layers.Dropout(0.3, noise_shape=(None, 28, 1))(layers.concatenate([x, head(x)]))
        model = keras.Model(inputs, x)
        """,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CROSS_CHECKS))
def test_inferred_shapes_of_builders_agree_with_keras(name: str, construction_lines) -> None:
    source = textwrap.dedent(CROSS_CHECKS[name])
    exec(compile(source, name, "exec"), {})  # our own test model, built to compare with
    _agree(source, name, construction_lines)


def test_a_cache_entry_is_plain_json(tmp_path: Path) -> None:
    oracle = KerasShapes(ShapeCache(tmp_path))
    ask(spec("CenterCrop", height=2, width=3), (None, 4, 4, 2), oracle=oracle)  # no formula: Keras answers
    (entry,) = list(tmp_path.rglob("*.json"))
    # After the signature line (cache_files.py), the entry is plain JSON.
    stored = json.loads(entry.read_bytes().split(b"\n", 2)[2])
    assert stored == {"outputs": [[None, 2, 3, 2]], "error": None, "error_type": None}
