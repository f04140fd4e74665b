"""Notebooks: joined code cells, cell-relative locations, magics, fixes written per cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def _notebook(cells: list[tuple[str, str]], outputs: bool = True) -> dict:
    made = []
    for kind, source in cells:
        cell = {"cell_type": kind, "metadata": {"tags": ["keep"]}, "source": source.splitlines(keepends=True)}
        if kind == "code":
            cell["execution_count"] = 1
            cell["outputs"] = [{"name": "stdout", "output_type": "stream", "text": ["modèle ok\n"]}] if outputs else []
        made.append(cell)
    return {"cells": made, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}


CELLS = [
    ("markdown", "# A model\n"),
    ("code", "%matplotlib inline\n!pip list\nfrom keras import layers\nBATCH = 64\n"),
    ("code", "inp = layers.Input((10, 8))\ny = layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(inp)\nlayers?"),
]


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_notebook(CELLS), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_location_is_cell_relative(run_cli, notebook: Path) -> None:
    code, out, _ = run_cli(str(notebook))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{notebook}:cell 3:2:38: NL001 [*]")
    assert "from `BATCH` in cell 2, line 4" in out, "names resolve across cells"


def test_json_has_cell(run_cli, notebook: Path) -> None:
    (item,) = json.loads(run_cli("--output-format", "json", str(notebook))[1])
    assert item["cell"] == 3 and item["location"] == {"row": 2, "column": 38}
    assert item["fix"]["edits"][0]["location"] == {"row": 2, "column": 38}


def test_fix_writes_the_cell_and_keeps_everything_else(run_cli, notebook: Path) -> None:
    before = notebook.read_text(encoding="utf-8")
    assert run_cli("--fix", str(notebook))[0] == 0
    after = notebook.read_text(encoding="utf-8")
    assert after == before.replace('(BATCH, 1, 8)', '(None, 1, 8)')
    assert "%matplotlib inline" in after and "!pip list" in after and "modèle ok" in after


def test_noqa_in_a_cell(run_cli, tmp_path: Path) -> None:
    cells = [("code", "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)  # noqa: NL001\n")]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_notebook(cells), indent=1))
    assert run_cli(str(path))[0] == 0


def test_cell_magic_cells_are_skipped(run_cli, tmp_path: Path) -> None:
    cells = [("code", "%%bash\necho Dropout((\n"), ("code", "%%time\nfrom keras import layers\n"
                                                     "y = layers.Dropout(1.5)(x)\n")]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_notebook(cells), indent=1))
    code, out, _ = run_cli(str(path))
    assert code == 1 and ":cell 2:3:" in out and "NL004" in out and "NL900" not in out


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json", "is not a valid notebook"),
    ('{"cells": 3}', "has no `cells` list"),
    ('{"cells": [{"cell_type": "code", "source": 5}]}', "cell 1 has no text source"),
])
def test_broken_notebook_is_a_clear_error(run_cli, tmp_path: Path, content: str, reason: str) -> None:
    # As in ruff, one `invalid-syntax` finding at 1:1 for the notebook, the rest linted, exit 1.
    (tmp_path / "bad.ipynb").write_text(content)
    (tmp_path / "m.py").write_text("from keras import layers\ny = layers.Dropout(2.0)(x)\n")
    code, out, err = run_cli(str(tmp_path))
    assert code == 1 and err == ""
    (line,) = [line for line in out.splitlines() if "bad.ipynb" in line]
    assert line.startswith(f"{tmp_path / 'bad.ipynb'}:1:1: NL900 the file does not parse: it ") and reason in line
    assert "m.py:2:" in out and "Found 2 errors." in out


def test_unusual_json_layout_is_not_rewritten(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    text = json.dumps(_notebook(CELLS), indent=3, sort_keys=True).replace('": ', '":  ')
    path.write_text(text)
    code, _, err = run_cli("--fix", str(path))
    assert code == 2 and "JSON layout" in err
    assert path.read_text() == text


# --- reporting and entry points: as ruff does it, with no trace of the joined text ---------

def test_stdin_notebook_is_linted(run_cli, notebook: Path) -> None:
    code, out, _ = run_cli("--stdin-filename", "x.ipynb", "-", stdin=notebook.read_bytes())
    assert code == 1
    assert out.splitlines()[0].startswith("x.ipynb:cell 3:2:38: NL001 [*]")


def test_stdin_notebook_fix_writes_the_notebook_json(run_cli, notebook: Path) -> None:
    code, out, err = run_cli("--fix", "--stdin-filename", "x.ipynb", "-", stdin=notebook.read_bytes())
    assert code == 0 and "1 fixed, 0 remaining" in err
    assert out == notebook.read_text(encoding="utf-8").replace("(BATCH, 1, 8)", "(None, 1, 8)")


def test_stdin_invalid_notebook_is_one_finding(run_cli) -> None:
    code, out, _ = run_cli("--stdin-filename", "x.ipynb", "-", stdin=b"{not json")
    assert code == 1 and out.startswith("x.ipynb:1:1: NL900 the file does not parse: it is not a valid notebook")


def test_diff_is_per_cell_without_markers(run_cli, notebook: Path) -> None:
    code, out, _ = run_cli("--diff", str(notebook))
    assert code == 1
    assert "noiselint" not in out.replace(str(notebook.parent), ""), out  # no `# noiselint: cell` markers
    assert out.splitlines()[:2] == [f"--- {notebook}:cell 3", f"+++ {notebook}:cell 3"]
    assert "-y = layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(inp)" in out
    assert "+y = layers.Dropout(0.5, noise_shape=(None, 1, 8))(inp)" in out
    assert "%matplotlib" not in out  # cell 2 is unchanged: no hunk
    assert "layers?" in out  # magics are shown as written, not hidden


def test_lines_named_in_messages_are_cell_relative(run_cli, notebook: Path) -> None:
    _, out, _ = run_cli(str(notebook))
    # `BATCH = 64` is line 4 of cell 2 (line 5 of the joined text, after a marker line).
    assert "from `BATCH` in cell 2, line 4" in out, out
    assert "on line" not in out


def test_add_noqa_in_a_notebook_says_which_cells(run_cli, notebook: Path) -> None:
    code, _, err = run_cli("--add-noqa", str(notebook))
    assert code == 0
    assert f"{notebook}: added a noqa comment to 1 line (cell 3, line 2)" in err
    assert "Added 1 noqa directive." in err
    assert run_cli(str(notebook))[0] == 0


def test_text_format_shows_the_cell_line_under_its_caret(run_cli, tmp_path: Path) -> None:
    # The finding is in a cell after IPython magics and after another cell: its row is a row
    # of the cell, not of the joined text (where row 2 is the hidden `%matplotlib` line).
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_notebook([*CELLS[:2], (
        "code", "%matplotlib inline\ninp = layers.Input((10, 8))\n"
                "y = layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(inp)\n")])))
    _, out, _ = run_cli("--no-cache", "--output-format", "text", str(path))
    block = out.split(f"{path}:cell 3:3:38: NL001", 1)[1].splitlines()[1:4]
    assert block == ["     3 | y = layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(inp)",
                     "       |                                      ^^^^^",
                     "  help: Replace `BATCH` with `None`"], out
    assert "noiselint-magic" not in out


def test_a_magic_that_is_a_block_s_only_statement_leaves_valid_python(run_cli, tmp_path: Path) -> None:
    # handson-ml2's set-up cells: `if IS_COLAB:` then `    %pip install -q -U tfx` (or
    # `try:` + `%tensorflow_version 2.x` + `except`). Hidden as comments, the block would
    # be empty: a false NL900, and the whole notebook unchecked.
    cells = [
        "IS_COLAB = False\nif IS_COLAB:\n    %pip install -q -U tfx\n"
        "try:\n    %tensorflow_version 2.x\nexcept Exception:\n    pass\n"
        "!saved_model_cli show --dir {model_path} \\\n                      --signature_def serving_default\n",
        "from keras import layers\nx = layers.Dropout(0.5, noise_shape=(32, 1, 64))\n",
    ]
    notebook = tmp_path / "setup.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                               "execution_count": None, "source": c} for c in cells],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    _, out, _ = run_cli("--output-format", "concise", "--isolated", str(notebook))
    assert "NL900" not in out, out
    assert "NL001" in out, out
    run_cli("--fix", "--isolated", str(notebook))
    written = json.loads(notebook.read_text(encoding="utf-8"))
    assert "".join(written["cells"][0]["source"]) == cells[0]  # the magics come back as written
    assert "None, 1, 64" in "".join(written["cells"][1]["source"])


def test_json_noqa_row_is_the_statement_s_first_line_counted_in_its_cell(run_cli, tmp_path: Path) -> None:
    # The finding is on the second line of a two-line call; its `# noqa` goes on the line
    # the statement starts on: line 3 of cell 2 (as ruff counts rows in a notebook cell).
    cells = ["import numpy as np\n",
             "from keras import layers\nx = layers.Input((10, 8))\ny = layers.Dropout(0.5,\n"
             "    noise_shape=(32, 1, 8))(x)\n"]
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                               "execution_count": None, "source": c} for c in cells],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    _, out, _ = run_cli("--output-format", "json", "--isolated", str(notebook))
    (finding,) = json.loads(out)
    assert (finding["code"], finding["cell"], finding["location"]["row"], finding["noqa_row"]) == ("NL001", 2, 4, 3)
