"""Report: render a run's results in one output format; every string from the tree is escaped here.
Takes FileResults and diagnostics from the runner; hands text to `cli.py`, which decides where it goes."""

from __future__ import annotations

from collections.abc import Callable

from noiselint.report import github, json_format, junit, sarif, text
from noiselint.report.summary import Summary

FORMATS: dict[str, Callable[[Summary], str]] = {
    "concise": text.render_concise,
    "text": text.render_full,
    "json": json_format.render_json,
    "json-lines": json_format.render_json_lines,
    "github": github.render_github,
    "sarif": sarif.render_sarif,
    "junit": junit.render_junit,
}


def render(fmt: str, summary: Summary) -> str:
    return FORMATS[fmt](summary)


__all__ = ["FORMATS", "Summary", "render"]
