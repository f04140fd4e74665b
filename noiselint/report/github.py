"""GitHub Actions output: a `Summary` to one `::error` workflow command per finding, which
GitHub shows as an annotation on the file and lines (workflow-commands.md)."""

from __future__ import annotations

import os
from pathlib import Path

from noiselint.diagnostics import Applicability, Diagnostic, FileError
from noiselint.report.escape import printable
from noiselint.report.sarif import find_repo_root, relative_path
from noiselint.report.summary import Summary
from noiselint.report.text import location

# The escapes of actions/toolkit `command.ts`: a property value also loses `:` and `,`,
# which would otherwise end the value or the property list.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def render_github(summary: Summary, root: Path | None = None) -> str:
    """One command per finding, then one per file that could not be linted. `file=` is
    relative to `root` (default: the git top level), as the runner resolves it against the
    checkout."""
    root = find_repo_root(Path.cwd()) if root is None else root.resolve()
    commands = [_finding(d, root) for d in summary.diagnostics]
    commands += [_file_error(e, root) for e in summary.errors]
    return "".join(command + "\n" for command in commands)


def escape_data(text: str) -> str:
    for raw, escaped in _DATA_ESCAPES:  # `%` first, so no escape is escaped twice
        text = text.replace(raw, escaped)
    return text


def escape_property(text: str) -> str:
    for raw, escaped in _PROPERTY_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _command(properties: dict[str, object], message: str) -> str:
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::error {listed}::{escape_data(message)}"


def _finding(diagnostic: Diagnostic, root: Path) -> str:
    properties: dict[str, object] = {"file": _file(diagnostic.path, root)}
    properties |= _position(diagnostic)
    properties["title"] = diagnostic.code  # design.md §4: `title=NL001`
    # The message repeats the location, because the raw log line shows nothing else.
    # Line breaks become %0A below; every other control character is shown escaped.
    text = "\n".join(printable(part) for part in diagnostic.message.split("\n"))
    message = f"{location(diagnostic)}: {diagnostic.code} {text}"
    if diagnostic.fix is not None:
        unsafe = diagnostic.fix.applicability is not Applicability.SAFE
        message += f"\n  help: {printable(diagnostic.fix.message)}" + (" (unsafe fix)" if unsafe else "")
    return _command(properties, message)


def _position(diagnostic: Diagnostic) -> dict[str, object]:
    """The annotation's lines and columns.

    A notebook finding's rows count within its cell, and no row of the `.ipynb` JSON
    matches them; ruff prints `line=1,col=1`, which points at the notebook's opening brace.
    Without a line, GitHub attaches the annotation to the whole file, which is true, and
    the message's `nb.ipynb:cell N:row:col` prefix says where in the notebook it is."""
    if diagnostic.cell is not None or diagnostic.artifact is not None:
        return {}
    span = diagnostic.span
    if span.start_row != span.end_row:
        # GitHub takes columns only when the annotation starts and ends on one line
        # (actions/toolkit `AnnotationProperties`: "cannot be sent when startLine and
        # endLine are different values").
        return {"line": span.start_row, "endLine": span.end_row}
    return {"line": span.start_row, "col": span.start_col,
            "endLine": span.end_row, "endColumn": span.end_col}


def _file_error(error: FileError, root: Path) -> str:
    return _command({"file": _file(error.path, root), "title": "noiselint"},
                    f"{printable(error.path)} {printable(error.message)}")


def _file(path: str, root: Path) -> str:
    # Outside the repository an absolute path is the only one GitHub might still match.
    return printable(relative_path(path, root) or os.path.abspath(path))
