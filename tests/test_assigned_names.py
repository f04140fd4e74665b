"""The names a block binds (`interpreter._assigned`, what a loop or a branch noiselint cannot
follow makes unknown) and the attributes a method sets on `self`: the walks that skip
expressions (in a module without `:=` for names) find what the walks through every node find."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from noiselint.model.interpreter import _assigned, _self_attributes, _targets
from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import parse_module
from noiselint.syntax.walk import child_nodes

ROOT = Path(__file__).resolve().parent.parent


def _blocks(module: nodes.Module) -> list[nodes.CSTNode]:
    found, stack = [], [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (nodes.BaseSuite, nodes.BaseStatement)):
            found.append(node)
        stack.extend(child_nodes(node))
    return found


def _sources() -> list[Path]:
    return sorted([*(ROOT / "fixtures").rglob("*.py"), *(ROOT / "benchmarks" / "shape_errors").rglob("*.py")])


def test_skipping_expressions_finds_the_same_names_without_walrus() -> None:
    compared = 0
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if ":=" in text:
            continue
        try:
            module = parse_module(text)
        except cst.ParserSyntaxError:
            continue  # the NL900 fixtures
        for block in _blocks(module):
            assert _assigned(block, expressions=False) == _assigned(block), (path, block)
            compared += 1
    assert compared > 3_000


@pytest.mark.parametrize(("code", "names"), [
    ("for k in range(3):\n    if (n := k + 1) > 2:\n        pass\n", {"k", "n"}),
    ("for k in range(3):\n    total = [m for j in range(k) if (m := j)]\n", {"k", "m", "total"}),
])
def test_a_walrus_inside_an_expression_is_a_name_the_block_binds(code: str, names: set[str]) -> None:
    # Which is why the interpreter skips expressions only in a module without `:=`.
    loop = parse_module(code).body[0]
    assert _assigned(loop) == names
    assert _assigned(loop, expressions=False) == names - {"n", "m"}


def _self_attributes_walking_everything(method: nodes.FunctionDef) -> set[str]:
    params = [*method.params.posonly_params, *method.params.params]
    if not params:
        return set()
    me, found, stack = params[0].name.value, set(), [method.body]
    while stack:
        current = stack.pop()
        for target in _targets(current):
            for part in [target, *(e.value for e in getattr(target, "elements", ()))]:
                if isinstance(part, nodes.Attribute) and isinstance(part.value, nodes.Name) and part.value.value == me:
                    found.add(part.attr.value)
        stack.extend(child_nodes(current))
    return found


def test_the_attributes_a_method_sets_are_found_without_walking_into_expressions() -> None:
    compared = 0
    for path in _sources():
        try:
            module = parse_module(path.read_text(encoding="utf-8"))
        except cst.ParserSyntaxError:
            continue
        for node in _blocks(module):
            if isinstance(node, nodes.FunctionDef):
                assert _self_attributes(node) == _self_attributes_walking_everything(node), path
                compared += bool(_self_attributes(node))
    assert compared > 20
