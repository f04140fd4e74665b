"""noiselint's syntax tree: libcst's node classes, with their names, bases and fields, less
the whitespace, comments and punctuation.

Written by syntax/make_nodes.py from libcst 1.9.0; do not edit by hand (tests/test_nodes.py
holds this file to what that module writes). The quick tree (syntax/quick_tree.py) builds these
from CPython's tree, and libcst's own parse is converted to them (syntax/from_libcst.py), so the
analysis reads one kind of node from either, and a file with nothing to report never imports
libcst. A field holds a tuple where libcst holds a sequence.
"""

# ruff: noqa: B008, E501, RUF023

from __future__ import annotations

from typing import Any

from noiselint.syntax.node_base import (
    CSTNode,
    MaybeSentinel,
    concatenated_value,
    literal_value,
    string_prefix,
    string_quote,
    string_raw_value,
)


class LeftParen(CSTNode):
    __slots__ = ()


class RightParen(CSTNode):
    __slots__ = ()


class BaseBinaryOp(CSTNode):
    __slots__ = ()


class Add(BaseBinaryOp):
    __slots__ = ()


class BaseAugOp(CSTNode):
    __slots__ = ()


class AddAssign(BaseAugOp):
    __slots__ = ()


class BaseBooleanOp(CSTNode):
    __slots__ = ()


class And(BaseBooleanOp):
    __slots__ = ()


class BaseSmallStatement(CSTNode):
    __slots__ = ()


class AnnAssign(BaseSmallStatement):
    __slots__ = ('target', 'annotation', 'value')
    _fields = ('target', 'annotation', 'value')
    _held = ('node', 'node', 'maybe')

    def __init__(self, target: Any, annotation: Any, value: Any = None) -> None:
        self.target = target
        self.annotation = annotation
        self.value = value


class Annotation(CSTNode):
    __slots__ = ('annotation',)
    _fields = ('annotation',)
    _held = ('node',)

    def __init__(self, annotation: Any) -> None:
        self.annotation = annotation


class Arg(CSTNode):
    __slots__ = ('value', 'keyword', 'star')
    _fields = ('value', 'keyword', 'star')
    _held = ('node', 'maybe', 'none')

    def __init__(self, value: Any, keyword: Any = None, star: Any = '') -> None:
        self.value = value
        self.keyword = keyword
        self.star = star


class AsName(CSTNode):
    __slots__ = ('name',)
    _fields = ('name',)
    _held = ('node',)

    def __init__(self, name: Any) -> None:
        self.name = name


class Assert(BaseSmallStatement):
    __slots__ = ('test', 'msg')
    _fields = ('test', 'msg')
    _held = ('node', 'maybe')

    def __init__(self, test: Any, msg: Any = None) -> None:
        self.test = test
        self.msg = msg


class Assign(BaseSmallStatement):
    __slots__ = ('targets', 'value')
    _fields = ('targets', 'value')
    _held = ('nodes', 'node')

    def __init__(self, targets: Any, value: Any) -> None:
        self.targets = targets
        self.value = value


class AssignEqual(CSTNode):
    __slots__ = ()


class AssignTarget(CSTNode):
    __slots__ = ('target',)
    _fields = ('target',)
    _held = ('node',)

    def __init__(self, target: Any) -> None:
        self.target = target


class Asynchronous(CSTNode):
    __slots__ = ()


class BaseExpression(CSTNode):
    __slots__ = ()


class BaseAssignTargetExpression(BaseExpression):
    __slots__ = ()


class BaseDelTargetExpression(BaseExpression):
    __slots__ = ()


class Attribute(BaseAssignTargetExpression, BaseDelTargetExpression):
    __slots__ = ('value', 'attr', 'lpar', 'rpar')
    _fields = ('value', 'attr', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, value: Any, attr: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.attr = attr
        self.lpar = lpar
        self.rpar = rpar


class AugAssign(BaseSmallStatement):
    __slots__ = ('target', 'operator', 'value')
    _fields = ('target', 'operator', 'value')
    _held = ('node', 'node', 'node')

    def __init__(self, target: Any, operator: Any, value: Any) -> None:
        self.target = target
        self.operator = operator
        self.value = value


class Await(BaseExpression):
    __slots__ = ('expression', 'lpar', 'rpar')
    _fields = ('expression', 'lpar', 'rpar')
    _held = ('node', 'nodes', 'nodes')

    def __init__(self, expression: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.expression = expression
        self.lpar = lpar
        self.rpar = rpar


class BaseComp(BaseExpression):
    __slots__ = ()


class BaseCompOp(CSTNode):
    __slots__ = ()


class BaseStatement(CSTNode):
    __slots__ = ()


class BaseCompoundStatement(BaseStatement):
    __slots__ = ()


class BaseDict(BaseExpression):
    __slots__ = ()


class BaseDictElement(CSTNode):
    __slots__ = ()


class BaseElement(CSTNode):
    __slots__ = ()


class BaseFormattedStringContent(CSTNode):
    __slots__ = ()


class BaseList(BaseExpression):
    __slots__ = ()


class BaseNumber(BaseExpression):
    __slots__ = ()


class BaseParenthesizableWhitespace(CSTNode):
    __slots__ = ()


class BaseSet(BaseExpression):
    __slots__ = ()


class BaseSimpleComp(BaseComp):
    __slots__ = ()


class BaseSlice(CSTNode):
    __slots__ = ()


class BaseString(BaseExpression):
    __slots__ = ()


class BaseSuite(CSTNode):
    __slots__ = ()


class BaseTemplatedStringContent(CSTNode):
    __slots__ = ()


class BaseUnaryOp(CSTNode):
    __slots__ = ()


class BinaryOperation(BaseExpression):
    __slots__ = ('left', 'operator', 'right', 'lpar', 'rpar')
    _fields = ('left', 'operator', 'right', 'lpar', 'rpar')
    _held = ('node', 'node', 'node', 'nodes', 'nodes')

    def __init__(self, left: Any, operator: Any, right: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.left = left
        self.operator = operator
        self.right = right
        self.lpar = lpar
        self.rpar = rpar


class BitAnd(BaseBinaryOp):
    __slots__ = ()


class BitAndAssign(BaseAugOp):
    __slots__ = ()


class BitInvert(BaseUnaryOp):
    __slots__ = ()


class BitOr(BaseBinaryOp):
    __slots__ = ()


class BitOrAssign(BaseAugOp):
    __slots__ = ()


class BitXor(BaseBinaryOp):
    __slots__ = ()


class BitXorAssign(BaseAugOp):
    __slots__ = ()


class BooleanOperation(BaseExpression):
    __slots__ = ('left', 'operator', 'right', 'lpar', 'rpar')
    _fields = ('left', 'operator', 'right', 'lpar', 'rpar')
    _held = ('node', 'node', 'node', 'nodes', 'nodes')

    def __init__(self, left: Any, operator: Any, right: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.left = left
        self.operator = operator
        self.right = right
        self.lpar = lpar
        self.rpar = rpar


class Break(BaseSmallStatement):
    __slots__ = ()


class Call(BaseExpression):
    __slots__ = ('func', 'args', 'lpar', 'rpar')
    _fields = ('func', 'args', 'lpar', 'rpar')
    _held = ('node', 'nodes', 'nodes', 'nodes')

    def __init__(self, func: Any, args: Any = (), lpar: Any = (), rpar: Any = ()) -> None:
        self.func = func
        self.args = args
        self.lpar = lpar
        self.rpar = rpar


class ClassDef(BaseCompoundStatement):
    __slots__ = ('name', 'body', 'bases', 'keywords', 'decorators', 'lpar', 'rpar', 'type_parameters')
    _fields = ('name', 'body', 'bases', 'keywords', 'decorators', 'lpar', 'rpar', 'type_parameters')
    _held = ('node', 'node', 'nodes', 'nodes', 'nodes', 'maybe', 'maybe', 'maybe')

    def __init__(self, name: Any, body: Any, bases: Any = (), keywords: Any = (), decorators: Any = (), lpar: Any = MaybeSentinel.DEFAULT, rpar: Any = MaybeSentinel.DEFAULT, type_parameters: Any = None) -> None:
        self.name = name
        self.body = body
        self.bases = bases
        self.keywords = keywords
        self.decorators = decorators
        self.lpar = lpar
        self.rpar = rpar
        self.type_parameters = type_parameters


class Colon(CSTNode):
    __slots__ = ()


class Comma(CSTNode):
    __slots__ = ()


class Comment(CSTNode):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('none',)

    def __init__(self, value: Any) -> None:
        self.value = value


class CompFor(CSTNode):
    __slots__ = ('target', 'iter', 'ifs', 'inner_for_in', 'asynchronous')
    _fields = ('target', 'iter', 'ifs', 'inner_for_in', 'asynchronous')
    _held = ('node', 'node', 'nodes', 'maybe', 'maybe')

    def __init__(self, target: Any, iter: Any, ifs: Any = (), inner_for_in: Any = None, asynchronous: Any = None) -> None:
        self.target = target
        self.iter = iter
        self.ifs = ifs
        self.inner_for_in = inner_for_in
        self.asynchronous = asynchronous


class CompIf(CSTNode):
    __slots__ = ('test',)
    _fields = ('test',)
    _held = ('node',)

    def __init__(self, test: Any) -> None:
        self.test = test


class Comparison(BaseExpression):
    __slots__ = ('left', 'comparisons', 'lpar', 'rpar')
    _fields = ('left', 'comparisons', 'lpar', 'rpar')
    _held = ('node', 'nodes', 'nodes', 'nodes')

    def __init__(self, left: Any, comparisons: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.left = left
        self.comparisons = comparisons
        self.lpar = lpar
        self.rpar = rpar


class ComparisonTarget(CSTNode):
    __slots__ = ('operator', 'comparator')
    _fields = ('operator', 'comparator')
    _held = ('node', 'node')

    def __init__(self, operator: Any, comparator: Any) -> None:
        self.operator = operator
        self.comparator = comparator


class ConcatenatedString(BaseString):
    __slots__ = ('left', 'right', 'lpar', 'rpar')
    _fields = ('left', 'right', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, left: Any, right: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.left = left
        self.right = right
        self.lpar = lpar
        self.rpar = rpar

    evaluated_value = concatenated_value


class Continue(BaseSmallStatement):
    __slots__ = ()


class Decorator(CSTNode):
    __slots__ = ('decorator',)
    _fields = ('decorator',)
    _held = ('node',)

    def __init__(self, decorator: Any) -> None:
        self.decorator = decorator


class Del(BaseSmallStatement):
    __slots__ = ('target',)
    _fields = ('target',)
    _held = ('node',)

    def __init__(self, target: Any) -> None:
        self.target = target


class Dict(BaseDict):
    __slots__ = ('elements', 'lpar', 'rpar')
    _fields = ('elements', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, elements: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.elements = elements
        self.lpar = lpar
        self.rpar = rpar


class DictComp(BaseDict, BaseComp):
    __slots__ = ('key', 'value', 'for_in', 'lpar', 'rpar')
    _fields = ('key', 'value', 'for_in', 'lpar', 'rpar')
    _held = ('node', 'node', 'node', 'nodes', 'nodes')

    def __init__(self, key: Any, value: Any, for_in: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.key = key
        self.value = value
        self.for_in = for_in
        self.lpar = lpar
        self.rpar = rpar


class DictElement(BaseDictElement):
    __slots__ = ('key', 'value')
    _fields = ('key', 'value')
    _held = ('node', 'node')

    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value


class Divide(BaseBinaryOp):
    __slots__ = ()


class DivideAssign(BaseAugOp):
    __slots__ = ()


class Dot(CSTNode):
    __slots__ = ()


class Element(BaseElement):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('node',)

    def __init__(self, value: Any) -> None:
        self.value = value


class Ellipsis(BaseExpression):
    __slots__ = ('lpar', 'rpar')
    _fields = ('lpar', 'rpar')
    _held = ('nodes', 'nodes')

    def __init__(self, lpar: Any = (), rpar: Any = ()) -> None:
        self.lpar = lpar
        self.rpar = rpar


class Else(CSTNode):
    __slots__ = ('body',)
    _fields = ('body',)
    _held = ('node',)

    def __init__(self, body: Any) -> None:
        self.body = body


class EmptyLine(CSTNode):
    __slots__ = ('indent',)
    _fields = ('indent',)
    _held = ('none',)

    def __init__(self, indent: Any = True) -> None:
        self.indent = indent


class Equal(BaseCompOp):
    __slots__ = ()


class ExceptHandler(CSTNode):
    __slots__ = ('body', 'type', 'name')
    _fields = ('body', 'type', 'name')
    _held = ('node', 'maybe', 'maybe')

    def __init__(self, body: Any, type: Any = None, name: Any = None) -> None:
        self.body = body
        self.type = type
        self.name = name


class ExceptStarHandler(CSTNode):
    __slots__ = ('body', 'type', 'name')
    _fields = ('body', 'type', 'name')
    _held = ('node', 'node', 'maybe')

    def __init__(self, body: Any, type: Any, name: Any = None) -> None:
        self.body = body
        self.type = type
        self.name = name


class Expr(BaseSmallStatement):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('node',)

    def __init__(self, value: Any) -> None:
        self.value = value


class Finally(CSTNode):
    __slots__ = ('body',)
    _fields = ('body',)
    _held = ('node',)

    def __init__(self, body: Any) -> None:
        self.body = body


class Float(BaseNumber):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('none', 'nodes', 'nodes')

    def __init__(self, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar

    evaluated_value = literal_value


class FloorDivide(BaseBinaryOp):
    __slots__ = ()


class FloorDivideAssign(BaseAugOp):
    __slots__ = ()


class For(BaseCompoundStatement):
    __slots__ = ('target', 'iter', 'body', 'orelse', 'asynchronous')
    _fields = ('target', 'iter', 'body', 'orelse', 'asynchronous')
    _held = ('node', 'node', 'node', 'maybe', 'maybe')

    def __init__(self, target: Any, iter: Any, body: Any, orelse: Any = None, asynchronous: Any = None) -> None:
        self.target = target
        self.iter = iter
        self.body = body
        self.orelse = orelse
        self.asynchronous = asynchronous


class FormattedString(BaseString):
    __slots__ = ('parts', 'start', 'end', 'lpar', 'rpar')
    _fields = ('parts', 'start', 'end', 'lpar', 'rpar')
    _held = ('nodes', 'none', 'none', 'nodes', 'nodes')

    def __init__(self, parts: Any, start: Any = 'f"', end: Any = '"', lpar: Any = (), rpar: Any = ()) -> None:
        self.parts = parts
        self.start = start
        self.end = end
        self.lpar = lpar
        self.rpar = rpar


class FormattedStringExpression(BaseFormattedStringContent):
    __slots__ = ('expression', 'conversion', 'format_spec', 'equal')
    _fields = ('expression', 'conversion', 'format_spec', 'equal')
    _held = ('node', 'none', 'any', 'maybe')

    def __init__(self, expression: Any, conversion: Any = None, format_spec: Any = None, equal: Any = None) -> None:
        self.expression = expression
        self.conversion = conversion
        self.format_spec = format_spec
        self.equal = equal


class FormattedStringText(BaseFormattedStringContent):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('none',)

    def __init__(self, value: Any) -> None:
        self.value = value


class From(CSTNode):
    __slots__ = ('item',)
    _fields = ('item',)
    _held = ('node',)

    def __init__(self, item: Any) -> None:
        self.item = item


class FunctionDef(BaseCompoundStatement):
    __slots__ = ('name', 'params', 'body', 'decorators', 'returns', 'asynchronous', 'type_parameters')
    _fields = ('name', 'params', 'body', 'decorators', 'returns', 'asynchronous', 'type_parameters')
    _held = ('node', 'node', 'node', 'nodes', 'maybe', 'maybe', 'maybe')

    def __init__(self, name: Any, params: Any, body: Any, decorators: Any = (), returns: Any = None, asynchronous: Any = None, type_parameters: Any = None) -> None:
        self.name = name
        self.params = params
        self.body = body
        self.decorators = decorators
        self.returns = returns
        self.asynchronous = asynchronous
        self.type_parameters = type_parameters


class GeneratorExp(BaseSimpleComp):
    __slots__ = ('elt', 'for_in', 'lpar', 'rpar')
    _fields = ('elt', 'for_in', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, elt: Any, for_in: Any, lpar: Any = (LeftParen(),), rpar: Any = (RightParen(),)) -> None:
        self.elt = elt
        self.for_in = for_in
        self.lpar = lpar
        self.rpar = rpar


class Global(BaseSmallStatement):
    __slots__ = ('names',)
    _fields = ('names',)
    _held = ('nodes',)

    def __init__(self, names: Any) -> None:
        self.names = names


class GreaterThan(BaseCompOp):
    __slots__ = ()


class GreaterThanEqual(BaseCompOp):
    __slots__ = ()


class If(BaseCompoundStatement):
    __slots__ = ('test', 'body', 'orelse')
    _fields = ('test', 'body', 'orelse')
    _held = ('node', 'node', 'maybe')

    def __init__(self, test: Any, body: Any, orelse: Any = None) -> None:
        self.test = test
        self.body = body
        self.orelse = orelse


class IfExp(BaseExpression):
    __slots__ = ('test', 'body', 'orelse', 'lpar', 'rpar')
    _fields = ('test', 'body', 'orelse', 'lpar', 'rpar')
    _held = ('node', 'node', 'node', 'nodes', 'nodes')

    def __init__(self, test: Any, body: Any, orelse: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.test = test
        self.body = body
        self.orelse = orelse
        self.lpar = lpar
        self.rpar = rpar


class Imaginary(BaseNumber):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('none', 'nodes', 'nodes')

    def __init__(self, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar

    evaluated_value = literal_value


class Import(BaseSmallStatement):
    __slots__ = ('names',)
    _fields = ('names',)
    _held = ('nodes',)

    def __init__(self, names: Any) -> None:
        self.names = names


class ImportAlias(CSTNode):
    __slots__ = ('name', 'asname')
    _fields = ('name', 'asname')
    _held = ('node', 'maybe')

    def __init__(self, name: Any, asname: Any = None) -> None:
        self.name = name
        self.asname = asname


class ImportFrom(BaseSmallStatement):
    __slots__ = ('module', 'names', 'relative', 'lpar', 'rpar')
    _fields = ('module', 'names', 'relative', 'lpar', 'rpar')
    _held = ('maybe', 'any', 'nodes', 'maybe', 'maybe')

    def __init__(self, module: Any, names: Any, relative: Any = (), lpar: Any = None, rpar: Any = None) -> None:
        self.module = module
        self.names = names
        self.relative = relative
        self.lpar = lpar
        self.rpar = rpar


class ImportStar(CSTNode):
    __slots__ = ()


class In(BaseCompOp):
    __slots__ = ()


class IndentedBlock(BaseSuite):
    __slots__ = ('body', 'indent')
    _fields = ('body', 'indent')
    _held = ('nodes', 'none')

    def __init__(self, body: Any, indent: Any = None) -> None:
        self.body = body
        self.indent = indent


class Index(BaseSlice):
    __slots__ = ('value', 'star')
    _fields = ('value', 'star')
    _held = ('node', 'any')

    def __init__(self, value: Any, star: Any = None) -> None:
        self.value = value
        self.star = star


class Integer(BaseNumber):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('none', 'nodes', 'nodes')

    def __init__(self, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar

    evaluated_value = literal_value


class Is(BaseCompOp):
    __slots__ = ()


class IsNot(BaseCompOp):
    __slots__ = ()


class Lambda(BaseExpression):
    __slots__ = ('params', 'body', 'lpar', 'rpar')
    _fields = ('params', 'body', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, params: Any, body: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.params = params
        self.body = body
        self.lpar = lpar
        self.rpar = rpar


class LazyImport(BaseSmallStatement):
    __slots__ = ('names',)
    _fields = ('names',)
    _held = ('nodes',)

    def __init__(self, names: Any) -> None:
        self.names = names


class LazyImportFrom(BaseSmallStatement):
    __slots__ = ('module', 'names', 'relative', 'lpar', 'rpar')
    _fields = ('module', 'names', 'relative', 'lpar', 'rpar')
    _held = ('maybe', 'any', 'nodes', 'maybe', 'maybe')

    def __init__(self, module: Any, names: Any, relative: Any = (), lpar: Any = None, rpar: Any = None) -> None:
        self.module = module
        self.names = names
        self.relative = relative
        self.lpar = lpar
        self.rpar = rpar


class LeftCurlyBrace(CSTNode):
    __slots__ = ()


class LeftShift(BaseBinaryOp):
    __slots__ = ()


class LeftShiftAssign(BaseAugOp):
    __slots__ = ()


class LeftSquareBracket(CSTNode):
    __slots__ = ()


class LessThan(BaseCompOp):
    __slots__ = ()


class LessThanEqual(BaseCompOp):
    __slots__ = ()


class List(BaseList, BaseAssignTargetExpression, BaseDelTargetExpression):
    __slots__ = ('elements', 'lpar', 'rpar')
    _fields = ('elements', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, elements: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.elements = elements
        self.lpar = lpar
        self.rpar = rpar


class ListComp(BaseList, BaseSimpleComp):
    __slots__ = ('elt', 'for_in', 'lpar', 'rpar')
    _fields = ('elt', 'for_in', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, elt: Any, for_in: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.elt = elt
        self.for_in = for_in
        self.lpar = lpar
        self.rpar = rpar


class Match(BaseCompoundStatement):
    __slots__ = ('subject', 'cases', 'indent')
    _fields = ('subject', 'cases', 'indent')
    _held = ('node', 'nodes', 'none')

    def __init__(self, subject: Any, cases: Any, indent: Any = None) -> None:
        self.subject = subject
        self.cases = cases
        self.indent = indent


class MatchPattern(CSTNode):
    __slots__ = ()


class MatchAs(MatchPattern):
    __slots__ = ('pattern', 'name', 'lpar', 'rpar')
    _fields = ('pattern', 'name', 'lpar', 'rpar')
    _held = ('maybe', 'maybe', 'nodes', 'nodes')

    def __init__(self, pattern: Any = None, name: Any = None, lpar: Any = (), rpar: Any = ()) -> None:
        self.pattern = pattern
        self.name = name
        self.lpar = lpar
        self.rpar = rpar


class MatchCase(CSTNode):
    __slots__ = ('pattern', 'body', 'guard')
    _fields = ('pattern', 'body', 'guard')
    _held = ('node', 'node', 'maybe')

    def __init__(self, pattern: Any, body: Any, guard: Any = None) -> None:
        self.pattern = pattern
        self.body = body
        self.guard = guard


class MatchClass(MatchPattern):
    __slots__ = ('cls', 'kwds', 'lpar', 'rpar')
    _fields = ('cls', 'kwds', 'lpar', 'rpar')
    _held = ('node', 'nodes', 'nodes', 'nodes')

    def __init__(self, cls: Any, kwds: Any = (), lpar: Any = (), rpar: Any = ()) -> None:
        self.cls = cls
        self.kwds = kwds
        self.lpar = lpar
        self.rpar = rpar


class MatchKeywordElement(CSTNode):
    __slots__ = ('key', 'pattern')
    _fields = ('key', 'pattern')
    _held = ('node', 'node')

    def __init__(self, key: Any, pattern: Any) -> None:
        self.key = key
        self.pattern = pattern


class MatchSequence(MatchPattern):
    __slots__ = ()


class MatchList(MatchSequence):
    __slots__ = ('patterns', 'lpar', 'rpar')
    _fields = ('patterns', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, patterns: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.patterns = patterns
        self.lpar = lpar
        self.rpar = rpar


class MatchMapping(MatchPattern):
    __slots__ = ('elements', 'rest', 'lpar', 'rpar')
    _fields = ('elements', 'rest', 'lpar', 'rpar')
    _held = ('nodes', 'maybe', 'nodes', 'nodes')

    def __init__(self, elements: Any = (), rest: Any = None, lpar: Any = (), rpar: Any = ()) -> None:
        self.elements = elements
        self.rest = rest
        self.lpar = lpar
        self.rpar = rpar


class MatchMappingElement(CSTNode):
    __slots__ = ('key', 'pattern')
    _fields = ('key', 'pattern')
    _held = ('node', 'node')

    def __init__(self, key: Any, pattern: Any) -> None:
        self.key = key
        self.pattern = pattern


class MatchOr(MatchPattern):
    __slots__ = ('patterns', 'lpar', 'rpar')
    _fields = ('patterns', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, patterns: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.patterns = patterns
        self.lpar = lpar
        self.rpar = rpar


class MatchOrElement(CSTNode):
    __slots__ = ('pattern', 'separator')
    _fields = ('pattern', 'separator')
    _held = ('node', 'maybe')

    def __init__(self, pattern: Any, separator: Any = MaybeSentinel.DEFAULT) -> None:
        self.pattern = pattern
        self.separator = separator


class MatchSequenceElement(CSTNode):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('node',)

    def __init__(self, value: Any) -> None:
        self.value = value


class MatchSingleton(MatchPattern):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('node',)

    def __init__(self, value: Any) -> None:
        self.value = value


class MatchStar(CSTNode):
    __slots__ = ('name',)
    _fields = ('name',)
    _held = ('maybe',)

    def __init__(self, name: Any = None) -> None:
        self.name = name


class MatchTuple(MatchSequence):
    __slots__ = ('patterns', 'lpar', 'rpar')
    _fields = ('patterns', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, patterns: Any, lpar: Any = (LeftParen(),), rpar: Any = (RightParen(),)) -> None:
        self.patterns = patterns
        self.lpar = lpar
        self.rpar = rpar


class MatchValue(MatchPattern):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('node',)

    def __init__(self, value: Any) -> None:
        self.value = value


class MatrixMultiply(BaseBinaryOp):
    __slots__ = ()


class MatrixMultiplyAssign(BaseAugOp):
    __slots__ = ()


class Minus(BaseUnaryOp):
    __slots__ = ()


class Module(CSTNode):
    __slots__ = ('body', 'encoding', 'default_indent', 'default_newline', 'has_trailing_newline')
    _fields = ('body', 'encoding', 'default_indent', 'default_newline', 'has_trailing_newline')
    _held = ('nodes', 'none', 'none', 'none', 'none')

    def __init__(self, body: Any, encoding: Any = 'utf-8', default_indent: Any = '    ', default_newline: Any = '\n', has_trailing_newline: Any = True) -> None:
        self.body = body
        self.encoding = encoding
        self.default_indent = default_indent
        self.default_newline = default_newline
        self.has_trailing_newline = has_trailing_newline


class Modulo(BaseBinaryOp):
    __slots__ = ()


class ModuloAssign(BaseAugOp):
    __slots__ = ()


class Multiply(BaseBinaryOp):
    __slots__ = ()


class MultiplyAssign(BaseAugOp):
    __slots__ = ()


class Name(BaseAssignTargetExpression, BaseDelTargetExpression):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('none', 'nodes', 'nodes')

    def __init__(self, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar


class NameItem(CSTNode):
    __slots__ = ('name',)
    _fields = ('name',)
    _held = ('node',)

    def __init__(self, name: Any) -> None:
        self.name = name


class NamedExpr(BaseExpression):
    __slots__ = ('target', 'value', 'lpar', 'rpar')
    _fields = ('target', 'value', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, target: Any, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.target = target
        self.value = value
        self.lpar = lpar
        self.rpar = rpar


class Newline(CSTNode):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('none',)

    def __init__(self, value: Any = None) -> None:
        self.value = value


class Nonlocal(BaseSmallStatement):
    __slots__ = ('names',)
    _fields = ('names',)
    _held = ('nodes',)

    def __init__(self, names: Any) -> None:
        self.names = names


class Not(BaseUnaryOp):
    __slots__ = ()


class NotEqual(BaseCompOp):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('none',)

    def __init__(self, value: Any = '!=') -> None:
        self.value = value


class NotIn(BaseCompOp):
    __slots__ = ()


class Or(BaseBooleanOp):
    __slots__ = ()


class Param(CSTNode):
    __slots__ = ('name', 'annotation', 'default', 'star')
    _fields = ('name', 'annotation', 'default', 'star')
    _held = ('node', 'maybe', 'maybe', 'none')

    def __init__(self, name: Any, annotation: Any = None, default: Any = None, star: Any = MaybeSentinel.DEFAULT) -> None:
        self.name = name
        self.annotation = annotation
        self.default = default
        self.star = star


class ParamSlash(CSTNode):
    __slots__ = ()


class ParamSpec(CSTNode):
    __slots__ = ('name',)
    _fields = ('name',)
    _held = ('node',)

    def __init__(self, name: Any) -> None:
        self.name = name


class ParamStar(CSTNode):
    __slots__ = ()


class Parameters(CSTNode):
    __slots__ = ('params', 'star_arg', 'kwonly_params', 'star_kwarg', 'posonly_params', 'posonly_ind')
    _fields = ('params', 'star_arg', 'kwonly_params', 'star_kwarg', 'posonly_params', 'posonly_ind')
    _held = ('nodes', 'maybe', 'nodes', 'maybe', 'nodes', 'maybe')

    def __init__(self, params: Any = (), star_arg: Any = MaybeSentinel.DEFAULT, kwonly_params: Any = (), star_kwarg: Any = None, posonly_params: Any = (), posonly_ind: Any = MaybeSentinel.DEFAULT) -> None:
        self.params = params
        self.star_arg = star_arg
        self.kwonly_params = kwonly_params
        self.star_kwarg = star_kwarg
        self.posonly_params = posonly_params
        self.posonly_ind = posonly_ind


class ParenthesizedWhitespace(BaseParenthesizableWhitespace):
    __slots__ = ('indent',)
    _fields = ('indent',)
    _held = ('none',)

    def __init__(self, indent: Any = False) -> None:
        self.indent = indent


class Pass(BaseSmallStatement):
    __slots__ = ()


class Plus(BaseUnaryOp):
    __slots__ = ()


class Power(BaseBinaryOp):
    __slots__ = ()


class PowerAssign(BaseAugOp):
    __slots__ = ()


class Raise(BaseSmallStatement):
    __slots__ = ('exc', 'cause')
    _fields = ('exc', 'cause')
    _held = ('maybe', 'maybe')

    def __init__(self, exc: Any = None, cause: Any = None) -> None:
        self.exc = exc
        self.cause = cause


class Return(BaseSmallStatement):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('maybe',)

    def __init__(self, value: Any = None) -> None:
        self.value = value


class RightCurlyBrace(CSTNode):
    __slots__ = ()


class RightShift(BaseBinaryOp):
    __slots__ = ()


class RightShiftAssign(BaseAugOp):
    __slots__ = ()


class RightSquareBracket(CSTNode):
    __slots__ = ()


class Semicolon(CSTNode):
    __slots__ = ()


class Set(BaseSet):
    __slots__ = ('elements', 'lpar', 'rpar')
    _fields = ('elements', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, elements: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.elements = elements
        self.lpar = lpar
        self.rpar = rpar


class SetComp(BaseSet, BaseSimpleComp):
    __slots__ = ('elt', 'for_in', 'lpar', 'rpar')
    _fields = ('elt', 'for_in', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, elt: Any, for_in: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.elt = elt
        self.for_in = for_in
        self.lpar = lpar
        self.rpar = rpar


class SimpleStatementLine(BaseStatement):
    __slots__ = ('body',)
    _fields = ('body',)
    _held = ('nodes',)

    def __init__(self, body: Any) -> None:
        self.body = body


class SimpleStatementSuite(BaseSuite):
    __slots__ = ('body',)
    _fields = ('body',)
    _held = ('nodes',)

    def __init__(self, body: Any) -> None:
        self.body = body


class SimpleString(BaseString):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('none', 'nodes', 'nodes')

    def __init__(self, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar

    prefix = string_prefix
    quote = string_quote
    raw_value = string_raw_value
    evaluated_value = literal_value


class SimpleWhitespace(BaseParenthesizableWhitespace):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('none',)

    def __init__(self, value: Any) -> None:
        self.value = value


class Slice(BaseSlice):
    __slots__ = ('lower', 'upper', 'step')
    _fields = ('lower', 'upper', 'step')
    _held = ('maybe', 'maybe', 'maybe')

    def __init__(self, lower: Any, upper: Any, step: Any = None) -> None:
        self.lower = lower
        self.upper = upper
        self.step = step


class StarredDictComp(BaseDict, BaseComp):
    __slots__ = ('value', 'for_in', 'lpar', 'rpar')
    _fields = ('value', 'for_in', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, value: Any, for_in: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.for_in = for_in
        self.lpar = lpar
        self.rpar = rpar


class StarredDictElement(BaseDictElement):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('node',)

    def __init__(self, value: Any) -> None:
        self.value = value


class StarredElement(BaseElement, BaseExpression):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('node', 'nodes', 'nodes')

    def __init__(self, value: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar


class Subscript(BaseAssignTargetExpression, BaseDelTargetExpression):
    __slots__ = ('value', 'slice', 'lpar', 'rpar')
    _fields = ('value', 'slice', 'lpar', 'rpar')
    _held = ('node', 'nodes', 'nodes', 'nodes')

    def __init__(self, value: Any, slice: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.slice = slice
        self.lpar = lpar
        self.rpar = rpar


class SubscriptElement(CSTNode):
    __slots__ = ('slice',)
    _fields = ('slice',)
    _held = ('node',)

    def __init__(self, slice: Any) -> None:
        self.slice = slice


class Subtract(BaseBinaryOp):
    __slots__ = ()


class SubtractAssign(BaseAugOp):
    __slots__ = ()


class TemplatedString(BaseString):
    __slots__ = ('parts', 'start', 'end', 'lpar', 'rpar')
    _fields = ('parts', 'start', 'end', 'lpar', 'rpar')
    _held = ('nodes', 'none', 'none', 'nodes', 'nodes')

    def __init__(self, parts: Any, start: Any = 't"', end: Any = '"', lpar: Any = (), rpar: Any = ()) -> None:
        self.parts = parts
        self.start = start
        self.end = end
        self.lpar = lpar
        self.rpar = rpar


class TemplatedStringExpression(BaseTemplatedStringContent):
    __slots__ = ('expression', 'conversion', 'format_spec')
    _fields = ('expression', 'conversion', 'format_spec')
    _held = ('node', 'none', 'any')

    def __init__(self, expression: Any, conversion: Any = None, format_spec: Any = None) -> None:
        self.expression = expression
        self.conversion = conversion
        self.format_spec = format_spec


class TemplatedStringText(BaseTemplatedStringContent):
    __slots__ = ('value',)
    _fields = ('value',)
    _held = ('none',)

    def __init__(self, value: Any) -> None:
        self.value = value


class TrailingWhitespace(CSTNode):
    __slots__ = ()


class Try(BaseCompoundStatement):
    __slots__ = ('body', 'handlers', 'orelse', 'finalbody')
    _fields = ('body', 'handlers', 'orelse', 'finalbody')
    _held = ('node', 'nodes', 'maybe', 'maybe')

    def __init__(self, body: Any, handlers: Any = (), orelse: Any = None, finalbody: Any = None) -> None:
        self.body = body
        self.handlers = handlers
        self.orelse = orelse
        self.finalbody = finalbody


class TryStar(BaseCompoundStatement):
    __slots__ = ('body', 'handlers', 'orelse', 'finalbody')
    _fields = ('body', 'handlers', 'orelse', 'finalbody')
    _held = ('node', 'nodes', 'maybe', 'maybe')

    def __init__(self, body: Any, handlers: Any, orelse: Any = None, finalbody: Any = None) -> None:
        self.body = body
        self.handlers = handlers
        self.orelse = orelse
        self.finalbody = finalbody


class Tuple(BaseAssignTargetExpression, BaseDelTargetExpression):
    __slots__ = ('elements', 'lpar', 'rpar')
    _fields = ('elements', 'lpar', 'rpar')
    _held = ('nodes', 'nodes', 'nodes')

    def __init__(self, elements: Any, lpar: Any = (LeftParen(),), rpar: Any = (RightParen(),)) -> None:
        self.elements = elements
        self.lpar = lpar
        self.rpar = rpar


class TypeAlias(BaseSmallStatement):
    __slots__ = ('name', 'value', 'type_parameters')
    _fields = ('name', 'value', 'type_parameters')
    _held = ('node', 'node', 'maybe')

    def __init__(self, name: Any, value: Any, type_parameters: Any = None) -> None:
        self.name = name
        self.value = value
        self.type_parameters = type_parameters


class TypeParam(CSTNode):
    __slots__ = ('param', 'star', 'default')
    _fields = ('param', 'star', 'default')
    _held = ('node', 'none', 'maybe')

    def __init__(self, param: Any, star: Any = '', default: Any = None) -> None:
        self.param = param
        self.star = star
        self.default = default


class TypeParameters(CSTNode):
    __slots__ = ('params',)
    _fields = ('params',)
    _held = ('nodes',)

    def __init__(self, params: Any = ()) -> None:
        self.params = params


class TypeVar(CSTNode):
    __slots__ = ('name', 'bound')
    _fields = ('name', 'bound')
    _held = ('node', 'maybe')

    def __init__(self, name: Any, bound: Any = None) -> None:
        self.name = name
        self.bound = bound


class TypeVarTuple(CSTNode):
    __slots__ = ('name',)
    _fields = ('name',)
    _held = ('node',)

    def __init__(self, name: Any) -> None:
        self.name = name


class UnaryOperation(BaseExpression):
    __slots__ = ('operator', 'expression', 'lpar', 'rpar')
    _fields = ('operator', 'expression', 'lpar', 'rpar')
    _held = ('node', 'node', 'nodes', 'nodes')

    def __init__(self, operator: Any, expression: Any, lpar: Any = (), rpar: Any = ()) -> None:
        self.operator = operator
        self.expression = expression
        self.lpar = lpar
        self.rpar = rpar


class While(BaseCompoundStatement):
    __slots__ = ('test', 'body', 'orelse')
    _fields = ('test', 'body', 'orelse')
    _held = ('node', 'node', 'maybe')

    def __init__(self, test: Any, body: Any, orelse: Any = None) -> None:
        self.test = test
        self.body = body
        self.orelse = orelse


class With(BaseCompoundStatement):
    __slots__ = ('items', 'body', 'asynchronous', 'lpar', 'rpar')
    _fields = ('items', 'body', 'asynchronous', 'lpar', 'rpar')
    _held = ('nodes', 'node', 'maybe', 'maybe', 'maybe')

    def __init__(self, items: Any, body: Any, asynchronous: Any = None, lpar: Any = MaybeSentinel.DEFAULT, rpar: Any = MaybeSentinel.DEFAULT) -> None:
        self.items = items
        self.body = body
        self.asynchronous = asynchronous
        self.lpar = lpar
        self.rpar = rpar


class WithItem(CSTNode):
    __slots__ = ('item', 'asname')
    _fields = ('item', 'asname')
    _held = ('node', 'maybe')

    def __init__(self, item: Any, asname: Any = None) -> None:
        self.item = item
        self.asname = asname


class Yield(BaseExpression):
    __slots__ = ('value', 'lpar', 'rpar')
    _fields = ('value', 'lpar', 'rpar')
    _held = ('maybe', 'nodes', 'nodes')

    def __init__(self, value: Any = None, lpar: Any = (), rpar: Any = ()) -> None:
        self.value = value
        self.lpar = lpar
        self.rpar = rpar
