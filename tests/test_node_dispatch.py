"""The interpreter and the evaluator dispatch on a node's exact class (`match type(node)`,
`type(x) is nodes.Name`, a table keyed by class), which is only right while no libcst node
class they name (syntax/nodes.py, written from libcst's) has a subclass: a subclass's
instances would fall through to "not modelled". This holds the dispatch to the node classes,
so a libcst upgrade that adds one fails here, not in a missed finding."""

import ast
from pathlib import Path

import noiselint
from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import parse_module
from noiselint.syntax.walk import child_nodes

PACKAGE = Path(noiselint.__file__).parent


def _dispatched_classes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "import libcst as cst\n" in text:
            continue  # `cst` is libcst itself there (the generator of nodes.py, the conversion, the server)
        tree = ast.parse(text)
        for match in ast.walk(tree):
            if not (isinstance(match, ast.Match) and isinstance(match.subject, ast.Call)
                    and isinstance(match.subject.func, ast.Name) and match.subject.func.id == "type"):
                continue
            for case in match.cases:
                for node in ast.walk(case.pattern):
                    if isinstance(node, ast.MatchValue) and isinstance(node.value, ast.Attribute) \
                            and isinstance(node.value.value, ast.Name) and node.value.value.id == "cst":
                        found.setdefault(str(path.relative_to(PACKAGE)), set()).add(node.value.attr)
        for table in ast.walk(tree):  # `{nodes.Name: self._name, ...}.get(type(node))`, `frozenset((nodes.Equal, ...))`
            if isinstance(table, ast.Dict):
                members = table.keys
            elif isinstance(table, ast.Call) and isinstance(table.func, ast.Name) and table.func.id == "frozenset" \
                    and table.args and isinstance(table.args[0], (ast.Tuple, ast.List, ast.Set)):
                members = table.args[0].elts
            else:
                continue
            for key in members:
                if isinstance(key, ast.Attribute) and isinstance(key.value, ast.Name) and key.value.id == "cst":
                    found.setdefault(str(path.relative_to(PACKAGE)), set()).add(key.attr)
        for compare in ast.walk(tree):  # `type(x) is nodes.Name`, `func_type is not nodes.Attribute`
            if isinstance(compare, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in compare.ops):
                for side in (compare.left, *compare.comparators):
                    if isinstance(side, ast.Attribute) and isinstance(side.value, ast.Name) \
                            and side.value.id == "cst":
                        found.setdefault(str(path.relative_to(PACKAGE)), set()).add(side.attr)
    return found


def test_the_hot_dispatches_are_on_exact_classes():
    found = _dispatched_classes()
    assert {"model/exprs.py", "model/interpreter.py", "values/evaluate.py"} <= set(found)


def test_no_class_dispatched_on_has_a_subclass():
    for module, names in _dispatched_classes().items():
        for name in names:
            cls = getattr(nodes, name)
            subclasses = cls.__subclasses__()
            assert subclasses == [], f"{module}: nodes.{name} has subclasses {subclasses}"


def test_a_class_pattern_would_have_matched_what_the_exact_class_matches():
    # The exact-class dispatch sees what `case nodes.Name():` saw, for every node of a real file.
    source = (PACKAGE / "model" / "interpreter.py").read_text(encoding="utf-8")
    names = {n for names in _dispatched_classes().values() for n in names}
    seen = 0
    for node in _walk(parse_module(source)):
        for name in names:
            cls = getattr(nodes, name)
            assert isinstance(node, cls) == (type(node) is cls)
        seen += 1
    assert seen > 1000


def _walk(node: nodes.CSTNode):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child_nodes(current))



def test_libcst_node_classes_are_read_from_their_mro() -> None:
    """`_EXPRESSIONS` and `walk.IS_NODE` read a class's MRO instead of asking `issubclass`
    (which walks every subclass of an ABC on a miss): the two agree on every class libcst
    exports, as long as libcst registers no virtual subclasses."""
    from noiselint.model.interpreter import _EXPRESSIONS
    from noiselint.syntax.walk import IS_NODE

    classes = [c for c in vars(nodes).values() if isinstance(c, type)]
    assert {c for c in classes if issubclass(c, nodes.BaseExpression)} == _EXPRESSIONS
    assert all(IS_NODE[c] == issubclass(c, nodes.CSTNode) for c in [*classes, int, str, list])
