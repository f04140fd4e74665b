"""NL900 syntax-error: see rules/NL900.md. Reported by the parse stage (engine.py)."""

from __future__ import annotations

from noiselint.diagnostics import Applicability

from .base import FixAvailability, Invalid, SyntaxRule, Valid


class SyntaxError_(SyntaxRule):
    code = "NL900"
    summary = "The file does not parse; known mistakes such as a keyword inside a tuple are named"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Valid("parses", "from keras.layers import Dropout\ny = Dropout(0.1, noise_shape=[None, 1, 2])(x)\n"),
    )
    invalid = (
        Invalid("keyword-in-tuple", """
            from keras.layers import Dropout
            y = Dropout((0.1, noise_shape=[None, 1, 2]))(x)
            """, message="did you mean `Dropout(0.1, noise_shape=[None, 1, 2])`?", fixed="""
            from keras.layers import Dropout
            y = Dropout(0.1, noise_shape=[None, 1, 2])(x)
            """, applicability=Applicability.UNSAFE),
        Invalid("unclosed", """
            from keras.layers import Dropout
            y = Dropout(0.1
            """, message="does not parse"),
    )
