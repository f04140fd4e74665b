"""Suppress: which codes are selected, and which findings a `# noqa` comment silences."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping

from noiselint.diagnostics import Diagnostic

_NOQA = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)


def is_selected(code: str, select: Iterable[str], ignore: Iterable[str],
                opt_in: bool = False) -> bool:
    """ruff's decision: the most specific matching selector wins; on a tie, ignore wins.

    An opt-in rule is only turned on by its own code or `ALL`, never by a prefix.
    """
    chosen = _specificity(code, select, exact_only=opt_in)
    return chosen >= 0 and chosen > _specificity(code, ignore, exact_only=False)


def _specificity(code: str, selectors: Iterable[str], exact_only: bool) -> int:
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector) and (selector == code or not exact_only):
            best = max(best, len(selector))
    return best


def noqa_comments(text: str) -> Mapping[int, frozenset[str] | None]:
    """Row -> the codes its `# noqa` names, or None for a blanket `# noqa`."""
    found: dict[int, frozenset[str] | None] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            if tok.type != tokenize.COMMENT:
                continue
            match = _NOQA.search(tok.string)
            if match is None:
                continue
            codes = match.group("codes")
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
