"""How fast `noiselint server` answers after an edit (numbers for humans, not a test).

Usage: python benchmarks/server_latency.py [--lines 300] [--edits 20] [--memory-edits 0]

Starts the server over stdio with a real LSP client, opens a generated model file of about
`--lines` lines, waits for its first diagnostics with shapes (Keras imported), then makes
`--edits` one-line edits and times, for each, the publish of the shape-free findings and of
the findings with shapes: median and 90th percentile, against issue #23's target (a re-check
after one edit answers in <= 150 ms on the 300-line model file, with the default rules, which
include the model-scope NL1xx/NL2xx rules; the verdict is on the median, and the goal is the
publish with shapes, the complete findings). Debounce is 0 here, so the times are the check
itself plus LSP. `benchmarks/run.py` runs it too (`measure`). The server's own CPU time per edit is shown too: on
a machine shared with other work the wall times grow, the CPU time much less.

`--memory-edits N` then makes N more edits and shows the server's resident memory as they
go, to show that it stays flat (the issue: bounded over 1,000 edits).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TARGET_MS = 150


def model_source(lines: int) -> str:
    out = ["import keras", "import numpy as np", "from keras import layers", "", "", "def build(units=64):",
           "    inp = keras.Input(shape=(50, 32))", "    x = inp"]
    block = 0
    while len(out) < lines - 6:
        block += 1
        out += [f"    # block {block}", f"    x = layers.Dense(units, name='dense_{block}')(x)",
                "    x = layers.LayerNormalization()(x)",
                f"    x = layers.Dropout(0.1, noise_shape=(None, 1, units), name='drop_{block}')(x)"]
    # The data rules (NL2xx) read the fit on arrays.
    out += ["    x = layers.Dropout(0.5, noise_shape=(None, 64))(x)  # NL002", "    return keras.Model(inp, x)",
            "", "model = build()", "model.compile(optimizer='adam', loss='mse')",
            "model.fit(np.zeros((256, 50, 32)), np.zeros((256, 50, 64)), batch_size=32)"]
    return "\n".join(out) + "\n"


def edited(text: str, edit: int) -> str:
    """The text after edit number `edit`: one comment line changes (it alternates, so any
    number of edits keep changing the text)."""
    line = edit % text.count("# block ") + 1
    old = next(f"# block {line}{tail}\n" for tail in ("", " edited") if f"# block {line}{tail}\n" in text)
    new = f"# block {line}\n" if old.endswith(" edited\n") else f"# block {line} edited\n"
    return text.replace(old, new)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(name: str, values: list[float]) -> str:
    median = statistics.median(values)
    verdict = "met" if median <= TARGET_MS else "not met"
    return (f"{name}: median {median:.0f} ms, p90 {percentile(values, 0.9):.0f} ms, max {max(values):.0f} ms"
            f"  (target <= {TARGET_MS} ms: {verdict})")


class ServerProcess:
    """The server's CPU time and resident memory, from /proc (Linux; None elsewhere)."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self._tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def cpu_ms(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return 1000 * (int(fields[11]) + int(fields[12])) / self._tick  # utime + stime

    def rss_mb(self) -> float | None:
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), None)
        return kb / 1024 if kb is not None else None


async def run(lines: int, edits: int, memory_edits: int) -> tuple[list[float], list[float], list[float]]:
    """Print the latencies; return them (ms per edit): shape-free publish, publish with
    shapes, server CPU time."""
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
        return published.pop(version)

    await client.start_io(sys.executable, "-m", "noiselint", "server", "--debounce", "0")
    server = ServerProcess(getattr(getattr(client, "_server", None), "pid", None))
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
        version = 1

        async def edit() -> tuple[float, float, float | None]:
            nonlocal text, version
            version += 1
            text = edited(text, version)
            cpu = server.cpu_ms()
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=text)]))
            times = await both(version)
            after = server.cpu_ms()
            spent = after - cpu if cpu is not None and after is not None else None
            return 1000 * (times[0] - sent), 1000 * (times[1] - sent), spent

        results = [await edit() for _ in range(edits)]
        print(f"after an edit ({edits} edits, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
        print("  " + summary("shape-free findings", [r[0] for r in results]))
        print("  " + summary("with shapes        ", [r[1] for r in results]))
        cpu = [r[2] for r in results if r[2] is not None]
        if cpu:
            print(f"  server CPU per edit (both passes): median {statistics.median(cpu):.0f} ms, "
                  f"p90 {percentile(cpu, 0.9):.0f} ms")
        if memory_edits:
            await memory(edit, server, memory_edits)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return [r[0] for r in results], [r[1] for r in results], cpu


async def memory(edit, server: ServerProcess, count: int) -> None:
    """The server's resident memory every tenth of `count` further edits."""
    samples = [(0, server.rss_mb())]
    for done in range(1, count + 1):
        await edit()
        if done % max(1, count // 10) == 0 or done == count:
            samples.append((done, server.rss_mb()))
    if any(mb is None for _, mb in samples):
        print("memory: not measured (no /proc)")
        return
    shown = ", ".join(f"{done}: {mb:.0f}" for done, mb in samples)
    later = [mb for done, mb in samples if done >= count // 2]
    print(f"memory over {count} more edits (resident MB after n edits): {shown}")
    print(f"  range over the second half: {max(later) - min(later):.1f} MB; "
          f"first to last: {samples[-1][1] - samples[0][1]:+.1f} MB")


def measure(lines: int = 300, edits: int = 20) -> tuple[list[float], list[float], list[float]]:
    return asyncio.run(run(lines, edits, 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--memory-edits", type=int, default=0, metavar="N",
                        help="then make N more edits and show the server's resident memory")
    args = parser.parse_args()
    asyncio.run(run(args.lines, args.edits, args.memory_edits))


if __name__ == "__main__":
    main()
