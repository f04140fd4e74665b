"""Model code: the libraries whose layer calls, op calls and data calls noiselint models, as
the prefilter recognises them (a file that mentions none of them holds no model code)."""

from __future__ import annotations

# Top-level modules of model code. A file whose text holds none of these words imports none.
MODEL_MODULES = ("keras", "tensorflow", "tf_keras")
MODEL_WORDS = MODEL_MODULES
# A script may feed data to a model that another module of the project builds without naming
# a library itself (`from model import build_model`, then `model.fit(x, y)`): such a file
# passes the text test when it imports something and names a data method, and goes on only
# when it calls one and an import reaches a project module with model code (syntax/prefilter.py).
DATA_CALL_WORDS = ("fit", "predict", "evaluate", "on_batch")
# The data methods a model is called with (model/data_calls.py reads their arguments).
DATA_METHOD_NAMES = frozenset({"fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch"})


def may_hold_model_code(text: str) -> bool:
    """The text test for model code: a library's name, or an import and a data method's."""
    return any(word in text for word in MODEL_WORDS) or uses_model_from_elsewhere(text)


def uses_model_from_elsewhere(text: str) -> bool:
    return "import" in text and any(word in text for word in DATA_CALL_WORDS)


def is_model_module(qualified: str) -> bool:
    """`keras.layers.Dense`, `tensorflow`, `tf_keras.backend` (an import's qualified name)."""
    return qualified.split(".", 1)[0] in MODEL_MODULES
