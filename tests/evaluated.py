"""The value the Evaluator gives an assignment in a snippet: the helper the evaluator's and
the configs' tests share."""

from __future__ import annotations

from noiselint.files.source import SourceFile
from noiselint.syntax import nodes
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Value


def assigned_value(text: str, target: str = "RESULT") -> Value:
    """Evaluate the expression assigned to `target` in `text` (the last such assignment)."""
    parsed = parse_source(SourceFile("m.py", text))
    assert isinstance(parsed, ParsedModule)
    found = [node.value for node in parsed.names.nodes if type(node) is nodes.Assign
             and any(isinstance(t.target, nodes.Name) and t.target.value == target for t in node.targets)]
    return Evaluator(parsed).evaluate(found[-1])
