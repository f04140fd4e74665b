"""Notebook internals (issue 9 §5, issue 8 §4): `--fix` keeps CRLF cell sources, the BOM and
comments holding a form feed, maps cells by structure and never by a line a user can type;
hiding IPython magics never touches continuation lines or strings."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from noiselint.files.notebook import read_notebook, write_back

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"


def _document(*sources: str | list[str]) -> dict:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
             for s in sources]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _write(path: Path, document: dict, bom: bool = False) -> bytes:
    data = (json.dumps(document, indent=1) + "\n").encode()
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path.read_bytes()


def _fix(run_cli, path: Path) -> tuple[int, str, str]:
    return run_cli("--no-cache", "--no-shapes", "--fix", str(path))


def _sources(path: Path) -> list:
    return [c["source"] for c in json.loads(path.read_bytes().decode("utf-8-sig"))["cells"]]


def test_fix_keeps_crlf_cell_sources(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    crlf = BAD.replace("\n", "\r\n")
    before = _write(path, _document(crlf, ["x = 1\r\n", "y = 2\r\n"]))
    assert _fix(run_cli, path)[0] == 0
    assert _sources(path) == [crlf.replace("(64,", "(None,"), ["x = 1\r\n", "y = 2\r\n"]]
    assert path.read_bytes() == before.replace(b"(64,", b"(None,")


def test_fix_keeps_the_bom(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    before = _write(path, _document(BAD), bom=True)
    assert _fix(run_cli, path)[0] == 0
    assert path.read_bytes() == before.replace(b"(64,", b"(None,")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)


def test_a_comment_with_a_form_feed_stays_a_comment(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    source = "# section\x0cx = 1\n" + BAD
    before = _write(path, _document(source))
    assert _fix(run_cli, path)[0] == 0
    assert _sources(path) == [source.replace("(64,", "(None,")]
    assert path.read_bytes() == before.replace(b"(64,", b"(None,")


@pytest.mark.parametrize("typed", ["# noiselint: cell 1", "# noiselint: cell 99", "# noiselint: cell 2"])
def test_a_marker_typed_in_a_cell_moves_nothing(run_cli, tmp_path: Path, typed: str) -> None:
    path = tmp_path / "nb.ipynb"
    second = f"z = 0\n{typed}\n{BAD}w = 1\n"
    before = _write(path, _document("a = 1\n", second, "b = 2\n"))
    code, _, err = _fix(run_cli, path)
    assert code == 0, err
    assert _sources(path) == ["a = 1\n", second.replace("(64,", "(None,"), "b = 2\n"]
    assert path.read_bytes() == before.replace(b"(64,", b"(None,")


def test_write_back_refuses_text_whose_cells_cannot_be_told_apart(tmp_path: Path) -> None:
    data = (json.dumps(_document("a = 1\n", "b = 2\n"), indent=1) + "\n").encode()
    text, notebook = read_notebook("nb.ipynb", data)
    first_marker = text.splitlines()[0]
    assert write_back(notebook, text.replace("b = 2", "b = 3")) != data  # an ordinary edit is written
    assert isinstance(write_back(notebook, text.replace(first_marker + "\n", "")), str)
    assert isinstance(write_back(notebook, text + first_marker + "\n"), str)


@pytest.mark.parametrize("cell", [
    # A continuation line that starts with `!` (seen on a keras-io notebook).
    "from keras import layers\nok = (layers.Dropout(0.5).rate\n    != (\n        0.5))\n",
    # Lines of a string that end with `?` or start with `%` / `!`.
    'from keras import layers\nPROMPT = """\nIs this a cat?\n!not a shell command\n%not a magic\n"""\n',
    "from keras import layers\nq = 'Is this a cat?' \\\n    '%d'\n",
    # A line that opens a string and ends with `?` is not IPython's help syntax.
    'from keras import layers\nprompt = """Is this a cat?\nAnswer yes or no.\n"""\n',
    "from keras import layers\nprompt = ('Is this a cat?'\n          'yes?')\n",
    "from keras import layers\nx = [\n  1,\n]  # ?\n",
])
def test_magics_are_never_hidden_inside_statements(run_cli, tmp_path: Path, cell: str) -> None:
    """No false NL900, and the notebook's other findings still show."""
    path = tmp_path / "nb.ipynb"
    _write(path, _document(cell, BAD))
    code, out, _ = run_cli("--no-cache", "--no-shapes", str(path))
    assert "NL900" not in out
    assert code == 1 and "cell 2:2:38: NL001" in out


def test_real_magics_are_still_hidden(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    _write(path, _document("%matplotlib inline\n!pip install keras\nlayers?\n??layers.Dropout\n"
                                "x = (1,\n     2)\n%time y = 1\nnp.*load*?\n", BAD))
    code, out, _ = run_cli("--no-cache", "--no-shapes", str(path))
    assert code == 1 and "NL900" not in out and "cell 2:2:38: NL001" in out


def test_automagic_pip_lines_are_hidden_but_python_named_pip_is_not(run_cli, tmp_path: Path) -> None:
    """`pip install x` without `%` runs in Jupyter (automagic; seen on a keras-io notebook);
    `pip = 3` and `pip.install(x)` are Python and stay visible."""
    path = tmp_path / "nb.ipynb"
    _write(path, _document("pip install -q keras\nconda list\npip = 3\nprint(pip)\n", BAD))
    code, out, _ = run_cli("--no-cache", "--no-shapes", str(path))
    assert code == 1 and "NL900" not in out and "cell 2:2:38: NL001" in out
    _write(path, _document("pip = 3\npip +\n", BAD))  # a real syntax error is still one
    code, out, _ = run_cli("--no-cache", "--no-shapes", str(path))
    assert "NL900" in out


def test_a_cell_with_top_level_await_is_still_fixed(run_cli, tmp_path: Path) -> None:
    """IPython runs cells in an event loop: `await` at the top of a cell is valid there."""
    path = tmp_path / "nb.ipynb"
    _write(path, _document("import asyncio\nawait asyncio.sleep(0)\n", BAD))
    code, _, err = _fix(run_cli, path)
    assert code == 0, err
    assert _sources(path)[1] == BAD.replace("(64,", "(None,")
