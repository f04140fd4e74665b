"""`child_nodes` gives what libcst's `children` gives (syntax/walk.py)."""

from pathlib import Path

import noiselint
from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import parse_module
from noiselint.syntax.walk import child_nodes


def test_child_nodes_are_libcsts_children_on_every_node_of_real_files():
    checked = 0
    for name in ("model/interpreter.py", "values/evaluate.py", "report/sarif.py"):
        source = (Path(noiselint.__file__).parent / name).read_text(encoding="utf-8")
        stack: list[nodes.CSTNode] = [parse_module(source)]
        while stack:
            node = stack.pop()
            mine = list(child_nodes(node))
            theirs = list(node.children)
            # The same node objects (libcst rebuilds the parent, not its children), maybe in another order.
            assert sorted(map(id, mine)) == sorted(map(id, theirs)), type(node).__name__
            stack.extend(mine)
            checked += 1
    assert checked > 10_000


def test_the_module_index_walks_as_ast_walk_does():
    import ast

    from noiselint.syntax.module_index import _walk

    source = (Path(noiselint.__file__).parent / "model" / "interpreter.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    # ... but the nodes without fields (`Load`, `Add`), which the pre-check's walk leaves out too
    assert [id(n) for n in _walk(tree)] == [id(n) for n in ast.walk(tree) if n._fields]
