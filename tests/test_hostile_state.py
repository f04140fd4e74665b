"""Issue 24 items 7, 8, 9 and 15 (server cache, config size): what noiselint keeps and reads
besides the files it was given. The results cache is keyed by every setting that can change a
result and never keeps a result a budget cut short; a tree's `cache-dir` stays inside the
tree; the language server lints only text the client sent and keeps no cache in its own
working directory; a config file is read with a bound."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.workspace import Workspace

from noiselint.server.app import NoiselintServer
from noiselint.server.checking import Checker
from noiselint.server.documents import text_document

BAD = "from keras import layers\ny = layers.Dropout(0.5, noise_shape=(64, 1, 8))(x)\n"
# A constant from another module: `src = ["lib"]` is what makes it visible.
USES_LIB = ("from keras import layers\nfrom shapes_conf import NOISE\n"
            "y = layers.Dropout(0.5, noise_shape=NOISE)(x)\n")


@pytest.fixture(autouse=True)
def private_key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.delenv("NOISELINT_CACHE_DIR", raising=False)
    return Path()


def _codes(run_cli, root: Path, *args: str) -> list[str]:
    _, out, _ = run_cli("--no-shapes", "--output-format", "json", *args, ".", cwd=root)
    return [d["code"] for d in json.loads(out)]


def test_a_new_src_setting_is_not_answered_from_the_cache(run_cli, tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "shapes_conf.py").write_text("NOISE = (32, 1, 8)\n")
    (tmp_path / "m.py").write_text(USES_LIB)
    (tmp_path / "pyproject.toml").write_text("[tool.noiselint]\n")
    assert _codes(run_cli, tmp_path) == []
    (tmp_path / "pyproject.toml").write_text('[tool.noiselint]\nsrc = ["lib"]\n')
    assert _codes(run_cli, tmp_path) == ["NL001"]  # as a fresh run finds
    assert _codes(run_cli, tmp_path, "--no-cache") == ["NL001"]


def test_a_budget_cut_result_is_not_cached(run_cli, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.noiselint]\n")
    # Enough work that a microsecond budget runs out on any machine.
    (tmp_path / "m.py").write_text("".join(f"a{i} = {i}\n" for i in range(3000)) + BAD)
    assert "NL903" in _codes(run_cli, tmp_path, "--time-budget", "0.000001")
    assert _codes(run_cli, tmp_path) == ["NL001"]
    assert _codes(run_cli, tmp_path, "--time-budget", "0") == ["NL001"]


@pytest.mark.parametrize("setting", ["../home/Documents", "/ABSOLUTE", "linked/cache"])
def test_a_tree_cache_dir_outside_the_tree_is_not_used(run_cli, tmp_path: Path, setting: str) -> None:
    project, outside = tmp_path / "project", tmp_path / "home" / "Documents"
    project.mkdir()
    outside.mkdir(parents=True)
    (project / "linked").symlink_to(outside, target_is_directory=True)
    value = str(outside) if setting == "/ABSOLUTE" else setting
    (project / "pyproject.toml").write_text(f'[tool.noiselint]\ncache-dir = "{value}"\n')
    (project / "m.py").write_text(BAD)
    code, out, err = run_cli("--no-shapes", ".", cwd=project)
    assert code == 1 and "NL001" in out and "running without the cache" in err
    assert list(outside.iterdir()) == []


def test_a_tree_cache_dir_inside_the_tree_and_the_users_flag_are_used(run_cli, tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "mine"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.noiselint]\ncache-dir = "build/cache"\n')
    (project / "m.py").write_text(BAD)
    run_cli("--no-shapes", ".", cwd=project)
    assert (project / "build" / "cache" / "CACHEDIR.TAG").exists()
    run_cli("--no-shapes", "--cache-dir", str(elsewhere), ".", cwd=project)
    assert (elsewhere / "CACHEDIR.TAG").exists()


def _server(tmp_path: Path) -> NoiselintServer:
    server = NoiselintServer()
    server.protocol._workspace = Workspace(tmp_path.as_uri())
    return server


def test_the_server_never_reads_a_cell_the_client_did_not_send(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOKEN = 'hunter2'\n")
    os.mkfifo(tmp_path / "fifo.py")
    server = _server(tmp_path)
    cells = [types.NotebookCell(kind=types.NotebookCellKind.Code, document=(tmp_path / name).as_uri())
             for name in ("secret.txt", "fifo.py")]
    notebook = types.NotebookDocument(uri=(tmp_path / "nb.ipynb").as_uri(), notebook_type="jupyter-notebook",
                                      version=1, cells=cells)
    server.workspace.put_notebook_document(types.DidOpenNotebookDocumentParams(notebook, []))
    signal.alarm(20)  # reading the FIFO would block here
    try:
        document = server.snapshot(notebook.uri)
        state = server.state(notebook.uri)
    finally:
        signal.alarm(0)
    assert document is not None and "hunter2" not in document.text and "hunter2" not in repr(state)


def test_the_server_keeps_no_cache_in_its_working_directory(tmp_path: Path, monkeypatch) -> None:
    work, elsewhere = tmp_path / "cwd", tmp_path / "docs"
    work.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(work)
    # Read through the project index, whose summaries are cached.
    (elsewhere / "helper.py").write_text("NOISE = (64, 1, 8)\n")
    text = "from keras import layers\nfrom helper import NOISE\ny = layers.Dropout(0.5, noise_shape=NOISE)(x)\n"
    result = Checker().check(text_document((elsewhere / "m.py").as_uri(), text, 1), shapes=False)
    assert [d.code for d in result.diagnostics] == ["NL001"]
    assert list(work.iterdir()) == []


def test_a_huge_pyproject_is_refused_quickly(run_cli, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.noiselint]\n" + "# padding\n" * 200_000)
    (tmp_path / "m.py").write_text(BAD)
    code, _, err = run_cli("--no-shapes", "m.py", cwd=tmp_path)
    assert code == 2 and "noiselint reads config files up to" in err


def test_a_fifo_config_does_not_block(run_cli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "noiselint.toml")
    (tmp_path / "m.py").write_text(BAD)
    signal.alarm(20)
    try:
        code, _, err = run_cli("--no-shapes", "--config", "noiselint.toml", "m.py", cwd=tmp_path)
    finally:
        signal.alarm(0)
    assert code == 2 and "noiselint.toml" in err


def test_cached_answers_are_keyed_by_tensorflow_too(tmp_path: Path, monkeypatch) -> None:
    """Found attacking item 7's class: TF op shapes come from TensorFlow's shape functions,
    but the caches were keyed by the Keras version alone, so upgrading TensorFlow kept its
    old answers."""
    import sys

    from noiselint import installed
    from noiselint.shapes.cache import ShapeCache

    before = ShapeCache(tmp_path).version
    # A newer TensorFlow first on the path, as pip would lay out its metadata.
    newer = tmp_path / "site" / "tensorflow-99.0.dist-info"
    newer.mkdir(parents=True)
    (newer / "METADATA").write_text("Metadata-Version: 2.1\nName: tensorflow\nVersion: 99.0\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "site"), *sys.path])
    installed._installed.cache_clear()
    installed.version.cache_clear()
    try:
        after = ShapeCache(tmp_path).version
    finally:
        monkeypatch.undo()
        installed._installed.cache_clear()
        installed.version.cache_clear()
    assert before != after and "tf99.0" in after
