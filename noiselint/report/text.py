"""Text output: ruff's concise lines (`path:row:col: CODE [*] message`) and a summary; the
`text` format adds the source line, a caret and the fix under each finding."""

from __future__ import annotations

from noiselint.diagnostics import Applicability, Diagnostic
from noiselint.files.lines import split_lines
from noiselint.report.escape import printable
from noiselint.report.summary import Summary


def location(diagnostic: Diagnostic) -> str:
    if diagnostic.artifact is not None:  # a saved or live model: no rows, a layer
        return printable(f"{diagnostic.path}:layer {diagnostic.artifact.layer} ({diagnostic.artifact.class_name})")
    cell = f"cell {diagnostic.cell}:" if diagnostic.cell is not None else ""
    return f"{printable(diagnostic.path)}:{cell}{diagnostic.span.start_row}:{diagnostic.span.start_col}"


def line(diagnostic: Diagnostic, summary: Summary) -> str:
    marker = " [*]" if summary.applicable(diagnostic) else ""
    return f"{location(diagnostic)}: {diagnostic.code}{marker} {printable(diagnostic.message)}"


def render_concise(summary: Summary) -> str:
    return "".join(f"{text}\n" for text in [*(line(d, summary) for d in summary.diagnostics), *footer(summary)])


def render_full(summary: Summary) -> str:
    out: list[str] = []
    sources = {f.source.path: split_lines(f.fixed_text or f.source.text) for f in summary.files}
    # A notebook finding's row is a row of its cell, not of the joined text noiselint linted.
    cells = {(f.source.path, number): split_lines(text) for f in summary.files for number, text in f.cell_texts}
    for diagnostic in summary.diagnostics:
        out.append(line(diagnostic, summary))
        lines = sources.get(diagnostic.path, []) if diagnostic.cell is None else \
            cells.get((diagnostic.path, diagnostic.cell), [])
        row = diagnostic.span.start_row
        if diagnostic.artifact is not None:
            # The layer as the Keras call the rules read, and where its config is stored.
            if diagnostic.artifact.code:
                out.append(f"       | {printable(diagnostic.artifact.code)}")
            if diagnostic.artifact.pointer:
                out.append(f"       = config.json {printable(diagnostic.artifact.pointer)}")
        elif 0 < row <= len(lines):
            code = lines[row - 1]
            width = (diagnostic.span.end_col - diagnostic.span.start_col
                     if diagnostic.span.end_row == row else len(code) - diagnostic.span.start_col + 1)
            out.append(f"  {row:>4} | {printable(code)}")
            out.append(f"       | {' ' * (diagnostic.span.start_col - 1)}{'^' * max(width, 1)}")
        if diagnostic.fix is not None:
            unsafe = diagnostic.fix.applicability is Applicability.UNSAFE
            out.append(f"  help: {printable(diagnostic.fix.message)}" + (" (unsafe fix)" if unsafe else ""))
        out.append("")
    return "".join(f"{text}\n" for text in [*out, *footer(summary)])


def footer(summary: Summary) -> list[str]:
    """ruff's closing lines: the count, what `--fix` would do, and the unsafe-fix hint."""
    if summary.quiet:
        return []
    out: list[str] = []
    remaining = len(summary.diagnostics)
    fixed = len(summary.fixed)
    if summary.show_fixes and fixed:
        out.append("")
        out.append(f"Fixed {_errors(fixed)}:")
        for result in summary.files:
            if result.fixed:
                out.append(f"- {printable(result.source.path)}:")
                counts: dict[tuple[str, str], int] = {}
                for d in result.fixed:
                    counts[(d.code, d.name)] = counts.get((d.code, d.name), 0) + 1
                out.extend(f"    {n} × {code} ({name})" for (code, name), n in sorted(counts.items()))
    safe, unsafe = summary.counts()
    failed = [e for e in summary.errors if not e.skipped]  # a skipped file is a warning, as in ruff
    if remaining == 0 and fixed == 0 and failed:
        # Not "All checks passed!": some files failed (exit code 2).
        out.append(f"No errors found, but {len(failed)} file{'s' if len(failed) > 1 else ''} failed (see above).")
    elif remaining == 0 and fixed == 0:
        out.append("All checks passed!")
    elif fixed:
        out.append(f"Found {_errors(remaining + fixed)} ({fixed} fixed, {remaining} remaining).")
    else:
        out.append(f"Found {_errors(remaining)}.")
    if safe and not summary.fixing:
        more = f" ({_hidden(unsafe)} can be enabled with the `--unsafe-fixes` option)" \
            if unsafe else ""
        out.append(f"[*] {safe} fixable with the `--fix` option{more}.")
    elif unsafe:
        out.append(f"No fixes available ({_hidden(unsafe)} can be enabled with the "
                   f"`--unsafe-fixes` option)." if not summary.fixing else
                   f"{unsafe} unsafe {'fix' if unsafe == 1 else 'fixes'} available with "
                   f"`--fix --unsafe-fixes`.")
    return out


def _errors(n: int) -> str:
    return f"{n} error" if n == 1 else f"{n} errors"


def _hidden(n: int) -> str:
    return "1 hidden fix" if n == 1 else f"{n} hidden fixes"
