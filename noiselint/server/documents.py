"""What the server lints: a snapshot of an open file or notebook (its text and version),
and for a notebook the map between the joined text and its cells."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from noiselint.files.notebook import Notebook, read_notebook


@dataclass(frozen=True)
class CellMap:
    """A notebook's code cells inside the joined text noiselint lints."""

    notebook: Notebook
    uris: tuple[str, ...]  # every cell's document URI, in notebook order (markdown included)

    def locate(self, row: int) -> tuple[str, int] | None:
        """A row of the joined text as (cell URI, 1-based row in that cell)."""
        number, cell_row = self.notebook.locate(row)
        if number is None or not 0 < number <= len(self.uris):
            return None
        return self.uris[number - 1], cell_row

    def row(self, uri: str, cell_row: int) -> int | None:
        """The joined text's row for a 1-based row of the cell `uri`."""
        for number, first, count in self.notebook.spans:
            if self.uris[number - 1] == uri:
                return first + cell_row - 1 if cell_row <= count else None
        return None


@dataclass(frozen=True)
class Document:
    """An open editor document: its URI, path, text, version and notebook cells."""

    uri: str  # the file's URI, or the notebook's
    path: str  # where config, per-file ignores and messages place it
    text: str  # what noiselint lints (a notebook's cells joined)
    version: int | None
    cells: CellMap | None = None

    def uri_of(self, row: int) -> tuple[str, int] | None:
        """Which document a row of `text` belongs to, and its row there."""
        return self.cells.locate(row) if self.cells is not None else (self.uri, row)

    def row_of(self, uri: str, row: int) -> int | None:
        return self.cells.row(uri, row) if self.cells is not None else row


def path_of(uri: str) -> str:
    path = to_fs_path(uri)
    return path if path else uri


def text_document(uri: str, text: str, version: int | None) -> Document:
    return Document(uri, path_of(uri), text, version)


def notebook_document(notebook: types.NotebookDocument, cell_texts: dict[str, str]) -> Document | str:
    """The notebook as noiselint reads an `.ipynb`: its code cells joined, magics hidden."""
    cells = [{"cell_type": "code" if cell.kind == types.NotebookCellKind.Code else "markdown",
              "source": cell_texts.get(cell.document, ""), "metadata": {}} for cell in notebook.cells]
    data = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    path = path_of(notebook.uri)
    if Path(path).suffix != ".ipynb":
        path += ".ipynb"
    read = read_notebook(path, data)
    if not isinstance(read, tuple):
        return read.message
    text, parsed = read
    return Document(notebook.uri, path, text, notebook.version,
                    CellMap(parsed, tuple(cell.document for cell in notebook.cells)))
