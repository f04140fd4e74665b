"""The code table (codes.py) agrees with the rules, and a warm run needs nothing else.

A run whose files are all in the results cache resolves the selection from `codes.py` and
builds results from the cache: it must not import libcst, a rule or the interpreter (two
thirds of a warm run's time when it did)."""

from __future__ import annotations

from pathlib import Path

from imported_modules import modules_after_run

from noiselint.checks import RULES
from noiselint.codes import CODES, reads_models, selected_codes
from noiselint.engine import selected_rules
from noiselint.settings import Settings
from noiselint.suppress import RuleSelection


def test_the_table_holds_every_rule_with_its_metadata_in_order():
    # A rule takes its name, default and scope from its code's line (checks.base.Rule): a rule
    # without a line, a line without a rule, or another order fails here.
    table = [(c.code, c.name, c.default_enabled, c.scope) for c in CODES.values()]
    rules = [(r.code, r.name, r.default_enabled, r.scope) for r in RULES]
    assert table == rules, "codes.py must list every rule of checks/__init__.py, in order"


def test_selection_from_the_table_is_the_rules_selection():
    cases = [Settings(),
             Settings(select=("ALL",)),
             Settings(select=("NL1",), ignore=("NL104",)),
             Settings(select=("NL0",), extend_select=("NL009",), ignore=("NL900",)),
             Settings(cli_selection=RuleSelection(("NL2",), (), ("NL205",)))]
    for settings in cases:
        for extra in ((), ("NL00",), ("NL902",)):
            codes = selected_codes(settings, extra)
            assert codes == tuple(r.code for r in selected_rules(settings, extra)), (settings, extra)
            assert reads_models(codes) == any(r.scope == "model" for r in selected_rules(settings, extra))
    assert reads_models(("NL001", "NL201")) and not reads_models(("NL001", "NL900"))


def _modules_after_a_run(tree: Path, cache: Path) -> set[str]:
    return modules_after_run("--exit-zero", "--isolated", "--cache-dir", str(cache), str(tree))


def test_a_warm_run_imports_no_rule_and_no_libcst(tmp_path):
    tree = tmp_path / "project"
    tree.mkdir()
    # A finding (served from the cache the second time), a file of model code without one,
    # and a file that does not parse: every kind of cached result.
    (tree / "model.py").write_text("from tensorflow import keras\n"
                                   "layer = keras.layers.Dropout(0.5, noise_shape=(32, 1, 8))\n")
    (tree / "dense.py").write_text("from tensorflow import keras\nx = keras.layers.Dense(3)\n")
    (tree / "broken.py").write_text("def f(:\n    keras.layers.Dropout(0.5)\n")
    cache = tmp_path / "cache"
    cold = _modules_after_a_run(tree, cache)
    assert "libcst" in cold and "noiselint.checks" in cold  # the cold run reads the files
    warm = _modules_after_a_run(tree, cache)
    heavy = [m for m in warm if m.split(".")[0] in ("libcst", "networkx")
             or m.startswith(("noiselint.checks", "noiselint.model", "noiselint.values", "noiselint.engine",
                              "noiselint.sites", "noiselint.syntax.parse", "noiselint.fixes"))]
    assert heavy == []
