"""noiselint: find and fix Keras/TensorFlow dropout `noise_shape` mistakes without running
the code. The public API is `lint_source` and `lint_paths`."""

# No imports here, not even `__future__` or `typing`: `python -m noiselint` imports this
# package before `__main__` can take the working directory off `sys.path` (import_path.py).

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # The API is imported on first use, for the same reason.
    if name in ("lint_paths", "lint_source"):
        from noiselint import api

        return getattr(api, name)
    raise AttributeError(f"module 'noiselint' has no attribute {name!r}")


__all__ = ["__version__", "lint_paths", "lint_source"]
