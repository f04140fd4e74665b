"""Run noiselint as a user would, with one more rule of scope "model" registered: a probe
that reads every layer and op call's outcome (`ShapeFacts.failures()`) and reports nothing.

Usage: python benchmarks/model_scope.py [NOISELINT ARGS ...]

Not a rule of noiselint: it measures the cost of the wider scope (every file with model code
parsed, interpreted and its layer calls answered by the formulas, the cache or Keras) before
the real NL1xx/NL2xx rules land, with findings identical to a plain run. Workers fork from
this process, so they see the probe too.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import noiselint.checks as checks
from noiselint.checks.base import Finding, GraphContext, GraphRule
from noiselint.codes import CODES, Code


class ModelScopeProbe(GraphRule):
    code = "NL199"
    name = "model-scope-probe"
    summary = "benchmark probe: reads every call's outcome, reports nothing"
    scope = "model"

    def check(self, ctx: GraphContext) -> Iterator[Finding]:
        ctx.facts.failures()
        return iter(())


def register() -> None:
    """Add the probe to the registry before anything imports `RULES` or `BY_CODE` by name."""
    if ModelScopeProbe not in checks.RULES:
        # Selection reads the code table (noiselint/codes.py): the probe needs its line there.
        CODES[ModelScopeProbe.code] = Code(ModelScopeProbe.code, ModelScopeProbe.name, scope="model")
        checks.RULES = (*checks.RULES, ModelScopeProbe)
        checks.BY_CODE = {**checks.BY_CODE, ModelScopeProbe.code: ModelScopeProbe}


if __name__ == "__main__":
    from noiselint.import_path import drop_untrusted_paths

    drop_untrusted_paths(sys.argv[1:])
    register()
    from noiselint.cli import main

    sys.argv[0] = "noiselint"
    sys.exit(main())
