"""Shared test helpers: lint and fix real text through the real pipeline."""

from __future__ import annotations

import os

import pytest

# Shape inference constructs Keras layers; tests run on the TF backend, quietly.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture
def run_cli(capsysbinary, monkeypatch):
    """Run `noiselint` in-process: returns (exit code, stdout, stderr) as text."""
    from noiselint.cli import main

    def run(*args: str, stdin: bytes | None = None, cwd=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            import io
            import sys

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(args))
        out, err = capsysbinary.readouterr()
        return code, out.decode(), err.decode()

    return run


@pytest.fixture
def quick_finals(monkeypatch):
    """Whether each quick pass of the engine (engine.py) ended with final findings, in order."""
    import contextlib

    from noiselint import engine

    finals: list[bool] = []
    watching = engine.watching

    @contextlib.contextmanager
    def recording():
        with watching() as watch:
            yield watch
        finals.append(watch.reason is None)

    monkeypatch.setattr(engine, "watching", recording)
    return finals
