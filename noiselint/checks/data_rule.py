"""What the data rules (NL201-NL206) share: each reports the data nodes of the graph whose
problem it names and whose outcome is an error the framework raises for the shapes the file
states (model/data_calls.py), in one sentence with both shapes and where each came from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from noiselint.shapes.facts import DataFact

from .base import Finding, GraphContext, GraphRule

_MAX_ERROR = 240  # characters of the framework's message quoted in a finding


class DataRule(GraphRule):
    problem: ClassVar[str]  # DataFact.problem this rule reports
    methods: ClassVar[frozenset[str] | None] = None  # only these DataFact.method values (None: any)

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        seen: set[tuple[int, str]] = set()
        for fact in ctx.facts.data_calls:
            if fact.problem != self.problem or fact.error is None:
                continue
            if self.methods is not None and fact.method not in self.methods:
                continue
            message = self.message(fact)
            key = (id(fact.at), message)
            if key not in seen:  # a builder run twice makes the same node twice
                seen.add(key)
                yield Finding(fact.at, message)

    def message(self, fact: DataFact) -> str:
        assert fact.error is not None
        error = " ".join(fact.error.message.split())
        if len(error) > _MAX_ERROR:
            error = error[: _MAX_ERROR - 3] + "..."
        call = "`model(...)`" if fact.method == "__call__" else f"`{fact.method}`"
        sides = f"{fact.data} but {fact.model}" if fact.model else fact.data
        text = f"{sides}: {call} raises {fact.error.type} ({error})"
        return f"{text}; {fact.hint}" if fact.hint else text
