"""The complexity pre-check's own readers (syntax/precheck.py)."""


def test_source_segments_match_cpython_on_every_node():
    # The cached reader must give exactly what ast.get_source_segment gives, for any line
    # ends and any UTF-8 width (the offsets are bytes).
    import ast

    from noiselint.syntax.precheck import SourceText

    text = ('x = ("é" "b"\r\n     "c")\ry = """a\n\x0cb"""\n'
            'def f(a="ü", *b):\n    return f"{a}" \'z\'  # ß\n')
    source = SourceText(text)
    for node in ast.walk(ast.parse(text)):
        assert source.segment(node) == ast.get_source_segment(text, node), ast.dump(node)


def test_the_module_index_reads_the_precheck_walk_as_its_own():
    # index_module takes the pre-check's nodes of a measured tree instead of walking it;
    # what it finds is what its own walk finds, and a tree the pre-check did not measure
    # (or measured too complex) is walked.
    import ast

    from noiselint.syntax.module_index import _walk, index_module
    from noiselint.syntax.precheck import MAX_DEPTH, kinds_of, precheck

    text = ("import numpy as np\ncfg = {}\ncfg['a'] = 1\nobj.x = 2\ndef f(a, *b, **c):\n"
            "    g(a, *b, k=1, **c)\n    d.update(e)\n    return [h(i) for i in b if a and i]\n")
    checked = precheck(text)
    assert checked.too_complex is None and checked.nodes == tuple(_walk(checked.tree))
    kinds = kinds_of(checked.tree)
    assert kinds.calls == [n for n in checked.nodes if type(n) is ast.Call] and kinds.subscripts and kinds.binds
    own = index_module(text, ast.parse(text))
    assert kinds_of(ast.parse(text)) is None
    assert index_module(text, checked.tree) == own and own.calls and {"cfg", "obj", "d", "e"} <= own.changed
    deep = precheck("x = " + " and ".join(["a"] * (MAX_DEPTH + 5)) + "\n")
    assert deep.tree is not None and deep.too_complex and kinds_of(deep.tree) is None


def test_a_measured_tree_is_not_kept_alive_by_the_nodes_kept_for_it():
    # precheck keeps each measured tree's nodes while the tree lives; an entry that held the
    # tree itself would keep every file's tree of a run (and make each collection walk them).
    import gc
    import weakref

    from noiselint.syntax.precheck import kinds_of, precheck

    tree = precheck("import numpy as np\nx = np.zeros(3)\n").tree
    assert kinds_of(tree).calls
    gone = weakref.ref(tree)
    del tree
    gc.collect()
    assert gone() is None


def test_a_string_of_one_literal_counts_one_piece_without_tokenize(monkeypatch):
    # A docstring or text block is not tokenized (it cost a third of the pre-check on
    # keras-io); literals that only look like one (a quote inside, an f-string, adjacent
    # pieces) still are read piece by piece (by `string_literals`, else tokenize), and count
    # as tokenize counts them.
    import ast
    import io
    import tokenize

    from noiselint.syntax import precheck as pre

    # literal: (pieces, tokenized)
    cases = {'"""a\n\'b\' "c"\n"""': (1, False), "r'''x\ny'''": (1, False), '"a\\\nb"': (1, False),
             '"""a"""\n"""b"""': (2, True), '"a"\\\n"b"\\\n"c"': (3, True), '"""a\n"""\'b\'': (2, True),
             'f"""{x}\n"""': (1, True), 'b"""a\n""" b"c"': (2, True), '"a\\"\\\n"': (1, True)}
    tokenized = []
    real = tokenize.generate_tokens
    monkeypatch.setattr(tokenize, "generate_tokens", lambda read: tokenized.append(1) or real(read))
    literals = pre.string_literals
    monkeypatch.setattr(pre, "string_literals", lambda text: tokenized.append(1) or literals(text))
    for literal, (pieces, read) in cases.items():
        tokenized.clear()
        text = f"x = ({literal})\n"
        node = ast.parse(text).body[0].value
        assert node.end_lineno > node.lineno  # only then is the text read
        expected = sum(t.type == tokenize.STRING for t in real(io.StringIO(literal).readline))
        assert pre.string_pieces(node, pre.SourceText(text)) == pieces == max(expected, 1), literal
        assert bool(tokenized) == read, literal


def test_the_walk_without_field_less_nodes_decides_as_the_walk_of_every_node():
    # The pre-check neither walks nor keeps the nodes without fields (`Load` under every
    # name, the operators): a third of a tree. Near a limit, where one of them could be the
    # node past it, every node is walked as before: the verdicts and messages are the same.
    import ast

    from noiselint.syntax import precheck as pre

    texts = [f"x = {'[' * depth}a{']' * depth}\n" for depth in range(pre.MAX_DEPTH - 4, pre.MAX_DEPTH + 2)]
    texts += [f"x = {'-' * depth}a\n" for depth in range(pre.MAX_DEPTH - 4, pre.MAX_DEPTH + 2)]
    texts += [f"x = [{'a, ' * n}]\n" for n in range((pre.MAX_NODES - 6) // 2 - 1, (pre.MAX_NODES - 6) // 2 + 2)]
    # Names and constants are counted without reading their fields: a name holds a context, a
    # constant nothing.
    texts += [f"x = [{'1, ' * n}]\n" for n in range(pre.MAX_NODES - 8, pre.MAX_NODES - 3)]
    verdicts = set()
    for text in texts:
        tree = ast.parse(text)
        exact, every = pre._measure_every_node(tree, pre.SourceText(text))
        found, nodes = pre._measure(tree, pre.SourceText(text))
        assert found == exact, text[:40]
        assert nodes == tuple(n for n in every if n._fields) and not any(not n._fields for n in nodes)
        verdicts.add(found is None)
    assert verdicts == {True, False}


_EVERY_CONSTRUCT = '''\
import a.b as c
from .m import (x as y, z)
from m import *
@dec(1, *s, k=2, **kw)
async def f(p, /, q: int = 1, *r, s, t=2, **u) -> "T":
    global g
    nonlocal h
    async with m() as (v, w), n:
        pass
    async for i, *j in k:
        break
    else:
        continue
    await x
    yield
    yield from y
    return lambda a, *, b=None: (a, b)
class C(B, metaclass=M):
    x: int = 1
    y: list[int]
    del a[1:2, ::3], b.c
    while not x < y <= z is not w in v:
        x += -1 ** ~2 @ 3 // 4 % 5 << 6 >> 7 | 8 & 9 ^ 10
try:
    raise E from F
except (E, F) as e:
    pass
finally:
    assert x, "m"
try:
    pass
except* G:
    pass
match p:
    case [1, *rest] | {"k": 2, **more} | C(a, b=c) as d if d:
        pass
    case None | True | -1 | 1 + 2j | "s" | _:
        pass
d = {**a, "k": v, **b}
e = {1, 2}; f = [i for i in j if i for k in i]; g = {k: v for k, v in w}; h = (x for x in y)
s = f"{a!r:>{w}} {b=}" "c" r"\\e"; by = b"d"
t = a if b else c; u = (v := 1); w = x[1:2:3, ...]; x = a and b or not c
'''


def test_each_class_s_children_are_the_walk_of_every_node_s():
    # The limit walk reads each class's children by a function made from its signature
    # (syntax/ast_children.py): a list of statements may hold a `pass` (no field), a list of
    # expressions None (`{**a}`, a keyword-only parameter without a default). Its nodes are the
    # walk of every node's, in order, on every construct of the grammar, and its count decides
    # as that walk's near the node limit with such lists.
    import ast

    from noiselint.syntax import precheck as pre

    tree = ast.parse(_EVERY_CONSTRUCT)
    exact, every = pre._measure_every_node(tree, pre.SourceText(_EVERY_CONSTRUCT))
    kinds = pre.Kinds()
    assert exact is None and pre._walk_within_limits(tree, pre.SourceText(_EVERY_CONSTRUCT), kinds) == every
    # The nodes it keeps by class are those of every node's walk, in its order (below a chain
    # `a and b` too, where the walk reads each node's extra depth).
    assert _by_class(kinds) == _by_class(pre.Kinds().add_all(every))
    kinds = {type(n) for n in ast.walk(tree)}
    assert {ast.MatchMapping, ast.TryStar, ast.Nonlocal, ast.AsyncWith, ast.JoinedStr, ast.Pass, ast.Dict} <= kinds
    body = "    pass\n"
    # Module, If, x, Load and the statements; Module, Assign, x, Store, Dict and two per `**a`.
    texts = [f"if x:\n{body * n}" for n in range(pre.MAX_NODES - 6, pre.MAX_NODES - 2)]
    texts += [f"x = {{{'**a, ' * n}}}\n" for n in range((pre.MAX_NODES - 5) // 2 - 1, (pre.MAX_NODES - 5) // 2 + 2)]
    verdicts = set()
    for text in texts:
        tree = ast.parse(text)
        exact, every = pre._measure_every_node(tree, pre.SourceText(text))
        kinds = pre.Kinds()
        found, nodes = pre._measure(tree, pre.SourceText(text), kinds)
        assert found == exact and nodes == every, text[:40]
        assert found is not None or _by_class(kinds) == _by_class(pre.Kinds().add_all(every))
        verdicts.add(found is None)
    assert verdicts == {True, False}


def _by_class(kinds):
    return [[id(node) for node in getattr(kinds, name)] for name in kinds.__slots__]
