"""noiselint: find and fix Keras/TensorFlow dropout `noise_shape` mistakes without running
the code. The public API is `lint_source` and `lint_paths` for source, and `check_model` /
`assert_model_ok` for a live Keras model."""

# No imports from outside the package here, not even `__future__` or `typing`: `python -m
# noiselint` imports this package before `__main__` can take the working directory off
# `sys.path` (import_path.py). A submodule is found through the package's own path.
from noiselint.version import __version__


def __getattr__(name: str) -> object:
    # The API is imported on first use, for the same reason.
    if name in ("assert_model_ok", "check_model", "lint_paths", "lint_source"):
        from noiselint import api

        return getattr(api, name)
    raise AttributeError(f"module 'noiselint' has no attribute {name!r}")


__all__ = ["__version__", "assert_model_ok", "check_model", "lint_paths", "lint_source"]
