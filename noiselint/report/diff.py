"""`--diff`: the fixes as a unified diff per file, changing nothing."""

from __future__ import annotations

import difflib

from noiselint.files.lines import split_lines
from noiselint.report.escape import printable
from noiselint.report.summary import Summary


def render_diff(summary: Summary) -> str:
    """The unified diff of every file a fix would change (stdout)."""
    out: list[str] = []
    for result in summary.files:
        if result.fixed_text is None:
            continue
        # A notebook: one diff per changed cell, named as ruff names it (`nb.ipynb:cell 3`).
        parts = [(f"{result.source.path}:cell {n}", old, new) for n, old, new in result.cells] \
            or [(result.source.path, result.source.text, result.fixed_text)]
        for name, old, new in parts:
            shown = printable(name)
            for line in difflib.unified_diff(split_lines(old, keepends=True), split_lines(new, keepends=True),
                                             fromfile=shown, tofile=shown):
                # A line of an old Mac file ends in a lone `\r`, which is shown (`\x0d`) and ends no
                # output line: a `\n` after it, or the whole hunk would be one line.
                if line.endswith("\r"):
                    line += "\n"
                # The last line of the old text, of the new, or both, may have no line break:
                # each is marked as `diff` marks it, or it would run into the next line.
                out.append(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n")
            out.append("\n")
    return "".join(out)


def diff_closing(summary: Summary) -> str:
    """`Would fix N errors.` (stderr, as ruff prints it)."""
    fixed = len(summary.fixed)
    _, unsafe = summary.counts()
    more = f" ({unsafe} additional {'fix' if unsafe == 1 else 'fixes'} available with `--unsafe-fixes`)" \
        if unsafe else ""
    noun = "error" if fixed == 1 else "errors"
    closing = f"Would fix {fixed} {noun}{more}." if fixed else f"No errors would be fixed{more}."
    return closing + "\n"
