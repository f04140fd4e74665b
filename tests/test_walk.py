"""`child_nodes` gives what libcst's `children` gives (syntax/walk.py), less the whitespace and
punctuation noiselint's nodes leave out."""

from pathlib import Path

import libcst as cst

import noiselint
from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import convert
from noiselint.syntax.walk import child_nodes


def test_child_nodes_are_libcsts_children_on_every_node_of_real_files():
    checked = 0
    for name in ("model/interpreter.py", "values/evaluate.py", "report/sarif.py"):
        source = (Path(noiselint.__file__).parent / name).read_text(encoding="utf-8")
        converted = convert(cst.parse_module(source))
        stack: list[nodes.CSTNode] = [converted.module]
        while stack:
            node = stack.pop()
            mine = list(child_nodes(node))
            # libcst's own children of the node ours was made from, those that have a node of
            # ours (whitespace and punctuation have none; shared operators are ours alone).
            theirs = [c for c in converted.libcst_of[id(node)].children if id(c) in converted.ours_of]
            assert sorted(id(converted.libcst_of[id(c)]) for c in mine if id(c) in converted.libcst_of) == \
                sorted(map(id, theirs)), type(node).__name__
            stack.extend(c for c in mine if id(c) in converted.libcst_of)
            checked += 1
    assert checked > 10_000


def test_the_module_index_walks_as_ast_walk_does():
    import ast

    from noiselint.syntax.module_index import _walk

    source = (Path(noiselint.__file__).parent / "model" / "interpreter.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    # ... but the nodes without fields (`Load`, `Add`), which the pre-check's walk leaves out too
    assert [id(n) for n in _walk(tree)] == [id(n) for n in ast.walk(tree) if n._fields]
