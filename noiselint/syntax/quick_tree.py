"""Quick tree: a module as noiselint's nodes (syntax/nodes.py), built from CPython's tree of it.

libcst's parse of a file costs ten times CPython's: its Rust parser is fast, but it then
builds and validates a Python object for every token's whitespace, comma and parenthesis
(about 860,000 objects for keras-io's 166 examples), and importing libcst alone was 40% of a
one-file check. The pre-check (syntax/precheck.py) has CPython's tree already, so the nodes
the analysis reads are built from it here, without libcst: the same classes and fields as
libcst's parse converted (syntax/from_libcst.py; tests/test_quick_tree.py holds the two trees
equal, field by field, on every fixture and on real code).

What the tree lacks is comments and most parentheses, and its code is not the file's, so it
cannot make a fix. It is a fast path for a file with nothing to report: the engine runs the
analysis on it, and a file with any diagnostic is analysed again on libcst's own parse, so
every message, span and fix comes from the real tree (engine.py). Positions and code are
taken from CPython's tree for what the analysis itself reads (rows, a node's text in a
reason); a construct this module does not build (a `match` statement, an `except*`) gives
None, and the file goes to libcst whole.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator, Mapping
from typing import Any

from noiselint.dataclass_code import exec_kept
from noiselint.files.lines import split_lines
from noiselint.syntax import nodes as cst
from noiselint.syntax.code_range import CodePosition, CodeRange
from noiselint.syntax.fstrings import Part, formatted_parts
from noiselint.syntax.string_literals import string_literals
from noiselint.syntax.walk import child_nodes


class Unsupported(Exception):
    """A construct the quick tree does not build: the file goes to libcst."""


# Each class's constructor, made once per class (as `dataclasses` makes `__init__`), since it
# runs for every node (288,000 for keras-io's examples): keyword-only, a field not given takes
# its default (syntax/nodes.py), and a list given is held as a tuple, as libcst's parse holds
# sequences. A field the class does not have is a TypeError, which sends the file to libcst
# (`quick_tree`).
_MAKERS: dict[type, Any] = {}


def _maker(cls: type) -> Any:
    names, scope, lines = [], {}, []
    defaults = getattr(cls.__init__, "__defaults__", None) or ()  # object.__init__ for a class without fields
    required = len(cls._fields) - len(defaults)  # type: ignore[attr-defined]
    for i, name in enumerate(cls._fields):  # type: ignore[attr-defined]
        if i >= required:
            scope[f"_d{i}"] = defaults[i - required]
            names.append(f"{name}=_d{i}")
        else:
            names.append(name)
        lines.append(f"    node.{name} = _tuple({name}) if _type({name}) is _list else {name}\n")
    parameters = f"*, {', '.join(names)}" if names else ""
    name = f"make_{cls.__name__}"  # per class: profiles merge the functions of one file, line and name
    source = (f"def {name}({parameters}):\n    node = _new(_cls)\n{''.join(lines)}"
              "    return node\n")
    scope.update({"_new": object.__new__, "_cls": cls, "_type": type, "_tuple": tuple, "_list": list,
                  "__name__": __name__})
    # Our own text, made of syntax/nodes.py's field names (nothing of the linted file),
    # compiled once and kept between runs with dataclasses' methods.
    exec_kept(source, scope)
    return scope[name]


def _new(cls: type, **given: Any) -> Any:
    """`cls(**given)`, a list given held as a tuple."""
    make = _MAKERS.get(cls)
    if make is None:
        make = _MAKERS[cls] = _maker(cls)
    return make(**given)


class _Constructors:
    """`_N.Name(value=...)`: the constructor of `cst.Name`, an attribute of one object. Each
    starts as a stand-in (`_FirstCall`) that makes the constructor on its first call and puts
    it in its place: a plain instance attribute, which CPython reads in one specialized step.
    (A `__getattr__` making them on first use cost every read a lookup through the class, about
    300 instructions: 76,000 reads on 42 of keras-io's scripts.)"""


class _FirstCall:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __call__(self, **given: Any) -> Any:
        cls = getattr(cst, self._name)
        make = _MAKERS.get(cls)
        if make is None:
            make = _MAKERS[cls] = _maker(cls)
        setattr(_N, self._name, make)
        return make(**given)


# The classes this module builds through `_N` (tests/test_quick_tree.py holds it to the code).
_BUILT = ("AnnAssign", "Annotation", "Arg", "AsName", "Assert", "Assign", "AssignTarget", "Attribute",
          "AugAssign", "Await", "BinaryOperation", "BooleanOperation", "Break", "Call", "ClassDef", "CompFor",
          "CompIf", "Comparison", "ComparisonTarget", "ConcatenatedString", "Continue", "Decorator", "Del",
          "Dict", "DictComp", "DictElement", "Element", "Ellipsis", "Else", "ExceptHandler", "Expr", "Finally",
          "Float", "For", "FormattedString", "FormattedStringExpression", "FormattedStringText", "From",
          "FunctionDef", "GeneratorExp", "If", "IfExp", "Imaginary", "Import", "ImportAlias", "ImportFrom",
          "ImportStar", "IndentedBlock", "Index", "Integer", "Lambda", "List", "ListComp", "Module", "Name",
          "NameItem", "NamedExpr", "Param", "Parameters", "Pass", "Raise", "Return", "Set", "SetComp",
          "SimpleStatementLine", "SimpleStatementSuite", "SimpleString", "Slice", "StarredDictElement",
          "StarredElement", "Subscript", "SubscriptElement", "Try", "Tuple", "UnaryOperation", "While", "With",
          "WithItem", "Yield")


def _constructors() -> _Constructors:
    made = _Constructors()
    for name in _BUILT:
        setattr(made, name, _FirstCall(name))
    return made


_N = _constructors()


_BINARY = {ast.Add: cst.Add, ast.Sub: cst.Subtract, ast.Mult: cst.Multiply, ast.Div: cst.Divide,
           ast.FloorDiv: cst.FloorDivide, ast.Mod: cst.Modulo, ast.Pow: cst.Power,
           ast.LShift: cst.LeftShift, ast.RShift: cst.RightShift, ast.BitOr: cst.BitOr,
           ast.BitAnd: cst.BitAnd, ast.BitXor: cst.BitXor, ast.MatMult: cst.MatrixMultiply}
_AUGMENTED = {ast.Add: cst.AddAssign, ast.Sub: cst.SubtractAssign, ast.Mult: cst.MultiplyAssign,
              ast.Div: cst.DivideAssign, ast.FloorDiv: cst.FloorDivideAssign, ast.Mod: cst.ModuloAssign,
              ast.Pow: cst.PowerAssign, ast.LShift: cst.LeftShiftAssign, ast.RShift: cst.RightShiftAssign,
              ast.BitOr: cst.BitOrAssign, ast.BitAnd: cst.BitAndAssign, ast.BitXor: cst.BitXorAssign,
              ast.MatMult: cst.MatrixMultiplyAssign}
_UNARY = {ast.USub: cst.Minus, ast.UAdd: cst.Plus, ast.Invert: cst.BitInvert, ast.Not: cst.Not}
_COMPARE = {ast.Eq: cst.Equal, ast.NotEq: cst.NotEqual, ast.Lt: cst.LessThan, ast.LtE: cst.LessThanEqual,
            ast.Gt: cst.GreaterThan, ast.GtE: cst.GreaterThanEqual, ast.Is: cst.Is, ast.IsNot: cst.IsNot,
            ast.In: cst.In, ast.NotIn: cst.NotIn}
_BOOLEAN = {ast.And: cst.And, ast.Or: cst.Or}
# Operator nodes hold only whitespace: one of each serves the whole tree.
_OPERATORS: dict[type, cst.CSTNode] = {}


def _operator(cls: type) -> Any:
    found = _OPERATORS.get(cls)
    if found is None:
        found = _OPERATORS[cls] = _new(cls)
    return found


_PAREN = ((cst.LeftParen(),), (cst.RightParen(),))


class QuickTree:
    """The module built from CPython's tree, with where each node came from."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self._lines = split_lines(text, keepends=True)  # not at \f or \v, as `str.splitlines` would
        # id(libcst node) -> the CPython node it was built from, or the (first, last) it
        # spans: libcst nodes hash by a Python-level `__hash__`, ids do not.
        self.origins: dict[int, ast.AST | tuple[ast.AST, ast.AST]] = {}
        self.module = _N.Module(body=self._body(tree.body))

    # where nodes are ------------------------------------------------------------------------

    def _column(self, row: int, byte_col: int) -> int:
        line = self._lines[row - 1] if 0 < row <= len(self._lines) else ""
        if line.isascii():
            return byte_col
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))

    def range(self, node: cst.CSTNode) -> CodeRange | None:
        found = self.origins.get(id(node))
        if found is None:
            return None
        first, last = found if type(found) is tuple else (found, found)
        start = CodePosition(first.lineno, self._column(first.lineno, first.col_offset))  # type: ignore[attr-defined]
        end_row = last.end_lineno or last.lineno  # type: ignore[attr-defined]
        end = CodePosition(end_row, self._column(end_row, last.end_col_offset or 0))  # type: ignore[attr-defined]
        return CodeRange(start, end)

    def row(self, node: cst.CSTNode) -> int:
        found = self.origins.get(id(node))
        if found is None:
            return 0
        return (found[0] if type(found) is tuple else found).lineno  # type: ignore[attr-defined,union-attr]

    def line(self, row: int) -> str:
        """The text of line `row` (1-based), with its line break."""
        return self._lines[row - 1] if 0 < row <= len(self._lines) else ""

    def code(self, node: cst.CSTNode) -> str | None:
        where = self.range(node)
        if where is None:
            return None
        return self._slice(where.start.line, where.start.column, where.end.line, where.end.column)

    def between(self, start: CodePosition, end: CodePosition) -> str:
        """The source text from `start` to `end` (empty if `end` is not after `start`)."""
        if (end.line, end.column) <= (start.line, start.column):
            return ""
        return self._slice(start.line, start.column, end.line, end.column)

    def _slice(self, row: int, col: int, end_row: int, end_col: int) -> str:
        if row == end_row:
            return self._lines[row - 1][col:end_col]
        return "".join([self._lines[row - 1][col:], *self._lines[row:end_row - 1],
                        self._lines[end_row - 1][:end_col]])

    def _source(self, node: ast.AST) -> str:
        row, end_row = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        if row == end_row and 0 < row <= len(self._lines):  # a number or a string on one line, mostly
            line = self._lines[row - 1]
            if line.isascii():  # byte offsets are character offsets
                return line[node.col_offset:node.end_col_offset or 0]  # type: ignore[attr-defined]
        return self._slice(row, self._column(row, node.col_offset),  # type: ignore[attr-defined]
                           end_row, self._column(end_row, node.end_col_offset or 0))  # type: ignore[attr-defined]

    def _at(self, node: Any, first: ast.AST, last: ast.AST | None = None) -> Any:
        self.origins[id(node)] = first if last is None or last is first else (first, last)
        return node

    # statements -----------------------------------------------------------------------------

    def _body(self, statements: list[ast.stmt]) -> list[cst.BaseStatement]:
        out: list[cst.BaseStatement] = []
        line: list[ast.stmt] = []
        for statement in statements:
            if type(statement) in _COMPOUND_KINDS:
                if line:
                    out.append(self._line(line))
                    line = []
                out.append(self._compound(statement))
            elif line and self._same_line(line[-1], statement):
                line.append(statement)
            else:
                if line:
                    out.append(self._line(line))
                line = [statement]
        if line:
            out.append(self._line(line))
        return out

    def _same_line(self, before: ast.stmt, after: ast.stmt) -> bool:
        # Only a semicolon puts two statements on one line.
        return after.lineno == before.end_lineno

    def _line(self, statements: list[ast.stmt]) -> cst.SimpleStatementLine:
        small = self._small
        made = _N.SimpleStatementLine(body=[small(s) for s in statements])
        first, last = statements[0], statements[-1]
        self.origins[id(made)] = first if first is last else (first, last)
        return made

    def _suite(self, statements: list[ast.stmt]) -> cst.BaseSuite:
        first = statements[0]
        before = self._lines[first.lineno - 1][:self._column(first.lineno, first.col_offset)]
        if before.strip():  # `if x: y = 1`, the body on the header's line
            if any(isinstance(s, _COMPOUND) for s in statements):
                raise Unsupported("a compound statement on a header's line")
            node = _N.SimpleStatementSuite(body=[self._small(s) for s in statements])
        else:
            node = _N.IndentedBlock(body=self._body(statements))
        return self._at(node, first, statements[-1])

    def _else(self, statements: list[ast.stmt]) -> cst.Else | None:
        if not statements:
            return None
        return self._at(_N.Else(body=self._suite(statements)), statements[0], statements[-1])

    def _small(self, node: ast.stmt) -> cst.BaseSmallStatement:
        kind = type(node)
        e = self._expr
        if kind is ast.Expr:
            made = _N.Expr(value=e(node.value))  # type: ignore[attr-defined]
        elif kind is ast.Assign:
            targets = []
            origins, make = self.origins, _N.AssignTarget
            for target in node.targets:  # type: ignore[attr-defined]
                made = make(target=e(target))
                origins[id(made)] = target
                targets.append(made)
            made = _N.Assign(targets=targets, value=e(node.value))  # type: ignore[attr-defined]
        elif kind is ast.AugAssign:
            made = _N.AugAssign(target=e(node.target),  # type: ignore[attr-defined]
                        operator=_operator(_AUGMENTED[type(node.op)]), value=e(node.value))  # type: ignore[attr-defined]
        elif kind is ast.AnnAssign:
            value = node.value  # type: ignore[attr-defined]
            made = _N.AnnAssign(target=e(node.target), annotation=self._annotation(node.annotation),  # type: ignore[attr-defined]
                        value=e(value) if value is not None else None)
        elif kind is ast.Return:
            value = node.value  # type: ignore[attr-defined]
            made = _N.Return(value=e(value) if value is not None else None)
        elif kind is ast.Pass:
            made = _N.Pass()
        elif kind is ast.Break:
            made = _N.Break()
        elif kind is ast.Continue:
            made = _N.Continue()
        elif kind is ast.Delete:
            targets = node.targets  # type: ignore[attr-defined]
            target = e(targets[0]) if len(targets) == 1 else self._at(
                _N.Tuple(elements=[self._element(t) for t in targets]), targets[0], targets[-1])
            made = _N.Del(target=target)
        elif kind is ast.Raise:
            exc, cause = node.exc, node.cause  # type: ignore[attr-defined]
            made = _N.Raise(exc=e(exc) if exc is not None else None,
                        cause=self._at(_N.From(item=e(cause)), cause) if cause is not None else None)
        elif kind is ast.Assert:
            msg = node.msg  # type: ignore[attr-defined]
            made = _N.Assert(test=e(node.test), msg=e(msg) if msg is not None else None)  # type: ignore[attr-defined]
        elif kind in (ast.Global, ast.Nonlocal):
            names = [_N.NameItem(name=_N.Name(value=n)) for n in node.names]  # type: ignore[attr-defined]
            made = _new(cst.Global if kind is ast.Global else cst.Nonlocal, names=names)
        elif kind is ast.Import:
            made = _N.Import(names=[self._alias(a) for a in node.names])  # type: ignore[attr-defined]
        elif kind is ast.ImportFrom:
            module = node.module  # type: ignore[attr-defined]
            names = node.names  # type: ignore[attr-defined]
            made = _N.ImportFrom(module=self._dotted(module, node) if module else None,
                        names=_N.ImportStar() if names[0].name == "*" else [self._alias(a) for a in names],
                        relative=[_operator(cst.Dot)] * (node.level or 0))  # type: ignore[attr-defined]
        else:
            raise Unsupported(kind.__name__)
        self.origins[id(made)] = node
        return made

    def _alias(self, alias: ast.alias) -> cst.ImportAlias:
        asname = alias.asname
        return self._at(_N.ImportAlias(name=self._dotted(alias.name, alias),
                             asname=_N.AsName(name=self._at(_N.Name(value=asname), alias))
                             if asname else None), alias)

    def _dotted(self, name: str, where: ast.AST) -> cst.Name | cst.Attribute:
        parts = name.split(".")
        node: Any = self._at(_N.Name(value=parts[0]), where)
        for part in parts[1:]:
            node = self._at(_N.Attribute(value=node, attr=self._at(_N.Name(value=part), where)),
                            where)
        return node

    def _compound(self, node: ast.stmt) -> cst.BaseCompoundStatement:
        kind = type(node)
        e = self._expr
        if kind is ast.If:
            made = _N.If(test=e(node.test), body=self._suite(node.body),  # type: ignore[attr-defined]
                        orelse=self._if_else(node.orelse))  # type: ignore[attr-defined]
        elif kind in (ast.For, ast.AsyncFor):
            made = _N.For(target=e(node.target), iter=e(node.iter), body=self._suite(node.body),  # type: ignore[attr-defined]
                        orelse=self._else(node.orelse),  # type: ignore[attr-defined]
                        asynchronous=_operator(cst.Asynchronous) if kind is ast.AsyncFor else None)
        elif kind is ast.While:
            made = _N.While(test=e(node.test), body=self._suite(node.body),  # type: ignore[attr-defined]
                        orelse=self._else(node.orelse))  # type: ignore[attr-defined]
        elif kind is ast.Try:
            final = node.finalbody  # type: ignore[attr-defined]
            made = _N.Try(body=self._suite(node.body),  # type: ignore[attr-defined]
                        handlers=[self._handler(h) for h in node.handlers],  # type: ignore[attr-defined]
                        orelse=self._else(node.orelse),  # type: ignore[attr-defined]
                        finalbody=self._at(_N.Finally(body=self._suite(final)), final[0], final[-1])
                        if final else None)
        elif kind in (ast.With, ast.AsyncWith):
            items = [self._at(_N.WithItem(item=e(i.context_expr),
                                   asname=_N.AsName(name=e(i.optional_vars))
                                   if i.optional_vars is not None else None), i.context_expr)
                     for i in node.items]  # type: ignore[attr-defined]
            made = _N.With(items=items, body=self._suite(node.body),  # type: ignore[attr-defined]
                        asynchronous=_operator(cst.Asynchronous) if kind is ast.AsyncWith else None)
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            returns = node.returns  # type: ignore[attr-defined]
            made = _N.FunctionDef(name=self._at(_N.Name(value=node.name), node),  # type: ignore[attr-defined]
                        params=self._parameters(node.args), body=self._suite(node.body),  # type: ignore[attr-defined]
                        decorators=[self._at(_N.Decorator(decorator=e(d)), d)
                                    for d in node.decorator_list],  # type: ignore[attr-defined]
                        returns=self._annotation(returns) if returns is not None else None,
                        asynchronous=_operator(cst.Asynchronous) if kind is ast.AsyncFunctionDef else None)
        elif kind is ast.ClassDef:
            made = _N.ClassDef(name=self._at(_N.Name(value=node.name), node),  # type: ignore[attr-defined]
                        body=self._suite(node.body),  # type: ignore[attr-defined]
                        bases=[self._at(_N.Arg(value=e(b)), b) for b in node.bases],  # type: ignore[attr-defined]
                        keywords=[self._keyword(k) for k in node.keywords],  # type: ignore[attr-defined]
                        decorators=[self._at(_N.Decorator(decorator=e(d)), d)
                                    for d in node.decorator_list])  # type: ignore[attr-defined]
        else:
            raise Unsupported(kind.__name__)
        return self._at(made, node)

    def _if_else(self, statements: list[ast.stmt]) -> cst.If | cst.Else | None:
        if len(statements) == 1 and isinstance(statements[0], ast.If):
            first = statements[0]
            if self._lines[first.lineno - 1][self._column(first.lineno, first.col_offset):].startswith("elif"):
                return self._compound(first)  # type: ignore[return-value]
        return self._else(statements)

    def _handler(self, handler: ast.ExceptHandler) -> cst.ExceptHandler:
        kind = handler.type
        return self._at(_N.ExceptHandler(body=self._suite(handler.body),
                             type=self._expr(kind) if kind is not None else None,
                             name=_N.AsName(name=self._at(_N.Name(value=handler.name), handler))
                             if handler.name else None), handler)

    def _annotation(self, node: ast.expr) -> cst.Annotation:
        return self._at(_N.Annotation(annotation=self._expr(node)), node)

    def _parameters(self, args: ast.arguments) -> cst.Parameters:
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        made = [self._param(a, d, "") for a, d in zip(positional, defaults, strict=True)]
        posonly, plain = made[:len(args.posonlyargs)], made[len(args.posonlyargs):]
        if args.vararg is not None:
            star_arg: Any = self._param(args.vararg, None, "*")
        elif args.kwonlyargs:
            star_arg = _operator(cst.ParamStar)
        else:
            star_arg = cst.MaybeSentinel.DEFAULT
        return _N.Parameters(params=plain, posonly_params=posonly,
                    posonly_ind=_operator(cst.ParamSlash) if posonly else cst.MaybeSentinel.DEFAULT,
                    star_arg=star_arg,
                    kwonly_params=[self._param(a, d, "")
                                   for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)],
                    star_kwarg=self._param(args.kwarg, None, "**") if args.kwarg is not None else None)

    def _param(self, arg: ast.arg, default: ast.expr | None, star: str) -> cst.Param:
        annotation = arg.annotation
        return self._at(_N.Param(name=self._at(_N.Name(value=arg.arg), arg), star=star,
                             annotation=self._annotation(annotation) if annotation is not None else None,
                             default=self._expr(default) if default is not None else None),
                        arg)

    # expressions ----------------------------------------------------------------------------

    def _expr(self, node: ast.expr) -> Any:
        kind = type(node)
        if kind is ast.Name:  # a fifth of all nodes: made here, without `_name`'s call
            made = _N.Name(value=node.id)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:  # the next commonest, likewise
            attr = _N.Name(value=node.attr)  # type: ignore[attr-defined]
            self.origins[id(attr)] = node
            made = _N.Attribute(value=self._expr(node.value), attr=attr)  # type: ignore[attr-defined]
        else:
            build = _EXPRESSIONS.get(kind)
            if build is None:
                raise Unsupported(kind.__name__)
            made = build(self, node)
        self.origins[id(made)] = node
        return made

    def _name(self, node: ast.Name) -> cst.Name:
        return _N.Name(value=node.id)

    def _constant(self, node: ast.Constant) -> Any:
        value = node.value
        if value is None or value is True or value is False:
            return _N.Name(value=str(value))
        if value is Ellipsis:
            return _N.Ellipsis()
        if isinstance(value, (str, bytes)):
            return self._string(node)
        text = self._source(node)
        if not text[:1].isdigit() and text[:1] != ".":
            raise Unsupported(f"a number written `{text}`")
        if isinstance(value, int):
            return _N.Integer(value=text)
        if isinstance(value, float):
            return _N.Float(value=text)
        return _N.Imaginary(value=text)

    def _string(self, node: ast.expr) -> Any:
        text = self._source(node)
        pieces = [text] if _one_literal(text) else list(_string_tokens(text))
        made = [self._piece(p, node) for p in pieces]
        while len(made) > 1:  # libcst nests concatenations to the right
            right = made.pop()
            made[-1] = self._at(_N.ConcatenatedString(left=made[-1], right=right), node)
        return made[0]

    def _piece(self, text: str, node: ast.expr) -> Any:
        prefix = text[:len(text) - len(text.lstrip("rRbBuUfF"))]
        if "f" not in prefix.lower():
            return self._at(_N.SimpleString(value=text), node)
        made = self._formatted(text, prefix, node)
        if made is not None:
            return made
        # A form syntax/fstrings.py does not read: libcst's own parse of the literal alone
        # (imported for such a file only).
        import libcst

        from noiselint.syntax.from_libcst import convert_node

        try:
            parsed = convert_node(libcst.parse_expression(text))
        except libcst.ParserSyntaxError as exc:
            raise Unsupported("a formatted string") from exc
        for inner in _walk(parsed):
            self.origins[id(inner)] = node
        return parsed

    def _formatted(self, text: str, prefix: str, node: ast.expr) -> cst.FormattedString | None:
        """A formatted literal built from its parts (syntax/fstrings.py), each expression from
        CPython's parse of its text; None for a form read only by libcst's parser. Every node
        made here is placed at the whole string, as the nodes of libcst's parse of it were."""
        body = text[len(prefix):]
        quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
        parts = formatted_parts(body[len(quote):len(body) - len(quote)], "r" in prefix.lower())
        if parts is None:
            return None
        made: list[int] = []  # the ids of the nodes made (each kept by the tree)
        try:
            built = _N.FormattedString(parts=self._parts(parts, made), start=text[:len(prefix) + len(quote)],
                                       end=quote)
        except (Unsupported, SyntaxError, ValueError):
            return None
        origins = self.origins
        origins[id(built)] = node
        for key in made:
            origins[key] = node
        return built

    def _parts(self, parts: tuple[Part, ...], made: list[int]) -> list[cst.CSTNode]:
        out = []
        for part in parts:
            if type(part) is str:
                piece = _N.FormattedStringText(value=part)
            else:
                snippet = _Snippet(part.expression)  # type: ignore[union-attr]
                spec = part.spec  # type: ignore[union-attr]
                piece = _N.FormattedStringExpression(
                    expression=snippet.expression(), conversion=part.conversion,  # type: ignore[union-attr]
                    format_spec=self._parts(spec, made) if spec is not None else None,
                    equal=_operator(cst.AssignEqual) if part.equal else None)  # type: ignore[union-attr]
                made.extend(snippet.origins)
            made.append(id(piece))
            out.append(piece)
        return out

    def _joined(self, node: ast.JoinedStr) -> Any:
        return self._string(node)

    def _call(self, node: ast.Call) -> cst.Call:
        if not (node.keywords and node.args):  # in source order already: nothing to sort
            origins, expr, make = self.origins, self._expr, _N.Arg
            made_args = []
            for arg in node.args:
                made = make(value=expr(arg.value), star="*") if type(arg) is ast.Starred \
                    else make(value=expr(arg))  # type: ignore[attr-defined]
                origins[id(made)] = arg
                made_args.append(made)
            made_args += [self._keyword(k) for k in node.keywords]
            return _N.Call(func=expr(node.func), args=made_args)
        args: list[tuple[int, int, cst.Arg]] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                made = self._at(_N.Arg(value=self._expr(arg.value), star="*"), arg)
            else:
                made = self._at(_N.Arg(value=self._expr(arg)), arg)
            args.append((arg.lineno, arg.col_offset, made))
        for keyword in node.keywords:
            args.append((keyword.lineno, keyword.col_offset, self._keyword(keyword)))
        if node.keywords and node.args:
            args.sort(key=lambda a: (a[0], a[1]))
        return _N.Call(func=self._expr(node.func), args=[a for _, _, a in args])

    def _keyword(self, keyword: ast.keyword) -> cst.Arg:
        origins = self.origins
        if keyword.arg is None:
            made = _N.Arg(value=self._expr(keyword.value), star="**")
        else:
            name = _N.Name(value=keyword.arg)
            origins[id(name)] = keyword
            made = _N.Arg(value=self._expr(keyword.value), star="", keyword=name)
        origins[id(made)] = keyword
        return made

    def _subscript(self, node: ast.Subscript) -> cst.Subscript:
        key = node.slice
        if isinstance(key, ast.Tuple) and not self._parenthesized(key):
            elements = [self._subscript_element(k) for k in key.elts]
        else:
            elements = [self._subscript_element(key)]
        return _N.Subscript(value=self._expr(node.value), slice=elements)

    def _subscript_element(self, key: ast.expr) -> cst.SubscriptElement:
        if isinstance(key, ast.Slice):
            inner: Any = self._at(_N.Slice(lower=self._optional(key.lower), upper=self._optional(key.upper),
                                       step=self._optional(key.step)),
                                  key)
        elif isinstance(key, ast.Starred):
            raise Unsupported("a starred subscript")
        else:
            inner = self._at(_N.Index(value=self._expr(key)), key)
        return self._at(_N.SubscriptElement(slice=inner), key)

    def _optional(self, node: ast.expr | None) -> Any:
        return self._expr(node) if node is not None else None

    def _parenthesized(self, node: ast.expr) -> bool:
        """Whether CPython's range of `node` (a tuple's includes its parentheses) opens with
        a parenthesis that closes at its end."""
        text = self._source(node)
        return text[:1] == "(" and _closing(text) == len(text) - 1

    def _tuple(self, node: ast.Tuple) -> cst.Tuple:
        lpar, rpar = _PAREN if self._parenthesized(node) else ((), ())
        return _N.Tuple(elements=[self._element(e) for e in node.elts], lpar=lpar, rpar=rpar)

    def _list(self, node: ast.List) -> cst.List:
        return _N.List(elements=[self._element(e) for e in node.elts])

    def _set(self, node: ast.Set) -> cst.Set:
        return _N.Set(elements=[self._element(e) for e in node.elts])

    def _element(self, node: ast.expr) -> cst.BaseElement:
        if type(node) is ast.Starred:
            made = _N.StarredElement(value=self._expr(node.value))  # type: ignore[attr-defined]
        else:
            made = _N.Element(value=self._expr(node))
        self.origins[id(made)] = node
        return made

    def _starred(self, node: ast.Starred) -> Any:
        raise Unsupported("a starred expression outside a display")

    def _dict(self, node: ast.Dict) -> cst.Dict:
        elements = []
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                elements.append(self._at(_N.StarredDictElement(value=self._expr(value)), value))
            else:
                elements.append(self._at(_N.DictElement(key=self._expr(key), value=self._expr(value)),
                                         key, value))
        return _N.Dict(elements=elements)

    def _binop(self, node: ast.BinOp) -> cst.BinaryOperation:
        return _N.BinaryOperation(left=self._expr(node.left), operator=_operator(_BINARY[type(node.op)]),
                    right=self._expr(node.right))

    def _unaryop(self, node: ast.UnaryOp) -> cst.UnaryOperation:
        return _N.UnaryOperation(operator=_operator(_UNARY[type(node.op)]),
                    expression=self._expr(node.operand))

    def _boolop(self, node: ast.BoolOp) -> cst.BooleanOperation:
        operator = _operator(_BOOLEAN[type(node.op)])
        values = node.values
        made = _N.BooleanOperation(left=self._expr(values[0]), operator=operator,
                    right=self._expr(values[1]))
        for i in range(2, len(values)):  # libcst nests a chain to the left
            made = _N.BooleanOperation(left=self._at(made, values[0], values[i - 1]), operator=operator,
                        right=self._expr(values[i]))
        return made

    def _compare(self, node: ast.Compare) -> cst.Comparison:
        targets = [self._at(_N.ComparisonTarget(operator=_operator(_COMPARE[type(op)]),
                                 comparator=self._expr(right)), right)
                   for op, right in zip(node.ops, node.comparators, strict=True)]
        return _N.Comparison(left=self._expr(node.left), comparisons=targets)

    def _ifexp(self, node: ast.IfExp) -> cst.IfExp:
        return _N.IfExp(test=self._expr(node.test), body=self._expr(node.body), orelse=self._expr(node.orelse))

    def _lambda(self, node: ast.Lambda) -> cst.Lambda:
        return _N.Lambda(params=self._parameters(node.args), body=self._expr(node.body))

    def _namedexpr(self, node: ast.NamedExpr) -> cst.NamedExpr:
        return _N.NamedExpr(target=self._expr(node.target), value=self._expr(node.value))

    def _await(self, node: ast.Await) -> cst.Await:
        return _N.Await(expression=self._expr(node.value))

    def _yield(self, node: ast.Yield) -> cst.Yield:
        return _N.Yield(value=self._optional(node.value))

    def _yield_from(self, node: ast.YieldFrom) -> cst.Yield:
        return _N.Yield(value=self._at(_N.From(item=self._expr(node.value)), node.value))

    def _comprehension(self, generators: list[ast.comprehension]) -> cst.CompFor:
        inner = None
        for generator in reversed(generators):
            ifs = [self._at(_N.CompIf(test=self._expr(test)), test) for test in generator.ifs]
            inner = self._at(_N.CompFor(target=self._expr(generator.target), iter=self._expr(generator.iter),
                                  ifs=ifs, inner_for_in=inner,
                                  asynchronous=_operator(cst.Asynchronous) if generator.is_async else None),
                             generator.target, generator.ifs[-1] if generator.ifs else generator.iter)
        return inner  # type: ignore[return-value]

    def _listcomp(self, node: ast.ListComp) -> cst.ListComp:
        return _N.ListComp(elt=self._expr(node.elt), for_in=self._comprehension(node.generators))

    def _setcomp(self, node: ast.SetComp) -> cst.SetComp:
        return _N.SetComp(elt=self._expr(node.elt), for_in=self._comprehension(node.generators))

    def _genexp(self, node: ast.GeneratorExp) -> cst.GeneratorExp:
        return _N.GeneratorExp(elt=self._expr(node.elt), for_in=self._comprehension(node.generators))

    def _dictcomp(self, node: ast.DictComp) -> cst.DictComp:
        return _N.DictComp(key=self._expr(node.key), value=self._expr(node.value),
                    for_in=self._comprehension(node.generators))


class _Snippet(QuickTree):
    """The tree of one expression of a formatted literal, built from CPython's parse of its
    text alone (positions are the snippet's own: those CPython gives the expressions inside
    a formatted literal are not always right before Python 3.12)."""

    def __init__(self, text: str) -> None:  # not QuickTree's: no module is built
        self.text = text
        self._lines = [text]
        self.origins = {}

    def expression(self) -> Any:
        return self._expr(ast.parse(self.text, mode="eval").body)


_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef, ast.Match, getattr(ast, "TryStar", ast.Match))
_COMPOUND_KINDS = frozenset(_COMPOUND)  # CPython's parse makes these classes exactly
_EXPRESSIONS: dict[type, Any] = {
    ast.Name: QuickTree._name, ast.Constant: QuickTree._constant, ast.JoinedStr: QuickTree._joined,
    ast.Call: QuickTree._call, ast.Subscript: QuickTree._subscript,
    ast.Tuple: QuickTree._tuple, ast.List: QuickTree._list, ast.Set: QuickTree._set, ast.Dict: QuickTree._dict,
    ast.Starred: QuickTree._starred, ast.BinOp: QuickTree._binop, ast.UnaryOp: QuickTree._unaryop,
    ast.BoolOp: QuickTree._boolop, ast.Compare: QuickTree._compare, ast.IfExp: QuickTree._ifexp,
    ast.Lambda: QuickTree._lambda, ast.NamedExpr: QuickTree._namedexpr, ast.Await: QuickTree._await,
    ast.Yield: QuickTree._yield, ast.YieldFrom: QuickTree._yield_from, ast.ListComp: QuickTree._listcomp,
    ast.SetComp: QuickTree._setcomp, ast.GeneratorExp: QuickTree._genexp, ast.DictComp: QuickTree._dictcomp,
}


def _one_literal(text: str) -> bool:
    """Whether `text` (a string's source) is one literal, not an implicit concatenation:
    true when its closing quotes are the first ones after the opening ones (a docstring's
    own quotes and apostrophes aside: tokenizing a long one costs milliseconds). A triple
    quote's first closing one must be its last three characters: six quotes and then two
    more are an empty triple-quoted literal and an empty one."""
    body = text.lstrip("rRbBuUfF")
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    if quote not in ('"', "'", '"""', "'''") or not body.endswith(quote) or len(body) < 2 * len(quote):
        return False
    return body.find(quote, len(quote)) == len(body) - len(quote)


def _string_tokens(text: str) -> Iterator[str]:
    literals = string_literals(text)
    if literals is not None:
        yield from literals
        return
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING:
                yield token.string
            elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENDMARKER,
                                    tokenize.INDENT, tokenize.DEDENT) and token.string not in "()":
                raise Unsupported(f"a string written `{text[:40]}`")
    except (tokenize.TokenError, SyntaxError) as exc:
        raise Unsupported("a string tokenize cannot read") from exc


def _closing(text: str) -> int:
    """The index of the bracket that closes text[0]; -1 if none."""
    depth = 0
    for i, char in _code_chars(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _code_chars(text: str) -> Iterator[tuple[int, str]]:
    """Each character of `text` with its index, past strings and comments."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif char in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote) - 1
        else:
            yield i, char
        i += 1


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child_nodes(current))


def quick_tree(text: str, tree: ast.Module) -> QuickTree | None:
    """libcst's tree of `text` built from CPython's `tree`; None for a construct not built here."""
    try:
        return QuickTree(text, tree)
    except (Unsupported, RecursionError):
        return None
    except Exception:  # a bug here costs the file libcst's parse, never a finding
        return None


class QuickRanges(Mapping[cst.CSTNode, CodeRange]):
    """`ParsedModule.positions` of a quick tree: the range of each node built from a
    CPython node, worked out when asked."""

    def __init__(self, tree: QuickTree) -> None:
        self._tree = tree

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        found = self._tree.range(node)
        if found is None:
            raise KeyError(node)
        return found

    def get(self, node: cst.CSTNode, default: Any = None) -> Any:  # type: ignore[override]
        found = self._tree.range(node)
        return default if found is None else found

    def __contains__(self, node: object) -> bool:
        return id(node) in self._tree.origins

    def __iter__(self) -> Iterator[cst.CSTNode]:
        raise TypeError("the ranges of a quick tree are asked node by node")

    def __len__(self) -> int:
        return len(self._tree.origins)
