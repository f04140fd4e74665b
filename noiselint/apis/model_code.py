"""Model code: the libraries whose layer calls, op calls and data calls noiselint models, as
the prefilter recognises them (a file that mentions none of them holds no model code)."""

from __future__ import annotations

# Top-level modules of model code. A file whose text holds none of these words imports none.
MODEL_MODULES = ("keras", "tensorflow", "tf_keras")
MODEL_WORDS = MODEL_MODULES


def is_model_module(qualified: str) -> bool:
    """`keras.layers.Dense`, `tensorflow`, `tf_keras.backend` (an import's qualified name)."""
    return qualified.split(".", 1)[0] in MODEL_MODULES
