"""The language server: `noiselint server` speaks LSP on stdio, with diagnostics, quick fixes,
`noqa` actions and shape hovers, from the same pipeline as the command line."""
