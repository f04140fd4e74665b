"""Reading the linted tree: discovery, file text and encodings, notebooks."""
