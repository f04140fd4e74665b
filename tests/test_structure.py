"""The package's structure (docs/architecture.md): no import circles, and the layers of the
pipeline as `lint-imports` checks them (the contract in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent


def _graph() -> nx.DiGraph:
    graph = grimp.build_graph("noiselint", include_external_packages=False, exclude_type_checking_imports=True)
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    return edges


def test_no_import_circles() -> None:
    circles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert circles == []


def test_the_layers_contract_holds() -> None:
    done = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                           "lint_imports_command()"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_every_package_says_what_it_holds() -> None:
    # Each package's docstring is its paragraph of docs/architecture.md in two lines.
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for init in sorted((ROOT / "noiselint").glob("*/__init__.py")):
        package = init.parent.name
        assert init.read_text(encoding="utf-8").startswith('"""'), package
        assert f"`{package}/`" in architecture, package


def test_the_benchmark_counts_files_at_each_stage_of_the_pipeline() -> None:
    # benchmarks/run.py imports the stages lazily: a moved module must fail here, not in a
    # benchmark run nobody watches.
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = run  # its dataclasses resolve their module by name
    spec.loader.exec_module(run)
    counts = run.stage_counts(ROOT / "fixtures" / "stackoverflow")
    assert list(counts) == list(run.STAGES)
    values = list(counts.values())
    assert values[0] > 0 and values == sorted(values, reverse=True), counts
