"""noiselint: find and fix Keras/TensorFlow dropout `noise_shape` mistakes without running
the code. The public API is `lint_source` and `lint_paths` for source, and `check_model` /
`assert_model_ok` for a live Keras model."""

from __future__ import annotations

__version__ = "0.1.0"

from noiselint.api import assert_model_ok, check_model, lint_paths, lint_source

__all__ = ["__version__", "assert_model_ok", "check_model", "lint_paths", "lint_source"]
