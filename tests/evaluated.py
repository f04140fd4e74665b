"""The value the Evaluator gives an assignment in a snippet: the helper the evaluator's and
the configs' tests share."""

from __future__ import annotations

import libcst as cst

from noiselint.files.source import SourceFile
from noiselint.syntax import nodes
from noiselint.syntax.parse import ParsedModule, parse_source
from noiselint.syntax.walk import visit
from noiselint.values.evaluate import Evaluator
from noiselint.values.kinds import Value


def assigned_value(text: str, target: str = "RESULT") -> Value:
    """Evaluate the expression assigned to `target` in `text` (the last such assignment)."""
    parsed = parse_source(SourceFile("m.py", text))
    assert isinstance(parsed, ParsedModule)
    found: list[nodes.BaseExpression] = []

    class Finder(cst.CSTVisitor):
        def visit_Assign(self, node: nodes.Assign) -> None:
            if any(isinstance(t.target, nodes.Name) and t.target.value == target for t in node.targets):
                found.append(node.value)

    visit(parsed.module, Finder())
    return Evaluator(parsed).evaluate(found[-1])
