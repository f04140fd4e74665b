"""NL901 io-error: see rules/NL901.md. Reported by the run (runner.py) for a path it cannot
read, as ruff reports E902."""

from __future__ import annotations

from .base import FileRule


class IoError(FileRule):
    code = "NL901"
    summary = "A path that cannot be linted: it does not exist, cannot be read, or is not text"
