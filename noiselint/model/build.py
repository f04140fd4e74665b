"""Graph: the model graph of a module (tensor nodes and layer-call nodes, `model/graph.py`),
built by reading the model code (`model/interpreter.py`), with each call's shapes from the
`ShapeOracle` passed in; and the `ShapeFacts` the rules read. Never imports TensorFlow."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from noiselint import budget
from noiselint.model.graph import BudgetExceeded, ModelGraph
from noiselint.model.interpreter import Interpreter
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.specs import ShapeOracle
from noiselint.sites.dropout import Sites
from noiselint.syntax import nodes as cst
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator


def build_graph(parsed: ParsedModule, evaluator: Evaluator, sites: Sites, oracle: ShapeOracle,
                strict: bool = False) -> tuple[ModelGraph, tuple[str, ...]]:
    """The model graph of `parsed`, and notes on where reading the code stopped early.

    `strict` (tests): a statement the interpreter does not model, or a bug in it, raises
    instead of ending the reading with a note.
    """
    graph = ModelGraph(oracle)
    interpreter = Interpreter(parsed, evaluator, graph, sites)
    interpreter.strict = strict
    try:
        try:
            interpreter.interpret()
        finally:
            interpreter.release()
    except BudgetExceeded as exc:
        return graph, (f"{parsed.source.path}: noiselint stopped following the model code ({exc}); "
                       "shapes past that point are unknown",)
    except budget.TooComplex as exc:
        if not budget.overtime():  # the rules that need no shapes still run, on a short extension
            raise
        return graph, (f"{parsed.source.path}: noiselint stopped following the model code ({exc}); "
                       "shapes past that point are unknown",)
    except (RecursionError, Exception) as exc:  # a file must not end the run (design.md §5)
        if strict or parsed.quick is not None:  # the quick tree's pass is made again on libcst's
            raise
        return graph, (f"{parsed.source.path}: noiselint could not follow the model code "
                       f"({type(exc).__name__}: {exc}); shapes past that point are unknown",)
    return graph, ()


def _shown(path: str) -> str:
    """A path as the user typed paths: relative to the working directory when inside it."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def infer_facts(parsed: ParsedModule, evaluator: Evaluator, sites: Sites, oracle: ShapeOracle,
                strict: bool = False) -> ShapeFacts:
    graph, notes = build_graph(parsed, evaluator, sites, oracle, strict)
    return graph.facts(notes)


def with_rows(parsed: ParsedModule, facts: ShapeFacts) -> ShapeFacts:
    """`facts` with the line of each model and layer, for display (`noiselint shapes`); the
    rules do not read them, and lines cost a pass over the module."""

    def place(node: cst.CSTNode) -> tuple[int, str | None]:
        """Where a model is built: here, or in another module of the project a call ran."""
        if node in parsed.names.order or parsed.project is None:
            return parsed.row(node), None
        other = parsed.project.index.holder(node)
        return (other.row(node), _shown(other.source.path)) if other is not None else (0, None)

    models = tuple(replace(m, row=place(m.node)[0], path=place(m.node)[1],
                           layers=tuple(replace(f, row=parsed.row(f.node),
                                                call_row=parsed.row(f.call) if f.call is not None else 0)
                                        for f in m.layers))
                   for m in facts.models)
    return replace(facts, models=models)
