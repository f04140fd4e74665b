"""The editor set-ups the docs give work as written: the shipped VS Code extension starts
`noiselint server` with the settings it declares, and a real Neovim, configured by the
documented Lua, receives noiselint's diagnostics for a buggy file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"
BAD = """\
from keras import layers

inp = layers.Input((10, 8))
y = layers.Dropout(0.5, noise_shape=(64, 1, 8))(inp)
"""

# Runs extension.js under Node with `vscode` and `vscode-languageclient/node` replaced by
# recorders: what activate() asks of them is what VS Code would be asked.
_NODE_PROBE = r"""
const Module = require("module");
const settings = JSON.parse(process.argv[2]);
const failStart = process.argv[3] === "fail";
const seen = { errors: [] };
const vscode = {
  workspace: { getConfiguration: (section) => ({ get: (key, fallback) =>
      (section + "." + key) in settings ? settings[section + "." + key] : fallback }) },
  window: { showErrorMessage: (message) => { seen.errors.push(message); } },
};
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(seen, { id, name, serverOptions, clientOptions });
  }
  start() {
    seen.started = true;
    return failStart ? Promise.reject(new Error("spawn noiselint ENOENT")) : Promise.resolve();
  }
  stop() { seen.stopped = true; return Promise.resolve(); }
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient };
  return load.apply(this, arguments);
};
const extension = require(process.argv[4]);
extension.activate({ subscriptions: [] }).then(async () => {
  await extension.deactivate();
  process.stdout.write(JSON.stringify(seen));
});
"""


def test_vscode_manifest_declares_what_the_extension_reads() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    source = (VSCODE / manifest["main"]).read_text(encoding="utf-8")
    assert "onLanguage:python" in manifest["activationEvents"]
    assert "vscode-languageclient" in manifest["dependencies"]
    read = set(re.findall(r'config\.get\("(\w+)"', source))
    declared = {key.split(".", 1)[1] for key in manifest["contributes"]["configuration"]["properties"]}
    assert read == declared == {"path", "args"}


def _activate(tmp_path: Path, settings: dict, start: str = "ok") -> dict:
    probe = tmp_path / "probe.js"
    probe.write_text(_NODE_PROBE)
    proc = subprocess.run(["node", str(probe), json.dumps(settings), start, str(VSCODE / "extension.js")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_vscode_extension_starts_noiselint_server(tmp_path: Path) -> None:
    seen = _activate(tmp_path, {})
    assert seen["serverOptions"] == {"command": "noiselint", "args": ["server"]}
    assert {"scheme": "file", "language": "python"} in seen["clientOptions"]["documentSelector"]
    assert {"scheme": "vscode-notebook-cell", "language": "python"} in seen["clientOptions"]["documentSelector"]
    assert seen["started"] and seen["stopped"] and seen["errors"] == []
    seen = _activate(tmp_path, {"noiselint.path": "/p/.venv/bin/noiselint", "noiselint.args": ["--debounce", "0.5"]})
    assert seen["serverOptions"] == {"command": "/p/.venv/bin/noiselint", "args": ["server", "--debounce", "0.5"]}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_vscode_extension_says_why_the_server_did_not_start(tmp_path: Path) -> None:
    (error,) = _activate(tmp_path, {}, start="fail")["errors"]
    assert "could not start `noiselint server`" in error and "ENOENT" in error and "noiselint.path" in error


def test_server_accepts_the_arguments_the_docs_give() -> None:
    proc = subprocess.run([sys.executable, "-m", "noiselint", "server", "--help"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0 and "--debounce SECONDS" in proc.stdout, proc.stderr


def _lua_blocks() -> dict[str, str]:
    """The documented Neovim configs, by the version line that heads each."""
    text = "\n".join((ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "docs/editors.md"))
    blocks = {}
    for block in re.findall(r"```lua\n(.*?)```", text, flags=re.S):
        first = block.splitlines()[0]
        if first.startswith("-- init.lua, Neovim"):
            blocks.setdefault(first, block)
    return blocks


def _nvim_version() -> tuple[int, int]:
    out = subprocess.run(["nvim", "--version"], capture_output=True, text=True, check=False).stdout
    major, minor = re.match(r"NVIM v(\d+)\.(\d+)", out).groups()
    return int(major), int(minor)


def test_both_neovim_configs_are_documented_and_start_the_same_server() -> None:
    blocks = _lua_blocks()
    assert set(blocks) == {"-- init.lua, Neovim 0.11+", "-- init.lua, Neovim 0.7 to 0.10"}, list(blocks)
    for block in blocks.values():
        assert 'cmd = { "noiselint", "server" }' in block


# Waits for the first diagnostics of the buffer, then writes what Neovim holds.
_NVIM_PROBE = """
local ok = vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(found, { lnum = d.lnum, col = d.col, code = d.code, source = d.source, severity = d.severity })
end
local out = io.open(vim.env.NOISELINT_PROBE_OUT, "w")
out:write(vim.fn.json_encode({ ok = ok, diagnostics = found }))
out:close()
vim.cmd("qa!")
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nvim") is None, reason="needs Neovim (apt-get install neovim)")
@pytest.mark.parametrize("version", ["-- init.lua, Neovim 0.7 to 0.10", "-- init.lua, Neovim 0.11+"])
def test_neovim_receives_diagnostics_through_the_documented_config(tmp_path: Path, version: str) -> None:
    oldest = (0, 11) if "0.11" in version else (0, 7)
    if _nvim_version() < oldest:
        pytest.skip(f"this Neovim is older than {oldest}")
    if _nvim_version() >= (0, 11) and "0.10" in version:
        pytest.skip("vim.lsp.start_client is deprecated from 0.11 on; the 0.11 config is the one tested")
    # `noiselint` on PATH is this checkout's, run by this interpreter.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "noiselint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m noiselint "$@"\n')
    shim.chmod(0o755)
    (tmp_path / "init.lua").write_text(_lua_blocks()[version])
    (tmp_path / "probe.lua").write_text(_NVIM_PROBE)
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.noiselint]\n")
    (project / "model.py").write_text(BAD)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "NOISELINT_PROBE_OUT": str(tmp_path / "out.json"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state")}
    subprocess.run(["nvim", "--headless", "-u", str(tmp_path / "init.lua"), "-c", f"luafile {tmp_path / 'probe.lua'}",
                    "model.py"], cwd=project, env=env, capture_output=True, timeout=150, check=False)
    result = json.loads((tmp_path / "out.json").read_text())
    assert result["ok"], result
    (found,) = result["diagnostics"]
    # Neovim's rows and columns are 0-based: line 4, column 38 on the command line.
    assert found == {"lnum": 3, "col": 37, "code": "NL001", "source": "noiselint", "severity": 1}
