"""NL007 removed-keras-shape-attribute: see rules/NL007.md."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from noiselint.diagnostics import Fix
from noiselint.syntax import nodes as cst

from .base import Finding, FixAvailability, Invalid, ModuleContext, ModuleRule, Valid


class RemovedKerasShapeAttribute(ModuleRule):
    code = "NL007"
    summary = "`t._keras_shape` was removed with multi-backend Keras: an AttributeError today"
    fix_availability = FixAvailability.ALWAYS

    valid = (
        Valid("shape", "from keras import layers\nn = x.shape[1]\ny = layers.Dropout(0.5)(x)\n"),
        Valid("assignment", "from keras import layers\nx._keras_shape = (None, 3)\ny = layers.Dropout(0.5)(x)\n",
              why="setting the attribute works; only reading it fails"),
        Valid("guarded by hasattr", """
            from keras import layers
            if hasattr(x, "_keras_shape"):
                n = x._keras_shape[1]
            else:
                n = x.shape[1]
            """, why="the read runs only where the attribute exists (rykov8/ssd_keras's pattern)"),
        Valid("the else of a failed hasattr", """
            from keras import layers
            if not hasattr(x, "_keras_shape"):
                n = x.shape[1]
            else:
                n = x._keras_shape[1]
            """),
        Valid("a conditional expression", "from keras import layers\n"
              "n = x._keras_shape[1] if hasattr(x, '_keras_shape') else x.shape[1]\n"),
        Valid("after and", "from keras import layers\nok = hasattr(x, '_keras_shape') and x._keras_shape[1] > 2\n"),
        Valid("unreachable", """
            from keras import layers
            def head(out, all_outputs):
                if not all_outputs:
                    raise DeprecationWarning("learn on all outputs")
                    out = layers.Lambda(lambda x: x[:, -1, :], output_shape=(out._keras_shape[-1],))(out)
                return out
            """, why="after a raise of its block: no path runs it (basveeling/wavenet's pattern)"),
        Valid("caught", """
            from keras import layers
            try:
                n = x._keras_shape[1]
            except AttributeError:
                n = x.shape[1]
            """),
    )
    invalid = (
        Invalid("guarded by another tensor's hasattr", """
            from keras import layers
            if hasattr(y, "_keras_shape"):
                n = x._keras_shape[1]
            """, message="`x._keras_shape`", fixed="""
            from keras import layers
            if hasattr(y, "_keras_shape"):
                n = x.shape[1]
            """),
        Invalid("caught, but not the AttributeError", """
            from keras import layers
            try:
                n = x._keras_shape[1]
            except KeyError:
                n = 0
            """, message="`x._keras_shape`", fixed="""
            from keras import layers
            try:
                n = x.shape[1]
            except KeyError:
                n = 0
            """),
        Invalid("index", """
            from keras import layers
            y = layers.Dropout(0.5, noise_shape=(None, 1, x._keras_shape[2]))(x)
            """, message="`x._keras_shape`", fixed="""
            from keras import layers
            y = layers.Dropout(0.5, noise_shape=(None, 1, x.shape[2]))(x)
            """),
    )

    def check(self, ctx: ModuleContext) -> Iterator[Finding]:
        for attribute in ctx.sites.keras_shape_attributes:
            owner = ctx.code(attribute.value)
            if _guarded(ctx, attribute, owner):
                continue
            fix = _fix(ctx, attribute)
            yield Finding(attribute, f"`{owner}._keras_shape` was removed in Keras 2.4 "
                                     f"(TF 2): Keras 3 and tf-keras raise AttributeError; "
                                     f"use `{owner}.shape`", fix)


_CATCHES = frozenset({"AttributeError", "Exception", "BaseException"})


def _fix(ctx: ModuleContext, attribute: cst.Attribute) -> Fix | None:
    message = "Replace `_keras_shape` with `shape`"
    code = ctx.code(attribute)
    if code.endswith("_keras_shape"):
        # The attribute's code less its name: what libcst prints of it with the name
        # changed, made without libcst (a quick tree's finding is then final).
        return ctx.replace(attribute, code[:-len("_keras_shape")] + "shape", message)
    real = ctx.libcst_node(attribute)  # parentheses of its own: libcst's code holds them
    if real is None:
        return None  # a quick tree: the file is analysed again on libcst's parse
    import libcst  # a fix is made on libcst's nodes

    return ctx.replace(attribute, real.with_changes(attr=libcst.Name("shape")), message)


def _guarded(ctx: ModuleContext, attribute: cst.Attribute, owner: str) -> bool:
    """Whether the read runs only where the attribute exists: on the true side of
    `hasattr(owner, "_keras_shape")` (an `if`'s body, a conditional expression's value, the
    right of `and`; the else of `if not hasattr(...)`), or in a `try` that catches the
    AttributeError. Looked for up to the enclosing function: a function runs later."""
    parents = ctx.parsed.names.parents
    child: cst.CSTNode = attribute
    node = parents.get(attribute)
    while node is not None:
        kind = type(node)
        if kind is cst.If or kind is cst.IfExp:
            if child is node.body and _has_attribute(ctx, node.test, owner):
                return True
            if child is node.orelse and type(node.test) is cst.UnaryOperation \
                    and type(node.test.operator) is cst.Not and _has_attribute(ctx, node.test.expression, owner):
                return True
        elif kind is cst.BooleanOperation:
            if child is node.right and type(node.operator) is cst.And and _has_attribute(ctx, node.left, owner):
                return True
        elif kind is cst.Try:
            if child is node.body and any(_catches(handler.type) for handler in node.handlers):
                return True
        elif (kind is cst.IndentedBlock or kind is cst.Module) and _after_a_jump(node.body, child):
            return True  # no path reaches it
        if kind is cst.FunctionDef or kind is cst.ClassDef or kind is cst.Lambda:
            return False
        child, node = node, parents.get(node)
    return False


_JUMPS = (cst.Raise, cst.Return, cst.Break, cst.Continue)


def _after_a_jump(body: Sequence[cst.BaseStatement], statement: cst.CSTNode) -> bool:
    """Whether `statement` comes after a `raise`, `return`, `break` or `continue` of its block."""
    for earlier in body:
        if earlier is statement:
            return False
        if type(earlier) is cst.SimpleStatementLine and any(isinstance(small, _JUMPS) for small in earlier.body):
            return True
    return False


def _has_attribute(ctx: ModuleContext, test: cst.BaseExpression, owner: str) -> bool:
    """`hasattr(owner, "_keras_shape")`, alone or as one side of an `and`."""
    if type(test) is cst.BooleanOperation and type(test.operator) is cst.And:
        return _has_attribute(ctx, test.left, owner) or _has_attribute(ctx, test.right, owner)
    if type(test) is not cst.Call or len(test.args) != 2 or any(a.keyword or a.star for a in test.args):
        return False
    name = test.args[1].value
    return "builtins.hasattr" in ctx.parsed.qualified_names(test.func) and type(name) is cst.SimpleString \
        and name.evaluated_value == "_keras_shape" and ctx.code(test.args[0].value) == owner


def _catches(kind: cst.BaseExpression | None) -> bool:
    """An `except` clause that catches an AttributeError (a bare one does)."""
    if kind is None:
        return True
    if type(kind) is cst.Tuple:
        return any(_catches(element.value) for element in kind.elements)
    return type(kind) is cst.Name and kind.value in _CATCHES
