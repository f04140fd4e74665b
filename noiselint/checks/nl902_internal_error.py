"""NL902 internal-error: see rules/NL902.md. Reported by the engine (engine.py) when checking
a file raised an exception; the run goes on with the other files."""

from __future__ import annotations

from .base import SyntaxRule, Valid


class InternalError(SyntaxRule):
    code = "NL902"
    summary = "noiselint itself failed on this file (a bug or a crash); the file was skipped, the run went on"

    valid = (
        Valid("ordinary", "from keras.layers import Dropout\ny = Dropout(0.1, noise_shape=[None, 1, 2])(x)\n"),
    )
    # No input is known to raise one (each would be a bug, fixed where found): the cases
    # live in tests/test_reliability.py, which injects a failure.
    invalid = ()
