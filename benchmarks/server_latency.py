"""How fast `noiselint server` answers after an edit (numbers for humans, not a test).

Usage: python benchmarks/server_latency.py [--lines 300] [--edits 20]

Starts the server over stdio with a real LSP client, opens a generated model file of about
`--lines` lines, waits for its first diagnostics with shapes (Keras imported), then makes
`--edits` one-line edits and times, for each, the publish of the shape-free findings and of
the findings with shapes. Debounce is 0 here, so the times are the check itself plus LSP.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient


def model_source(lines: int) -> str:
    out = ["import keras", "from keras import layers", "", "", "def build(units=64):",
           "    inp = keras.Input(shape=(50, 32))", "    x = inp"]
    block = 0
    while len(out) < lines - 4:
        block += 1
        out += [f"    # block {block}", f"    x = layers.Dense(units, name='dense_{block}')(x)",
                "    x = layers.LayerNormalization()(x)",
                f"    x = layers.Dropout(0.1, noise_shape=(None, 1, units), name='drop_{block}')(x)"]
    out += ["    x = layers.Dropout(0.5, noise_shape=(None, 64))(x)  # NL002", "    return keras.Model(inp, x)",
            "", "model = build()"]
    return "\n".join(out) + "\n"


async def run(lines: int, edits: int) -> None:
    published: dict[int, list[float]] = {}
    arrived = asyncio.Event()
    client = LanguageClient("noiselint-bench", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.setdefault(params.version or 0, []).append(time.perf_counter())
        arrived.set()

    async def both(version: int) -> list[float]:
        while len(published.get(version, [])) < 2:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 300)
        return published[version]

    await client.start_io(sys.executable, "-m", "noiselint", "server", "--debounce", "0")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    with tempfile.TemporaryDirectory() as tmp:
        uri = (Path(tmp) / "model.py").as_uri()
        text = model_source(lines)
        start = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        first = await both(1)
        print(f"open, {len(text.splitlines())} lines: shape-free findings {1000 * (first[0] - start):.0f} ms, "
              f"with shapes {1000 * (first[1] - start):.0f} ms")
        fast, full = [], []
        for version in range(2, edits + 2):
            text = text.replace(f"# block {version - 1}\n", f"# block {version - 1} edited\n")
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=text)]))
            times = await both(version)
            fast.append(1000 * (times[0] - sent))
            full.append(1000 * (times[1] - sent))
        print(f"after an edit ({edits} edits): shape-free median {statistics.median(fast):.0f} ms "
              f"(max {max(fast):.0f}); with shapes median {statistics.median(full):.0f} ms (max {max(full):.0f})")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(run(args.lines, args.edits))


if __name__ == "__main__":
    main()
