"""`child_nodes` gives what libcst's `children` gives (syntax/walk.py)."""

from pathlib import Path

import libcst as cst

import noiselint
from noiselint.syntax.walk import child_nodes


def test_child_nodes_are_libcsts_children_on_every_node_of_real_files():
    checked = 0
    for name in ("model/interpreter.py", "values/evaluate.py", "report/sarif.py"):
        source = (Path(noiselint.__file__).parent / name).read_text(encoding="utf-8")
        stack: list[cst.CSTNode] = [cst.parse_module(source)]
        while stack:
            node = stack.pop()
            mine = list(child_nodes(node))
            theirs = list(node.children)
            # The same node objects (libcst rebuilds the parent, not its children), maybe in another order.
            assert sorted(map(id, mine)) == sorted(map(id, theirs)), type(node).__name__
            stack.extend(mine)
            checked += 1
    assert checked > 10_000
