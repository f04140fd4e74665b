"""The language server: document sync (files and notebooks), debounced checks whose latest
version wins, shape-free findings first and shape findings after, code actions, hovers."""

from __future__ import annotations

import argparse
import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from noiselint import heap
from noiselint.report.escape import printable
from noiselint.server.actions import KINDS, code_actions
from noiselint.server.checking import Checker, CheckResult
from noiselint.server.convert import codec, lsp_diagnostics
from noiselint.server.documents import Document, notebook_document, text_document
from noiselint.server.hover import hover
from noiselint.version import __version__

# Seconds to wait after a change before checking: typing produces many versions; the last wins.
DEBOUNCE = 0.3
_PYTHON = types.NotebookCellLanguage(language="python")


class NoiselintServer(LanguageServer):
    def __init__(self, checker: Checker | None = None, debounce: float = DEBOUNCE) -> None:
        super().__init__("noiselint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=types.NotebookDocumentSyncOptions(
                             notebook_selector=[types.NotebookDocumentFilterWithCells(cells=[_PYTHON])]))
        self.checker = checker or Checker()
        self.debounce = debounce
        self.results: dict[str, CheckResult] = {}  # document (file or notebook) URI -> last published
        self._tasks: dict[str, asyncio.Task[None]] = {}
        # URI -> the snapshot its latest check started on, and what the document held then.
        self._states: dict[str, tuple[Document, tuple[object, ...] | None]] = {}
        # Shape-free checks never wait behind the first shape check, which imports Keras.
        self._fast = ThreadPoolExecutor(1, thread_name_prefix="noiselint-check")
        self._slow = ThreadPoolExecutor(1, thread_name_prefix="noiselint-shapes")

    @property
    def encoding(self) -> str:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    def snapshot(self, uri: str) -> Document | None:
        """The document as it is now: a file, or the notebook the URI names or holds."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            texts = {cell.document: self._sent(cell.document) for cell in notebook.cells}
            made = notebook_document(notebook, texts)
            if isinstance(made, str):
                self.window_log_message(types.LogMessageParams(types.MessageType.Warning, printable(f"{uri}: {made}")))
                return None
            return made
        if uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        return text_document(uri, document.source, document.version)

    def _sent(self, uri: str) -> str:
        """The text the client sent for a document, or "" if it sent none. pygls would read
        the file from disk for a URI it has not been sent (a notebook cell naming
        `file:///.../secret.txt`, or a FIFO), so only the documents it holds are asked."""
        document = self.workspace.text_documents.get(unquote(uri))
        return document.source if document is not None else ""

    def state(self, uri: str) -> tuple[object, ...] | None:
        """What the document holds now (version and texts), read without building the
        snapshot: a notebook's is rebuilt from its cells, three times an edit otherwise."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            return (notebook.version, *((cell.document, self._sent(cell.document)) for cell in notebook.cells))
        if uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        return document.version, document.source

    def owner(self, uri: str) -> str:
        """The document a URI's findings are kept under: a cell's notebook, or itself."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        return notebook.uri if notebook is not None else uri

    def schedule(self, uri: str, delay: float) -> None:
        pending = self._tasks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._tasks[uri] = asyncio.get_running_loop().create_task(self._check(uri, delay))

    async def _check(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        state, document = self.state(uri), self.snapshot(uri)
        if document is None:
            return
        self._states[uri] = (document, state)
        loop = asyncio.get_running_loop()
        first = await loop.run_in_executor(self._fast, self.checker.check, document, False)
        if not self._current(document):
            return
        # The shape pass starts before the shape-free findings are sent, not after.
        full = loop.run_in_executor(self._slow, self.checker.with_shapes, first) if first.wants_shapes else None
        self._publish(first)
        if full is not None:
            result = await full
            if self._current(document):
                self._publish(result)
        # An edit that parses one statement again allocates too little to reach the older
        # generations' collections, which freed the last check's cycles: they stayed for
        # many edits (+20 MB resident). Collected here, after the publish: 1.5 ms.
        heap.file_done()

    def _current(self, document: Document) -> bool:
        """Whether `document` is what the latest check started on, and the document still
        holds it (the latest version wins)."""
        checked = self._states.get(document.uri)
        return checked is not None and checked[0] is document and checked[1] == self.state(document.uri)

    def _publish(self, result: CheckResult) -> None:
        self.results[result.document.uri] = result
        for warning in result.warnings:
            self.window_log_message(types.LogMessageParams(types.MessageType.Warning, printable(warning)))
        for uri, diagnostics in lsp_diagnostics(result.document, result.diagnostics, self.encoding).items():
            version = result.document.version if result.document.cells is None else None
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    async def with_shapes(self, result: CheckResult) -> CheckResult:
        """The result with its shapes: a hover that comes before the shape pass waits for one."""
        if result.with_shapes or not result.wants_shapes:
            return result
        full = await asyncio.get_running_loop().run_in_executor(self._slow, self.checker.with_shapes, result)
        if self._current(result.document):
            self.results[result.document.uri] = full
        return full

    def forget(self, uri: str, cell_uris: tuple[str, ...] = ()) -> None:
        pending = self._tasks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.results.pop(uri, None)
        self._states.pop(uri, None)
        for target in (cell_uris or (uri,)):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=target, diagnostics=[]))


def build_server(checker: Checker | None = None, debounce: float = DEBOUNCE) -> NoiselintServer:
    server = NoiselintServer(checker, debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NoiselintServer, params: types.DidOpenTextDocumentParams) -> None:
        if ls.owner(params.text_document.uri) == params.text_document.uri:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NoiselintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(ls.owner(params.text_document.uri), ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NoiselintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(ls.owner(params.text_document.uri), 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NoiselintServer, params: types.DidCloseTextDocumentParams) -> None:
        if ls.owner(params.text_document.uri) == params.text_document.uri:
            ls.forget(params.text_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: NoiselintServer, params: types.DidOpenNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: NoiselintServer, params: types.DidChangeNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, ls.debounce)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(ls: NoiselintServer, params: types.DidSaveNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: NoiselintServer, params: types.DidCloseNotebookDocumentParams) -> None:
        ls.forget(params.notebook_document.uri, tuple(cell.uri for cell in params.cell_text_documents))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=list(KINDS)))
    def actions(ls: NoiselintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        result = ls.results.get(ls.owner(uri))
        if result is None:
            return []
        return code_actions(result, uri, params.range, params.context.only, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: NoiselintServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        result = ls.results.get(ls.owner(uri))
        if result is None:
            return None
        result = await ls.with_shapes(result)
        # In a notebook, the cell's row in the joined text: the two lines have the same columns.
        row = result.document.row_of(uri, params.position.line + 1)
        if row is None:
            return None
        point = codec(result.document, ls.encoding).point(types.Position(row - 1, params.position.character))
        return hover(result, *point)

    return server


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="noiselint server", description="A language server on stdio.")
    parser.add_argument("--debounce", type=float, default=DEBOUNCE, metavar="SECONDS",
                        help=f"wait this long after an edit before checking (default {DEBOUNCE})")
    args = parser.parse_args(argv)
    # A check leaves its module's tree (about 80,000 objects for 300 lines) as cyclic garbage;
    # with the default thresholds the collector runs a hundred times an edit and a full
    # collection most edits: a sixth of the server's time per edit. Rarer young collections
    # keep memory as flat (benchmarks/server_latency.py --memory-edits) for less of it.
    gc.set_threshold(*heap.THRESHOLDS)
    build_server(debounce=max(args.debounce, 0.0)).start_io()
    return 0
