"""The shape stage as the engine calls it: one oracle (and its cache) for a run, and for each
file the model graph built with it, asking Keras and TensorFlow only where an answer can
change a finding (model/demand.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from noiselint.model import demand
from noiselint.shapes.cache import ShapeCache
from noiselint.shapes.facts import ShapeFacts
from noiselint.shapes.oracle import KerasShapes, Remote, load_keras
from noiselint.shapes.pending import ShapesPending
from noiselint.sites.dropout import Sites
from noiselint.syntax.parse import ParsedModule
from noiselint.values.evaluate import Evaluator


def make_shape_inference(cache_dir: Path | None, verbose: bool = False, when_needed: bool = False,
                         remote: Remote | None = None, defer: bool = False) -> Callable[..., ShapeFacts]:
    """The engine's shape stage: one oracle (and cache) for the whole run; `cache_dir`
    None means no cache (`--no-cache`); `verbose` lets TensorFlow's own logging through.
    `when_needed` (a plain lint): Keras and TensorFlow are asked only in a file where their
    answer can change a finding (model/demand.py); elsewhere the shapes are those the
    cache and the written formulas give. `remote`: ask the run's shape process instead of
    importing Keras here. `defer` (a run of many files whose shape process imports Keras
    ahead): a file that needs Keras's answers while that import is under way raises
    ShapesPending, once per file, and is read again when the runner hands it out again."""
    oracle = KerasShapes(ShapeCache(cache_dir) if cache_dir is not None else None,
                         (lambda: load_keras(verbose=True)) if verbose else None, remote=remote)
    offline = oracle.offline_twin() if when_needed else None
    deferred: set[str] = set()

    def wait_or_defer(parsed: ParsedModule) -> None:
        path = str(parsed.source.path)
        if defer and path not in deferred and oracle.importing():
            deferred.add(path)
            raise ShapesPending(path)

    def infer(parsed: ParsedModule, evaluator: Evaluator, sites: Sites, *, whole_model: bool = False) -> ShapeFacts:
        # Imported on the first file that reaches the shape stage (the interpreter, the
        # formulas), which a run over files without dropout should not pay.
        from noiselint.model.build import infer_facts

        # The offline reading only saves importing Keras. Once Keras has answered in this
        # run, asking is cheap and a second reading of the file (a third of them on
        # keras-io: 2 s) is not: the oracle answers at once. Findings are the same either
        # way: the offline facts stand only where no answer could change a finding.
        if oracle.ready:
            return infer_facts(parsed, evaluator, sites, oracle)
        if offline is not None and whole_model and not demand.shapes_may_matter(parsed, sites):
            # The model rules read the graph: follow the model code on the cache and the
            # written formulas, and ask Keras only if an answer it has can change a finding.
            offline.unanswered = False
            facts = infer_facts(parsed, evaluator, sites, offline)
            if not (offline.unanswered and (demand.layouts_may_matter(facts) or demand.data_may_matter(facts)
                                            or demand.calls_may_fail(facts))):
                return facts
            evaluator = Evaluator(parsed)  # afresh: the first reading spent its step budget
        elif offline is not None and not whole_model and not demand.shapes_may_matter(parsed, sites):
            if not demand.reaches_project(parsed):
                return ShapeFacts()  # no finding can read a shape: the model code is not followed
            offline.unanswered = False
            facts = infer_facts(parsed, evaluator, sites, offline)
            if not (offline.unanswered and demand.layouts_may_matter(facts)):
                return facts
            evaluator = Evaluator(parsed)  # afresh: the first reading spent its step budget
        elif offline is not None and defer and str(parsed.source.path) not in deferred:
            # Shapes matter here: read offline first all the same, so that a file the
            # written formulas answer never starts the shape process's import.
            offline.unanswered = False
            facts = infer_facts(parsed, evaluator, sites, offline)
            if not offline.unanswered:
                return facts  # every question answered: what asking Keras would give
            evaluator = Evaluator(parsed)
        wait_or_defer(parsed)
        return infer_facts(parsed, evaluator, sites, oracle)

    return infer
