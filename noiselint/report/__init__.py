"""Report: render a run's results in one output format; every string from the tree is escaped here.
Takes FileResults and diagnostics from the runner; hands text to `cli.py`, which decides where it goes."""

from __future__ import annotations

import importlib

from noiselint.report.summary import Summary

# Each format's module and function, imported when the format is asked for: a warm run
# (every file in the results cache) loads one renderer, not the SARIF writer's rule table.
FORMATS: dict[str, tuple[str, str]] = {
    "concise": ("text", "render_concise"),
    "text": ("text", "render_full"),
    "json": ("json_format", "render_json"),
    "json-lines": ("json_format", "render_json_lines"),
    "github": ("github", "render_github"),
    "sarif": ("sarif", "render_sarif"),
    "junit": ("junit", "render_junit"),
}


def render(fmt: str, summary: Summary) -> str:
    module, function = FORMATS[fmt]
    return getattr(importlib.import_module(f"noiselint.report.{module}"), function)(summary)


__all__ = ["FORMATS", "Summary", "render"]
