"""Fixes: apply a finding's edits to text (refusing any result that does not parse), write files
atomically, add `# noqa`.
Takes diagnostics from checks/; hands text to the engine and runner; imports only files/ and
base modules."""
