"""Ground truth: the fixture models are executed (noiselint itself never does this) to
show that their `# expect:` markers say what TensorFlow really does.

`tests/test_fixtures.py` shows findings == markers; this module shows markers ==
runtime, so together a finding is true exactly when the runtime says so:

- NL900 <=> the file does not compile;
- NL004-NL008 <=> `build_model()` raises (Keras 3 rejects the argument when the layer
  is built, keras-facts.md §1.1, §1.6, §3.2);
- NL001 or NL003 <=> `model(x, training=True)` on a batch of 7 raises; inference never
  does (a bad noise_shape fails only when dropout runs, keras-facts.md §0.1);
- NL002 <=> a dropout mask is shared by the whole batch (no batch axis, right-aligned,
  keras-facts.md §1.3) or the training output's shape differs from inference's;
- NL009 => a mask drawn is exactly the one SpatialDropoutND draws on that input;
- NL010 <=> a pooling layer changes the channel count of a tensor laid out by its
  producer's `data_format` (it pooled the channel axis);
- the `.fixed.py` of every fixture builds and trains, except where a finding with no
  fix (NL003, design.md §3) stays.

Each fixture runs in this process via `runpy`, TensorFlow imported once. CPU TensorFlow
has no NCHW convolution kernel, so a model that needs one is run through XLA instead,
which has (the failure it would otherwise show is the environment's, not the model's).
"""

from __future__ import annotations

import ast
import contextlib
import io
import math
import re
import runpy
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXED_SUFFIX = ".fixed.py"
BATCH = 7  # matches no batch size any fixture hard-codes
SEED = 1234

BUILD_TIME_CODES = frozenset({"NL004", "NL005", "NL006", "NL007", "NL008"})
TRAINING_CRASH_CODES = frozenset({"NL001", "NL003"})
UNFIXABLE_CRASH_CODES = frozenset({"NL003"})  # design.md §3: NL003 offers no fix
FIT_FIXTURE = "batch/training_script.py"  # hard-codes the batch that fit is called with

_MARKER = re.compile(r"#\s*expect\s*:\s*(?P<codes>NL\d{3}(?:\s*,\s*NL\d{3})*)\s*$")


def _rel(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


def _sources() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.py") if not p.name.endswith(FIXED_SUFFIX))


def _model_sources() -> list[Path]:
    return [p for p in _sources() if "def build_model(" in p.read_text(encoding="utf-8")]


def _fixed_files() -> list[Path]:
    return sorted(FIXTURES.rglob(f"*{FIXED_SUFFIX}"))


def _original_of(fixed: Path) -> Path:
    return fixed.with_name(fixed.name[: -len(FIXED_SUFFIX)] + ".py")


def marked_codes(path: Path) -> frozenset[str]:
    """The codes of the fixture's `# expect:` markers (test_fixtures.py checks their form)."""
    codes: set[str] = set()
    text = path.read_text(encoding="utf-8")
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        match = _MARKER.match(tok.string) if tok.type == tokenize.COMMENT else None
        if match is not None:
            codes.update(code.strip() for code in match.group("codes").split(","))
    return frozenset(codes)


def _compiles(path: Path) -> bool:
    try:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    except SyntaxError:
        return False
    return True


# -- the runtime ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def runtime() -> Iterator[SimpleNamespace]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KERAS_BACKEND", "tensorflow")
        mp.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
        import keras
        import numpy as np
        import tensorflow as tf
        from tensorflow.python.ops import nn_ops

        assert keras.backend.backend() == "tensorflow", \
            "keras was imported with another backend before this module ran"
        yield SimpleNamespace(keras=keras, tf=tf, np=np, nn_ops=nn_ops)


@dataclass
class MaskDraw:
    input_shape: tuple[int, ...]
    mask_shape: tuple[int, ...]  # the shape TF drew the random mask with, None resolved


@dataclass
class Observation:
    build_error: str | None = None
    train_error: str | None = None
    infer_error: str | None = None
    train_shape: tuple[int, ...] | None = None
    infer_shape: tuple[int, ...] | None = None
    masks: list[MaskDraw] = field(default_factory=list)
    wrong_axis_pools: list[str] | None = None  # None: no layer graph to read
    xla: bool = False

    def summary(self) -> str:
        parts = [f"build: {self.build_error or 'ok'}"]
        if self.build_error is None:
            parts += [f"training call (batch {BATCH}): {self.train_error or self.train_shape}",
                      f"inference call: {self.infer_error or self.infer_shape}",
                      "masks drawn: " + (", ".join(f"{m.mask_shape} for input {m.input_shape}"
                                                   for m in self.masks) or "none")]
        if self.xla:
            parts.append("(run through XLA: CPU TensorFlow has no NCHW convolution)")
        return "\n    ".join(parts)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Keras puts the inner message in bold


def _short(error: BaseException) -> str:
    lines = [line.strip() for line in _ANSI.sub("", str(error)).splitlines() if line.strip()]
    detail = next((line for line in lines if "must be broadcastable" in line
                   or "Dimensions must be equal" in line), lines[0] if lines else "")
    return f"{type(error).__name__}: {detail[:200]}"


@contextlib.contextmanager
def _recording_masks(rt: SimpleNamespace, records: list[tuple[Any, Any]]) -> Iterator[None]:
    """Record the input shape and mask shape of every dropout TensorFlow runs.

    Keras 3 `Dropout`, `keras.random.dropout`, `tf.nn.dropout` and
    `tf.compat.v1.nn.dropout` all end in `nn_ops._dropout`, which draws the mask with
    `uniform_sampler(shape=noise_shape)` after resolving `None`; the wrapper only
    watches that call and changes nothing.
    """
    tf, nn_ops = rt.tf, rt.nn_ops
    original = nn_ops._dropout

    def recording(x, rate, noise_shape, uniform_sampler, dummy_rng_step, name, default_name):
        def sampler(shape, dtype):
            with contextlib.suppress(TypeError, ValueError):
                records.append((tf.shape(x), tf.convert_to_tensor(shape)))
            return uniform_sampler(shape=shape, dtype=dtype)

        return original(x, rate, noise_shape, sampler, dummy_rng_step, name, default_name)

    nn_ops._dropout = recording
    try:
        yield
    finally:
        nn_ops._dropout = original


def _call(rt: SimpleNamespace, model: Any, x: Any, training: bool, xla: bool
          ) -> tuple[tuple[int, ...], list[MaskDraw]]:
    tf = rt.tf
    records: list[tuple[Any, Any]] = []

    def step(inputs):
        records.clear()
        return model(inputs, training=training), list(records)

    runner: Callable = tf.function(step, jit_compile=True) if xla else step
    with _recording_masks(rt, records):
        output, drawn = runner(x)
    masks = [MaskDraw(tuple(int(d) for d in shape_x.numpy()),
                      tuple(int(d) for d in shape_mask.numpy())) for shape_x, shape_mask in drawn]
    return tuple(output.shape), masks


def _wrong_axis_pools(model: Any) -> list[str] | None:
    """Pooling layers whose output has another channel count than their input, the
    channel axis being where the producing layer's `data_format` put it; None when a
    pooling layer's input cannot be read (a subclassed model has no layer graph)."""
    found = []
    for layer in model.layers:
        name = type(layer).__name__
        if "Pooling" not in name or name.startswith("Global"):
            continue
        try:
            tensor = layer.input
        except (AttributeError, ValueError):
            return None
        producer = tensor._keras_history.operation
        data_format = getattr(producer, "data_format", None)
        if data_format is None:
            continue
        axis = 1 if data_format == "channels_first" else -1
        before, after = tensor.shape[axis], layer.output.shape[axis]
        if before != after:
            found.append(f"{layer.name} turns the {before} channels of {producer.name} "
                         f"({data_format}) into {after}")
    return found


def observe(rt: SimpleNamespace, path: Path) -> Observation:
    keras, tf, np = rt.keras, rt.tf, rt.np
    keras.backend.clear_session()
    keras.utils.set_random_seed(SEED)
    module = runpy.run_path(str(path), run_name=f"fixture_{path.stem.replace('.', '_')}")
    obs = Observation()
    try:
        model = module["build_model"]()
    except Exception as error:  # any build failure is the observation
        obs.build_error = _short(error)
        return obs
    x = np.random.default_rng(SEED).normal(size=(BATCH, *module["SAMPLE_SHAPE"]))
    x = x.astype("float32")
    try:
        obs.infer_shape, _ = _call(rt, model, x, training=False, xla=False)
    except tf.errors.UnimplementedError as error:
        # "The Conv2D op currently only supports the NHWC tensor format on the CPU"
        obs.xla = "NHWC" in str(error)
        obs.infer_error = None if obs.xla else _short(error)
    except Exception as error:
        obs.infer_error = _short(error)
    if obs.xla:
        try:
            obs.infer_shape, _ = _call(rt, model, x, training=False, xla=True)
        except Exception as error:
            obs.infer_error = _short(error)
    keras.utils.set_random_seed(SEED)
    try:
        obs.train_shape, obs.masks = _call(rt, model, x, training=True, xla=obs.xla)
    except Exception as error:
        obs.train_error = _short(error)
    obs.wrong_axis_pools = _wrong_axis_pools(model)
    return obs


@pytest.fixture(scope="module")
def observed(runtime: SimpleNamespace) -> Callable[[Path], Observation]:
    cache: dict[Path, Observation] = {}

    def get(path: Path) -> Observation:
        if path not in cache:
            cache[path] = observe(runtime, path)
        return cache[path]

    return get


def nl002_evidence(obs: Observation) -> list[str]:
    """What the run shows of a mask shared by the whole batch or a changed rank."""
    evidence = []
    if obs.train_shape is not None and obs.infer_shape is not None \
            and obs.train_shape != obs.infer_shape:
        evidence.append(f"the output is {obs.train_shape} in training but "
                        f"{obs.infer_shape} in inference")
    for draw in obs.masks:
        rank, mask = len(draw.input_shape), draw.mask_shape
        if len(mask) > rank:
            evidence.append(f"mask {mask} has more axes than its input {draw.input_shape}")
        # Broadcasting is right-aligned: the input's batch axis meets mask[len(mask) - rank].
        batch_entry = mask[len(mask) - rank] if len(mask) >= rank else None
        if batch_entry in (None, 1):
            evidence.append(f"one mask {mask} for all {draw.input_shape[0]} samples of "
                            f"{draw.input_shape}")
    return evidence


def spatial_twins(rt: SimpleNamespace, obs: Observation) -> list[str]:
    """The masks that are exactly what SpatialDropoutND draws on the same input: the
    runtime side of NL009 (the layer is run on zeros of that shape under the recorder)."""
    found = []
    for draw in obs.masks:
        rank = len(draw.input_shape)
        if not 3 <= rank <= 5:
            continue
        layer = getattr(rt.keras.layers, f"SpatialDropout{rank - 2}D")(0.5)
        records: list[tuple[Any, Any]] = []
        with _recording_masks(rt, records):
            layer(rt.tf.zeros(draw.input_shape), training=True)
        spatial = tuple(int(d) for d in records[0][1].numpy())
        if spatial == draw.mask_shape:
            found.append(f"mask {draw.mask_shape} on {draw.input_shape} is {type(layer).__name__}'s")
    return found


# -- the tests --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*_sources(), *_fixed_files()], ids=_rel)
def test_compiles_unless_nl900(path: Path) -> None:
    expected_error = "NL900" in marked_codes(path) and not path.name.endswith(FIXED_SUFFIX)
    assert _compiles(path) is not expected_error, \
        f"{_rel(path)}: NL900 marked: {expected_error}; compiles: {_compiles(path)}"


@pytest.mark.parametrize("path", [p for p in _model_sources() if _compiles(p)], ids=_rel)
def test_runtime_matches_markers(path: Path, observed: Callable[[Path], Observation],
                                 runtime: SimpleNamespace) -> None:
    codes = marked_codes(path)
    obs = observed(path)
    problems = []

    build_codes = sorted(codes & BUILD_TIME_CODES)
    if bool(build_codes) != (obs.build_error is not None):
        problems.append(f"markers {build_codes or 'none'} of {sorted(BUILD_TIME_CODES)}, "
                        f"but build_model() {obs.build_error or 'succeeds'}")
    if obs.build_error is None:
        crash_codes = sorted(codes & TRAINING_CRASH_CODES)
        if bool(crash_codes) != (obs.train_error is not None):
            problems.append(f"markers {crash_codes or 'none'} of NL001/NL003, but the "
                            f"training call {obs.train_error or 'runs'}")
        if obs.infer_error is not None:
            problems.append(f"the inference call raises: {obs.infer_error}")
        if obs.train_error is None:
            evidence = nl002_evidence(obs)
            if ("NL002" in codes) != bool(evidence):
                problems.append(f"NL002 marked: {'NL002' in codes}; runtime: "
                                f"{'; '.join(evidence) or 'per-sample masks, same shapes'}")
        # NL009 is opt-in: only fixtures that mark it run it, so only this direction holds.
        if "NL009" in codes and not spatial_twins(runtime, obs):
            problems.append("NL009 is marked but no mask drawn is a SpatialDropout mask")
        if obs.wrong_axis_pools is None:
            if "NL010" in codes:
                problems.append("NL010 is marked but the model is not functional: no "
                                "layer graph to check it against")
        elif ("NL010" in codes) != bool(obs.wrong_axis_pools):
            problems.append(f"NL010 marked: {'NL010' in codes}; runtime: "
                            f"{'; '.join(obs.wrong_axis_pools) or 'no pooling changes channels'}")
    assert not problems, f"{_rel(path)}:\n  " + "\n  ".join(problems) + \
        f"\n  observed:\n    {obs.summary()}"


@pytest.mark.parametrize("path", [p for p in _fixed_files()
                                  if "def build_model(" in p.read_text(encoding="utf-8")],
                         ids=_rel)
def test_fixed_version_trains(path: Path, observed: Callable[[Path], Observation]) -> None:
    """The fix really fixes: what crashed now builds and trains at batch 7 (unless a
    finding without a fix is left), and no mask is shared by the whole batch."""
    left = sorted(marked_codes(_original_of(path)) & UNFIXABLE_CRASH_CODES)
    obs = observed(path)
    problems = []
    if obs.build_error is not None:
        problems.append(f"build_model() raises {obs.build_error}")
    elif bool(left) != (obs.train_error is not None):
        problems.append(f"unfixable crash markers left: {left or 'none'}; the training "
                        f"call {obs.train_error or 'runs'}")
    elif obs.train_error is None and nl002_evidence(obs):
        problems.append("; ".join(nl002_evidence(obs)))
    assert not problems, f"{_rel(path)}:\n  " + "\n  ".join(problems) + \
        f"\n  observed:\n    {obs.summary()}"


def _fit(rt: SimpleNamespace, path: Path) -> tuple[int, BaseException | None, Any]:
    """fit on 23 samples, batch_size 8: two full batches, then a partial one of 7."""
    keras, np = rt.keras, rt.np
    keras.backend.clear_session()
    keras.utils.set_random_seed(SEED)
    module = runpy.run_path(str(path), run_name="fixture_fit")
    model = module["build_model"]()
    rng = np.random.default_rng(SEED)
    x = rng.normal(size=(23, *module["SAMPLE_SHAPE"])).astype("float32")
    y = rng.integers(0, 12, size=(23,))

    class CountBatches(keras.callbacks.Callback):
        done = 0

        def on_train_batch_end(self, batch, logs=None):
            self.done += 1

    counter = CountBatches()
    try:
        history = model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[counter])
    except Exception as error:
        return counter.done, error, None
    return counter.done, None, history


def test_fit_fails_on_the_partial_last_batch(runtime: SimpleNamespace) -> None:
    path = FIXTURES / FIT_FIXTURE
    assert "NL001" in marked_codes(path)
    done, error, _ = _fit(runtime, path)
    assert error is not None, "fit with a hard-coded batch of 8 trained on a last batch of 7"
    assert done == 2, f"expected the two full batches to train and the third to fail; " \
                      f"{done} trained before {_short(error)}"


def test_fixed_fit_trains_every_batch(runtime: SimpleNamespace) -> None:
    path = FIXTURES / FIT_FIXTURE
    done, error, history = _fit(runtime, path.with_name(path.stem + FIXED_SUFFIX))
    assert error is None, f"the fixed model failed after {done} batches: {_short(error)}"
    assert done == 3
    assert math.isfinite(history.history["loss"][-1])


@pytest.mark.parametrize("noise_shape", ["'Invalid'", "(1.5,)", "1.5"])
def test_keras3_refuses_a_malformed_noise_shape_when_the_layer_is_constructed(noise_shape: str) -> None:
    """NL005's message for Keras 3's Dropout says "when the layer is constructed": no build,
    no call is needed for the ValueError."""
    from noiselint.api import lint_source
    from noiselint.shapes.oracle import load_keras

    code = f"from keras import layers\nd = layers.Dropout(0.5, noise_shape={noise_shape})\n"
    (finding,) = [d for d in lint_source(code) if d.code == "NL005"]
    assert "when the layer is constructed" in finding.message
    keras = load_keras()
    with pytest.raises(ValueError):
        keras.layers.Dropout(0.5, noise_shape=ast.literal_eval(noise_shape))
