"""The language server, end to end over stdio with a real LSP client (pytest-lsp), and its
parts in process: positions, notebooks' cell maps, the checker."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from noiselint import lint_source
from noiselint.diagnostics import Span
from noiselint.files.lines import split_lines
from noiselint.server.checking import Checker
from noiselint.server.convert import lsp_diagnostics
from noiselint.server.documents import notebook_document, text_document
from noiselint.server.positions import PositionCodec
from noiselint.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

MODEL = """\
import keras
from keras import layers

inp = keras.Input(shape=(20, 32))
x = layers.Dense(32)(inp)
x = layers.Dropout(0.5, noise_shape=(64, 1, 32))(x)
y = layers.Dropout(0.5, noise_shape=(None, 32))(x)
model = keras.Model(inp, y)
"""


def test_positions_count_utf16_units_and_only_the_parsers_line_breaks():
    lines = split_lines("a = '😀'; b = 1\f\nc\r\nd\re")
    assert lines == ["a = '😀'; b = 1\f", "c", "d", "e"]
    codec = PositionCodec(lines)
    # `b` is the 10th code point of row 1 but the 11th UTF-16 unit (the emoji takes two).
    assert codec.position(1, 10) == types.Position(0, 10)
    assert codec.point(types.Position(0, 10)) == (1, 10)
    assert PositionCodec(lines, types.PositionEncodingKind.Utf32).position(1, 10) == types.Position(0, 9)
    assert codec.range(Span(3, 1, 3, 2)) == types.Range(types.Position(2, 0), types.Position(2, 1))


def test_checker_gives_the_clis_findings_first_without_then_with_shapes(tmp_path):
    document = text_document((tmp_path / "m.py").as_uri(), MODEL, 1)
    checker = Checker()
    first = checker.check(document, shapes=False)
    assert first.wants_shapes and not first.with_shapes
    full = checker.with_shapes(first)
    cli = lint_source(MODEL, str(tmp_path / "m.py"))
    assert full.diagnostics == cli  # codes, places, messages and fixes
    assert checker.check(document, shapes=True).diagnostics == cli
    assert {"NL001", "NL002"} <= {d.code for d in full.diagnostics}
    assert "NL002" not in {d.code for d in first.diagnostics}  # it needs the input's rank
    assert full.facts is not None and full.parsed is first.parsed  # one parse for both passes


def test_checker_reads_a_config_again_only_when_it_changes(tmp_path):
    (tmp_path / "pkg").mkdir()
    path = str(tmp_path / "pkg" / "m.py")
    checker = Checker()
    assert checker.settings_for(path)[0].select is None  # no config: the defaults
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.noiselint]\nselect = ["NL001"]\n')
    first = checker.settings_for(path)[0]
    assert first.select == ("NL001",)
    assert checker.settings_for(path)[0] is first  # not read again
    config.write_text('[tool.noiselint]\nselect = ["NL001", "NL002"]\n')
    assert checker.settings_for(path)[0].select == ("NL001", "NL002")
    config.write_text('[tool.noiselint]\nselect = ["ZZ1"]\n')
    settings, problem = checker.settings_for(path)
    assert settings.select is None and problem is not None and "ZZ1" in problem
    config.unlink()
    # No project: no cache either (`.noiselint_cache` would land in the server's working directory).
    assert checker.settings_for(path) == (Settings(no_cache=True), None)


def test_notebook_rows_map_to_their_cells():
    cells = [types.NotebookCell(types.NotebookCellKind.Markup, "nb#0"),
             types.NotebookCell(types.NotebookCellKind.Code, "nb#1"),
             types.NotebookCell(types.NotebookCellKind.Code, "nb#2")]
    notebook = types.NotebookDocument("file:///w/nb.ipynb", "jupyter-notebook", 1, cells)
    document = notebook_document(notebook, {"nb#0": "# title", "nb#1": "import keras\n%matplotlib inline",
                                            "nb#2": "x = 1\ny = keras.layers.Dropout(0.5)"})
    assert not isinstance(document, str) and document.cells is not None
    row = next(i for i, line in enumerate(split_lines(document.text), 1) if line.startswith("y ="))
    assert document.uri_of(row) == ("nb#2", 2)
    assert document.row_of("nb#2", 2) == row
    assert document.row_of("nb#0", 1) is None


def test_notebook_messages_name_cell_lines_as_the_command_line_does():
    cells = [types.NotebookCell(types.NotebookCellKind.Markup, "nb#0"),
             types.NotebookCell(types.NotebookCellKind.Code, "nb#1"),
             types.NotebookCell(types.NotebookCellKind.Code, "nb#2")]
    notebook = types.NotebookDocument("file:///w/nb.ipynb", "jupyter-notebook", 1, cells)
    document = notebook_document(notebook, {
        "nb#0": "# title", "nb#1": "%matplotlib inline\nfrom keras import layers\nBATCH = 64",
        "nb#2": "inp = layers.Input((10, 8))\ny = layers.Dropout(0.5, noise_shape=(BATCH, 1, 8))(inp)"})
    assert not isinstance(document, str)
    (finding,) = lint_source(document.text, "nb.ipynb")
    assert "on line" in finding.message  # the joined text's row, which no user sees
    published = lsp_diagnostics(document, (finding,), "utf-16")
    (diagnostic,) = published["nb#2"]
    assert "from `BATCH` in cell 2, line 3" in diagnostic.message and "on line" not in diagnostic.message
    assert diagnostic.severity == types.DiagnosticSeverity.Error  # as every other output format says


# ---- end to end: a real client talking to `python -m noiselint server` over stdio ----

@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "noiselint", "server"]))
async def client(lsp_client: LanguageClient):
    capabilities = pytest_lsp.client_capabilities("visual-studio-code")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities,
                                                               root_uri=ROOT.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _diagnostics(client: LanguageClient, uri: str, until, timeout: float = 120) -> list[types.Diagnostic]:
    """Diagnostics published for `uri` once `until(codes)` holds."""
    async def wait() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and until(sorted(str(d.code) for d in found)):
                return list(found)
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return await asyncio.wait_for(wait(), timeout)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


@pytest.mark.slow
@pytest.mark.asyncio
async def test_open_fix_hover_edit_close(client: LanguageClient, tmp_path):
    uri = (tmp_path / "model.py").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="python", version=1, text=MODEL)))
    found = await _diagnostics(client, uri, lambda codes: "NL002" in codes)
    expected = lint_source(MODEL, str(tmp_path / "model.py"))
    assert sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in found) == \
        sorted((d.code, d.span.start_row, d.span.start_col) for d in expected)
    nl001 = next(d for d in found if d.code == "NL001")
    assert nl001.source == "noiselint" and nl001.code_description is not None

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri), range=nl001.range,
        context=types.CodeActionContext(diagnostics=[nl001])))
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
    assert "NL001" in fix.title
    noqa = next(a for a in actions if "noqa" in a.title)
    assert "# noqa: NL001" in _apply(MODEL, noqa.edit.changes[uri])
    fix_all = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri), range=nl001.range,
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    assert [a.kind for a in fix_all] == ["source.fixAll.noiselint"]

    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(line=5, character=14)))
    assert hover is not None and "Dropout" in hover.contents.value
    assert "input" in hover.contents.value and "(None, 20, 32)" in hover.contents.value
    assert "mask" in hover.contents.value

    fixed = _apply(MODEL, fix.edit.changes[uri])
    assert "noise_shape=(None, 1, 32)" in fixed
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    after = await _diagnostics(client, uri, lambda codes: "NL001" not in codes and "NL002" in codes)
    assert [str(d.code) for d in after] == ["NL002"]

    # Half-typed code: the syntax error alone, never a crash, and the server goes on.
    broken = fixed.replace("keras.Model(inp, y)", "keras.Model(inp, ")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        [types.TextDocumentContentChangeWholeDocument(text=broken)]))
    assert [str(d.code) for d in await _diagnostics(client, uri, lambda codes: codes == ["NL900"])] == ["NL900"]

    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await _diagnostics(client, uri, lambda codes: codes == []) == []


@pytest.mark.slow
@pytest.mark.asyncio
async def test_rapid_edits_are_checked_once_latest_wins(client: LanguageClient, tmp_path):
    uri = (tmp_path / "typing.py").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="python", version=1, text="x = 1\n")))
    await _diagnostics(client, uri, lambda codes: codes == [])
    for version in range(2, 40):
        batch = 64 if version == 39 else None
        text = MODEL.replace("(64, 1, 32)", f"({batch}, 1, 32)")
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))
    found = await _diagnostics(client, uri, lambda codes: "NL001" in codes and "NL002" in codes)
    assert "batch size 64" in next(d for d in found if d.code == "NL001").message


@pytest.mark.slow
@pytest.mark.asyncio
async def test_notebook_cells_get_their_own_diagnostics(client: LanguageClient, tmp_path):
    notebook_uri = (tmp_path / "nb.ipynb").as_uri()
    cells = ["# A model", "import keras\nfrom keras import layers\n%matplotlib inline",
             "inp = keras.Input(shape=(20, 32))\nx = layers.Dropout(0.5, noise_shape=(64, 1, 32))(inp)"]
    uris = [f"{notebook_uri}#cell{i}" for i in range(len(cells))]
    kinds = [types.NotebookCellKind.Markup, types.NotebookCellKind.Code, types.NotebookCellKind.Code]
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(
            uri=notebook_uri, notebook_type="jupyter-notebook", version=1,
            cells=[types.NotebookCell(kind=k, document=u) for k, u in zip(kinds, uris, strict=True)]),
        cell_text_documents=[types.TextDocumentItem(uri=u, language_id="markdown" if i == 0 else "python",
                                                    version=1, text=t)
                             for i, (u, t) in enumerate(zip(uris, cells, strict=True))]))
    found = await _diagnostics(client, uris[2], lambda codes: "NL001" in codes)
    nl001 = next(d for d in found if d.code == "NL001")
    assert nl001.range.start.line == 1  # the second line of the cell
    assert list(client.diagnostics[uris[1]]) == []

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uris[2]), range=nl001.range,
        context=types.CodeActionContext(diagnostics=[nl001])))
    fix = next(a for a in actions if a.is_preferred)
    assert list(fix.edit.changes) == [uris[2]]
    assert "noise_shape=(None, 1, 32)" in _apply(cells[2], fix.edit.changes[uris[2]])
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uris[2]), types.Position(line=1, character=12)))
    assert hover is not None and "(None, 20, 32)" in hover.contents.value


FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/*.py") if not p.name.endswith(".fixed.py"))


@pytest.mark.slow
@pytest.mark.asyncio
async def test_fixtures_give_the_same_findings_as_the_cli(client: LanguageClient):
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8")
        expected = sorted((d.code, d.span.start_row, d.span.start_col) for d in lint_source(text, str(path)))
        uri = path.as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        codes = sorted(code for code, _, _ in expected)
        found = await _diagnostics(client, uri, lambda got, codes=codes: got == codes)
        assert sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in found) == \
            expected, path.name
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
