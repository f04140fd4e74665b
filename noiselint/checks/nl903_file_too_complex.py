"""NL903 file-too-complex: see rules/NL903.md. Reported by the engine (engine.py) when a file
is too large or too deeply nested to check safely, or when checking it ran past its time
budget."""

from __future__ import annotations

from .base import Invalid, SyntaxRule, Valid

_DEEP = "[" * 110 + "]" * 110


class FileTooComplex(SyntaxRule):
    code = "NL903"
    summary = "The file is too large or too deeply nested to check within its budgets; it was skipped"

    valid = (
        Valid("ordinary-nesting", "from keras.layers import Dropout\n"
                                  f"y = Dropout(0.1, noise_shape=[None, {'(' * 60}1{')' * 60}])(x)\n"
                                  f"z = {' + '.join(['1'] * 90)}\n"),
        # Past the limits, but nothing the dropout reads: the rest of the file is checked in full.
        Valid("unrelated-long-chain", "from keras.layers import Dropout\n"
                                      f"ok = {' and '.join(['x'] * 150)}\ny = Dropout(0.1)(x)\n"),
    )
    invalid = (
        Invalid("nested-110-deep", "from keras.layers import Dropout\n"
                                   f"y = Dropout(0.1, noise_shape={_DEEP})(x)\n",
                message="nested more than 100 levels deep"),
        Invalid("long-and-chain", "from keras.layers import Dropout\n"
                                  f"y = Dropout(0.1, noise_shape=[None, {' and '.join(['n'] * 150)}])(x)\n",
                message="nested more than 100 levels deep"),
        Invalid("python-cannot-compile", "from keras.layers import Dropout\n"
                                         f"ok = {' + '.join(['1'] * 3000)}\ny = Dropout(0.1)(x)\n",
                message="Python itself cannot compile it"),
    )
