"""Suppress: which codes are selected, and which findings a `# noqa` comment silences.

Selection is ruff's (`crates/ruff_workspace/src/configuration.rs`, `as_rule_table`): the
default rules are the starting set; then each layer (the config file, then the command
line) applies its selectors in order of specificity (`ALL`, `NL`, `NL0`, `NL00`, `NL001`),
`select`/`extend-select` before `ignore` at each specificity, so the most specific selector
wins and a tie goes to ignore. A layer with `select` replaces the set; a layer without it
edits the set it was given. A `# noqa: CODE` names whole codes, as in ruff."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from noiselint.diagnostics import Diagnostic

# Compiled by `re` (its cache) at the first text with a noqa comment: ~3.6 M instructions with
# `_INVALID_CODES`, which a run over files without one does not pay.
_NOQA = r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?"


@dataclass(frozen=True)
class RuleSelection:
    """One layer of selectors: a config file's, or the command line's."""

    select: tuple[str, ...] | None = None  # None: keep the set the earlier layers made
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def selector_matches(selector: str, code: str, opt_in: bool = False) -> bool:
    """Does `selector` (ALL, a prefix or a code) name `code`? An opt-in rule is turned on
    only by its own code or ALL; to ignore, any matching selector counts."""
    if selector == "ALL":
        return True
    return code.startswith(selector) and (selector == code or not opt_in)


def specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def resolve_selection(codes: Mapping[str, bool], layers: Sequence[RuleSelection]) -> frozenset[str]:
    """The enabled codes. `codes` maps every code to whether it is on by default (opt-in
    rules are off by default and need their own code or ALL)."""
    enabled = {code for code, default in codes.items() if default}
    carried: tuple[str, ...] = ()
    for layer in layers:
        selecting = (*(layer.select or ()), *layer.extend_select)
        ignoring = (*layer.ignore, *carried)
        carried = ()
        updates: dict[str, bool] = {}
        for level in sorted({specificity(s) for s in (*selecting, *ignoring)}):
            for selector in (s for s in selecting if specificity(s) == level):
                updates.update((code, True) for code, default in codes.items()
                               if selector_matches(selector, code, opt_in=not default))
            for selector in (s for s in ignoring if specificity(s) == level):
                updates.update((code, False) for code in codes if selector_matches(selector, code))
        if layer.select is not None:
            enabled = {code for code, on in updates.items() if on}
            if not layer.select and not layer.extend_select and layer.ignore:
                carried = layer.ignore  # as ruff does: `select = []` hands its ignores on
        else:
            enabled = (enabled | {c for c, on in updates.items() if on}) - {c for c, on in updates.items() if not on}
    return frozenset(enabled)


# What follows the noqa colon when it is not a code list: a prefix such as `NL`, or a word.
_INVALID_CODES = r":\s*[A-Za-z]"


def noqa_comments(text: str) -> Mapping[int, frozenset[str] | None]:
    """Row -> the codes its `# noqa` names, or None for a blanket `# noqa`."""
    found: dict[int, frozenset[str] | None] = {}
    # Most files: no need to tokenize them. `noqa` in any case: no other character matches
    # one of its letters under re.IGNORECASE.
    if "noqa" not in text.lower() or re.search(_NOQA, text, re.IGNORECASE) is None:
        return found
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            if tok.type != tokenize.COMMENT:
                continue
            match = re.search(_NOQA, tok.string, re.IGNORECASE)
            if match is None:
                continue
            codes = match.group("codes")
            if codes is None and re.compile(_INVALID_CODES).match(tok.string, match.end()):
                continue  # a bare prefix such as `NL` is no code list: ruff warns, silences nothing
            found[tok.start[0]] = (frozenset(c.upper() for c in re.split(r"[,\s]+", codes) if c)
                                   if codes else None)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def is_suppressed(diagnostic: Diagnostic, noqa: Mapping[int, frozenset[str] | None]) -> bool:
    rows = {diagnostic.span.start_row}
    if diagnostic.noqa_row is not None:
        rows.add(diagnostic.noqa_row)
    for row in rows:
        if row in noqa:
            codes = noqa[row]
            if codes is None or diagnostic.code in codes:
                return True
    return False
