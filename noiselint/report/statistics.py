"""`--statistics`: a `Summary` to ruff's table of how often each rule fired, most frequent
first, with whether `--fix` would fix it."""

from __future__ import annotations

from collections import Counter

from noiselint.report.summary import Summary


def render_statistics(summary: Summary) -> str:
    """One row per code: count, code, `[*]` when `--fix` (with the given `--unsafe-fixes`)
    would fix at least one of its findings, else `[ ]`, and the rule name."""
    diagnostics = summary.diagnostics
    if not diagnostics:
        return ""
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = {d.code for d in diagnostics if summary.applicable(d)}
    order = sorted(counts, key=lambda code: (-counts[code], code))
    count_width = max(len(str(n)) for n in counts.values())
    code_width = max(len(code) for code in counts)
    rows = (f"{counts[code]:>{count_width}}\t{code:<{code_width}}\t"
            f"{'[*]' if code in fixable else '[ ]'} {names[code]}" for code in order)
    return "".join(row + "\n" for row in rows)
