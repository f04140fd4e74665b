"""Notebooks: a `.ipynb` file's code cells joined into one virtual module (so names resolve
across cells), the map from virtual rows back to cells, and the write-back of fixed cells
that leaves outputs, metadata and the JSON layout untouched."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from noiselint.diagnostics import FileError

# A comment line between cells; fixes edit expressions only, so these survive any fix and
# the fixed text splits back into its cells.
_MARKER = "# noiselint: cell {}"
_MARKER_RE = re.compile(r"^# noiselint: cell (\d+)$")
# IPython syntax is not Python: such lines are hidden behind this prefix and restored.
_MAGIC = "#noiselint-magic:"
# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "tensorflow_version"})


@dataclass(frozen=True)
class Notebook:
    cells: tuple[Any, ...]  # the parsed cell dicts, as read
    document: Any  # the whole parsed JSON document
    raw: str  # the file's text, to reproduce its layout on write-back
    # (cell number, first virtual row of its code, row count) per code cell; numbers are
    # 1-based over all cells, markdown included (ruff's numbering).
    spans: tuple[tuple[int, int, int], ...]

    def locate(self, row: int) -> tuple[int | None, int]:
        """A virtual row as (cell number, row within the cell)."""
        for number, first, count in self.spans:
            if first <= row < first + count:
                return number, row - first + 1
        return None, row


def read_notebook(path: str, data: bytes) -> tuple[str, Notebook] | FileError:
    try:
        raw = data.decode("utf-8-sig")
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return FileError(path, f"is not a valid notebook: {exc}")
    except RecursionError:
        return FileError(path, "is not a notebook noiselint can read: its JSON is nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return FileError(path, f"is not a notebook noiselint can read: {' '.join(str(exc).split())[:120]}")
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return FileError(path, "is not a valid notebook: it has no `cells` list")
    lines: list[str] = []
    spans: list[tuple[int, int, int]] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            return FileError(path, f"is not a valid notebook: cell {number} has no text source")
        lines.append(_MARKER.format(number))
        code = _hide_magics(source.splitlines())
        spans.append((number, len(lines) + 1, max(len(code), 1)))
        lines.extend(code)
    text = "\n".join(lines) + "\n" if lines else ""
    return text, Notebook(tuple(cells), document, raw, tuple(spans))


def _hide_magics(lines: list[str]) -> list[str]:
    if lines and lines[0].lstrip().startswith("%%"):
        name = lines[0].lstrip()[2:].split(" ", 1)[0]
        if name not in _PYTHON_CELL_MAGICS:
            return [_MAGIC + line for line in lines]
        return [_MAGIC + lines[0], *_hide_magics(lines[1:])]
    out = []
    for line in lines:
        stripped = line.lstrip()
        magic = stripped.startswith(("%", "!")) or (stripped.endswith("?") and "#" not in stripped)
        out.append(_MAGIC + line if magic else line)
    return out


def write_back(notebook: Notebook, fixed: str) -> bytes | str:
    """The notebook's bytes with each changed cell's source replaced, or why it cannot be."""
    layout = _layout(notebook)
    if layout is None:
        return "its JSON layout is not one noiselint can reproduce; the fix was not written"
    by_cell: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in fixed.splitlines():
        match = _MARKER_RE.match(line)
        if match:
            current = by_cell.setdefault(int(match.group(1)), [])
        elif current is not None:
            current.append(line[len(_MAGIC):] if line.startswith(_MAGIC) else line)
    document = json.loads(notebook.raw)
    for number, new_lines in by_cell.items():
        cell = document["cells"][number - 1]
        old = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        new = "\n".join(new_lines) + ("\n" if old.endswith("\n") else "")
        if new != old:
            cell["source"] = new if isinstance(cell["source"], str) else new.splitlines(keepends=True)
    indent, ensure_ascii, newline = layout
    text = json.dumps(document, indent=indent, ensure_ascii=ensure_ascii) + newline
    return text.encode("utf-8")


def cell_sources(text: str) -> dict[int, str]:
    """The joined text split back into cells (number -> source, magics restored), for
    reports that show a notebook cell by cell (--diff)."""
    by_cell: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        match = _MARKER_RE.match(line)
        if match:
            current = by_cell.setdefault(int(match.group(1)), [])
        elif current is not None:
            current.append(line[len(_MAGIC):] if line.startswith(_MAGIC) else line)
    return {number: "".join(f"{line}\n" for line in lines) for number, lines in by_cell.items()}


def _layout(notebook: Notebook) -> tuple[int | None, bool, str] | None:
    """The json.dumps options that reproduce the file exactly (Jupyter writes indent=1)."""
    newline = "\n" if notebook.raw.endswith("\n") else ""
    for indent in (1, 2, 4, None):
        for ensure_ascii in (False, True):
            if json.dumps(notebook.document, indent=indent, ensure_ascii=ensure_ascii) + newline == notebook.raw:
                return indent, ensure_ascii, newline
    return None
