"""Shapes: the output shape of a layer call, asked of Keras itself. Constructs only the
allow-listed `keras.layers` classes (layer_catalog.py), from static arguments, and calls
`compute_output_shape`, which never builds weights. The only module that imports Keras and
TensorFlow, inside functions, and only for a question the shape cache cannot answer."""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from types import ModuleType
from typing import Protocol

from noiselint import budget, heap
from noiselint.shapes import formulas
from noiselint.shapes.cache import ShapeAnswer, ShapeCache, ShapeQuestion
from noiselint.shapes.catalog import CATALOG, LEGACY_SHAPE_ARGS, MADE_WITH_OTHER_ARGS, Keeps, LayerEntry
from noiselint.shapes.facts import CallError, Shape
from noiselint.shapes.keras_op_shapes import NotAsked, keras_op_shapes
from noiselint.shapes.keras_ops import PREFIX as KERAS_OP
from noiselint.shapes.specs import LayerSpec, ShapeOutcome, shape_config
from noiselint.shapes.tf_graph import TfInput, load_tensorflow, op_shape, tensorflow_version

# Keras once imported, for the rest of the process (importing it costs seconds). The one
# piece of module state: it is written once, by `load_keras`, and never changes after.
_KERAS: dict[str, ModuleType | str] = {}

# The string arguments that decide shapes: "same", "SAME" (TF 1), "channels_first".
_WORD = re.compile(r"[A-Za-z_]{1,40}")

# What the loaders of an offline oracle give: nothing is imported, the question is left
# unanswered (see `KerasShapes.offline_twin`).
_OFFLINE = "shapes not asked of Keras/TensorFlow for this file"

# Arguments that set the size of one output axis and nothing else (Dense/RNN `units`, Conv
# `filters`, Embedding `output_dim`), and the two values a layer is asked with when one of
# them is unknown (model/interpreter.py runs uncalled builders on unknown parameters).
_SIZE_PARAMS = frozenset({"units", "filters", "output_dim"})
_SIZE_PROBES = (5, 7)


def load_keras(verbose: bool = False) -> ModuleType | str:
    """The `keras` module on the TensorFlow backend, or why it cannot be had. Unless
    `verbose`, TensorFlow's C++ and Python logging stay silent, as a linter's should."""
    if "result" not in _KERAS:
        with budget.paused(once=True):  # seconds, once per run: not the first file's fault
            _KERAS["result"] = _import_keras(verbose)
            heap.settle()
    return _KERAS["result"]


def _import_keras(verbose: bool = False) -> ModuleType | str:
    loaded = sys.modules.get("keras")
    if loaded is None:
        # Whatever the user's KERAS_BACKEND: the shapes are TensorFlow's (design.md §1).
        os.environ["KERAS_BACKEND"] = "tensorflow"
        if not verbose:
            # C++ logging; oneDNN's banner is logged before absl initialises, where the log
            # level does not reach, and its numerics never matter to shapes.
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    try:
        with warnings.catch_warnings(), _quiet_stderr(not verbose):
            warnings.simplefilter("ignore")
            import keras
    except Exception as exc:  # ImportError, or TF failing to load its libraries
        return f"Keras/TensorFlow cannot be imported ({type(exc).__name__}: {exc})"
    if not verbose:
        import logging  # here, with Keras: a run that asks Keras nothing needs no logging

        for name in ("tensorflow", "absl", "keras"):
            logging.getLogger(name).setLevel(logging.ERROR)
    version = getattr(keras, "__version__", "0")
    if not version[:1].isdigit() or int(version.split(".")[0]) < 3:
        return f"Keras {version} is installed; noiselint asks Keras 3 for shapes"
    backend = keras.backend.backend()
    if backend != "tensorflow":
        return f"Keras was already imported with the {backend} backend; noiselint needs TensorFlow's"
    return keras


@contextlib.contextmanager
def _quiet_stderr(quiet: bool) -> Iterator[None]:
    """While TensorFlow loads its libraries, send file descriptor 2 to /dev/null: native code
    writes there directly (messages from before absl initialises, CUDA probes), below any
    setting Python can reach."""
    if not quiet:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (e.g. captured): nothing to hide
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def op_formulas() -> tuple[ModuleType, ModuleType]:
    """The written formulas of Keras ops and TensorFlow ops (130 KB of bytecode), imported with
    the first op asked: a tree of Keras layers alone never needs them."""
    from noiselint.shapes import formulas_keras_ops, formulas_tf

    return formulas_keras_ops, formulas_tf


class KerasShapes:
    """The ShapeOracle: the cache first, then Keras."""

    def __init__(self, cache: ShapeCache | None, load: Callable[[], ModuleType | str] | None = None,
                 load_tf: Callable[[], ModuleType | str] | None = None, remote: Remote | None = None) -> None:
        self._cache = cache
        # `--jobs`: the questions the cache cannot answer go to the one shape process
        # (shapes/service.py), so that no worker imports TensorFlow.
        self._remote = remote
        self._load = load or load_keras
        # A test's `load` that refuses Keras refuses TensorFlow too.
        self._load_tf = load_tf or (_quiet_tensorflow if load is None else lambda: _tf_after(load))
        self._pending: list[str] = []
        self._said: set[str] = set()
        self.unanswered = False  # an offline twin left a question unanswered
        # Answers of this run, by question: without a cache (`--no-cache`), a loop the
        # interpreter unrolls asked TensorFlow the same question a thousand times.
        self._memo: dict[str, ShapeAnswer] = {}
        # Keras or TensorFlow has answered a question in this run (here or in the shape
        # process): asking again costs milliseconds, not the import.
        self.ready = False
        # Outcomes worked out here alone (the written formulas, kept shapes and ranks, Keras's
        # refusals written out, the sizes any value gives), by question (`_question_key`): a
        # loop or a builder run again constructs the same layer and applies it to the same
        # shapes (3,268 questions on 42 keras-io scripts, 594 distinct; 5,808 and 51 in
        # squeeze-excite's se_resnet.py). Never one that consulted the cache, Keras or
        # TensorFlow (`_consulted`).
        self._worked_out: dict[bytes, ShapeOutcome] = {}
        self._consulted = 0  # questions that went to `_recalled`

    def warm(self) -> None:
        """Import Keras and TensorFlow now (the shape process, ahead of its first question);
        a failure is said by the first question that needs them."""
        if not isinstance(self._load(), str):
            self._load_tf()

    def importing(self) -> bool:
        """Whether a question asked now would wait for the shape process's import."""
        return self._remote is not None and not self.ready and self._remote.importing()

    def offline_twin(self) -> KerasShapes:
        """An oracle that answers from the same cache and the written formulas but never
        imports Keras or TensorFlow: a question only they can answer stays unanswered
        (and `unanswered` is set). Warnings already given are not given again."""
        twin = KerasShapes(self._cache, load=lambda: _OFFLINE, load_tf=lambda: _OFFLINE)
        twin._said = self._said
        twin._memo = self._memo
        twin._worked_out = self._worked_out  # the same for any oracle: nothing was asked for them
        return twin

    def _recalled(self, question: ShapeQuestion) -> tuple[str | None, ShapeAnswer | None]:
        """The key of `question` in this run's memo (None: not JSON) and its answer, from the
        memo or else the cache."""
        self._consulted += 1
        import json  # here: a run whose shapes the formulas answer recalls none

        try:
            key = json.dumps([question.layer, question.config, question.inputs, question.built_on],
                             sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):
            key = None
        answer = self._memo.get(key) if key is not None else None
        if answer is None and self._cache is not None:
            answer = self._cache.get(question)
            self._remember(key, answer)
        return key, answer

    def _remember(self, key: str | None, answer: ShapeAnswer | None) -> None:
        if key is not None and answer is not None and len(self._memo) < _MEMO_SIZE:
            self._memo[key] = answer

    def warnings(self) -> tuple[str, ...]:
        """Warnings not yet reported (each is reported once per run)."""
        problems = [*(self._cache.problems if self._cache else ()), *self._pending]
        new = tuple(p for p in dict.fromkeys(problems) if p not in self._said)
        self._said.update(new)
        self._pending.clear()
        return new

    def output_shapes(self, spec: LayerSpec, inputs: tuple[Shape | None, ...], exact: bool,
                      built_on: tuple[Shape, ...] | None = None) -> ShapeOutcome:
        """`built_on`: this layer instance was called before on those shapes (so its weights
        are built for them); Keras is asked about this call of that built layer."""
        entry = spec.entry
        if entry is None:
            return ShapeOutcome(None, False, spec.custom or f"`{spec.class_name}` is not in noiselint's allow-list")
        key = _question_key(spec, inputs, exact, built_on)
        found = self._worked_out.get(key) if key is not None else None
        if found is not None:
            return found
        consulted = self._consulted
        outcome = self._known_layer(spec, entry, inputs, exact, built_on)
        if key is not None and self._consulted == consulted and len(self._worked_out) < _WORKED_OUT_SIZE:
            self._worked_out[key] = outcome
        return outcome

    def _known_layer(self, spec: LayerSpec, entry: LayerEntry, inputs: tuple[Shape | None, ...], exact: bool,
                     built_on: tuple[Shape, ...] | None) -> ShapeOutcome:
        """`output_shapes` of an allow-listed layer."""
        if entry.ndim is not None and len(inputs) == 1 and inputs[0] is None:
            inputs, exact = ((None,) * entry.ndim,), False  # the only rank it accepts
        known = [s for s in inputs if s is not None]
        if len(known) != len(inputs) or not inputs:
            return _fallback(entry, inputs, exact, "its input shape is not known")
        if built_on == tuple(known):
            built_on = None  # the same shapes again: no different from a first call
        return self._outcome(spec, entry, inputs, known, exact, built_on)

    def _outcome(self, spec: LayerSpec, entry: LayerEntry, inputs: tuple[Shape | None, ...], known: list[Shape],
                 exact: bool, built_on: tuple[Shape, ...] | None) -> ShapeOutcome:
        """`output_shapes` of a layer Keras knows, on inputs of known shapes."""
        if entry.keeps is Keeps.SHAPE and built_on is None:
            return _same_shape(entry, known[0], exact, spec.class_name)
        if entry.keeps is Keeps.SHAPE and spec.class_name in MADE_WITH_OTHER_ARGS and _plain(shape_config(spec)):
            # Keras would not be asked (it cannot make the layer again): its fallback, without it.
            return _same_shape(entry, known[0], exact)
        config = shape_config(spec)
        if config is None:
            why = spec.unknown_reason(entry.shape_params | LEGACY_SHAPE_ARGS) or \
                "a nested layer noiselint cannot construct"
            probed = self._for_any_size(spec, tuple(known), built_on, why)
            return probed if probed is not None else _fallback(entry, inputs, exact, why)
        question = ShapeQuestion(spec.class_name, config, tuple(known), built_on)
        written = formulas.answer(question.layer, question.config, question.inputs) if built_on is None else \
            formulas.answer_built(question.layer, question.config, question.inputs, built_on)
        unbuilt = formulas.kernel_refusal(question.layer, question.config, question.inputs) \
            if written is not None and exact and built_on is None else None
        if unbuilt is not None:  # the model does not build: nothing after this layer runs
            return ShapeOutcome(None, False, f"Keras rejects it: {unbuilt}", CallError("Keras", "ValueError", unbuilt))
        if written is not None:
            return ShapeOutcome(written, exact)
        refused = formulas.refusal(question.layer, question.config, question.inputs, built_on)
        # Keras's refusal, written out word for word: the same outcome as its answer.
        key, answer = (None, ShapeAnswer(None, refused[1], refused[0])) if refused is not None else \
            self._recalled(question)
        if answer is None:
            with budget.stage("Keras/TensorFlow"):
                answer = self._ask(question, entry)
            if answer is None:
                return _fallback(entry, inputs, exact, "TensorFlow is not available")
            self._remember(key, answer)
            if self._cache is not None:
                self._cache.put(question, answer)
        if answer.outputs is None and answer.error_type == _NOT_ASKED:
            return _fallback(entry, inputs, exact, answer.error or _NOT_ASKED)
        if answer.outputs is None:
            said = _first_line(answer.error)
            if exact:  # the model does not build: nothing after this layer runs
                return ShapeOutcome(None, False, f"Keras rejects it: {said}",
                                    CallError("Keras", answer.error_type or "ValueError", answer.error or ""))
            return _fallback(entry, inputs, exact, f"Keras cannot tell for this partly known input: {said}")
        return ShapeOutcome(answer.outputs, exact)

    def _for_any_size(self, spec: LayerSpec, inputs: tuple[Shape, ...], built_on: tuple[Shape, ...] | None,
                      why: str) -> ShapeOutcome | None:
        """The shapes that hold whatever value an unknown size argument (`units`, `filters`,
        `output_dim`: a parameter of a builder nothing calls) takes: each argument only sets
        the size of its own axis, so the layer is asked with two values and the axes the
        answers agree on are kept. None when another argument is unknown or an answer fails
        (then which values fail is not a fact about every call). Its own questions count
        whether the cache, Keras or TensorFlow were consulted."""
        unknown = {name for name, _ in spec.unknown}
        if not unknown or not unknown <= _SIZE_PARAMS or built_on is not None:
            return None
        answers = []
        for probe in _SIZE_PROBES:
            config = tuple((n, v) for n, v in spec.config if n not in unknown) + tuple((n, probe) for n in unknown)
            outcome = self.output_shapes(replace(spec, config=config, unknown=()), inputs, False)
            if outcome.outputs is None:
                return None
            answers.append(outcome.outputs)
        first, second = answers
        if len(first) != len(second) or any(len(a) != len(b) for a, b in zip(first, second, strict=True)):
            return None
        merged = tuple(tuple(x if x == y else None for x, y in zip(a, b, strict=True))
                       for a, b in zip(first, second, strict=True))
        return ShapeOutcome(merged, False, why)

    def op_shape(self, op: str, args: Mapping[str, object], inputs: tuple[TfInput, ...], exact: bool) -> ShapeOutcome:
        """The output shape of an allow-listed TensorFlow op (shapes/tf_ops.py) on inputs of
        these shapes, as TensorFlow's own shape functions infer it in a private graph; a
        Keras op (shapes/keras_ops.py), as Keras infers it on KerasTensors."""
        keras_op = op.startswith(KERAS_OP)
        framework = "Keras" if keras_op else "TensorFlow"
        if keras_op and any(shape is None for shape, _ in inputs):
            return ShapeOutcome(None, False, "the rank of an input is not known")
        formulas_keras_ops, formulas_tf = op_formulas()
        written = formulas_keras_ops.answer(op, args, inputs) if keras_op else formulas.elementwise(op, args, inputs)
        if written is not None:  # broadcasting (a Keras op's written formula) needs no TensorFlow
            # One shape each (several for a Keras `split`).
            return ShapeOutcome(written, exact) if None not in written else \
                ShapeOutcome(None, False, "the rank of an input is not known")
        written = None if keras_op else formulas_tf.answer(op, args, inputs)
        if written is not None:  # TensorFlow's shape function, written out: the same outcome as its answer
            (shape,) = written
            return ShapeOutcome((shape,), exact) if shape is not None else \
                ShapeOutcome(None, False, _NO_RANK)
        config = {"args": dict(args), "inputs": [[list(s) if s is not None else None, d] for s, d in inputs],
                  "tf": tensorflow_version()}
        question = ShapeQuestion(f"tf:{op}", config, ())
        refused = formulas_keras_ops.refusal(op, args, inputs) if keras_op else formulas_tf.refusal(op, args, inputs)
        # Keras's or TensorFlow's refusal, written out word for word: the same outcome as its answer.
        key, answer = (None, ShapeAnswer(None, refused[1], refused[0])) if refused is not None else \
            self._recalled(question)
        if answer is None:
            with budget.stage("Keras/TensorFlow"):
                asked = self.ask_tensorflow(op, args, inputs) if self._remote is None else \
                    self._remote.op(op, args, inputs)
            if asked is _OFFLINE:
                self.unanswered = True
                return ShapeOutcome(None, False, _OFFLINE)
            if isinstance(asked, str):
                self._unavailable(asked)
                return ShapeOutcome(None, False, f"{framework} is not available")
            self.ready = True
            answer = asked
            self._remember(key, answer)
            if self._cache is not None:
                self._cache.put(question, answer)
        if answer.outputs is None and answer.error_type == _NOT_ASKED:
            return ShapeOutcome(None, False, answer.error or _NOT_ASKED)
        if answer.outputs is None:
            said = _first_line(answer.error)
            if exact:
                return ShapeOutcome(None, False, f"{framework} rejects it: {said}",
                                    CallError(framework, answer.error_type or "ValueError", answer.error or ""))
            return ShapeOutcome(None, False, f"{framework} cannot tell for this partly known input: {said}")
        if not answer.outputs:
            return ShapeOutcome(None, False, _NO_RANK)
        return ShapeOutcome(answer.outputs, exact)

    def _ask(self, question: ShapeQuestion, entry: LayerEntry) -> ShapeAnswer | None:
        answer = self.ask_keras(question) if self._remote is None else self._remote.layer(question)
        if answer is _OFFLINE:
            self.unanswered = True
            return None
        if isinstance(answer, str):
            self._unavailable(answer)
            return None
        self.ready = True
        return answer

    def _unavailable(self, why: str) -> None:
        """One warning when Keras or TensorFlow cannot be had, whichever was asked: the same
        words for both, so that a file that asks both (a layer and a TF op) gets it once."""
        self._pending.append(f"{why}; the shape rules (NL002, NL003, NL010) see only the shapes that need no "
                             "Keras (Input shapes, written-out formulas, kept ranks, the cache) (install the "
                             "`shapes` extra, `pip install tensorflow keras`, or pass --no-shapes)")

    def ask_keras(self, question: ShapeQuestion) -> ShapeAnswer | str:
        """Keras's own answer (importing it on the first question), or why Keras cannot be had."""
        def answer(keras: ModuleType) -> ShapeAnswer:
            layer = _construct_for(keras, question)
            entry = CATALOG[question.layer]
            if question.built_on is not None:
                build(keras, layer, entry, question.built_on)
            return ShapeAnswer(compute(keras, layer, entry, question.inputs))

        return _asked(self._load, answer)

    def ask_tensorflow(self, op: str, args: Mapping[str, object], inputs: tuple[TfInput, ...]) -> ShapeAnswer | str:
        """TensorFlow's own answer for an op (importing it on the first question), or why
        TensorFlow cannot be had; for a Keras op, Keras's."""
        if op.startswith(KERAS_OP):
            return _asked(self._load, lambda keras: ShapeAnswer(keras_op_shapes(keras, op, args, inputs)))

        def answer(tf: ModuleType) -> ShapeAnswer:
            shape = op_shape(tf, op, args, inputs)
            return ShapeAnswer((shape,) if shape is not None else ())

        return _asked(self._load_tf, answer)


def _asked(load: Callable[[], ModuleType | str], answer: Callable[[ModuleType], ShapeAnswer]) -> ShapeAnswer | str:
    """What `answer` gives with the library `load` brings (its own refusal is the answer), or
    why the library cannot be had."""
    library = load()
    if isinstance(library, str):
        return library
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return answer(library)
    except (_NotAsked, NotAsked) as exc:
        return ShapeAnswer(None, str(exc), _NOT_ASKED)
    except Exception as exc:  # the library's own validation: what it says is the answer
        return ShapeAnswer(None, _message(exc), type(exc).__name__)


class Remote(Protocol):
    """Asks another process's KerasShapes (`ask_keras`, `ask_tensorflow`)."""

    def layer(self, question: ShapeQuestion) -> ShapeAnswer | str: ...

    def op(self, op: str, args: Mapping[str, object], inputs: tuple[TfInput, ...]) -> ShapeAnswer | str: ...

    def importing(self) -> bool: ...


def _quiet_tensorflow() -> ModuleType | str:
    """TensorFlow for op shapes, as silent as Keras's import (its C++ banners included)."""
    if "tensorflow" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    with _quiet_stderr(True):
        loaded = load_tensorflow()
    # Python-side logging too: asking an op with a deprecated argument (`keep_dims`, TF 1
    # code) logged "WARNING:tensorflow: ... is deprecated" on every run.
    import logging  # as in load_keras

    for name in ("tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return loaded


def _tf_after(load: Callable[[], ModuleType | str]) -> ModuleType | str:
    refused = load()
    return refused if isinstance(refused, str) else load_tensorflow()


def construct(keras: ModuleType, name: str, config: Mapping[str, object]) -> object:
    """An allow-listed layer from JSON arguments; nested layers (wrappers) likewise."""
    if name not in CATALOG:
        raise ValueError(f"`{name}` is not in noiselint's allow-list")
    return getattr(keras.layers, name)(**{k: _argument(keras, v) for k, v in config.items()})


def _plain(config: Mapping[str, object] | None) -> bool:
    """Arguments `_argument` passes on without refusing one (no config: none are passed)."""
    def plain(value: object) -> bool:
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return not isinstance(value, (str, dict)) or (isinstance(value, str) and bool(_WORD.fullmatch(value)))
    return config is None or all(plain(v) for v in config.values())


def _construct_for(keras: ModuleType, question: ShapeQuestion) -> object:
    """The layer a question is about. A reused layer is made again from the arguments that
    decide its shape alone: one that requires another (`Activation`'s `activation`,
    `Dropout`'s `rate`) cannot be, which says nothing of the call the question is about."""
    try:
        return construct(keras, question.layer, question.config)
    except TypeError as exc:
        if question.built_on is None:
            raise
        raise _NotAsked(f"`{question.layer}` cannot be made from its shape arguments alone: "
                        f"{_message(exc)}") from exc


def _argument(keras: ModuleType, value: object) -> object:
    if isinstance(value, dict):
        return construct(keras, str(value["class_name"]), value["config"])
    if isinstance(value, list):
        return tuple(_argument(keras, v) for v in value)
    if isinstance(value, str) and not _WORD.fullmatch(value):
        # Keras resolves some strings by name; only plain words reach it.
        raise ValueError(f"argument {value!r} is not a plain word")
    return value


def compute(keras: ModuleType, layer: object, entry: LayerEntry, inputs: Sequence[Shape]) -> tuple[Shape, ...]:
    """Ask the constructed layer for its output shapes, checking its InputSpec first (as a
    real call would): `compute_output_shape` alone accepts a rank-3 input for MaxPooling2D."""
    shapes = [tuple(s) for s in inputs]
    tensors = [keras.KerasTensor(s) for s in shapes]
    _check_inputs(layer, tensors if entry.inputs == "list" else tensors[0])
    if entry.inputs == "attention":
        out = layer.compute_output_shape(*shapes)  # type: ignore[attr-defined]
    elif entry.inputs == "list":
        if entry.build_checks:
            layer.build(shapes)  # type: ignore[attr-defined]  # merge layers: validation only, no weights
        out = layer.compute_output_shape(shapes)  # type: ignore[attr-defined]
    else:
        if len(shapes) != 1:
            raise ValueError(f"it takes one input, not {len(shapes)}")
        out = layer.compute_output_shape(shapes[0])  # type: ignore[attr-defined]
    return _normalise(out)


class _NotAsked(Exception):
    """A question noiselint does not put to Keras (not Keras's refusal)."""


_NOT_ASKED = "not asked"
_NO_RANK = "TensorFlow cannot tell its rank"
_MEMO_SIZE = 100_000  # answers kept per run (a few hundred bytes each)
_WORKED_OUT_SIZE = 20_000  # outcomes `output_shapes` keeps (a language server keeps its oracle)


def build(keras: ModuleType, layer: object, entry: LayerEntry, inputs: Sequence[Shape]) -> None:
    """Call the layer once on symbolic inputs of these shapes, as the first call of a reused
    layer instance does: Keras builds its weights (and fixes its input spec) for them."""
    tensors = [keras.KerasTensor(tuple(s)) for s in inputs]
    if entry.inputs == "list":
        layer(tensors)  # type: ignore[operator]
    elif entry.inputs == "one" and len(tensors) == 1:
        layer(tensors[0])  # type: ignore[operator]
    else:
        raise _NotAsked("a reused layer of this kind is not asked")


def _check_inputs(layer: object, tensors: object) -> None:
    try:
        from keras.src.layers.input_spec import assert_input_compatibility
    except ImportError:  # a Keras without this private helper: skip the check
        return
    assert_input_compatibility(layer.input_spec, tensors, type(layer).__name__)  # type: ignore[attr-defined]


def _normalise(out: object) -> tuple[Shape, ...]:
    """One shape, or a tuple of shapes (LSTM with `return_state`), as tuples of int/None."""
    items = list(out)  # type: ignore[call-overload]
    if all(d is None or isinstance(d, int) for d in items):
        return (tuple(None if d is None else int(d) for d in items),)
    return tuple(s for part in items for s in _normalise(part))


_MAX_MESSAGE = 2000  # a framework message is kept verbatim up to this many characters


def _message(exc: Exception) -> str:
    """What the framework said, verbatim but for terminal colours, bounded."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()
    return text[:_MAX_MESSAGE] if text else type(exc).__name__


def _first_line(message: str | None) -> str:
    lines = (message or "").strip().splitlines()
    return lines[0][:200] if lines else "an error"


def _question_key(spec: LayerSpec, inputs: tuple[Shape | None, ...], exact: bool,
                  built_on: tuple[Shape, ...] | None) -> bytes | None:
    """What `KerasShapes.output_shapes` keeps an outcome by: the question as `marshal`
    writes it (version 2: no references, so equal values give equal bytes). It writes each
    value with its type (`1`, `1.0` and `True`, which `==` takes for the same, are three
    questions) and refuses anything but built-in values: None for a nested layer. A tenth
    of the `repr` the key was before, and no walk of the arguments to see they are plain."""
    try:
        return marshal.dumps((spec.class_name, exact, spec.config, spec.unknown, inputs, built_on), 2)
    except ValueError:
        return None


def _same_shape(entry: LayerEntry, shape: Shape, exact: bool, class_name: str = "") -> ShapeOutcome:
    """Elementwise layers (Dropout, BatchNormalization, Activation) need no Keras, nor does
    the one check their input spec makes (the rank: SpatialDropout2D takes rank 4)."""
    if entry.ndim is not None and len(shape) != entry.ndim:
        error = CallError("Keras", "ValueError", ndim_message(class_name, entry.ndim, shape)) \
            if exact and class_name else None
        return ShapeOutcome(None, False, f"Keras rejects it: expected ndim={entry.ndim}, found ndim={len(shape)}",
                            error)
    return ShapeOutcome((shape,), exact)


def ndim_message(class_name: str, ndim: int, shape: Shape) -> str:
    """Keras 3's message when a layer's input spec wants rank `ndim` (held to Keras in
    tests/test_graph_outcomes.py)."""
    # Keras's `to_snake_case`, which names a layer after its class.
    layer = re.sub(r"([a-z])([A-Z])", r"\1_\2", re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)).lower()
    shown = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    return (f"Input 0 with name 'None' of layer '{layer}' is incompatible with the layer: "
            f"expected ndim={ndim}, found ndim={len(shape)}. Full shape received: {shown}")


def _fallback(entry: LayerEntry, inputs: tuple[Shape | None, ...], exact: bool, reason: str) -> ShapeOutcome:
    """What is certain without Keras's answer (layer_catalog.Keeps); never a guess."""
    first = inputs[0] if inputs else None
    if first is None:
        return ShapeOutcome(None, False, reason)
    if entry.keeps is Keeps.SHAPE:
        return _same_shape(entry, first, exact)
    if entry.keeps is Keeps.RANK and first:
        return ShapeOutcome(((first[0],) + (None,) * (len(first) - 1),), False, reason)
    if entry.keeps is Keeps.LAST and len(first) > 1:
        return ShapeOutcome(((*first[:-1], None),), False, reason)
    return ShapeOutcome(None, False, reason)
