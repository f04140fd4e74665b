"""noiselint: find and fix Keras/TensorFlow dropout `noise_shape` mistakes without running
the code. The public API is `lint_source` and `lint_paths`."""

from __future__ import annotations

__version__ = "0.1.0"

from noiselint.api import lint_paths, lint_source

__all__ = ["__version__", "lint_paths", "lint_source"]
