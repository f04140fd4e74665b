"""The run's heap settings (noiselint/heap.py)."""

from __future__ import annotations

import gc

from noiselint import heap


def test_settle_makes_young_collections_rarer_than_pythons_default() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # Python's default (an earlier run in this process raised them)
        heap.settle()
        assert gc.get_threshold() == heap.THRESHOLDS
        assert heap.THRESHOLDS[0] > 700  # Python's default: about 5% of a cold keras-io run in the collector
    finally:
        gc.set_threshold(*before)


def test_a_keras_import_mid_run_keeps_the_runs_thresholds() -> None:
    before = gc.get_threshold()
    try:
        heap.settle(heap.RUN_THRESHOLDS)
        heap.settle()  # as the shape oracle does after importing Keras
        assert gc.get_threshold() == heap.RUN_THRESHOLDS
    finally:
        gc.set_threshold(*before)


def test_a_run_collects_each_files_cycles_when_the_file_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Under the run's thresholds the older generations are collected between files, not
    while a file's trees are alive (they were walked again and again)."""
    from noiselint.runner import run_paths
    from noiselint.settings import Settings

    for k in range(3):
        (tmp_path / f"m{k}.py").write_text("from keras import layers\n"
                                          f"x = layers.Dropout(0.5, noise_shape=(32, {k + 1}))\n")
    collected: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] >= 1:
            collected.append(info["generation"])

    before = gc.get_threshold()
    gc.callbacks.append(note)
    try:
        result = run_paths([str(tmp_path)], Settings(cache_dir=str(tmp_path / "cache")), jobs=1)
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*before)
    assert len(result.files) == 3
    assert len(collected) >= 3


def test_a_read_module_leaves_no_cycles_of_the_interpreter_or_evaluator() -> None:
    """The interpreter and evaluator break their own cycles once the module is read
    (`Interpreter.release`, weak back-references), and a binding holds its scope weakly: the
    module's scopes go with it, by reference counting (docs/speed.md, "Session 10: cycles",
    "Session 11: scopes")."""
    import textwrap

    from noiselint.files.source import SourceFile
    from noiselint.model.build import build_graph
    from noiselint.shapes.oracle import KerasShapes
    from noiselint.sites.dropout import find_sites
    from noiselint.syntax.parse import ParsedModule, parse_source
    from noiselint.values.evaluate import Evaluator

    text = textwrap.dedent("""
        import keras
        from keras import layers

        def block(x, units):
            def inner(y):
                return layers.Dense(units)(y)
            return inner(x)

        class Scale(layers.Layer):
            def call(self, x):
                return x * 2

        def make():
            def f(v):
                return v
            return f

        g = make()
        cfg = {"units": 8}
        inputs = keras.Input(shape=(16,))
        x = block(inputs, cfg["units"])
        x = Scale()(x)
        if x is not None:
            x = layers.Dropout(0.5, noise_shape=(None, 8))(x)
        model = keras.Model(inputs, x)
    """)
    oracle = KerasShapes(None).offline_twin()  # never imports Keras
    gc.collect()
    gc.disable()
    try:
        parsed = parse_source(SourceFile("m.py", text))
        assert isinstance(parsed, ParsedModule)
        evaluator = Evaluator(parsed)
        sites = find_sites(parsed)
        graph, notes = build_graph(parsed, evaluator, sites, oracle, strict=True)
        for site in sites.calls:  # the evaluator's narrowing and config reads
            for arg in site.call.args:
                evaluator.evaluate(arg.value)
        assert graph.facts(notes).models
        del parsed, evaluator, sites, graph, notes
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        kinds = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not kinds & {"Interpreter", "Evaluator", "Frame", "FunctionRef", "ClassRef", "_Plan", "Configs",
                        "Narrowing", "Scope", "Assignment", "ImportAssignment", "Builtin", "_Bindings",
                        "ModuleScopes", "ParsedModule"}, kinds
