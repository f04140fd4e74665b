"""JSON and JSON-lines output with ruff's fields, so tools that read ruff read noiselint."""

from __future__ import annotations

import json

from noiselint.diagnostics import Diagnostic, Span
from noiselint.report.summary import Summary

RULE_URL = "https://github.com/noiselint/noiselint/blob/main/rules/{code}.md"


def _location(row: int, column: int) -> dict[str, int]:
    return {"row": row, "column": column}


def _start(span: Span) -> dict[str, int]:
    return _location(span.start_row, span.start_col)


def _end(span: Span) -> dict[str, int]:
    return _location(span.end_row, span.end_col)


def to_dict(diagnostic: Diagnostic) -> dict[str, object]:
    fix = diagnostic.fix
    return {
        "cell": diagnostic.cell,
        "code": diagnostic.code,
        "end_location": _end(diagnostic.span),
        "filename": diagnostic.path,
        "fix": None if fix is None else {
            "applicability": fix.applicability.value,
            "edits": [{"content": e.content, "end_location": _end(e.span),
                       "location": _start(e.span)} for e in fix.edits],
            "message": fix.message,
        },
        "layer": None if diagnostic.artifact is None else {
            "path": diagnostic.artifact.layer, "class_name": diagnostic.artifact.class_name,
            "pointer": diagnostic.artifact.pointer},
        "location": _start(diagnostic.span),
        "message": diagnostic.message,
        "name": diagnostic.name,
        "noqa_row": diagnostic.noqa_row,
        "severity": "error",
        "url": RULE_URL.format(code=diagnostic.code),
    }


def render_json(summary: Summary) -> str:
    return json.dumps([to_dict(d) for d in summary.diagnostics], indent=2, sort_keys=True) + "\n"


def render_json_lines(summary: Summary) -> str:
    return "".join(json.dumps(to_dict(d), sort_keys=True) + "\n" for d in summary.diagnostics)
