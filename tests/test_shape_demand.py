"""A plain lint asks Keras and TensorFlow for shapes only in a file where an answer can change
a finding (model/demand.py): the findings are those of a run that asks for every shape, and
a file whose findings cannot depend on a shape costs no TensorFlow import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from noiselint.checks import RULES
from noiselint.engine import lint_text, selected_rules
from noiselint.files.source import SourceFile
from noiselint.project import ModuleNames, ProjectIndex
from noiselint.runner import shape_inference
from noiselint.settings import Settings
from noiselint.syntax.prefilter import has_candidates

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(no_cache=True, extend_select=tuple(r.code for r in RULES))
ALWAYS = shape_inference(SETTINGS)


def _both(path: str, text: str, index: ProjectIndex) -> tuple[list[str], list[str]]:
    rules = selected_rules(SETTINGS)
    found = []
    # A run's shape stage reads a file offline only until Keras has first answered
    # (model/inference.py): a fresh one per file reads every file as the first of a run.
    for infer in (ALWAYS, shape_inference(SETTINGS, when_needed=True)):
        diagnostics = lint_text(SourceFile(path, text), rules, infer, ModuleNames(index, path, text))
        found.append([f"{d.span.start_row}:{d.span.start_col} {d.code} {d.message}" for d in diagnostics])
    return found[0], found[1]


def _corpus() -> list[tuple[str, str]]:
    cases = [(f"{rule.code}-{case.id}.py", case.source) for rule in RULES for case in (*rule.valid, *rule.invalid)]
    files = [(str(p), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "fixtures").rglob("*.py"))]
    # Crashed programs and their fixed twins (benchmarks/shape_errors): real shape errors.
    shape_errors = [(str(p), p.read_text(encoding="utf-8"))
                    for p in sorted((ROOT / "benchmarks" / "shape_errors" / "cases").rglob("*.py"))]
    return cases + files + shape_errors


def test_findings_are_those_of_a_run_that_asks_for_every_shape() -> None:
    index = ProjectIndex()
    corpus = _corpus()
    assert len(corpus) > 150
    differ = {path: found for path, text in corpus if (found := _both(path, text, index))[0] != found[1]}
    assert differ == {}


def _imports_tensorflow(tmp_path: Path, code: str, ignore: tuple[str, ...] = ()) -> tuple[bool, str]:
    path = tmp_path / "model.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    probe = (f"import sys; from noiselint.api import lint_paths; from noiselint.settings import Settings; "
             f"found = lint_paths([{str(path)!r}], Settings(ignore={ignore!r})); "
             "print('tensorflow' in sys.modules, [d.code for d in found[0]])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout.split(" ", 1)
    return out[0] == "True", out[1].strip()


# Shapes only Keras (TimeDistributed, LSTM with a mask) or TensorFlow (tf.einsum with an ellipsis)
# can give: no written-out formula has them (shapes/formulas.py, formulas_tf.py).
_KERAS = """
    import keras
    from keras import layers
    inputs = keras.Input(shape=(4, 32, 32, 3))
    x = layers.TimeDistributed(layers.Conv2D(8, 3))(inputs)
    x = layers.Dropout({args})(x)
"""
_TF1 = """
    import tensorflow as tf
    x = tf.placeholder(tf.float32, [None, 32, 8])
    y = tf.matmul(x, x, adjoint_b=True)
    y = tf.nn.dropout(y, {args})
"""


# The layer-call rules read every call of a model file: whether Keras rejects a call is a
# shape question, so with them on a shape only Keras gives is asked (NL101-NL107).
_LAYER_CALLS = tuple(rule.code for rule in RULES if rule.scope == "model")


@pytest.mark.parametrize("code", [_KERAS, _TF1], ids=["keras", "tf1"])
def test_no_tensorflow_where_no_finding_can_depend_on_a_shape(tmp_path: Path, code: str) -> None:
    # `0.5 * 1`: a rate to evaluate, so the file is parsed (a plain `Dropout(0.5)` never is).
    text = textwrap.dedent(code.format(args="0.5 * 1" if "keras" in code else "keep_prob=0.5"))
    assert has_candidates(text, plain_matters=False)
    imported, codes = _imports_tensorflow(tmp_path, text, ignore=_LAYER_CALLS)
    assert not imported and codes == "[]"


@pytest.mark.slow
def test_the_layer_call_rules_ask_what_only_keras_knows(tmp_path: Path) -> None:
    imported, codes = _imports_tensorflow(tmp_path, _KERAS.format(args="0.5 * 1"))
    assert _LAYER_CALLS and imported and codes == "[]"


@pytest.mark.slow
@pytest.mark.parametrize(("code", "args", "finding"), [
    (_KERAS, "0.5, noise_shape=(None, 1, 1, 1, 16)", "NL003"),  # the output has 8 channels: only Keras says so
    (_TF1, "keep_prob=0.5, noise_shape=[1, 1, 8]", "NL003"),  # 32 after the adjoint matmul: only TensorFlow says so
], ids=["keras", "tf1"])
def test_a_noise_shape_still_asks(tmp_path: Path, code: str, args: str, finding: str) -> None:
    imported, codes = _imports_tensorflow(tmp_path, code.format(args=args))
    assert imported and finding in codes


@pytest.mark.slow
def test_channels_first_of_another_module_still_asks(tmp_path: Path) -> None:
    """The layout comes from a builder in another module: this module never names
    `channels_first`, and the layer between has a shape only Keras gives."""
    (tmp_path / "blocks.py").write_text(textwrap.dedent("""
        from keras import layers
        def up(x):
            x = layers.Conv2D(8, 3, data_format="channels_first")(x)
            return layers.CenterCrop(16, 16, data_format="channels_first")(x)
    """), encoding="utf-8")
    code = """
        import keras
        from keras import layers
        from blocks import up
        inputs = keras.Input(shape=(3, 32, 32))
        x = up(inputs)
        x = layers.MaxPooling2D()(x)
        x = layers.Dropout(0.2)(x)
    """
    imported, _ = _imports_tensorflow(tmp_path, code)
    always, when_needed = _both(str(tmp_path / "model.py"), textwrap.dedent(code), ProjectIndex())
    assert imported and always == when_needed and always


def test_channels_first_in_prose_is_not_a_layout(tmp_path: Path) -> None:
    imported, codes = _imports_tensorflow(tmp_path, '''
        """Transpose the images to `"channels_first"` for the model below."""
        import keras
        from keras import layers
        inputs = keras.Input(shape=(32, 32, 3))
        x = layers.Conv2DTranspose(8, 3, strides=2)(inputs)  # not channels_first
        x = layers.Dropout(0.5)(x)
    ''', ignore=_LAYER_CALLS)  # with them on, Conv2DTranspose is checked: it could fail
    assert not imported and codes == "[]"


def test_once_keras_has_answered_a_file_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from noiselint.model import build
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import parse_source
    from noiselint.values.evaluate import Evaluator

    # An Attention on a known input: no written formula, so the offline reading
    # leaves it unanswered, and a call that may fail needs the answer (demand.calls_may_fail).
    text = textwrap.dedent("""\
        import keras
        inp = keras.Input((8, 8, 3))
        out = keras.layers.Attention()([inp, inp])
        model = keras.Model(inp, out)
        """)
    readings = []
    real = build.infer_facts
    monkeypatch.setattr(build, "infer_facts", lambda *args, **kwargs: readings.append(1) or real(*args, **kwargs))
    infer = shape_inference(SETTINGS, when_needed=True)
    counts = []
    for _ in range(2):
        readings.clear()
        parsed = parse_source(SourceFile("m.py", text))
        infer(parsed, Evaluator(parsed), find_sites(parsed), whole_model=True)
        counts.append(len(readings))
    assert counts == [2, 1]  # offline, then with Keras; the next file with Keras alone


# Without the layer-call rules (a run that ignores NL101-NL107 reads no model graph), only a
# `noise_shape` or a `channels_first` makes a file ask: the offline reading is not followed.
_NO_LAYER_CALLS = Settings(no_cache=True, ignore=_LAYER_CALLS)
_ONLY_KERAS_KNOWS = """\
import keras
from keras import layers
mask = (None, 1, 1, 1, 16)
inputs = keras.Input(shape=(4, 32, 32, 3))
x = layers.TimeDistributed(layers.Conv2D(8, 3))(inputs)
x = layers.Dropout(0.5, noise_shape={mask})(x)
"""


def _lint_asking(monkeypatch: pytest.MonkeyPatch, text: str, settings: Settings = _NO_LAYER_CALLS,
                 view: ModuleNames | None = None) -> tuple[bool, list[str]]:
    """Whether a plain lint (a fresh run, shapes asked when needed) asked Keras or TensorFlow,
    and the findings' codes."""
    from noiselint.shapes import oracle

    asked = []
    for name in ("load_keras", "_quiet_tensorflow"):
        real = getattr(oracle, name)
        monkeypatch.setattr(oracle, name, lambda *a, real=real, **k: asked.append(1) or real(*a, **k))
    found = lint_text(SourceFile("model.py", text), selected_rules(settings),
                      shape_inference(settings, when_needed=True), view)
    return bool(asked), [d.code for d in found]


@pytest.mark.parametrize("mask", ["(None, 1, 1, 1, 16)", "mask"], ids=["written", "named"])
def test_a_noise_shape_asks_without_the_layer_call_rules(monkeypatch: pytest.MonkeyPatch, mask: str) -> None:
    # The output has 8 channels, not 16: only Keras says so.
    assert _lint_asking(monkeypatch, _ONLY_KERAS_KNOWS.format(mask=mask)) == (True, ["NL003"])


@pytest.mark.parametrize("text", [
    _ONLY_KERAS_KNOWS.format(mask="None"),  # `noise_shape=None` is no noise shape
    '"""The images are transposed to `"channels_first"` below."""\n' + _ONLY_KERAS_KNOWS.format(mask="None"),
    "# channels_first: see below\n" + _ONLY_KERAS_KNOWS.format(mask="None"),
], ids=["noise-shape-none", "channels-first-in-a-docstring", "channels-first-in-a-comment"])
def test_no_question_where_no_finding_can_depend_on_a_shape(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _lint_asking(monkeypatch, text) == (False, [])


def test_a_channels_last_layer_of_another_module_asks_nothing(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    """The module imports a builder of the project, so its model code is followed offline;
    the layers it reaches are channels_last, so the shape only Keras knows is not asked."""
    (tmp_path / "blocks.py").write_text("from keras import layers\ndef up(x):\n"
                                        "    return layers.Conv2D(8, 3)(x)\n", encoding="utf-8")
    text = textwrap.dedent("""\
        import keras
        from keras import layers
        from blocks import up
        inputs = keras.Input(shape=(4, 32, 32, 3))
        x = layers.TimeDistributed(layers.Conv2D(8, 3))(inputs)
        x = up(x)
        x = layers.Dropout(0.5)(x)
    """)
    path = tmp_path / "model.py"
    path.write_text(text, encoding="utf-8")
    assert _lint_asking(monkeypatch, text, view=ModuleNames(ProjectIndex(), str(path), text)) == (False, [])


def test_an_op_on_a_tensor_of_unknown_rank_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The layer-call rules are on (the model is read), and TensorFlow alone could answer the
    # einsum; but its input's rank is not known, so no answer can make it a finding.
    text = textwrap.dedent("""\
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        y = tf.matmul(x, x, adjoint_b=True)
        y = tf.nn.dropout(y, keep_prob=0.5 * 1)
    """)
    assert _lint_asking(monkeypatch, text, Settings(no_cache=True)) == (False, [])


_WRITTEN_OUT = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 8))
x = layers.Dense(16)(inputs)
x = layers.Dropout(0.5, noise_shape=(None, 1, 8))(x)
"""


@pytest.mark.parametrize("when_needed", [False, True], ids=["shapes", "lint"])
def test_a_file_read_after_keras_has_answered_keeps_its_findings(when_needed: bool) -> None:
    # One run, two files: the first needs Keras (TimeDistributed), so the second is read with
    # Keras ready (model/inference.py's first path), and its NL003 is found all the same.
    infer = shape_inference(SETTINGS, when_needed=when_needed)
    texts = (_ONLY_KERAS_KNOWS.format(mask="(None, 1, 1, 1, 16)"), _WRITTEN_OUT)
    found = [[d.code for d in lint_text(SourceFile(f"m{i}.py", text), selected_rules(SETTINGS), infer)]
             for i, text in enumerate(texts)]
    assert found == [["NL003"], ["NL003"]]


def test_verbose_asks_keras_as_a_plain_run_does() -> None:
    # `--verbose` only lets TensorFlow's logging through: Keras still answers.
    settings = Settings(no_cache=True, verbose=True)
    text = _ONLY_KERAS_KNOWS.format(mask="(None, 1, 1, 1, 16)")
    found = lint_text(SourceFile("m.py", text), selected_rules(settings), shape_inference(settings))
    assert [d.code for d in found] == ["NL003"]


class _ImportingRemote:
    """The run's shape process (`--jobs`), importing Keras until `importing` is cleared."""

    def __init__(self) -> None:
        self.busy = True
        self.asked = 0

    def importing(self) -> bool:
        return self.busy

    def layer(self, question: object) -> object:
        from noiselint.shapes.cache import ShapeAnswer

        self.asked += 1
        return ShapeAnswer(((None, 2, 30, 30, 8),))

    def op(self, op: str, args: object, inputs: object) -> object:
        raise AssertionError("no op here")


def test_a_file_that_needs_keras_while_the_shape_process_imports_is_deferred_once() -> None:
    from noiselint.model.inference import make_shape_inference
    from noiselint.shapes.pending import ShapesPending
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import parse_source
    from noiselint.values.evaluate import Evaluator

    remote = _ImportingRemote()
    infer = make_shape_inference(None, when_needed=True, remote=remote, defer=True)  # type: ignore[arg-type]

    def read(path: str, text: str) -> object:
        parsed = parse_source(SourceFile(path, text))
        return infer(parsed, Evaluator(parsed), find_sites(parsed), whole_model=True)

    needs_keras = _ONLY_KERAS_KNOWS.format(mask="(None, 1, 1, 1, 16)")
    read("w.py", _WRITTEN_OUT)  # the written formulas answer it: nothing to wait for
    for path in ("a.py", "b.py"):
        with pytest.raises(ShapesPending):
            read(path, needs_keras)  # the worker takes the next file
    assert remote.asked == 0
    read("a.py", needs_keras)  # handed out again: it waits for the answer now
    assert remote.asked == 1


def test_no_file_is_deferred_once_the_shape_process_has_imported() -> None:
    from noiselint.model.inference import make_shape_inference
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import parse_source
    from noiselint.values.evaluate import Evaluator

    remote = _ImportingRemote()
    remote.busy = False
    infer = make_shape_inference(None, when_needed=True, remote=remote, defer=True)  # type: ignore[arg-type]
    parsed = parse_source(SourceFile("c.py", _ONLY_KERAS_KNOWS.format(mask="(None, 1, 1, 1, 16)")))
    infer(parsed, Evaluator(parsed), find_sites(parsed), whole_model=True)
    assert remote.asked == 1
