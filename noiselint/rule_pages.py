"""The rule pages (`rules/NLxxx.md`): found inside the installed package, or beside it in a
source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _pages_dir() -> Path:
    installed = resources.files("noiselint") / "rules"
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parent.parent / "rules"


def page(code: str) -> str | None:
    path = _pages_dir() / f"{code}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
