"""syntax/scopes.py: noiselint's own scope analysis. libcst's ScopeProvider is the oracle: for
every name in real and tricky code, both must find the same bindings (match-case captures
aside, which libcst leaves out)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import Assignment as LibcstAssignment
from libcst.metadata import ClassScope, ComprehensionScope, FunctionScope, GlobalScope, MetadataWrapper, ScopeProvider

from noiselint.syntax import nodes
from noiselint.syntax.from_libcst import convert, parse_module
from noiselint.syntax.scopes import Assignment, Builtin, ImportAssignment, analyse

ROOT = Path(__file__).resolve().parent.parent
_KINDS = {GlobalScope: "module", FunctionScope: "function", ClassScope: "class", ComprehensionScope: "comprehension"}

TRICKY = '''\
import os.path
import a.b.c as abc
from . import rel
from ..pkg.mod import thing as other
x = 1
class C:
    x = 2
    y = [x for _ in range(3)]
    z = [x for x in range(x)]
    def m(self, x=x):
        return x + y
    def n(self):
        global g
        g = 5
        return os.path.join(C.x)
def f():
    v = 1
    def g2():
        nonlocal v
        v = 2
        w = lambda q, r=v: q + r + v
        return w
    if (k := 3):
        pass
    return [k2 for k2 in range(k) if (j := k2)]
try:
    pass
except ValueError as err:
    print(err)
with open("f") as (fh, gh):
    pass
for i, (j2, *rest) in []:
    print(i, j2, rest)
del x
print(g, abc, rel, other)
'''


def _mismatches(text: str) -> list[str]:
    converted = convert(cst.parse_module(text))
    theirs = MetadataWrapper(converted.libcst_module, unsafe_skip_copy=True).resolve(ScopeProvider)
    mine = analyse(converted.module)
    wrong = []
    for node, scope in mine.scope_of.items():
        their_scope = theirs.get(converted.libcst_of.get(id(node))) if isinstance(node, nodes.Name) else None
        if their_scope is None:
            continue
        if _KINDS.get(type(their_scope)) != scope.kind:
            wrong.append(f"{node.value}: scope {scope.kind}, libcst {type(their_scope).__name__}")
            continue
        expected = {id(a.node) for a in their_scope[node.value] if isinstance(a, LibcstAssignment)}
        found = {id(converted.libcst_of.get(id(a.node))) for a in scope[node.value] if isinstance(a, Assignment)}
        if expected != found:
            wrong.append(f"{node.value}: {len(found)} bindings, libcst {len(expected)}")
    return wrong


def _sources() -> list[Path]:
    return sorted(p for p in (ROOT / "fixtures").rglob("*.py") if "syntax" not in p.name)


def test_the_tricky_module_agrees_with_libcst() -> None:
    assert _mismatches(TRICKY) == []


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture_agrees_with_libcst(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("not Python")
    assert _mismatches(text) == []


def _scope_at(text: str, name: str, nth: int = 0):
    module = parse_module(text)
    found = analyse(module)
    names = [n for n in found.scope_of if isinstance(n, nodes.Name) and n.value == name]
    return found, found.scope_of[sorted(names, key=found.order.__getitem__)[nth]]


def test_imports_give_qualified_names() -> None:
    found, scope = _scope_at(TRICKY, "print")
    module_scope = found.scope_of[next(iter(found.scope_of))]
    (os_import,) = module_scope["os"]
    assert isinstance(os_import, ImportAssignment)
    assert os_import.qualified_names("os.path.join") == ("os.path.join",)
    assert module_scope["abc"][0].qualified_names("abc.Dropout") == ("a.b.c.Dropout",)
    assert module_scope["rel"][0].qualified_names("rel.f") == (".rel.f",)
    assert module_scope["other"][0].qualified_names("other") == ("..pkg.mod.thing",)
    assert module_scope["otherwise"] == ()
    (builtin,) = scope["print"]
    assert isinstance(builtin, Builtin) and builtin.qualified_names("print") == ("builtins.print",)


def test_local_names_are_qualified_by_their_scopes() -> None:
    _, scope = _scope_at(TRICKY, "w", 1)
    (binding,) = scope["w"]
    assert binding.qualified_names("w") == ("f.<locals>.g2.<locals>.w",)


def test_global_and_nonlocal_redirect_bindings() -> None:
    found, _ = _scope_at(TRICKY, "g")
    module_scope = found.scope_of[next(iter(found.scope_of))]
    assert [a.scope.kind for a in module_scope.assignments["g"]] == ["module"]
    _, inner = _scope_at(TRICKY, "v", 2)  # `v = 2` under `nonlocal v`
    assert {a.scope.name for a in inner["v"]} == {"f"}
    assert len(inner["v"]) == 2


def test_methods_do_not_see_the_class_body() -> None:
    _, method = _scope_at(TRICKY, "y", 1)  # `return x + y` in C.m
    assert method["y"] == ()
    _, body = _scope_at(TRICKY, "x", 2)  # `y = [x for _ ...]`: the comprehension skips the class too
    assert [a.scope.kind for a in body["x"]] == ["module"]


def test_the_first_iterable_of_a_comprehension_runs_outside() -> None:
    found, _ = _scope_at(TRICKY, "x")
    outer = [n for n in found.scope_of if isinstance(n, nodes.Name) and n.value == "x"]
    kinds = [found.scope_of[n].kind for n in sorted(outer, key=found.order.__getitem__)]
    # x = 1; class x = 2; [x for _]; [x for x in range(x)]: elt, target, iterable; m(x=x)...
    assert kinds[:6] == ["module", "class", "comprehension", "comprehension", "comprehension", "class"]


def test_match_captures_and_walrus_are_bindings() -> None:
    text = "def f(p):\n    match p:\n        case [a, *rest]:\n            return a\n" \
           "        case {**more}:\n            return more\n    return [y for x in p if (y := x)]\n"
    _, scope = _scope_at(text, "a", 1)
    assert [type(b.node).__name__ for b in scope["a"]] == ["Name"]
    assert scope["rest"] and scope["more"]
    _, use = _scope_at(text, "y")
    assert use.kind == "comprehension" and [b.scope.kind for b in use["y"]] == ["function"]


def test_calls_and_keras_shape_reads_in_source_order() -> None:
    text = "t._keras_shape = (1,)\nd = Dropout(0.5)(x)\nprint(t._keras_shape, f(g(1)))\n"
    converted = convert(cst.parse_module(text))
    found = analyse(converted.module)
    assert [converted.libcst_module.code_for_node(converted.libcst_of[id(c)]) for c in found.calls] == [
        "Dropout(0.5)(x)", "Dropout(0.5)", "print(t._keras_shape, f(g(1)))", "f(g(1))", "g(1)"]
    assert found.applied_by[found.calls[1]] is found.calls[0]
    assert len(found.keras_shape_reads) == 1  # the write on line 1 is not a read
    assert len(found.attributes) == 2


def test_assignment_facts_for_the_evaluator() -> None:
    text = "A, (B, C) = 1, (2, 3)\nclass M:\n    def __init__(self):\n        self.rate = 0.5\n"
    found = analyse(parse_module(text))
    paths = sorted(path for _, path in found.targets.values())
    assert paths == [(0,), (1, 0), (1, 1)]
    ((cls, attr),) = found.self_attrs
    assert attr == "rate" and cls.name.value == "M"


def test_the_walks_maps_answer_for_this_trees_nodes_only() -> None:
    # scope_of, parents and order are kept by node id (NodeMap): the same node of this tree
    # is found, an equal node of another tree is not, and iteration gives each node once, in
    # source order, the module first (it has no parent).
    text = "x = f(1)\ny = x + 1\n"
    module = parse_module(text)
    found = analyse(module)
    other = parse_module(text)
    assert found.order[module] == 0 and found.scope_of[module].kind == "module" and module not in found.parents
    assert other not in found.order and found.scope_of.get(other.body[0]) is None
    with pytest.raises(KeyError):
        found.order[other]
    listed = list(found.order)
    assert listed[0] is module and len(listed) == len({id(n) for n in listed}) == len(found.order)
    assert [found.order[n] for n in listed] == sorted(found.order[n] for n in listed)
    assert list(found.parents) == listed[1:] and all(found.parents[n] in found.order for n in listed[1:])
    assert dict(found.scope_of.items()).keys() == set(listed)
    # The quick tree shares its operator nodes (one `+` for the whole tree): listed once.
    import ast

    from noiselint.syntax.quick_tree import quick_tree
    text = "y = a + b + c\n"
    quick = analyse(quick_tree(text, ast.parse(text)).module)
    plus = [n for n in quick.nodes if type(n) is nodes.Add]
    assert len(plus) == 2 and plus[0] is plus[1] and [type(n) for n in quick.order].count(nodes.Add) == 1


@pytest.mark.parametrize("path", [None, *_sources()], ids=lambda p: "tricky" if p is None else str(p.relative_to(ROOT)))
def test_no_binding_has_a_dotted_name(path: Path | None) -> None:
    """names.resolve looks up only the first part of a dotted name: `import a.b.c` binds `a`."""
    text = TRICKY if path is None else path.read_text(encoding="utf-8")
    try:
        module = parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("not Python")
    found = analyse(module)
    scopes = {id(s): s for s in found.scope_of.values()}.values()
    names = [name for scope in scopes for name in (*scope.assignments, *scope._redirects)]
    assert names and not [name for name in names if "." in name]
