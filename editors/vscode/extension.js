// The noiselint extension: it starts `noiselint server` (a language server on stdio) for
// Python files and notebook cells. Everything else (diagnostics, fixes, hovers) is the server's.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function activate(context) {
  const config = vscode.workspace.getConfiguration("noiselint");
  const command = config.get("path", "noiselint");
  const serverOptions = { command, args: ["server", ...config.get("args", [])] }; // stdio: the default transport
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      { scheme: "vscode-notebook", language: "python" },
      { scheme: "vscode-notebook-cell", language: "python" },
    ],
  };
  client = new LanguageClient("noiselint", "noiselint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    // Most often: no `noiselint` on PATH, or one installed without the `server` extra.
    vscode.window.showErrorMessage(
      `noiselint: could not start \`${command} server\` (${error}). Install it with ` +
        '`pip install ".[server,shapes]"` from a noiselint clone, or set `noiselint.path`.'
    );
  }
}

function deactivate() {
  return client === undefined ? undefined : client.stop();
}

module.exports = { activate, deactivate };
