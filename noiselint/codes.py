"""The rule codes: each code's name, whether it is on by default and which files it reads.

What selection needs, without the rules' own modules: a run whose files are all in the
results cache resolves `--select`/`--ignore` and per-file ignores from this table and never
imports a rule, libcst or the interpreter (a warm run). The one place of these facts: each
rule class in `checks/` takes its name, default and scope from its code's line here
(`checks.base.Rule`); `tests/test_codes.py` holds every rule to a line and the order equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from noiselint.settings import Settings, selections
from noiselint.suppress import resolve_selection, selector_matches


@dataclass(frozen=True)
class Code:
    """A rule's code and name, whether it is on by default, and which files it reads."""

    code: str
    name: str
    default_enabled: bool = True
    # "dropout": files with a dropout site or `._keras_shape`; "model": every file with
    # model code (see `checks.base.Rule.scope`).
    scope: str = "dropout"


CODES: dict[str, Code] = {entry.code: entry for entry in (
    Code("NL001", "hardcoded-batch-size"),
    Code("NL002", "noise-shape-rank-mismatch"),
    Code("NL003", "noise-shape-not-broadcastable"),
    Code("NL004", "invalid-dropout-rate"),
    Code("NL005", "malformed-noise-shape"),
    Code("NL006", "symbolic-tensor-in-noise-shape"),
    Code("NL007", "removed-keras-shape-attribute"),
    Code("NL008", "unsupported-argument"),
    Code("NL009", "prefer-spatial-dropout", default_enabled=False),
    Code("NL010", "data-format-mismatch", scope="model"),
    Code("NL011", "keep-drop-probability-swap"),
    Code("NL101", "layer-input-rank", scope="model"),
    Code("NL102", "layer-input-size", scope="model"),
    Code("NL103", "negative-output-size", scope="model"),
    Code("NL104", "merge-shape-mismatch", scope="model"),
    Code("NL105", "tensor-reshape-size-mismatch", scope="model"),
    Code("NL106", "op-shape-mismatch", scope="model"),
    Code("NL107", "hardcoded-batch-size-in-op", scope="model"),
    Code("NL201", "input-shape-mismatch", scope="model"),
    Code("NL202", "label-shape-mismatch", scope="model"),
    Code("NL203", "input-count-mismatch", scope="model"),
    Code("NL204", "sample-count-mismatch", scope="model"),
    Code("NL205", "feed-shape-mismatch", scope="model"),
    Code("NL206", "reshape-size-mismatch", scope="model"),
    Code("NL900", "syntax-error"),
    Code("NL901", "io-error"),
    Code("NL902", "internal-error"),
    Code("NL903", "file-too-complex"),
)}

SYNTAX_CODE, IO_CODE = "NL900", "NL901"
# Reported by the engine about the file as a whole, like NL900 (rules/NL902.md, NL903.md).
INTERNAL_CODE, TOO_COMPLEX_CODE = "NL902", "NL903"
_ALWAYS_REPORTED = (SYNTAX_CODE, INTERNAL_CODE, TOO_COMPLEX_CODE)


def selected_codes(settings: Settings, per_file_ignores: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The codes of a run (ruff's resolution, suppress.py), less a file's per-file ignores
    (any matching selector removes a rule, as in ruff), in the catalogue's order."""
    layers = selections(settings)
    enabled = resolve_selection({c.code: c.default_enabled for c in CODES.values()}, layers)
    # A file that does not parse (or that noiselint could not check: NL902, NL903) is always
    # reported, as ruff does, unless its code is ignored.
    ignored = tuple(s for layer in layers for s in layer.ignore)
    always = {code for code in _ALWAYS_REPORTED if not any(selector_matches(s, code) for s in ignored)}
    return tuple(code for code in CODES
                 if (code in enabled or code in always)
                 and not any(selector_matches(s, code) for s in per_file_ignores))


def reads_models(codes: Iterable[str]) -> bool:
    """Whether a rule of `codes` reads every file with model code."""
    return any(CODES[code].scope == "model" for code in codes)
