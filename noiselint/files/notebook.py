"""Notebooks: a `.ipynb` file's code cells joined into one virtual module (so names resolve
across cells), the map from virtual rows back to cells, and the write-back of fixed cells
that leaves outputs, metadata, line endings, the BOM and the JSON layout untouched."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from noiselint.diagnostics import FileError
from noiselint.files.lines import split_lines
from noiselint.files.source import first_surrogate

# A comment line before each cell; fixes edit expressions only, so these survive any fix and
# the fixed text splits back into its cells. The marker carries a digest of the notebook's
# own bytes, so no line a user typed into a cell can be taken for one (a line can hardly
# hold the digest of the file it is in); and the split is checked against the structure:
# exactly the cells read, in order, or nothing is written.
_MARKER = "# noiselint: cell {} {}"
# IPython syntax is not Python: such lines are hidden behind this prefix and restored.
_MAGIC = "#noiselint-magic:"
# Line magics IPython runs without their `%` (automagic, on by default), in the only form
# that cannot be Python: the command followed by a word (`pip install x`, `conda list`).
_AUTOMAGIC = re.compile(r"(?:pip|conda|mamba)[ \t]+(?:install|uninstall|list|show|freeze|download|update|remove)\b")
# IPython's help syntax: `obj?`, `obj.attr??`, `?obj`, `np.*load*?` (a line that merely ends
# with `?`, such as `prompt = """Is this a cat?`, is Python).
_HELP = re.compile(r"\?{1,2}[\w.*%]+|[\w.*%]+\?{1,2}")
# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "tensorflow_version"})


@dataclass(frozen=True)
class Notebook:
    """A notebook as read: its code cells, the document around them and where each cell's rows are."""

    cells: tuple[Any, ...]  # the parsed cell dicts, as read
    document: Any  # the whole parsed JSON document
    raw: str  # the file's text, to reproduce its layout on write-back
    # (cell number, first virtual row of its code, row count) per code cell; numbers are
    # 1-based over all cells, markdown included (ruff's numbering).
    spans: tuple[tuple[int, int, int], ...]
    bom: bool = False  # the file starts with a UTF-8 BOM (kept on write-back)
    tag: str = ""  # the digest in this notebook's cell markers

    def locate(self, row: int) -> tuple[int | None, int]:
        """A virtual row as (cell number, row within the cell)."""
        for number, first, count in self.spans:
            if first <= row < first + count:
                return number, row - first + 1
        return None, row


# How messages name a line of the linted text (values/evaluate.py, checks/nl010_*).
_ON_LINE = re.compile(r"\bon line (\d+)\b")


def cell_message(message: str, notebook: Notebook) -> str:
    """A message about the joined text, with every line it names given as the user sees
    it: `on line 8` -> `in cell 3, line 2` (the command line and the editor alike)."""
    def cell_line(match: re.Match[str]) -> str:
        cell, row = notebook.locate(int(match.group(1)))
        return match.group(0) if cell is None else f"in cell {cell}, line {row}"

    return _ON_LINE.sub(cell_line, message)


MAX_JSON_CONTAINERS = 1_000_000


def read_notebook(path: str, data: bytes) -> tuple[str, Notebook] | FileError:
    tag = hashlib.sha256(data).hexdigest()[:32]
    # Each JSON object or array costs Python about 64 bytes even when empty: 24 MB of `{},`
    # took 700 MB parsed. Real notebooks hold a few thousand (outputs are strings).
    containers = data.count(b"{") + data.count(b"[")
    if containers > MAX_JSON_CONTAINERS:
        return FileError(path, f"is not a notebook noiselint can read: more than {MAX_JSON_CONTAINERS:,} JSON "
                               "objects and arrays")
    try:
        raw = data.decode("utf-8-sig")
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return FileError(path, f"is not a valid notebook: {exc}")
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
        surrogate = first_surrogate(source)
        if surrogate is not None:  # a JSON `\ud800` escape: no UTF-8 text holds it, nor can Python compile it
            return FileError(path, f"is not a valid notebook: cell {number} holds a lone surrogate "
                                   f"(U+{ord(source[surrogate]):04X}), which no UTF-8 text can hold")
        lines.append(_MARKER.format(number, tag))
        code = _hide_magics(split_lines(source))
        spans.append((number, len(lines) + 1, max(len(code), 1)))
        lines.extend(code)
    text = "\n".join(lines) + "\n" if lines else ""
    return text, Notebook(tuple(cells), document, raw, tuple(spans), data.startswith(codecs.BOM_UTF8), tag)


def _hide_magics(lines: list[str]) -> list[str]:
    if lines and lines[0].lstrip().startswith("%%"):
        name = lines[0].lstrip()[2:].split(" ", 1)[0]
        if name not in _PYTHON_CELL_MAGICS:
            return [_MAGIC + line for line in lines]
        return [_MAGIC + lines[0], *_hide_magics(lines[1:])]
    looks_magic = [_looks_magic(line.lstrip()) for line in lines]
    if not any(looks_magic):
        return lines  # most cells: no line to place, so no need to scan them
    out = []
    scanner = _Continuation()
    continued = False  # the magic line before ends with `\`: IPython joins this line to it
    for line, looks in zip(lines, looks_magic, strict=True):
        # Only a line that starts a statement can be IPython syntax: a continuation line
        # (`    != (` inside brackets) or a line of a string (`Is this a cat?`) is Python.
        if continued:
            out.append(_MAGIC + line)
            continued = line.endswith("\\")
        elif looks and scanner.at_statement_start():
            out.append(_hidden_statement(line))
            continued = line.endswith("\\")
        else:
            scanner.feed(line)
            out.append(line)
    return out


# A line magic is a statement: hidden as a comment it could leave a block empty
# (`if IS_COLAB:` then `    %pip install x`), which Python rejects. It becomes `pass`, at
# its own indentation, with the line itself kept after the marker.
_PASS = "pass  "


def _hidden_statement(line: str) -> str:
    indent = line[:len(line) - len(line.lstrip())]
    return f"{indent}{_PASS}{_MAGIC}{line}"


def _revealed(line: str) -> str:
    """The cell's own line for one `_hide_magics` wrote (either form), else `line`."""
    if line.startswith(_MAGIC):
        return line[len(_MAGIC):]
    head, marker, original = line.partition(_PASS + _MAGIC)
    return original if marker and not head.strip() else line


def _looks_magic(stripped: str) -> bool:
    return stripped.startswith(("%", "!")) or _HELP.fullmatch(stripped.rstrip()) is not None \
        or _AUTOMAGIC.match(stripped) is not None


class _Continuation:
    """Whether the next line continues a statement: open brackets, an open triple-quoted
    string, or a backslash at the end of the line (a small scanner: the cell may not be
    Python yet, so the tokenizer cannot be asked)."""

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None  # the open string's quote
        self.backslash = False

    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.string is None and not self.backslash

    def feed(self, line: str) -> None:
        i, n = 0, len(line)
        self.backslash = False
        while i < n:
            c = line[i]
            if self.string is not None:
                if c == "\\":
                    if i == n - 1:
                        self.backslash = True  # the string goes on
                    i += 2
                elif line.startswith(self.string, i):
                    i += len(self.string)
                    self.string = None
                else:
                    i += 1
                continue
            if c == "#":
                break
            if c in "\"'":
                quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else c
                self.string = quote
                i += len(quote)
                continue
            if c in "([{":
                self.depth += 1
            elif c in ")]}":
                self.depth = max(0, self.depth - 1)
            elif c == "\\" and i == n - 1:
                self.backslash = True
            i += 1
        if self.string is not None and len(self.string) == 1 and not self.backslash:
            self.string = None  # a one-quote string ends with its line (or is an error)


def write_back(notebook: Notebook, fixed: str) -> bytes | str:
    """The notebook's bytes with each changed cell's source replaced, or why it cannot be."""
    layout = _layout(notebook)
    if layout is None:
        return "its JSON layout is not one noiselint can reproduce; the fix was not written"
    cells = _split_cells(notebook, fixed)
    if cells is None:
        return "its fixed cells could not be told apart; the fix was not written"
    document = json.loads(notebook.raw)
    for number, new_lines in cells.items():
        cell = document["cells"][number - 1]
        old = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        new = _with_line_endings(old, new_lines)
        if new != old:
            cell["source"] = new if isinstance(cell["source"], str) else split_lines(new, keepends=True)
    indent, ensure_ascii, newline = layout
    text = json.dumps(document, indent=indent, ensure_ascii=ensure_ascii) + newline
    return (codecs.BOM_UTF8 if notebook.bom else b"") + text.encode("utf-8")


def _split_cells(notebook: Notebook, fixed: str) -> dict[int, list[str]] | None:
    """The fixed virtual text back in its cells: the markers must be exactly the ones
    written, once each and in order; otherwise None."""
    markers = {_MARKER.format(number, notebook.tag): number for number, _, _ in notebook.spans}
    by_cell: dict[int, list[str]] = {}
    order: list[int] = []
    current: list[str] | None = None
    for line in split_lines(fixed):
        if line in markers:
            order.append(markers[line])
            current = by_cell.setdefault(markers[line], [])
        elif current is not None:
            current.append(_revealed(line))
        elif line:
            return None  # text before the first cell
    if order != [number for number, _, _ in notebook.spans]:
        return None
    return by_cell


def _with_line_endings(old: str, new_lines: list[str]) -> str:
    """`new_lines` joined with the cell's own line endings (CRLF stays CRLF), and a final
    line break only if the cell had one."""
    endings = [line[len(line.rstrip("\r\n")):] for line in split_lines(old, keepends=True)]
    usual = next((e for e in endings if e), "\n")
    out = [line + (endings[i] if i < len(endings) and endings[i] else usual)
           for i, line in enumerate(new_lines[:-1])]
    if new_lines:
        out.append(new_lines[-1] + (endings[-1] if endings else ""))
    return "".join(out)


def cell_sources(notebook: Notebook, text: str) -> dict[int, str]:
    """The joined text split back into cells (number -> source, magics restored), for
    reports that show a notebook cell by cell (--diff); split by structure, as write_back
    splits it, and empty when the cells cannot be told apart."""
    cells = _split_cells(notebook, text)
    if cells is None:
        return {}
    return {number: "".join(f"{line}\n" for line in lines) for number, lines in cells.items()}


def _layout(notebook: Notebook) -> tuple[int | None, bool, str] | None:
    """The json.dumps options that reproduce the file exactly (Jupyter writes indent=1)."""
    newline = "\n" if notebook.raw.endswith("\n") else ""
    for indent in (1, 2, 4, None):
        for ensure_ascii in (False, True):
            if json.dumps(notebook.document, indent=indent, ensure_ascii=ensure_ascii) + newline == notebook.raw:
                return indent, ensure_ascii, newline
    return None
